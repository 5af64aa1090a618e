import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../src/config.js';
import {
  LlmAbortedError,
  LlmConnectionError,
  LlmEmptyOutputError,
  LlmError,
  LlmHttpError,
  LlmMalformedOutputError,
  LlmRefusalError,
  LlmTimeoutError,
  OpenAIChatModel,
  PLACEHOLDER_API_KEY,
  chatModelFromConfig,
  extractJsonText,
  type ChatRequest,
} from '../src/llm/index.js';
import {
  byResponseFormat,
  contentFilter,
  empty,
  faithful,
  fixed,
  httpError,
  json,
  raw,
  refusal,
  sequence,
  stall,
  stallAfterChunks,
  startFakeOpenAI,
  type FakeOpenAI,
} from './support/fake-openai.js';

const TIMEOUT_MS = 300;
const MARGIN_MS = 1_500;

let fake: FakeOpenAI;
let model: OpenAIChatModel;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  model = new OpenAIChatModel({ baseURL: fake.baseURL, apiKey: 'test-key', model: 'fake-model', timeoutMs: 2_000 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.setHandler(fixed('ok'));
});

const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [
    { role: 'system', content: 'Answer only from the facts given.' },
    { role: 'user', content: text },
  ],
  ...extra,
});

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const deltas: string[] = [];
  for await (const delta of iterable) deltas.push(delta);
  return deltas;
}

/** Runs `run`, expects it to reject, returns the error and the elapsed time. */
async function failure(run: () => Promise<unknown>): Promise<{ error: unknown; elapsed: number }> {
  const started = performance.now();
  try {
    await run();
  } catch (error) {
    return { error, elapsed: performance.now() - started };
  }
  throw new Error('expected a rejection');
}

const Understanding = z.object({
  language: z.enum(['zh', 'en']),
  industry: z.string().nullable(),
  indicators: z.array(z.string()),
});

