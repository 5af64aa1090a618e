import type OpenAI from 'openai';
import type { ClientOptions } from 'openai';
import { z, type ZodType } from 'zod';
import {
  LlmAbortedError,
  LlmConnectionError,
  LlmEmptyOutputError,
  LlmError,
  LlmHttpError,
  LlmMalformedOutputError,
  LlmRefusalError,
  LlmTimeoutError,
} from './errors.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Aborts the call: `LlmAbortedError` (or `LlmTimeoutError` if the signal's reason is a `TimeoutError`, as from `AbortSignal.timeout()`). */
  signal?: AbortSignal;
  /** Deadline for this whole call (connect, response, body or stream, and any fallback request). Default: the model's `timeoutMs`. */
  timeoutMs?: number;
  /** Sampling temperature. Default: not sent (the server's default). */
  temperature?: number;
  /** Output token limit, sent as `max_tokens`. Default: not sent. */
  maxTokens?: number;
}

export interface ChatResult {
  /** The model's text, with a leading `<think>…</think>` block (reasoning models on local servers) removed. Never empty. */
  content: string;
  /** `stop`, `length` (output was cut at the token limit), … as the server reported it. */
  finishReason: string | null;
  /** The model that answered, as the server reported it (else the requested model). */
  model: string;
  usage?: { promptTokens: number; completionTokens: number; totalTokens: number };
}

export interface CompleteJsonOptions {
  /** Name of the schema sent in `response_format.json_schema.name` (`^[a-zA-Z0-9_-]{1,64}$`). Default `"response"`. */
  name?: string;
}

/**
 * The model-facing interface the assistant pipeline uses. Every method ends within the
 * request's deadline and throws only `LlmError` subclasses (see `./errors.ts`).
 */
export interface ChatModel {
  readonly model: string;
  /** One completion. Throws `LlmRefusalError`, `LlmEmptyOutputError`, `LlmTimeoutError`, … */
  complete(request: ChatRequest): Promise<ChatResult>;
  /**
   * Content deltas as they arrive. The deadline covers the whole stream, including time the
   * consumer spends between pulls; a stall ends with `LlmTimeoutError`. Text already yielded
   * is not taken back: on an error the consumer must discard what it has. Breaking out of
   * the loop aborts the request.
   */
  stream(request: ChatRequest): AsyncIterable<string>;
  /**
   * Asks for JSON matching `schema` (structured outputs, falling back to JSON mode), strips
   * code fences, parses and validates. Throws `LlmMalformedOutputError` (with zod issues)
   * when the output does not parse or does not fit the schema.
   */
  completeJson<T>(request: ChatRequest, schema: ZodType<T>, options?: CompleteJsonOptions): Promise<T>;
}

export interface OpenAIChatModelOptions {
  /** OpenAI-compatible API root, e.g. `http://127.0.0.1:11434/v1`. Default `https://api.openai.com/v1` (the SDK's `OPENAI_BASE_URL` env fallback is not used). */
  baseURL?: string;
  /** Bearer key. Local servers usually accept any value. */
  apiKey: string;
  /** Model name. Default `gpt-4o-mini`. */
  model?: string;
  /** Default deadline per call in milliseconds (a request's `timeoutMs` overrides it). Default 12,000. */
  timeoutMs?: number;
  /** SDK retries within the deadline. Default 0: the pipeline's fallback rules, not retries, handle failures. */
  maxRetries?: number;
  /** Custom fetch (tests, proxies). Default: global fetch. */
  fetch?: ClientOptions['fetch'];
  /**
   * Structured-output mode `completeJson` starts with. Default `json_schema`; it switches to
   * `json_object` for the rest of this instance's life once the server rejects `json_schema`
   * (HTTP 400/422) and the `json_object` retry succeeds.
   */
  structuredOutput?: 'json_schema' | 'json_object';
  /** SDK log level. Default `off`: every failure reaches the caller as an `LlmError` instead. */
  logLevel?: ClientOptions['logLevel'];
}

export const DEFAULT_CHAT_MODEL = 'gpt-4o-mini';
export const DEFAULT_LLM_TIMEOUT_MS = 12_000;
const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const RAW_LOG_LIMIT = 2_000;

type CreateParams = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
type ResponseFormat = NonNullable<CreateParams['response_format']>;

