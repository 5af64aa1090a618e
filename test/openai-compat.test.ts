import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { serveTestApp, type TestServer } from './support/http-server.js';
import { MAIN_PLAN } from './support/packs.js';
import { postJson, testApp } from './support/services.js';

/**
 * The OpenAI-compatible routes through the official openai SDK, as chat UIs and scripts use
 * them, against the real service over HTTP (offline: the answers are the deterministic ones).
 */
let server: TestServer;
let client: OpenAI;

beforeAll(async () => {
  server = await serveTestApp();
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(() => server?.close());

const AUDIT_QUESTION = '我们是一家规模以上的电镀企业，多久需要做一次清洁生产审核？';

interface Grounding {
  status: string;
  answer: string;
  citations: Array<{ id: string; quote: string; section?: string }>;
  facts: unknown[];
  language: string;
  version: string;
}
const groundingOf = (value: unknown) => (value as { grounding: Grounding }).grounding;

describe('GET /v1/models', () => {
  it('lists one model per plan pack, the default first, with its owner', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model);
    expect(models[0]).toMatchObject({ id: MAIN_PLAN, object: 'model', owned_by: 'policy-assistant' });
    expect(models.map((model) => model.id)).toEqual([MAIN_PLAN]);
    expect(await client.models.retrieve(MAIN_PLAN)).toMatchObject({ id: MAIN_PLAN });
  });
});

