/**
 * A real OpenAI-compatible HTTP server for tests (node:http on 127.0.0.1, random port).
 *
 *   const fake = await startFakeOpenAI(fixed('你好'));
 *   const model = new OpenAIChatModel({ baseURL: fake.baseURL, apiKey: 'test', timeoutMs: 300 });
 *   fake.setHandler(sequence([{ status: 400 }, json({ ok: true })]));
 *   ...
 *   await fake.close();
 *
 * Serves POST /v1/chat/completions (plain and `stream: true` SSE), POST /v1/embeddings
 * (deterministic vectors, float or base64) and GET /v1/models. Every request is recorded in
 * `requests`, including whether the client hung up before the reply was finished.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeMessage {
  role: string;
  content: string;
}

/** What a handler sees of one chat request. */
export interface FakeChatRequest {
  /** 0-based index of this chat call since the server started. */
  callIndex: number;
  model: string;
  messages: FakeMessage[];
  /** Concatenated system messages. */
  system: string;
  /** The last user message ('' if none). */
  lastUser: string;
  /** `response_format` as sent, e.g. `{ type: 'json_schema', json_schema: { name, schema, strict } }`. */
  responseFormat: { type: string; json_schema?: { name?: string; schema?: unknown; strict?: boolean } } | undefined;
  stream: boolean;
  /** The whole parsed request body. */
  body: Record<string, unknown>;
}

interface ChunkOptions {
  /** Characters (code points) per SSE chunk, or per write of a plain body. Default 4. */
  chunkSize?: number;
  /** Delay before each chunk after the first. Default 0. */
  chunkDelayMs?: number;
}

/** One scripted reply. */
export type FakeReply =
  /** A normal answer (streamed in `chunkSize` pieces when the request streams). */
  | ({ content: string; finishReason?: string } & ChunkOptions)
  /** An HTTP error; `body` defaults to an OpenAI-style `{ error: { message, type, code } }`. */
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** Send nothing for `stallMs` (or until the client hangs up), then serve `then`, or drop the connection. */
  | { stallMs: number; then?: FakeReply }
  /**
   * Send the first `stallAfterChunks` chunks of `content` (SSE chunks, or pieces of the JSON
   * body for a plain request), then nothing until the client hangs up (or `stallMs`, then drop).
   */
  | ({ stallAfterChunks: number; content: string; stallMs?: number } & ChunkOptions)
  /** This body exactly (status 200 unless given; content type JSON, or SSE for a streaming request). */
  | { raw: string; status?: number; contentType?: string }
  /** `message.refusal` (plain) or `delta.refusal` chunks (stream), content null. */
  | { refusal: string }
  /** Content '' (plain) or no content deltas (stream), finish_reason stop. */
  | { empty: true }
  /** finish_reason set (e.g. content_filter), with optional partial content. */
  | ({ finishReason: string; content?: string } & ChunkOptions);

export type FakeHandler = (request: FakeChatRequest) => FakeReply | Promise<FakeReply>;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined if it was not JSON). */
  body: Record<string, unknown> | undefined;
  /** For chat requests: what the handler saw. */
  chat?: FakeChatRequest;
  /** True once the client closed the connection before the reply ended (timeouts, aborts). */
  clientDisconnected: boolean;
  receivedAt: number;
}

export interface FakeOpenAIOptions {
  /** Embedding size when the request gives no `dimensions`. Default 64. */
  embeddingDimensions?: number;
  /** Custom embedder (default: hashed character bigrams, L2-normalised). */
  embed?: (text: string, dimensions: number) => number[];
}