describe('complete', () => {
  it('returns the content and sends the messages, model and sampling options', async () => {
    fake.setHandler(faithful((request) => `收到：${request.lastUser}`));
    const request = ask('汞的2015年目标是什么？', { temperature: 0, maxTokens: 200 });
    const result = await model.complete(request);
    expect(result).toMatchObject({ content: '收到：汞的2015年目标是什么？', finishReason: 'stop', model: 'fake-model' });
    expect(result.usage?.totalTokens).toBeGreaterThan(0);
    const [recorded] = fake.requests;
    expect(recorded?.headers.authorization).toBe('Bearer test-key');
    expect(recorded?.body).toMatchObject({ model: 'fake-model', temperature: 0, max_tokens: 200, messages: request.messages });
    expect(recorded?.chat?.stream).toBe(false);
  });

  it('drops a leading <think> block of a reasoning model', async () => {
    fake.setHandler(fixed('<think>\nlet me see\n</think>\n\n答案'));
    expect((await model.complete(ask('q'))).content).toBe('答案');
  });

  it('maps 500 to LlmHttpError without retrying', async () => {
    fake.setHandler(httpError(500));
    const { error } = await failure(() => model.complete(ask('q')));
    expect(error).toBeInstanceOf(LlmHttpError);
    expect(error).toMatchObject({ status: 500, reason: 'http_500' });
    expect(fake.requests).toHaveLength(1);
  });

  it('maps refusal, content_filter and empty output to typed errors', async () => {
    fake.setHandler(refusal('I cannot help with that.'));
    const refused = await failure(() => model.complete(ask('q')));
    expect(refused.error).toBeInstanceOf(LlmRefusalError);
    expect(refused.error).toMatchObject({ reason: 'refusal', refusal: 'I cannot help with that.' });

    fake.setHandler(contentFilter());
    const filtered = await failure(() => model.complete(ask('q')));
    expect(filtered.error).toBeInstanceOf(LlmRefusalError);
    expect(filtered.error).toMatchObject({ reason: 'content_filter', finishReason: 'content_filter' });

    fake.setHandler(empty());
    const blank = await failure(() => model.complete(ask('q')));
    expect(blank.error).toBeInstanceOf(LlmEmptyOutputError);
    expect(blank.error).toMatchObject({ reason: 'empty' });
  });

  it('maps a body that is not a chat completion to LlmMalformedOutputError', async () => {
    fake.setHandler(raw('{"id":"chatcmpl-1","choices":[{"message":{"content":"trunc'));
    const truncated = await failure(() => model.complete(ask('q')));
    expect(truncated.error).toBeInstanceOf(LlmMalformedOutputError);
    expect(truncated.error).toMatchObject({ reason: 'malformed' });

    fake.setHandler(raw('{"object":"something else"}'));
    expect((await failure(() => model.complete(ask('q')))).error).toBeInstanceOf(LlmMalformedOutputError);
  });

  it('times out a server that never answers, within the deadline, and hangs up', async () => {
    fake.setHandler(stall(10_000));
    const { error, elapsed } = await failure(() => model.complete(ask('q', { timeoutMs: TIMEOUT_MS })));
    expect(error).toBeInstanceOf(LlmTimeoutError);
    expect(error).toMatchObject({ reason: 'timeout', timeoutMs: TIMEOUT_MS });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    await expect.poll(() => fake.requests[0]?.clientDisconnected).toBe(true);
  });

  it('times out a body that stalls after the headers (past the SDK timeout’s reach)', async () => {
    fake.setHandler(() => ({ stallAfterChunks: 3, content: 'a complete answer that never finishes' }));
    const { error, elapsed } = await failure(() => model.complete(ask('q', { timeoutMs: TIMEOUT_MS })));
    expect(error).toBeInstanceOf(LlmTimeoutError);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  });

  it('answers a slow server that is still within the deadline', async () => {
    fake.setHandler(stall(100, { content: 'late but fine' }));
    expect((await model.complete(ask('q', { timeoutMs: 1_000 }))).content).toBe('late but fine');
  });

  it('maps a caller abort to LlmAbortedError, and a caller timeout signal to LlmTimeoutError', async () => {
    fake.setHandler(stall(10_000));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await failure(() => model.complete(ask('q', { signal: controller.signal })));
    expect(aborted.error).toBeInstanceOf(LlmAbortedError);
    expect(aborted.error).toMatchObject({ reason: 'aborted' });
    expect(aborted.elapsed).toBeLessThan(1_000);

    const alreadyAborted = await failure(() => model.complete(ask('q', { signal: AbortSignal.abort() })));
    expect(alreadyAborted.error).toBeInstanceOf(LlmAbortedError);

    const budget = await failure(() => model.complete(ask('q', { signal: AbortSignal.timeout(100) })));
    expect(budget.error).toBeInstanceOf(LlmTimeoutError);
  });

  it('maps an unreachable endpoint to LlmConnectionError', async () => {
    const gone = await startFakeOpenAI();
    const baseURL = gone.baseURL;
    await gone.close();
    const offline = new OpenAIChatModel({ baseURL, apiKey: 'k', timeoutMs: 2_000 });
    const { error } = await failure(() => offline.complete(ask('q')));
    expect(error).toBeInstanceOf(LlmConnectionError);
    expect(error).toMatchObject({ reason: 'connection' });
  });
});