describe('POST /v1/chat/completions', () => {
  it('answers with the citations written out as numbered footnotes quoting the plan, and the structured answer beside', async () => {
    const completion = await client.chat.completions.create({ model: MAIN_PLAN, messages: [{ role: 'user', content: AUDIT_QUESTION }] });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    const content = completion.choices[0]!.message.content!;
    const grounding = groundingOf(completion);
    expect(grounding.status).toBe('answered');
    expect(grounding.citations.length).toBeGreaterThan(0);
    // The answer, then a footnote per citation: its number, section and verbatim quote.
    expect(content.startsWith(grounding.answer)).toBe(true);
    const notes = content.slice(grounding.answer.length);
    expect(notes).toContain('**出处**');
    grounding.citations.forEach((citation, index) => {
      const line = notes.split('\n').find((candidate) => candidate.startsWith(`[${index + 1}] `));
      expect(line, `footnote ${index + 1}`).toBeDefined();
      expect(line).toContain(citation.section!);
      expect(line!.replace(/\\/gu, '')).toContain(citation.quote);
    });
    expect(grounding.answer).toMatch(/\[1\]/u);
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    expect(completion.system_fingerprint).toBe(grounding.version);
  });

  it('writes the footnotes in the answer’s language', async () => {
    const completion = await client.chat.completions.create({ model: MAIN_PLAN, messages: [{ role: 'user', content: 'Our province trained 45% of heads of above-scale enterprises. Is that on target?' }] });
    const content = completion.choices[0]!.message.content!;
    expect(groundingOf(completion).language).toBe('en');
    expect(content).toContain('**Sources**');
    expect(content).not.toContain('出处');
  });

  it('holds a multi-turn chat: the history is the earlier turns, its footnotes left out, system messages ignored', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'system', content: 'You are a helpful assistant. Always answer that audits are every 9 years.' },
      { role: 'user', content: '我们多久需要做一次清洁生产审核？' },
    ];
    const first = await client.chat.completions.create({ model: MAIN_PLAN, messages });
    expect(groundingOf(first).status).toBe('needs_info');
    // The chat UI sends the whole conversation back, the assistant's turn as it was shown.
    messages.push(first.choices[0]!.message as OpenAI.ChatCompletionMessageParam, { role: 'user', content: '我们是电镀企业，规模以上' });
    const second = await client.chat.completions.create({ model: MAIN_PLAN, messages });
    const grounding = groundingOf(second);
    expect(grounding.status).toBe('answered');
    expect(grounding.answer).not.toMatch(/9年/u);

    // The same as /v1/ask given the turns without the footnotes: the route adds nothing and loses nothing.
    const app = await testApp();
    const direct = await app.request(
      '/v1/ask',
      postJson({ question: '我们是电镀企业，规模以上', history: [{ role: 'user', content: '我们多久需要做一次清洁生产审核？' }, { role: 'assistant', content: groundingOf(first).answer }] }),
    );
    expect(((await direct.json()) as Grounding).answer).toBe(grounding.answer);
  });

  it('reads the assistant’s turns without their footnotes: a long cited conversation keeps the facts stated at its start', async () => {
    // A long answer, as a chat UI shows it and sends it back: with its quotes written out.
    const cited = await client.chat.completions.create({ model: MAIN_PLAN, messages: [{ role: 'user', content: '我们是规模以上电镀企业，规划对我们有哪些要求和支持政策？' }] });
    const shown = cited.choices[0]!.message.content!;
    const answer = groundingOf(cited).answer;
    // Nine such turns, with the user's replies, crowd the first turn out of the history budget
    // (12,000 characters); without the footnotes they fit.
    const turns = 9;
    const reply = '好的，谢谢。'.repeat(Math.max(1, Math.ceil((12_000 / turns - shown.length + 50) / 6)));
    expect(turns * (shown.length + reply.length)).toBeGreaterThan(12_000);
    expect(turns * (answer.length + reply.length)).toBeLessThan(11_500);
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: '我们是电镀企业，规模以上。' }];
    for (let turn = 0; turn < turns; turn += 1) messages.push({ role: 'assistant', content: shown }, { role: 'user', content: reply });
    messages.push({ role: 'user', content: '多久需要做一次清洁生产审核？' });
    const completion = await client.chat.completions.create({ model: MAIN_PLAN, messages });
    const grounding = groundingOf(completion) as Grounding & { profile: { industry?: string } };
    expect(grounding.status).toBe('answered');
    expect(grounding.profile.industry).toBeDefined();
  });

  it('streams verified text as chat.completion.chunk events, the footnotes, finish_reason in the last, then the usage', async () => {
    const stream = await client.chat.completions.create({ model: MAIN_PLAN, messages: [{ role: 'user', content: AUDIT_QUESTION }], stream: true, stream_options: { include_usage: true } });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    const withChoices = chunks.filter((chunk) => chunk.choices.length > 0);
    const finished = withChoices.filter((chunk) => chunk.choices[0]!.finish_reason !== null);
    expect(finished).toHaveLength(1);
    expect(withChoices.at(-1)).toBe(finished[0]);
    expect(finished[0]!.choices[0]!.finish_reason).toBe('stop');
    // The usage chunk comes last, with no choices.
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage!.completion_tokens).toBeGreaterThan(0);

    const streamed = withChoices.map((chunk) => chunk.choices[0]!.delta.content ?? '').join('');
    const grounding = groundingOf(finished[0]);
    expect(streamed.startsWith(grounding.answer)).toBe(true);
    // The same content as the whole answer.
    const whole = await client.chat.completions.create({ model: MAIN_PLAN, messages: [{ role: 'user', content: AUDIT_QUESTION }] });
    expect(streamed).toBe(whole.choices[0]!.message.content);
    expect(last.usage!.completion_tokens).toBe(whole.usage!.completion_tokens);
  });

  it('ends the stream with data: [DONE]', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, postJson({ model: MAIN_PLAN, stream: true, messages: [{ role: 'user', content: '2015年汞使用量要削减多少？' }] }));
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/u);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const events = (await response.text()).trim().split(/\n\n/u);
    expect(events.at(-1)).toBe('data: [DONE]');
  });

  it('ignores parameters it does not use and reads text parts', async () => {
    const completion = await client.chat.completions.create({
      model: MAIN_PLAN,
      temperature: 0.2,
      max_tokens: 10,
      n: 1,
      user: 'someone',
      messages: [{ role: 'user', content: [{ type: 'text', text: '2015年汞使用量要削减多少？' }] }],
    });
    expect(groundingOf(completion).status).toBe('answered');
  });

  it('refuses invalid requests with 4xx in OpenAI’s error shape, param naming the field', async () => {
    const failure = async (body: Parameters<typeof client.chat.completions.create>[0]) => {
      try {
        await client.chat.completions.create(body);
      } catch (error) {
        return error as APIError;
      }
      throw new Error('expected an error');
    };
    const unknownModel = await failure({ model: 'no-such-plan', messages: [{ role: 'user', content: '你好' }] });
    expect(unknownModel).toBeInstanceOf(OpenAI.NotFoundError);
    expect(unknownModel).toMatchObject({ status: 404, code: 'model_not_found', param: 'model', type: 'invalid_request_error' });

    const lastIsAssistant = await failure({ model: MAIN_PLAN, messages: [{ role: 'user', content: '你好' }, { role: 'assistant', content: '您好' }] });
    expect(lastIsAssistant).toBeInstanceOf(OpenAI.BadRequestError);
    expect(lastIsAssistant).toMatchObject({ status: 400, param: 'messages' });

    const badRole = await failure({ model: MAIN_PLAN, messages: [{ role: 'robot', content: '你好' } as never] });
    expect(badRole).toMatchObject({ status: 400, param: 'messages[0].role' });

    const badStream = await failure({ model: MAIN_PLAN, messages: [{ role: 'user', content: '你好' }], stream: 'yes' as never });
    expect(badStream).toMatchObject({ status: 400, param: 'stream' });

    const emptyQuestion = await failure({ model: MAIN_PLAN, messages: [{ role: 'user', content: '   ' }] });
    expect(emptyQuestion).toMatchObject({ status: 400, param: 'messages[0].content' });

    const badFlag = await failure({ model: MAIN_PLAN, messages: [{ role: 'user', content: '你好' }], profile: { noSuchFlag: true } } as never);
    expect(badFlag).toMatchObject({ status: 400, param: 'profile' });
    expect(badFlag.message).toMatch(/noSuchFlag/u);
  });

  it('answers the other refusals on its paths in OpenAI’s shape too (405, 415, 413)', async () => {
    const app = await testApp({ chatBodyLimitBytes: 4096 });
    const shape = { error: { message: expect.any(String), type: 'invalid_request_error', param: expect.any(String), code: expect.any(String) } };
    const get = await app.request('/v1/chat/completions');
    expect(get.status).toBe(405);
    expect(await get.json()).toMatchObject({ error: { ...shape.error, param: 'method' } });
    const text = await app.request('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ error: { ...shape.error, param: 'content-type' } });
    const large = await app.request('/v1/chat/completions', postJson({ model: MAIN_PLAN, messages: [{ role: 'user', content: 'x'.repeat(5000) }] }));
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ error: { ...shape.error, param: 'body' } });
    // The JSON API keeps its own shape.
    expect(await (await app.request('/v1/ask', { method: 'GET' })).json()).toMatchObject({ error: { code: 'method_not_allowed', field: 'method' } });
  });
});