/** `ChatModel` over any OpenAI-compatible `/chat/completions` endpoint, via the `openai` SDK. */
export class OpenAIChatModel implements ChatModel {
  readonly model: string;
  readonly baseURL: string;
  readonly timeoutMs: number;
  private client: Promise<OpenAI> | undefined;
  private readonly clientOptions: ClientOptions;
  private readonly maxRetries: number;
  private structuredOutput: 'json_schema' | 'json_object';

  /** Makes no network call. */
  constructor(options: OpenAIChatModelOptions) {
    this.model = options.model ?? DEFAULT_CHAT_MODEL;
    this.baseURL = options.baseURL ?? DEFAULT_BASE_URL;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? 0;
    this.structuredOutput = options.structuredOutput ?? 'json_schema';
    this.clientOptions = {
      apiKey: options.apiKey,
      baseURL: this.baseURL,
      timeout: this.timeoutMs,
      maxRetries: this.maxRetries,
      logLevel: options.logLevel ?? 'off',
      ...(options.fetch ? { fetch: options.fetch } : {}),
    };
  }

  /** The SDK client, made on the first call (see `loadSdk`). */
  private openai(): Promise<OpenAI> {
    this.client ??= loadSdk().then(({ default: SDK }) => new SDK(this.clientOptions));
    return this.client;
  }

  async complete(request: ChatRequest): Promise<ChatResult> {
    const deadline = this.startDeadline(request);
    try {
      const client = await this.openai();
      const completion = await deadline.race(
        client.chat.completions.create(this.params(request), this.requestOptions(deadline)),
      );
      return this.readCompletion(completion);
    } catch (error) {
      throw toLlmError(error, deadline);
    } finally {
      deadline.dispose();
    }
  }

  stream(request: ChatRequest): AsyncIterable<string> {
    return this.streamDeltas(request);
  }

  async completeJson<T>(request: ChatRequest, schema: ZodType<T>, options: CompleteJsonOptions = {}): Promise<T> {
    const deadline = this.startDeadline(request);
    try {
      const jsonSchema = this.structuredOutput === 'json_schema' ? toJsonSchema(schema, options.name) : undefined;
      let completion: unknown;
      const client = await this.openai();
      if (jsonSchema) {
        try {
          completion = await deadline.race(
            client.chat.completions.create(
              { ...this.params(request), response_format: jsonSchema },
              this.requestOptions(deadline),
            ),
          );
        } catch (error) {
          if (!(error instanceof sdk!.APIError && (error.status === 400 || error.status === 422)) || deadline.fired()) throw error;
          // The server does not take json_schema (or this schema): one retry in JSON mode, same deadline.
          completion = await this.createJsonObject(client, request, schema, deadline);
          this.structuredOutput = 'json_object';
        }
      } else {
        completion = await this.createJsonObject(client, request, schema, deadline);
      }
      const result = this.readCompletion(completion);
      return await parseJsonOutput(result.content, schema, result.finishReason);
    } catch (error) {
      throw toLlmError(error, deadline);
    } finally {
      deadline.dispose();
    }
  }

  private createJsonObject(client: OpenAI, request: ChatRequest, schema: ZodType<unknown>, deadline: Deadline): Promise<unknown> {
    return deadline.race(
      client.chat.completions.create(
        {
          ...this.params(request),
          messages: withJsonInstruction(request.messages, schema),
          response_format: { type: 'json_object' },
        },
        this.requestOptions(deadline),
      ),
    );
  }