describe('stream', () => {
  it('yields content deltas whose join is the content', async () => {
    const content = '《规划》提出：到2015年，汞使用量减少50%。企业应每两年开展一次清洁生产审核。';
    fake.setHandler(fixed(content, { chunkSize: 3 }));
    const deltas = await collect(model.stream(ask('q')));
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.join('')).toBe(content);
    expect(fake.requests[0]?.body).toMatchObject({ stream: true });
  });

  it('drops a leading <think> block across chunk boundaries', async () => {
    fake.setHandler(fixed('<think>reasoning here</think>\n答：是。', { chunkSize: 2 }));
    expect((await collect(model.stream(ask('q')))).join('')).toBe('答：是。');
  });

  it('ends a stream that stalls mid-way with LlmTimeoutError within the deadline', async () => {
    fake.setHandler(stallAfterChunks(2, 'abcdefghijklmnopqrstuvwxyz'));
    const deltas: string[] = [];
    const { error, elapsed } = await failure(async () => {
      for await (const delta of model.stream(ask('q', { timeoutMs: TIMEOUT_MS }))) deltas.push(delta);
    });
    expect(error).toBeInstanceOf(LlmTimeoutError);
    expect(deltas.join('')).toBe('abcdefgh');
    expect(elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    await expect.poll(() => fake.requests[0]?.clientDisconnected).toBe(true);
  });

  it('times out a stream whose headers never come', async () => {
    fake.setHandler(stall(10_000));
    const { error, elapsed } = await failure(() => collect(model.stream(ask('q', { timeoutMs: TIMEOUT_MS }))));
    expect(error).toBeInstanceOf(LlmTimeoutError);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  });

  it('maps stream errors: 500, refusal, content_filter, empty, caller abort', async () => {
    fake.setHandler(httpError(500));
    expect((await failure(() => collect(model.stream(ask('q'))))).error).toMatchObject({ status: 500, reason: 'http_500' });
    expect(fake.requests).toHaveLength(1);

    fake.setHandler(refusal('no'));
    expect((await failure(() => collect(model.stream(ask('q'))))).error).toBeInstanceOf(LlmRefusalError);

    fake.setHandler(contentFilter('部分'));
    expect((await failure(() => collect(model.stream(ask('q'))))).error).toMatchObject({ reason: 'content_filter' });

    fake.setHandler(empty());
    expect((await failure(() => collect(model.stream(ask('q'))))).error).toBeInstanceOf(LlmEmptyOutputError);

    fake.setHandler(stallAfterChunks(1, 'abcdefgh'));
    const controller = new AbortController();
    const aborted = await failure(async () => {
      for await (const _ of model.stream(ask('q', { signal: controller.signal }))) controller.abort();
    });
    expect(aborted.error).toBeInstanceOf(LlmAbortedError);
  });

  it('maps a garbled SSE body to LlmMalformedOutputError', async () => {
    fake.setHandler(raw('data: {"choices":[{"delta":{"content":"a\n\n'));
    expect((await failure(() => collect(model.stream(ask('q'))))).error).toBeInstanceOf(LlmMalformedOutputError);
  });

  it('aborts the request when the consumer stops early', async () => {
    fake.setHandler(fixed('x'.repeat(400), { chunkSize: 1, chunkDelayMs: 5 }));
    for await (const _ of model.stream(ask('q'))) break;
    await expect.poll(() => fake.requests[0]?.clientDisconnected).toBe(true);
  });
});