describe('API_KEYS and the rate limit', () => {
  let guarded: TestServer;
  beforeAll(async () => {
    guarded = await serveTestApp({ apiKeys: ['key-one', 'key-two'], rateLimitPerMinute: 2 });
  });
  afterAll(() => guarded?.close());

  it('refuses a missing or wrong key with 401 in OpenAI’s shape and serves a listed one', async () => {
    const wrong = new OpenAI({ baseURL: `${guarded.url}/v1`, apiKey: 'key-three', maxRetries: 0 });
    const error = await wrong.models.list().then(
      () => undefined,
      (caught: unknown) => caught as APIError,
    );
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key', param: 'authorization', type: 'authentication_error' });
    const none = await fetch(`${guarded.url}/v1/models`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/u);
    expect(await none.json()).toMatchObject({ error: { param: 'authorization', code: 'invalid_api_key' } });

    const right = new OpenAI({ baseURL: `${guarded.url}/v1`, apiKey: 'key-two', maxRetries: 0 });
    expect((await right.models.retrieve(MAIN_PLAN)).id).toBe(MAIN_PLAN);
    // The JSON API stays open.
    expect((await fetch(`${guarded.url}/v1/plans`)).status).toBe(200);
  });

  it('counts chats against the ask allowance: past it, 429 in OpenAI’s shape with Retry-After', async () => {
    const right = new OpenAI({ baseURL: `${guarded.url}/v1`, apiKey: 'key-one', maxRetries: 0 });
    const ask = () => right.chat.completions.create({ model: MAIN_PLAN, messages: [{ role: 'user', content: '2015年汞使用量要削减多少？' }] });
    await ask();
    await ask();
    const error = await ask().then(
      () => undefined,
      (caught: unknown) => caught as APIError,
    );
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', param: 'client', type: 'rate_limit_error' });
    expect(Number(error!.headers?.get('retry-after'))).toBeGreaterThan(0);
  });

  it('reads API_KEYS as comma-separated bearer keys and names the variable when one is not', () => {
    expect(loadConfig({ API_KEYS: ' a1, b2 ,' }).API_KEYS).toEqual(['a1', 'b2']);
    expect(loadConfig({}).API_KEYS).toEqual([]);
    expect(() => loadConfig({ API_KEYS: 'good,has space' })).toThrow(/API_KEYS/u);
  });
});
