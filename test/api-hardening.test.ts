import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { HISTORY_BUDGET_CHARS } from '../src/answer/limits.js';
import { createApp } from '../src/api/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/observability/logger.js';
import { createServices } from '../src/services.js';
import { byResponseFormat, fixed, startFakeOpenAI } from './support/fake-openai.js';
import { postJson, TEST_ENV, testApp, testServices } from './support/services.js';

/** An answer's size is bounded by the plan, not by what the client sends: the largest answer to the 460 eval questions is 26 KB. */
const ANSWER_BUDGET_BYTES = 32 * 1024;
const QUESTION = { question: '2015年汞使用量削减目标是多少？' };
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

describe('methods', () => {
  it.each([
    ['GET', '/v1/ask', 'POST'],
    ['PUT', '/v1/ask/stream', 'POST'],
    ['DELETE', '/v1/targets', 'GET, HEAD'],
    ['POST', '/v1/plans', 'GET, HEAD'],
    ['PATCH', '/v1/plans/cleaner-production-12th', 'GET, HEAD'],
    ['POST', '/healthz', 'GET, HEAD'],
  ])('answers %s %s with 405, Allow and the error shape naming the method', async (method, path, allow) => {
    const app = await testApp();
    const response = await app.request(path, { method, ...(method === 'GET' || method === 'HEAD' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }) });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(await response.json()).toMatchObject({ error: { code: 'method_not_allowed', field: 'method' } });
  });

  it('still answers 404 for paths that do not exist, and for unknown plans', async () => {
    const app = await testApp();
    expect((await app.request('/v1/nothing', { method: 'DELETE' })).status).toBe(404);
    const unknown = await app.request('/v1/plans/no-such-plan');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_plan', field: 'plan' } });
  });
});