export interface FakeOpenAI {
  /** e.g. `http://127.0.0.1:40123/v1` — pass as `baseURL`. */
  baseURL: string;
  port: number;
  requests: RecordedRequest[];
  /** Chat requests only, in order. */
  chatRequests(): FakeChatRequest[];
  setHandler(handler: FakeHandler): void;
  /** Stops the server, destroying open sockets and stalled replies. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------
// Ready-made handlers

/** Always this content. */
export const fixed =
  (content: string, options: ChunkOptions = {}): FakeHandler =>
  () => ({ content, ...options });

/** Content built from the request (e.g. echo the facts the prompt gave). */
export const faithful =
  (build: (request: FakeChatRequest) => string | Promise<string>, options: ChunkOptions = {}): FakeHandler =>
  async (request) => ({ content: await build(request), ...options });

/** `JSON.stringify(value)` as content (optionally inside a ```json fence). */
export const json =
  (value: unknown, options: { fenced?: boolean } = {}): FakeHandler =>
  () => {
    const text = JSON.stringify(value);
    return { content: options.fenced ? `\`\`\`json\n${text}\n\`\`\`` : text };
  };

/** One reply (or handler) per call, in order; past the end, HTTP 500 "sequence exhausted". */
export const sequence =
  (steps: Array<FakeReply | FakeHandler>): FakeHandler =>
  {
    let next = 0;
    return (request) => {
      const step = steps[next++];
      if (step === undefined) {
        return { status: 500, body: { error: { message: `fake-openai: sequence exhausted after ${steps.length} calls`, type: 'test' } } };
      }
      return typeof step === 'function' ? step(request) : step;
    };
  };

/** Routes JSON-mode requests (any `response_format` other than text) and plain ones to different handlers. */
export const byResponseFormat =
  (handlers: { json: FakeHandler; text: FakeHandler }): FakeHandler =>
  (request) =>
    request.responseFormat && request.responseFormat.type !== 'text' ? handlers.json(request) : handlers.text(request);

export const httpError =
  (status: number, body?: unknown): FakeHandler =>
  () => ({ status, ...(body === undefined ? {} : { body }) });
export const stall =
  (stallMs: number, then?: FakeReply): FakeHandler =>
  () => ({ stallMs, ...(then ? { then } : {}) });
export const stallAfterChunks =
  (chunks: number, content: string): FakeHandler =>
  () => ({ stallAfterChunks: chunks, content });
export const refusal =
  (text = "I'm sorry, I can't help with that."): FakeHandler =>
  () => ({ refusal: text });
export const empty = (): FakeHandler => () => ({ empty: true });
export const contentFilter =
  (partialContent?: string): FakeHandler =>
  () => ({ finishReason: 'content_filter', ...(partialContent === undefined ? {} : { content: partialContent }) });
export const raw =
  (body: string, status?: number): FakeHandler =>
  () => ({ raw: body, ...(status === undefined ? {} : { status }) });

// ---------------------------------------------------------------------------------------
// Server

export async function startFakeOpenAI(
  handler: FakeHandler = fixed('ok'),
  options: FakeOpenAIOptions = {},
): Promise<FakeOpenAI> {
  let current = handler;
  let chatCalls = 0;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const dimensionsDefault = options.embeddingDimensions ?? 64;
  const embed = options.embed ?? hashedBigramEmbedding;

  /** A timer that close() clears and that never keeps the process alive. */
  const wait = (ms: number, res: ServerResponse) =>
    new Promise<boolean>((resolve) => {
      if (res.destroyed) return resolve(false);
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.off('close', onClose);
        resolve(!res.destroyed);
      }, ms);
      timer.unref();
      timers.add(timer);
      const onClose = () => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve(false);
      };
      res.once('close', onClose);
    });

  /** Never resolves before the client hangs up or close() runs. */
  const waitForHangUp = (res: ServerResponse) =>
    new Promise<void>((resolve) => {
      if (res.destroyed) return resolve();
      res.once('close', () => resolve());
    });

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: { message: `fake-openai: ${String(error)}`, type: 'test' } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = text ? JSON.parse(text) : undefined;
      body = isRecord(parsed) ? parsed : undefined;
    } catch {
      body = undefined;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      headers: { ...req.headers },
      body,
      clientDisconnected: false,
      receivedAt: Date.now(),
    };
    requests.push(record);
    res.once('close', () => {
      if (!res.writableFinished) record.clientDisconnected = true;
    });

    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }] });
    }
    if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/v1/embeddings')) {
      return sendJson(res, 404, { error: { message: `fake-openai: no route ${req.method} ${path}`, type: 'invalid_request_error' } });
    }
    if (!body) return sendJson(res, 400, { error: { message: 'fake-openai: body is not a JSON object', type: 'invalid_request_error' } });
    if (path === '/v1/embeddings') return serveEmbeddings(res, body);

    const messages = Array.isArray(body.messages)
      ? body.messages.filter(isRecord).map((m) => ({ role: String(m.role), content: contentText(m.content) }))
      : [];
    const chat: FakeChatRequest = {
      callIndex: chatCalls++,
      model: typeof body.model === 'string' ? body.model : '',
      messages,
      system: messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n'),
      lastUser: messages.filter((m) => m.role === 'user').at(-1)?.content ?? '',
      responseFormat: isRecord(body.response_format) ? (body.response_format as FakeChatRequest['responseFormat']) : undefined,
      stream: body.stream === true,
      body,
    };
    record.chat = chat;
    const reply = await current(chat);
    await sendReply(res, chat, reply);
  }

  async function sendReply(res: ServerResponse, chat: FakeChatRequest, reply: FakeReply): Promise<void> {
    if (res.destroyed) return;
    const model = chat.model || 'fake-model';

    if ('stallMs' in reply && !('stallAfterChunks' in reply)) {
      const alive = await wait(reply.stallMs, res);
      if (!alive) return;
      if (reply.then) return sendReply(res, chat, reply.then);
      res.destroy();
      return;
    }
    if ('status' in reply && !('raw' in reply)) {
      const errorBody = reply.body ?? {
        error: { message: `fake-openai: scripted HTTP ${reply.status}`, type: reply.status >= 500 ? 'server_error' : 'invalid_request_error', code: null },
      };
      res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
      res.end(typeof errorBody === 'string' ? errorBody : JSON.stringify(errorBody));
      return;
    }
    if ('raw' in reply) {
      res.writeHead(reply.status ?? 200, {
        'content-type': reply.contentType ?? (chat.stream ? 'text/event-stream' : 'application/json'),
      });
      res.end(reply.raw);
      return;
    }

    // Content-bearing replies.
    let content: string | null = null;
    let refusalText: string | null = null;
    let finishReason = 'stop';
    const chunkSize = 'chunkSize' in reply && reply.chunkSize ? reply.chunkSize : 4;
    const chunkDelayMs = 'chunkDelayMs' in reply && reply.chunkDelayMs ? reply.chunkDelayMs : 0;
    let stallAfter: number | undefined;
    let stallMs: number | undefined;
    if ('refusal' in reply) refusalText = reply.refusal;
    else if ('empty' in reply) content = '';
    else {
      content = reply.content ?? '';
      if ('finishReason' in reply && reply.finishReason) finishReason = reply.finishReason;
      if ('stallAfterChunks' in reply) {
        stallAfter = reply.stallAfterChunks;
        stallMs = reply.stallMs;
      }
    }
    const stallThenDrop = async () => {
      if (stallMs === undefined) await waitForHangUp(res);
      else if (await wait(stallMs, res)) res.destroy();
    };

    const id = `chatcmpl-fake-${chat.callIndex}`;
    const created = Math.floor(Date.now() / 1000);
    if (!chat.stream) {
      const completion = {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: refusalText === null ? content : null, refusal: refusalText },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage: { prompt_tokens: approxTokens(chat.messages.map((m) => m.content).join('')), completion_tokens: approxTokens(content ?? ''), total_tokens: 0 },
      };
      completion.usage.total_tokens = completion.usage.prompt_tokens + completion.usage.completion_tokens;
      const text = JSON.stringify(completion);
      if (stallAfter === undefined) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
        return;
      }
      // Headers and the start of the body, then silence: the client's body read must time out.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.write(text.slice(0, Math.min(text.length - 1, stallAfter * chunkSize)));
      await stallThenDrop();
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
    res.write(chunk({ role: 'assistant', content: '' }, null));
    const pieces = splitChunks(refusalText ?? content ?? '', chunkSize);
    for (const [index, piece] of pieces.entries()) {
      if (stallAfter !== undefined && index >= stallAfter) return stallThenDrop();
      if (index > 0 && chunkDelayMs > 0 && !(await wait(chunkDelayMs, res))) return;
      if (res.destroyed) return;
      res.write(chunk(refusalText === null ? { content: piece } : { refusal: piece }, null));
    }
    if (stallAfter !== undefined) return stallThenDrop();
    res.write(chunk({}, finishReason));
    res.end('data: [DONE]\n\n');
  }

  function serveEmbeddings(res: ServerResponse, body: Record<string, unknown>): void {
    const inputs = Array.isArray(body.input) ? body.input.map(String) : [String(body.input ?? '')];
    const dimensions = typeof body.dimensions === 'number' && body.dimensions > 0 ? body.dimensions : dimensionsDefault;
    const base64 = body.encoding_format === 'base64';
    const data = inputs.map((text, index) => {
      const vector = embed(text, dimensions);
      return {
        object: 'embedding',
        index,
        embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
      };
    });
    const tokens = inputs.reduce((sum, text) => sum + approxTokens(text), 0);
    sendJson(res, 200, {
      object: 'list',
      data,
      model: typeof body.model === 'string' ? body.model : 'fake-embedding',
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    chatRequests: () => requests.flatMap((r) => (r.chat ? [r.chat] : [])),
    setHandler(next) {
      current = next;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}

// ---------------------------------------------------------------------------------------
// Helpers

/** Deterministic unit vector from hashed character bigrams (texts sharing bigrams are close). */
export function hashedBigramEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const chars = Array.from(text.toLowerCase());
  const grams = chars.length < 2 ? chars : chars.slice(1).map((char, i) => `${chars[i]}${char}`);
  for (const gram of grams) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < gram.length; i++) {
      hash ^= gram.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    vector[hash % dimensions]! += hash & 0x80000000 ? -1 : 1;
  }
  const norm = Math.hypot(...vector);
  if (norm === 0) {
    vector[0] = 1;
    return vector;
  }
  return vector.map((value) => value / norm);
}

function splitChunks(text: string, size: number): string[] {
  const chars = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''));
  return pieces;
}

function approxTokens(text: string): number {
  return Math.ceil(Array.from(text).length / 2);
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
      .join('');
  }
  return '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
