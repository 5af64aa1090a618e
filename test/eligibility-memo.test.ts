import { describe, expect, it } from 'vitest';
import { ResponseMemo, stableKey } from '../src/api/response-memo.js';
import { postJson, testApp } from './support/services.js';

describe('POST /v1/eligibility is memoised', () => {
  it('answers a repeated profile exactly as the first time, whatever the order of its fields, and apart by language and profile', async () => {
    const app = await testApp();
    const body = async (request: unknown) => {
      const response = await app.request('/v1/eligibility', postJson(request));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/u);
      return response.text();
    };
    const first = await body({ profile: { industry: '电镀', aboveDesignatedSize: true, sme: false } });
    expect(await body({ profile: { industry: '电镀', aboveDesignatedSize: true, sme: false } })).toBe(first);
    expect(await body({ profile: { sme: false, aboveDesignatedSize: true, industry: '电镀' } })).toBe(first);
    const english = await body({ profile: { industry: '电镀', aboveDesignatedSize: true, sme: false }, lang: 'en' });
    expect(english).not.toBe(first);
    expect(JSON.parse(english).items.length).toBe(JSON.parse(first).items.length);
    const other = await body({ profile: { industry: '电镀', aboveDesignatedSize: false, sme: false } });
    expect(JSON.parse(other).items).not.toEqual(JSON.parse(first).items);
    // A memoised answer to an invalid request is impossible: validation comes first.
    expect((await app.request('/v1/eligibility', postJson({ profile: { industry: '电镀', unknownFlag: true } }))).status).toBe(400);
  });

  it('holds no more than its byte bound, evicting the least recently used', async () => {
    const memo = new ResponseMemo({ maxBytes: 10_000 });
    for (let i = 0; i < 100; i++) await memo.json(`key-${i}`, () => ({ text: 'x'.repeat(1_000), i }));
    expect(memo.size).toBeLessThanOrEqual(5);
    let computed = 0;
    expect(JSON.parse(await memo.json('key-99', () => ++computed)).i).toBe(99);
    expect(computed).toBe(0);
    expect(stableKey({ b: 1, a: 'x' })).toBe(stableKey({ a: 'x', b: 1 }));
  });
});