describe('completeJson', () => {
  const value = { language: 'zh', industry: '电池', indicators: ['汞使用量'] };

  it('asks for json_schema output and returns the validated value', async () => {
    fake.setHandler(json(value));
    const result = await model.completeJson(ask('铅酸电池企业要做什么？'), Understanding, { name: 'understanding' });
    expect(result).toEqual(value);
    const format = fake.chatRequests()[0]?.responseFormat;
    expect(format).toMatchObject({ type: 'json_schema', json_schema: { name: 'understanding', strict: true } });
    expect(format?.json_schema?.schema).toMatchObject({ type: 'object', required: ['language', 'industry', 'indicators'], additionalProperties: false });
    expect(format?.json_schema?.schema).not.toHaveProperty('$schema');
  });

  it('accepts JSON inside ```json fences', async () => {
    fake.setHandler(json(value, { fenced: true }));
    expect(await model.completeJson(ask('q'), Understanding)).toEqual(value);
  });

  it('throws LlmMalformedOutputError with the zod issues when the JSON misses the schema', async () => {
    fake.setHandler(json({ language: 'fr', industry: 3 }));
    const { error } = await failure(() => model.completeJson(ask('q'), Understanding));
    expect(error).toBeInstanceOf(LlmMalformedOutputError);
    const malformed = error as LlmMalformedOutputError;
    expect(malformed.reason).toBe('malformed');
    expect(malformed.issues?.map((issue) => issue.path.join('.')).sort()).toEqual(['indicators', 'industry', 'language']);
  });

  it('throws LlmMalformedOutputError on truncated JSON', async () => {
    fake.setHandler(() => ({ content: '{"language":"zh","industry":"电', finishReason: 'length' }));
    const { error } = await failure(() => model.completeJson(ask('q'), Understanding));
    expect(error).toBeInstanceOf(LlmMalformedOutputError);
    expect((error as LlmMalformedOutputError).issues).toBeUndefined();
    expect((error as Error).message).toContain('token limit');
  });

  it('falls back to json_object once when the server rejects json_schema with 400, and remembers it', async () => {
    const server = await startFakeOpenAI((request) =>
      request.responseFormat?.type === 'json_schema'
        ? { status: 400, body: { error: { message: "response_format type 'json_schema' is not supported", type: 'invalid_request_error' } } }
        : { content: JSON.stringify(value) },
    );
    try {
      const local = new OpenAIChatModel({ baseURL: server.baseURL, apiKey: 'k', timeoutMs: 2_000 });
      expect(await local.completeJson(ask('q'), Understanding)).toEqual(value);
      const [first, second] = server.chatRequests();
      expect(first?.responseFormat?.type).toBe('json_schema');
      expect(second?.responseFormat).toEqual({ type: 'json_object' });
      // JSON mode needs "JSON" in the prompt; the schema goes into the (single, first) system message.
      expect(second?.messages[0]?.role).toBe('system');
      expect(second?.messages.filter((m) => m.role === 'system')).toHaveLength(1);
      expect(second?.system).toContain('JSON Schema');
      expect(second?.system).toContain('Answer only from the facts given.');

      expect(await local.completeJson(ask('again'), Understanding)).toEqual(value);
      expect(server.chatRequests()).toHaveLength(3);
      expect(server.chatRequests()[2]?.responseFormat).toEqual({ type: 'json_object' });
    } finally {
      await server.close();
    }
  });

  it('reports a 400 that the json_object retry also gets, and keeps trying json_schema next time', async () => {
    fake.setHandler(httpError(400));
    const { error } = await failure(() => model.completeJson(ask('q'), Understanding));
    expect(error).toMatchObject({ status: 400, reason: 'http_400' });
    expect(fake.chatRequests().map((r) => r.responseFormat?.type)).toEqual(['json_schema', 'json_object']);
    fake.setHandler(json(value));
    await model.completeJson(ask('q'), Understanding);
    expect(fake.chatRequests()[2]?.responseFormat?.type).toBe('json_schema');
  });

  it('sends the input schema, not strict, for schemas with transforms', async () => {
    fake.setHandler(json({ year: '2015' }));
    const Year = z.object({ year: z.string().transform(Number) });
    expect(await model.completeJson(ask('q'), Year)).toEqual({ year: 2015 });
    expect(fake.chatRequests()[0]?.responseFormat).toMatchObject({
      type: 'json_schema',
      json_schema: { strict: false, schema: { properties: { year: { type: 'string' } } } },
    });
  });

  it('does not fall back on other HTTP errors, and maps the other failures like complete()', async () => {
    fake.setHandler(httpError(500));
    expect((await failure(() => model.completeJson(ask('q'), Understanding))).error).toMatchObject({ status: 500 });
    expect(fake.requests).toHaveLength(1);

    fake.setHandler(sequence([{ refusal: 'no' }, { empty: true }, { stallMs: 5_000 }]));
    expect((await failure(() => model.completeJson(ask('q'), Understanding))).error).toBeInstanceOf(LlmRefusalError);
    expect((await failure(() => model.completeJson(ask('q'), Understanding))).error).toBeInstanceOf(LlmEmptyOutputError);
    const stalled = await failure(() => model.completeJson(ask('q', { timeoutMs: TIMEOUT_MS }), Understanding));
    expect(stalled.error).toBeInstanceOf(LlmTimeoutError);
    expect(stalled.elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  });

  it('routes JSON and text calls of one answer to different scripted handlers', async () => {
    fake.setHandler(byResponseFormat({ json: json(value), text: faithful((request) => `答：${request.lastUser}`) }));
    expect(await model.completeJson(ask('q'), Understanding)).toEqual(value);
    expect((await model.complete(ask('问'))).content).toBe('答：问');
  });

  it('extracts JSON from fences and surrounding prose', () => {
    expect(extractJsonText('```json\n{"a":1}\n```')).toBe('{"a":1}');
    expect(extractJsonText('```\n[1,2]\n```')).toBe('[1,2]');
    expect(extractJsonText('Here it is: {"a":{"b":2}} hope this helps')).toBe('{"a":{"b":2}}');
    expect(extractJsonText('<think>{"no":1}</think>{"a":1}')).toBe('{"a":1}');
  });
});

describe('errors', () => {
  it('are all LlmError with a short machine reason', async () => {
    fake.setHandler(httpError(401));
    const { error } = await failure(() => model.complete(ask('q')));
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).reason).toBe('http_401');
    expect((error as Error).cause).toBeDefined();
  });
});