  private async *streamDeltas(request: ChatRequest): AsyncGenerator<string, void, undefined> {
    const deadline = this.startDeadline(request);
    let iterator: AsyncIterator<unknown> | undefined;
    try {
      const client = await this.openai();
      const stream = await deadline.race(
        client.chat.completions.create(
          { ...this.params(request), stream: true },
          this.requestOptions(deadline),
        ),
      );
      iterator = stream[Symbol.asyncIterator]();
      const filter = new LeadingThinkFilter();
      let produced = false;
      let refusal = '';
      let finishReason: string | null = null;
      for (;;) {
        const step = await deadline.race(iterator.next());
        if (step.done) break;
        const choice = readChunkChoice(step.value);
        if (!choice) continue; // e.g. a usage-only chunk
        if (choice.refusal) refusal += choice.refusal;
        if (choice.content) {
          const text = filter.push(choice.content);
          if (text) {
            produced ||= text.trim() !== '';
            yield text;
          }
        }
        if (choice.finishReason) {
          finishReason = choice.finishReason;
          if (finishReason === 'content_filter') throw new LlmRefusalError(refusal || undefined, finishReason);
        }
      }
      // The SDK ends a stream silently when its request is aborted: find out whether ours was.
      const fired = deadline.fired();
      if (fired) throw fired;
      const tail = filter.end();
      if (tail) {
        produced ||= tail.trim() !== '';
        yield tail;
      }
      if (refusal) throw new LlmRefusalError(refusal, finishReason);
      if (!produced) throw new LlmEmptyOutputError(finishReason);
    } catch (error) {
      throw toLlmError(error, deadline);
    } finally {
      // Also runs when the consumer breaks out early: abort the request, release the socket.
      deadline.dispose();
      iterator?.return?.().catch(noop);
    }
  }

  private startDeadline(request: ChatRequest): Deadline {
    return new Deadline(request.timeoutMs ?? this.timeoutMs, request.signal);
  }

  private params(request: ChatRequest): CreateParams {
    return {
      model: this.model,
      messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
    };
  }

  private requestOptions(deadline: Deadline): OpenAI.RequestOptions {
    // The SDK's own timeout only covers waiting for response headers; ours covers the body too.
    return { signal: deadline.signal, timeout: Math.max(1, deadline.remainingMs()), maxRetries: this.maxRetries };
  }

  private readCompletion(completion: unknown): ChatResult {
    if (!isRecord(completion) || !Array.isArray(completion.choices)) {
      throw new LlmMalformedOutputError('response is not a chat completion', { raw: preview(completion) });
    }
    const choice: unknown = completion.choices[0];
    if (!isRecord(choice) || !isRecord(choice.message)) {
      throw new LlmMalformedOutputError('chat completion has no message', { raw: preview(completion) });
    }
    const finishReason = typeof choice.finish_reason === 'string' ? choice.finish_reason : null;
    const { message } = choice;
    if (typeof message.refusal === 'string' && message.refusal.trim() !== '') {
      throw new LlmRefusalError(message.refusal, finishReason);
    }
    if (finishReason === 'content_filter') throw new LlmRefusalError(undefined, finishReason);
    const content = typeof message.content === 'string' ? stripLeadingThink(message.content) : '';
    if (content.trim() === '') throw new LlmEmptyOutputError(finishReason);
    const usage = isRecord(completion.usage) ? completion.usage : undefined;
    return {
      content,
      finishReason,
      model: typeof completion.model === 'string' && completion.model ? completion.model : this.model,
      ...(usage
        ? {
            usage: {
              promptTokens: numberOr0(usage.prompt_tokens),
              completionTokens: numberOr0(usage.completion_tokens),
              totalTokens: numberOr0(usage.total_tokens),
            },
          }
        : {}),
    };
  }
}

// ---------------------------------------------------------------------------------------
// Deadline: one AbortController per call, fired by the timer or by the caller's signal.

class Deadline {
  private readonly controller = new AbortController();
  private readonly startedAt = Date.now();
  private readonly timer: ReturnType<typeof setTimeout>;
  private failure: LlmError | undefined;
  private rejectExpired: (error: LlmError) => void = noop;
  private readonly expired: Promise<never>;
  private readonly onCallerAbort = () => this.fire(callerAbortError(this.callerSignal));

  constructor(
    readonly timeoutMs: number,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    this.expired = new Promise<never>((_, reject) => {
      this.rejectExpired = reject;
    });
    this.expired.catch(noop);
    this.timer = setTimeout(() => this.fire(new LlmTimeoutError(timeoutMs)), timeoutMs);
    if (callerSignal?.aborted) this.onCallerAbort();
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  /** Passed to the SDK: aborts the HTTP request when the deadline or the caller fires. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  remainingMs(): number {
    return this.timeoutMs - (Date.now() - this.startedAt);
  }

  /** The typed error if the deadline passed or the caller aborted, else undefined. */
  fired(): LlmError | undefined {
    return this.failure;
  }

  /** Settles with `operation`, or rejects as soon as the deadline or the caller fires, whichever is first. */
  race<T>(operation: Promise<T>): Promise<T> {
    operation.catch(noop); // if we stop waiting, its later rejection is expected
    if (this.failure) return Promise.reject(this.failure);
    return Promise.race([operation, this.expired]);
  }

  /** Ends the call: clears the timer, detaches from the caller, aborts anything still open. */
  dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    if (!this.controller.signal.aborted) this.controller.abort();
  }

