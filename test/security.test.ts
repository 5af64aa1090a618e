import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { clientKey, compileTrust } from '../src/api/client-address.js';
import { normalizeOrigin, OriginPolicy } from '../src/api/security.js';
import { loadConfig } from '../src/config.js';
import { postJson, testApp } from './support/services.js';

type App = Awaited<ReturnType<typeof testApp>>;
const ALLOWED = 'https://assoc.example';
const STRANGER = 'https://evil.example';
const QUESTION = { question: '2015年汞使用量削减目标是多少？' };

/** A request as @hono/node-server hands it over: from this client address. */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

async function expectErrorShape(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/application\/json/u);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
}

describe('CORS allowlist (ALLOWED_ORIGINS)', () => {
  let app: App;
  const getApp = async () => (app ??= await testApp({ allowedOrigins: [ALLOWED] }));

  it('serves requests without an Origin header (servers, curl, same-origin navigation)', async () => {
    const response = await (await getApp()).request('/v1/targets');
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers an allowed origin’s preflight with the methods and headers it may use', async () => {
    const response = await (await getApp()).request('/v1/ask', {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/u);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/content-type/iu);
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(response.headers.get('vary')).toMatch(/Origin/u);
  });

  it('lets an allowed origin ask, and read Retry-After and the version header', async () => {
    const response = await (await getApp()).request('/v1/ask', postJson(QUESTION, { origin: ALLOWED }));
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/Retry-After/iu);
    expect(response.headers.get('vary')).toMatch(/Origin/u);
  });

  it('refuses a stranger’s preflight with 403 and the error shape, granting nothing', async () => {
    const response = await (await getApp()).request('/v1/ask/stream', {
      method: 'OPTIONS',
      headers: { origin: STRANGER, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    await expectErrorShape(response, 403, 'origin_not_allowed');
  });

  it('refuses a stranger’s requests with 403 before doing any work (readable, so the widget can say why)', async () => {
    const app = await getApp();
    for (const [path, init] of [
      ['/v1/ask', postJson(QUESTION, { origin: STRANGER })],
      ['/v1/ask/stream', postJson(QUESTION, { origin: STRANGER })],
      ['/v1/eligibility', postJson({ profile: {} }, { origin: STRANGER })],
      ['/v1/targets', { headers: { origin: STRANGER } }],
      ['/v1/ask', postJson('{not json', { origin: STRANGER })],
    ] as const) {
      const response = await app.request(path, init);
      await expectErrorShape(response, 403, 'origin_not_allowed');
      expect(response.headers.get('access-control-allow-methods')).toBeNull();
    }
  });

  it('treats a look-alike origin as a stranger (scheme, port and subdomain matter)', async () => {
    const app = await getApp();
    for (const origin of ['https://assoc.example.evil.example', 'https://evil.assoc.example', 'https://assoc.example:8443', 'null']) {
      const response = await app.request('/v1/targets', { headers: { origin } });
      expect(response.status, origin).toBe(403);
    }
  });

  it('with ALLOWED_ORIGINS unset, serves the same origin only', async () => {
    const app = await testApp();
    const same = await app.request('http://localhost/v1/ask', postJson(QUESTION, { origin: 'http://localhost' }));
    expect(same.status).toBe(200);
    const other = await app.request('http://localhost/v1/ask', postJson(QUESTION, { origin: ALLOWED }));
    await expectErrorShape(other, 403, 'origin_not_allowed');
  });

  it('lets any page load the widget script itself', async () => {
    const response = await (await getApp()).request('/widget.js', { headers: { origin: STRANGER } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('content-type')).toMatch(/javascript/u);
  });

  it('normalises the configured origins and reads them from the environment', () => {
    expect(normalizeOrigin(' HTTPS://Assoc.Example:443/path ')).toBe('https://assoc.example');
    expect(normalizeOrigin('ftp://x.example')).toBeUndefined();
    expect(normalizeOrigin('not a url')).toBeUndefined();
    const config = loadConfig({ ALLOWED_ORIGINS: 'https://a.example/, http://127.0.0.1:5173 ,', TRUST_PROXY: 'true' });
    expect(config.ALLOWED_ORIGINS).toEqual(['https://a.example/', 'http://127.0.0.1:5173']);
    const policy = new OriginPolicy(config.ALLOWED_ORIGINS);
    expect(policy.allows('https://a.example', 'http://service.example/v1/ask')).toBe(true);
    expect(policy.allows('http://127.0.0.1:5173', 'http://service.example/v1/ask')).toBe(true);
    expect(policy.allows('http://127.0.0.1:5174', 'http://service.example/v1/ask')).toBe(false);
    expect(new OriginPolicy(['*']).allows('https://any.example', 'http://service.example/')).toBe(true);
  });
});

describe('rate limit on the ask endpoints (RATE_LIMIT_PER_MIN)', () => {
  it('answers 429 with Retry-After and the error shape past the limit, per client', async () => {
    const app = await testApp({ rateLimitPerMinute: 3 });
    for (let i = 0; i < 2; i++) expect((await app.request('/v1/ask', postJson(QUESTION), from('10.0.0.1'))).status).toBe(200);
    // The stream endpoint counts against the same allowance.
    expect((await app.request('/v1/ask/stream', postJson(QUESTION), from('10.0.0.1'))).status).toBe(200);
    const limited = await app.request('/v1/ask', postJson(QUESTION), from('10.0.0.1'));
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('cache-control')).toBe('no-store');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    await expectErrorShape(limited.clone(), 429, 'rate_limited');
    expect(((await limited.json()) as { error: { field: string } }).error.field).toBe('client');
    expect((await app.request('/v1/ask/stream', postJson(QUESTION), from('10.0.0.1'))).status).toBe(429);

    // Another client is unaffected; so are the other endpoints.
    expect((await app.request('/v1/ask', postJson(QUESTION), from('10.0.0.2'))).status).toBe(200);
    expect((await app.request('/v1/eligibility', postJson({ profile: { industry: '电镀' } }), from('10.0.0.1'))).status).toBe(200);
    expect((await app.request('/v1/targets', {}, from('10.0.0.1'))).status).toBe(200);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4', async () => {
    const app = await testApp({ rateLimitPerMinute: 1 });
    expect((await app.request('/v1/ask', postJson(QUESTION), from('2001:db8:1:2::1'))).status).toBe(200);
    expect((await app.request('/v1/ask', postJson(QUESTION), from('2001:db8:1:2:ffff::9'))).status).toBe(429);
    expect((await app.request('/v1/ask', postJson(QUESTION), from('2001:db8:1:3::1'))).status).toBe(200);
    expect((await app.request('/v1/ask', postJson(QUESTION), from('192.0.2.7'))).status).toBe(200);
    expect((await app.request('/v1/ask', postJson(QUESTION), from('::ffff:192.0.2.7'))).status).toBe(429);
  });

  it('trusts X-Forwarded-For only when told to', async () => {
    const direct = await testApp({ rateLimitPerMinute: 1 });
    expect((await direct.request('/v1/ask', postJson(QUESTION, { 'x-forwarded-for': '198.51.100.1' }), from('10.1.1.1'))).status).toBe(200);
    // A forged header does not buy a fresh allowance.
    expect((await direct.request('/v1/ask', postJson(QUESTION, { 'x-forwarded-for': '198.51.100.2' }), from('10.1.1.1'))).status).toBe(429);

    // One proxy in front, which appends the address it saw: that address is the client.
    const proxied = await testApp({ rateLimitPerMinute: 1, trustProxy: 1 });
    expect((await proxied.request('/v1/ask', postJson(QUESTION, { 'x-forwarded-for': '198.51.100.1' }), from('10.1.1.1'))).status).toBe(200);
    expect((await proxied.request('/v1/ask', postJson(QUESTION, { 'x-forwarded-for': '198.51.100.2' }), from('10.1.1.1'))).status).toBe(200);
    expect((await proxied.request('/v1/ask', postJson(QUESTION, { 'x-forwarded-for': '198.51.100.1' }), from('10.1.1.1'))).status).toBe(429);
  });

  it('does not let spoofed X-Forwarded-For hops escape the limit behind a proxy (TRUST_PROXY=1)', async () => {
    const config = loadConfig({ TRUST_PROXY: '1' });
    const app = await testApp({ rateLimitPerMinute: 3, trustProxy: config.TRUST_PROXY });
    // The client writes any hops it likes; the proxy appends the address it saw (203.0.113.7).
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await app.request('/v1/ask', postJson(QUESTION, { 'x-forwarded-for': `198.51.100.${i}, 192.0.2.${i}, 203.0.113.7` }), from('10.0.0.9'));
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    // Another client behind the same proxy still has its own allowance.
    expect((await app.request('/v1/ask', postJson(QUESTION, { 'x-forwarded-for': '198.51.100.1, 203.0.113.8' }), from('10.0.0.9'))).status).toBe(200);
  });

  it('trusts listed proxy addresses and no hop beyond them', async () => {
    const config = loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.1' });
    expect(config.TRUST_PROXY).toEqual(['10.0.0.0/8', '192.168.1.1']);
    const app = await testApp({ rateLimitPerMinute: 1, trustProxy: config.TRUST_PROXY });
    // Two proxies of ours (10.0.0.9 the socket, 192.168.1.1 in the header): the client is 203.0.113.7.
    const hops = (spoof: string) => postJson(QUESTION, { 'x-forwarded-for': `${spoof}, 203.0.113.7, 192.168.1.1` });
    expect((await app.request('/v1/ask', hops('198.51.100.1'), from('10.0.0.9'))).status).toBe(200);
    expect((await app.request('/v1/ask', hops('198.51.100.2'), from('10.0.0.9'))).status).toBe(429);
    // A socket that is not one of our proxies is the client, whatever it forwards.
    expect((await app.request('/v1/ask', hops('198.51.100.3'), from('198.51.100.50'))).status).toBe(200);
    expect((await app.request('/v1/ask', hops('198.51.100.4'), from('198.51.100.50'))).status).toBe(429);
  });

  it('reads TRUST_PROXY as a count of proxies or their addresses, and refuses anything else naming it', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, uniquelocal' }).TRUST_PROXY).toEqual(['loopback', 'uniquelocal']);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example' })).toThrow(/TRUST_PROXY/u);
  });

  it('is off at 0', async () => {
    const app = await testApp({ rateLimitPerMinute: 0 });
    for (let i = 0; i < 8; i++) expect((await app.request('/v1/ask', postJson(QUESTION), from('10.0.0.3'))).status).toBe(200);
  });

  it('gives eligibility and target checks their own, higher allowance', async () => {
    const app = await testApp({ rateLimitPerMinute: 1, rulesRateLimitPerMinute: 3 });
    const eligibility = () => app.request('/v1/eligibility', postJson({ profile: { industry: '电镀' } }), from('10.2.0.1'));
    const check = () => app.request('/v1/targets/check', postJson({ figures: [{ targetId: 't1-training', value: 45 }] }), from('10.2.0.1'));
    expect((await app.request('/v1/ask', postJson(QUESTION), from('10.2.0.1'))).status).toBe(200);
    expect((await app.request('/v1/ask', postJson(QUESTION), from('10.2.0.1'))).status).toBe(429);
    // The asks used up their allowance, not this one.
    expect([(await eligibility()).status, (await check()).status, (await eligibility()).status]).toEqual([200, 200, 200]);
    const limited = await check();
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/u);
    const body = (await limited.json()) as { error: { code: string; field: string; message: string } };
    expect(limited.status).toBe(429);
    expect(body.error).toMatchObject({ code: 'rate_limited', field: 'client' });
    // The list of targets is not counted.
    expect((await app.request('/v1/targets', {}, from('10.2.0.1'))).status).toBe(200);
    // The guided check and the checklist documents share the rules allowance.
    expect((await app.request('/v1/eligibility/next', postJson({ profile: {} }), from('10.2.0.1'))).status).toBe(429);
    expect((await app.request('/v1/eligibility/export?format=csv', postJson({ profile: { industry: '电镀' } }), from('10.2.0.1'))).status).toBe(429);
    expect((await app.request('/v1/eligibility/next', postJson({ profile: {} }), from('10.2.0.9'))).status).toBe(200);
  });

  it('derives the client key from the socket, and "local" without one', () => {
    const context = (address?: string, headers: Record<string, string> = {}) =>
      ({ env: address ? from(address) : undefined, req: { header: (name: string) => headers[name] } }) as never;
    const none = compileTrust(false);
    expect(clientKey(context('203.0.113.5'), none)).toBe('203.0.113.5');
    expect(clientKey(context('::1'), none)).toBe('0:0:0:0::/64');
    expect(clientKey(context('2001:0db8:0000:0042::1'), none)).toBe('2001:db8:0:42::/64');
    expect(clientKey(context('::ffff:192.0.2.7'), none)).toBe('192.0.2.7');
    expect(clientKey(context(), none)).toBe('local');
    expect(clientKey(context('10.0.0.1', { 'x-forwarded-for': '203.0.113.9' }), none)).toBe('10.0.0.1');
    expect(clientKey(context('10.0.0.1', { 'x-forwarded-for': '203.0.113.9' }), compileTrust(1))).toBe('203.0.113.9');
    // The right-most untrusted hop, not the first.
    expect(clientKey(context('10.0.0.1', { 'x-forwarded-for': '1.1.1.1, 203.0.113.9' }), compileTrust(1))).toBe('203.0.113.9');
    expect(clientKey(context('10.0.0.1', { 'x-forwarded-for': '1.1.1.1, 203.0.113.9' }), compileTrust(2))).toBe('1.1.1.1');
    // More trusted hops than there are: the left-most address given.
    expect(clientKey(context('10.0.0.1', { 'x-forwarded-for': '203.0.113.9' }), compileTrust(5))).toBe('203.0.113.9');
    // Not an address: all such share one key.
    expect(clientKey(context('10.0.0.1', { 'x-forwarded-for': 'not-an-ip' }), compileTrust(1))).toBe('invalid');
  });
});