describe('chatModelFromConfig', () => {
  it('is offline (undefined) without OPENAI_API_KEY or OPENAI_BASE_URL', () => {
    expect(chatModelFromConfig(loadConfig({}))).toBeUndefined();
    expect(chatModelFromConfig(loadConfig({ OPENAI_API_KEY: '  ', OPENAI_BASE_URL: '', OPENAI_MODEL: 'x' }))).toBeUndefined();
  });

  it('defaults the model to gpt-4o-mini with a key', () => {
    expect(chatModelFromConfig(loadConfig({ OPENAI_API_KEY: 'sk-test' }))?.model).toBe('gpt-4o-mini');
  });

  it('uses a base URL without a key (placeholder key), the configured model and LLM_TIMEOUT_MS', async () => {
    fake.setHandler(fixed('local'));
    const local = chatModelFromConfig(loadConfig({ OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'qwen2.5:7b', LLM_TIMEOUT_MS: '4000' }));
    expect(local).toBeInstanceOf(OpenAIChatModel);
    expect(local?.model).toBe('qwen2.5:7b');
    expect((local as OpenAIChatModel).timeoutMs).toBe(4_000);
    expect((await local!.complete(ask('q'))).content).toBe('local');
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${PLACEHOLDER_API_KEY}`);
    expect(fake.requests[0]?.body?.model).toBe('qwen2.5:7b');
  });
});

describe('fake server embeddings', () => {
  it('serves deterministic vectors as floats and base64', async () => {
    const post = (body: unknown) =>
      fetch(`${fake.baseURL}/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
        (response) => response.json() as Promise<{ data: Array<{ embedding: number[] | string }> }>,
      );
    const a = await post({ model: 'e', input: ['汞使用量', '汞使用量'], encoding_format: 'float', dimensions: 8 });
    expect(a.data).toHaveLength(2);
    expect(a.data[0]?.embedding).toHaveLength(8);
    expect(a.data[0]?.embedding).toEqual(a.data[1]?.embedding);
    const b = await post({ model: 'e', input: '汞使用量', encoding_format: 'base64', dimensions: 8 });
    const decoded = Array.from(new Float32Array(Uint8Array.from(Buffer.from(b.data[0]?.embedding as string, 'base64')).buffer));
    expect(decoded.map((x) => x.toFixed(5))).toEqual((a.data[0]?.embedding as number[]).map((x) => x.toFixed(5)));
  });
});