  private fire(error: LlmError): void {
    if (this.failure) return;
    this.failure = error;
    clearTimeout(this.timer);
    this.controller.abort(error);
    this.rejectExpired(error);
  }
}

/** A caller's `AbortSignal.timeout()` is a timeout too; any other abort is the caller's choice. */
function callerAbortError(signal: AbortSignal | undefined): LlmError {
  const reason: unknown = signal?.reason;
  if (isRecord(reason) && reason.name === 'TimeoutError') return new LlmTimeoutError(undefined, { cause: reason });
  return new LlmAbortedError({ cause: reason });
}

// ---------------------------------------------------------------------------------------
// Error mapping: no raw SDK, fetch or JSON error leaves this module.

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/**
 * The `openai` SDK, loaded on the first call of a model: it is about 150 modules that a process
 * in offline mode never needs (start time and memory). Until it is loaded, no error can be one of its.
 */
let sdk: typeof import('openai') | undefined;
async function loadSdk(): Promise<typeof import('openai')> {
  sdk ??= await import('openai');
  return sdk;
}

export function toLlmError(error: unknown, deadline?: { fired(): LlmError | undefined; timeoutMs: number }): LlmError {
  const fired = deadline?.fired();
  if (fired) return fired;
  if (error instanceof LlmError) return error;
  if (sdk) {
    if (error instanceof sdk.APIConnectionTimeoutError) return new LlmTimeoutError(deadline?.timeoutMs, { cause: error });
    if (error instanceof sdk.APIUserAbortError) return new LlmAbortedError({ cause: error });
    if (error instanceof sdk.APIConnectionError) return new LlmConnectionError(error.message, { cause: error });
    if (error instanceof sdk.APIError) return new LlmHttpError(error.status, error.message, { cause: error });
  }
  if (error instanceof SyntaxError) {
    return new LlmMalformedOutputError('response body is not valid JSON', { cause: error });
  }
  if (isRecord(error) && error.name === 'AbortError') return new LlmAbortedError({ cause: error });
  if (isNetworkError(error)) return new LlmConnectionError(errorMessage(error), { cause: error });
  if (sdk && error instanceof sdk.OpenAIError) return new LlmError('unexpected', error.message, { cause: error });
  return new LlmError('unexpected', `unexpected LLM client failure: ${errorMessage(error)}`, { cause: error });
}