describe('caching and body size', () => {
  it('marks answers no-store, streamed or not, errors included', async () => {
    const app = await testApp();
    const plain = await app.request('/v1/ask', postJson(QUESTION));
    expect(plain.status).toBe(200);
    expect(plain.headers.get('cache-control')).toBe('no-store');
    const stream = await app.request('/v1/ask/stream', postJson(QUESTION));
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/u);
    expect(stream.headers.get('cache-control')).toBe('no-store');
    await stream.text();
    const invalid = await app.request('/v1/ask', postJson({ question: '' }));
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses an oversized body with 413 and the error shape', async () => {
    const app = await testApp({ bodyLimitBytes: 1024 });
    const response = await app.request('/v1/ask', postJson({ question: '汞'.repeat(1000) }));
    await expectErrorShape(response, 413, 'payload_too_large');
  });

  it('serves the widget with a revalidating cache header and answers 304 to its ETag', async () => {
    const app = await testApp();
    const first = await app.request('/widget.js');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toMatch(/public, max-age=\d+/u);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"[0-9a-f]+"$/u);
    const again = await app.request('/widget.js', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // Gzipped for clients that take it (a third of the size), the same script inside.
    const plain = await first.text();
    const zipped = await app.request('/widget.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/Accept-Encoding/iu);
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(plain.length / 2);
    expect(gunzipSync(bytes).toString('utf8')).toBe(plain);
  });

  it('serves the page with a strict content security policy and its data', async () => {
    const app = await testApp();
    const page = await app.request('/?lang=en');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/u);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'/u);
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<script src="\/widget\.js" data-mode="inline"/u);
    expect(html).not.toMatch(/\{\{/u);
    const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/gu)].map((match) => match[1]!);
    expect(assets).toHaveLength(3); // page.js, checks.js, page.css
    for (const asset of assets) {
      const response = await app.request(asset);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('cache-control')).toMatch(/immutable/u);
    }
  });
});