describe('every response', () => {
  it('carries a request id (the client’s if it is sane, a new one otherwise) and security headers', async () => {
    const app = await testApp({ rateLimitPerMinute: 1, allowedOrigins: ['https://assoc.example'] });
    const responses = [
      await app.request('/healthz'),
      await app.request('/v1/ask', postJson(QUESTION), from('10.9.0.1')),
      await app.request('/v1/ask', postJson(QUESTION), from('10.9.0.1')), // 429
      await app.request('/v1/ask', postJson({ question: '' })), // 400
      await app.request('/v1/nothing'), // 404
      await app.request('/v1/ask', { method: 'GET' }), // 405
      await app.request('/v1/targets', { headers: { origin: 'https://evil.example' } }), // 403
      await app.request('/v1/ask', { method: 'OPTIONS', headers: { origin: 'https://assoc.example', 'access-control-request-method': 'POST' } }), // 204
    ];
    expect(responses.map((response) => response.status)).toEqual([200, 200, 429, 400, 404, 405, 403, 204]);
    const ids = responses.map((response) => response.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/u);
    expect(new Set(ids).size).toBe(ids.length);
    for (const response of responses.slice(0, 7)) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    }
    const echoed = await app.request('/healthz', { headers: { 'x-request-id': 'trace-42_a=b' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-42_a=b');
    const refused = await app.request('/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/u);
  });

  it('lets other sites load the widget, and keeps the page’s own policies', async () => {
    const app = await testApp();
    const widget = await app.request('/widget.js');
    expect(widget.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const page = await app.request('/');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/u);
  });

  it('names the field at fault on every error, the rate limit’s included', async () => {
    const app = await testApp({ rateLimitPerMinute: 1 });
    await app.request('/v1/ask', postJson(QUESTION), from('10.9.0.2'));
    const errors = [
      await app.request('/v1/ask', postJson({ question: '' }), from('10.9.0.4')),
      await app.request('/v1/ask', postJson('{not json'), from('10.9.0.5')),
      await app.request('/v1/ask', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }, from('10.9.0.6')),
      await app.request('/v1/nothing'),
      await app.request('/v1/ask', { method: 'GET' }),
      await app.request('/v1/ask', postJson(QUESTION), from('10.9.0.2')),
    ];
    const fields = [];
    for (const response of errors) fields.push(((await response.json()) as { error: { field: string } }).error.field);
    expect(fields).toEqual(['question', 'body', 'content-type', 'path', 'method', 'client']);
  });
});

describe('budgets', () => {
  it('reads only the newest history within its budget: 40 KB of repeated figures stay a small answer', async () => {
    const app = await testApp();
    // Three user turns of 8,000 characters repeating one figure (about 40 KB of JSON), then "does that meet the target?".
    const turn = '培训比例45% '.repeat(1000).slice(0, 8000);
    const history = [1, 2, 3].flatMap(() => [
      { role: 'user', content: turn },
      { role: 'assistant', content: '好的。' },
    ]);
    const body = JSON.stringify({ question: '这达到目标了吗？', history });
    expect(Buffer.byteLength(body)).toBeGreaterThan(40_000);
    const response = await app.request('/v1/ask', postJson(body));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(Buffer.byteLength(text)).toBeLessThan(ANSWER_BUDGET_BYTES);
    const answer = JSON.parse(text) as { status: string; facts: Array<{ id: string; kind: string }> };
    const ids = answer.facts.map((fact) => fact.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The figure is still checked, once per target: the same answer as for a history that says it once.
    const once = (await (await app.request('/v1/ask', postJson({ question: '这达到目标了吗？', history: [{ role: 'user', content: '培训比例45%' }] }))).json()) as typeof answer;
    const byId = (facts: typeof answer.facts) => [...facts].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(answer.facts)).toEqual(byId(once.facts));
    expect(answer.facts.some((fact) => fact.kind === 'check')).toBe(true);
    expect(HISTORY_BUDGET_CHARS).toBeLessThan(3 * turn.length);
  });

  it('checks each target once when a question repeats a figure', async () => {
    const app = await testApp();
    const response = await app.request('/v1/ask', postJson({ question: `我们省规模以上企业负责人培训比例${'45%，'.repeat(300)}达到目标了吗？` }));
    const answer = (await response.json()) as { facts: Array<{ id: string }> };
    const ids = answer.facts.map((fact) => fact.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('bounds the figures of one target check, naming the field', async () => {
    const app = await testApp();
    const tooMany = await app.request('/v1/targets/check', postJson({ figures: Array.from({ length: 21 }, () => ({ targetId: 't1-training', value: 45 })) }));
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ error: { code: 'invalid_request', field: 'figures' } });
    // An indicator several targets share multiplies the checks: bounded too.
    const fanOut = await app.request('/v1/targets/check', postJson({ figures: Array.from({ length: 20 }, (_, index) => ({ indicator: 'demonstration-enterprises', value: index })) }));
    expect(fanOut.status).toBe(400);
    expect(await fanOut.json()).toMatchObject({ error: { code: 'too_many_checks', field: 'figures' } });
    const allowed = await app.request('/v1/targets/check', postJson({ figures: Array.from({ length: 20 }, (_, index) => ({ targetId: 't1-training', value: 40 + index })) }));
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as { results: unknown[] }).results).toHaveLength(20);
  });
});

describe('the operator’s view', () => {
  it('serves /metrics in the Prometheus text format, with requests, latencies, answers and the index', async () => {
    const app = await testApp({ rateLimitPerMinute: 1 });
    await app.request('/v1/ask', postJson(QUESTION), from('10.9.0.3'));
    await app.request('/v1/ask', postJson(QUESTION), from('10.9.0.3'));
    await app.request('/v1/plans/cleaner-production-12th');
    const response = await app.request('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/u);
    const text = await response.text();

    // Every line is a comment or a sample of the exposition format.
    const sample = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (?:[-+]?(?:\d+(?:\.\d+)?(?:e[-+]?\d+)?|Inf|NaN))$/u;
    for (const line of text.split('\n').filter(Boolean)) expect(line.startsWith('# HELP ') || line.startsWith('# TYPE ') || sample.test(line), line).toBe(true);

    const families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
    expect(families.get('http_requests_total')?.type).toBe('COUNTER');
    expect(families.get('http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    for (const name of ['answers_total', 'llm_calls_total', 'llm_fallbacks_total', 'verifier_rejections_total', 'index_builds_total', 'rate_limited_total']) {
      expect(families.get(name)?.type, name).toBe('COUNTER');
    }
    expect(families.get('index_degraded')?.type).toBe('GAUGE');
    const requests = families.get('http_requests_total')!.metrics.map((metric) => metric.labels);
    expect(requests).toContainEqual({ method: 'POST', route: '/v1/ask', status: '200' });
    expect(requests).toContainEqual({ method: 'POST', route: '/v1/ask', status: '429' });
    // Routes by pattern, not by path: bounded label values.
    expect(requests).toContainEqual({ method: 'GET', route: '/v1/plans/:plan', status: '200' });
    expect(families.get('rate_limited_total')!.metrics).toContainEqual({ value: expect.any(String), labels: { allowance: 'ask' } });
  });

  it('writes one JSON log line per request with its id, route, status, latency and the answer’s mode', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({ destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
    const app = createApp(await testServices(), { logger });
    await app.request('/v1/ask', postJson(QUESTION, { 'x-request-id': 'req-1' }));
    await app.request('/v1/nothing', { headers: { 'x-request-id': 'req-2' } });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ msg: 'request', reqId: 'req-1', method: 'POST', route: '/v1/ask', status: 200, mode: 'offline', answerStatus: 'answered', plan: 'cleaner-production-12th' });
    expect(lines[0]!.latencyMs).toEqual(expect.any(Number));
    expect(lines[0]!.time).toEqual(expect.any(String));
    expect(lines[1]).toMatchObject({ msg: 'request', reqId: 'req-2', route: 'unmatched', status: 404 });
  });

  it('counts LLM calls by outcome, and the fallbacks and verifier rejections by reason', async () => {
    // A model that cannot read questions (no JSON) and writes a number the plan does not have, twice.
    const fake = await startFakeOpenAI(byResponseFormat({ json: fixed('not json'), text: fixed('规划要求每17年审核一次。[1]') }));
    try {
      const env = { ...TEST_ENV, OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'test', OPENAI_MODEL: 'fake-model' };
      const app = createApp(await createServices(loadConfig(env), env));
      // A question the deterministic reading leaves open (no industry, a general intent), so the model is asked to read it.
      const answer = (await (await app.request('/v1/ask', postJson({ question: '清洁生产审核是怎么回事？' }))).json()) as { mode: string; llm: { rejected: string } };
      expect(answer.mode).toBe('offline');
      expect(answer.llm.rejected).toMatch(/^unsupported_number/u);
      const families = new Map(parsePrometheusTextFormat(await (await app.request('/metrics')).text()).map((family) => [family.name, family]));
      const samples = (name: string) => families.get(name)!.metrics.map((metric) => ({ ...metric.labels, value: metric.value }));
      expect(samples('llm_calls_total')).toEqual(
        expect.arrayContaining([
          { kind: 'json', outcome: 'malformed', value: '1' },
          { kind: 'complete', outcome: 'ok', value: '2' },
        ]),
      );
      expect(samples('llm_fallbacks_total')).toEqual([{ reason: 'unsupported_number', value: '1' }]);
      // The first answer and its repair.
      expect(samples('verifier_rejections_total')).toEqual(expect.arrayContaining([{ reason: 'unsupported_number', value: '2' }]));
      expect(samples('answers_total')).toEqual([{ plan: 'cleaner-production-12th', status: 'answered', mode: 'offline', search: 'index', value: '1' }]);
    } finally {
      await fake.close();
    }
  });
});