function isNetworkError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; isRecord(current) && depth < 5; current = current.cause, depth++) {
    if (typeof current.code === 'string' && NETWORK_CODES.has(current.code)) return true;
    if (current instanceof TypeError && /fetch failed|terminated|socket|network/i.test(current.message)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// JSON output

function toJsonSchema(schema: ZodType<unknown>, name = 'response'): ResponseFormat | undefined {
  const build = (io: 'output' | 'input') => {
    const { $schema: _ignored, ...jsonSchema } = z.toJSONSchema(schema, { io }) as Record<string, unknown>;
    return jsonSchema;
  };
  try {
    return { type: 'json_schema', json_schema: { name, schema: build('output'), strict: true } };
  } catch {
    // Transforms have no output JSON Schema; their input schema still says what to write.
    try {
      return { type: 'json_schema', json_schema: { name, schema: build('input'), strict: false } };
    } catch {
      return undefined;
    }
  }
}

/** JSON mode needs the word "JSON" in the prompt, and the schema is the only way to say the shape. */
function withJsonInstruction(messages: ChatMessage[], schema: ZodType<unknown>): ChatMessage[] {
  let shape = '';
  try {
    const { $schema: _ignored, ...jsonSchema } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >;
    shape = ` It must validate against this JSON Schema: ${JSON.stringify(jsonSchema)}`;
  } catch {
    shape = '';
  }
  const instruction = `Reply with a single JSON object and nothing else (no prose, no code fences).${shape}`;
  // Some local chat templates accept a system message only in first position: merge into it.
  const [first, ...rest] = messages;
  if (first?.role === 'system') return [{ role: 'system', content: `${first.content}\n\n${instruction}` }, ...rest];
  return [{ role: 'system', content: instruction }, ...messages];
}

/** Model text → JSON text: drops a leading `<think>` block and ``` fences, or any prose around one object. */
export function extractJsonText(text: string): string {
  let body = stripLeadingThink(text).trim();
  const fenced = /```[A-Za-z0-9_-]*[ \t]*\r?\n?([\s\S]*?)\r?\n?[ \t]*```/u.exec(body);
  if (fenced?.[1] !== undefined) body = fenced[1].trim();
  if (!body.startsWith('{') && !body.startsWith('[')) {
    const start = body.search(/[{[]/u);
    const end = Math.max(body.lastIndexOf('}'), body.lastIndexOf(']'));
    if (start >= 0 && end > start) body = body.slice(start, end + 1);
  }
  return body;
}

async function parseJsonOutput<T>(content: string, schema: ZodType<T>, finishReason: string | null): Promise<T> {
  const text = extractJsonText(content);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const cut = finishReason === 'length' ? ' (output cut at the token limit)' : '';
    throw new LlmMalformedOutputError(`model output is not valid JSON${cut}`, {
      raw: preview(content),
      finishReason,
      cause: error,
    });
  }
  const parsed = await schema.safeParseAsync(value);
  if (!parsed.success) {
    const summary = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new LlmMalformedOutputError(`model JSON does not match the schema: ${summary}`, {
      issues: parsed.error.issues,
      raw: preview(content),
      finishReason,
      cause: parsed.error,
    });
  }
  return parsed.data;
}

// ---------------------------------------------------------------------------------------
// Reasoning-model output: `<think>…</think>` before the answer (DeepSeek-R1, Qwen3 on some servers).

function stripLeadingThink(text: string): string {
  const match = /^\s*<think>[\s\S]*?<\/think>\s*/u.exec(text);
  return match ? text.slice(match[0].length) : text;
}

/** Streaming counterpart of `stripLeadingThink`: holds back text only while it may be a leading think block. */
class LeadingThinkFilter {
  private state: 'start' | 'think' | 'after' | 'pass' = 'start';
  private buffer = '';

  push(delta: string): string {
    if (this.state === 'pass') return delta;
    this.buffer += delta;
    if (this.state === 'start') {
      const head = this.buffer.trimStart();
      if (head.length < '<think>'.length && '<think>'.startsWith(head)) return '';
      if (!head.startsWith('<think>')) return this.release();
      this.state = 'think';
    }
    if (this.state === 'think') {
      const close = this.buffer.indexOf('</think>');
      if (close < 0) return '';
      this.buffer = this.buffer.slice(close + '</think>'.length);
      this.state = 'after';
    }
    // 'after': drop the whitespace between the think block and the answer.
    this.buffer = this.buffer.trimStart();
    return this.buffer ? this.release() : '';
  }

  end(): string {
    if (this.state === 'start') return this.release();
    this.buffer = '';
    return '';
  }

  private release(): string {
    const text = this.buffer;
    this.buffer = '';
    this.state = 'pass';
    return text;
  }
}

// ---------------------------------------------------------------------------------------
// Helpers

function readChunkChoice(
  chunk: unknown,
): { content: string | undefined; refusal: string | undefined; finishReason: string | undefined } | undefined {
  if (!isRecord(chunk)) throw new LlmMalformedOutputError('stream chunk is not an object', { raw: preview(chunk) });
  if (!Array.isArray(chunk.choices)) return undefined;
  const choice: unknown = chunk.choices[0];
  if (!isRecord(choice)) return undefined;
  const delta = isRecord(choice.delta) ? choice.delta : {};
  return {
    content: typeof delta.content === 'string' ? delta.content : undefined,
    refusal: typeof delta.refusal === 'string' ? delta.refusal : undefined,
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : safeStringify(value);
  return text.length > RAW_LOG_LIMIT ? `${text.slice(0, RAW_LOG_LIMIT)}…` : text;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function noop(): void {}
