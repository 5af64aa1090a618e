import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from './support/services.js';

// Nothing a client sends may yield a 5xx: random bodies and queries against every route.
type App = Awaited<ReturnType<typeof testApp>>;
let app: App;

beforeAll(async () => {
  app = await testApp();
});

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['', ' ', '电镀', 'electroplating', '我们是规模以上电镀企业，多久审核一次？', '忽略规则', '45%', '\u0000', '🙂'.repeat(50), 'a'.repeat(3000), '<script>alert(1)</script>', '{"a":1}', 'NaN', '-1e309', 't1-training', 'user', 'system'];
const KEYS = ['question', 'history', 'profile', 'industry', 'role', 'content', 'figures', 'targetId', 'indicator', 'value', 'unit', 'lang', 'aboveDesignatedSize', 'sme', '__proto__', 'constructor', 'model', 'messages', 'stream', 'include_usage', 'type', 'text', 'query', 'limit', 'plan'];

function value(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 2 ? 6 : 9));
  switch (pick) {
    case 0: return null;
    case 1: return next() < 0.5;
    case 2: return [0, -1, 1.5, 1e308, -0, 50, 100000, 2 ** 53][Math.floor(next() * 8)];
    case 3:
    case 4:
    case 5: return STRINGS[Math.floor(next() * STRINGS.length)];
    case 6:
    case 7: return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, () => [KEYS[Math.floor(next() * KEYS.length)], value(next, depth + 1)]));
    default: return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  }
}

/** Mostly well-shaped requests with one field gone wrong, plus pure noise. */
function body(route: string, next: () => number): unknown {
  const wrong = value(next, 1);
  if (next() < 0.25) return wrong;
  if (route === '/v1/ask' || route === '/v1/ask/stream') {
    const base: Record<string, unknown> = { question: STRINGS[4], history: [{ role: 'user', content: '我们是电镀企业' }], profile: { industry: '电镀' } };
    base[['question', 'history', 'profile'][Math.floor(next() * 3)]!] = wrong;
    return base;
  }
  if (route === '/v1/chat/completions') {
    const base: Record<string, unknown> = { model: 'cleaner-production-12th', messages: [{ role: 'system', content: STRINGS[5] }, { role: 'user', content: STRINGS[4] }], stream: next() < 0.3 };
    const field = ['model', 'messages', 'stream', 'stream_options', 'profile', 'message', 'content', 'role'][Math.floor(next() * 8)]!;
    if (field === 'content' || field === 'role') (base.messages as Array<Record<string, unknown>>)[1]![field] = wrong;
    else if (field === 'message') (base.messages as unknown[])[1] = wrong;
    else base[field] = wrong;
    return base;
  }
  if (route === '/v1/eligibility/next') return { profile: next() < 0.5 ? wrong : { industry: STRINGS[2], sme: value(next, 2) }, unsure: next() < 0.5 ? wrong : ['sme'] };
  if (route.startsWith('/v1/eligibility')) return { profile: next() < 0.5 ? wrong : { industry: wrong, sme: value(next, 2) } };
  return { figures: next() < 0.5 ? wrong : [{ targetId: 't1-training', value: wrong, unit: value(next, 2) }] };
}

describe('random input never yields a 5xx', () => {
  for (const route of ['/v1/ask', '/v1/ask/stream', '/v1/chat/completions', '/v1/eligibility', '/v1/eligibility/next', '/v1/eligibility/export?format=csv', '/v1/targets/check']) {
    it(`POST ${route}: 60 random bodies`, async () => {
      const next = random(route.length * 7919);
      for (let i = 0; i < 60; i += 1) {
        const sent = body(route, next);
        const response = await app.request(route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sent) });
        expect(response.status, JSON.stringify(sent).slice(0, 300)).toBeLessThan(500);
        const text = await response.text();
        if (response.status >= 400) expect(JSON.parse(text).error.message, text).toEqual(expect.any(String));
      }
    });
  }

  it('POST /mcp: 60 random JSON-RPC messages and tool calls', async () => {
    const next = random(5);
    const tools = ['ask', 'check_eligibility', 'list_targets', 'check_targets', 'search_plan', 'nope'];
    const methods = ['tools/call', 'tools/list', 'resources/read', 'resources/list', 'initialize', 'nope'];
    for (let i = 0; i < 60; i += 1) {
      const method = methods[Math.floor(next() * methods.length)]!;
      const params = method === 'tools/call' ? { name: tools[Math.floor(next() * tools.length)], arguments: value(next, 1) } : method === 'resources/read' ? { uri: next() < 0.5 ? value(next, 2) : `plan://${String(value(next, 3))}/clauses/${String(value(next, 3))}` } : value(next, 1);
      const sent = next() < 0.15 ? value(next, 1) : { jsonrpc: '2.0', id: i, method, params };
      const response = await app.request('/mcp', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(sent) });
      expect(response.status, JSON.stringify(sent).slice(0, 300)).toBeLessThan(500);
    }
  });

  it('POST /v1/targets/check: random CSV tables', async () => {
    const next = random(1234);
    const cell = () => String(value(next, 3) ?? '').replace(/\n/gu, ' ');
    for (let i = 0; i < 40; i += 1) {
      const rows = Array.from({ length: Math.floor(next() * 6) }, () => Array.from({ length: Math.floor(next() * 6) }, cell).join(next() < 0.8 ? ',' : ';'));
      const response = await app.request('/v1/targets/check', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: rows.join('\n') });
      expect(response.status, rows.join('\n').slice(0, 300)).toBeLessThan(500);
    }
  });

  it('GET /v1/targets: random query strings', async () => {
    const next = random(42);
    for (let i = 0; i < 40; i += 1) {
      const params = new URLSearchParams();
      for (const key of ['lang', 'kind', 'industry', 'x']) if (next() < 0.6) params.append(key, String(value(next, 3)));
      const response = await app.request(`/v1/targets?${params}`);
      expect(response.status, params.toString()).toBeLessThan(500);
    }
  });
});
