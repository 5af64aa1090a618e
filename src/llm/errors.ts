import type { z } from 'zod';

/**
 * Short machine-readable cause of an LLM failure. The API shows it to users in
 * `llm.rejected`, so it never contains model output, URLs or keys.
 *
 * - `timeout`: the call's deadline passed (no response, a stalled body or a stalled stream).
 * - `aborted`: the caller's `signal` aborted the call.
 * - `connection`: the endpoint could not be reached (refused, reset, DNS, TLS).
 * - `http_<status>`: the endpoint answered with an HTTP error, e.g. `http_500`, `http_401`.
 * - `provider_error`: the endpoint sent an error object inside an otherwise successful stream.
 * - `refusal`: the model refused (`message.refusal`).
 * - `content_filter`: the provider stopped the output (`finish_reason: "content_filter"`).
 * - `empty`: the model answered nothing (no content, or only whitespace).
 * - `malformed`: the response or the model's JSON could not be parsed or failed its schema.
 * - `unexpected`: anything else (a bug, or an SDK failure we did not foresee).
 */
export type LlmErrorReason =
  | 'timeout'
  | 'aborted'
  | 'connection'
  | `http_${number}`
  | 'provider_error'
  | 'refusal'
  | 'content_filter'
  | 'empty'
  | 'malformed'
  | 'unexpected';

/**
 * Base class of every error the `src/llm` layer throws: callers catch `LlmError` once and
 * serve the deterministic answer. No raw SDK or network error escapes this layer; the
 * original is kept in `cause`.
 */
export class LlmError extends Error {
  override name = 'LlmError';
  readonly reason: LlmErrorReason;

  constructor(reason: LlmErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** The call did not finish within its deadline (`timeoutMs`, or a caller's `AbortSignal.timeout`). */
export class LlmTimeoutError extends LlmError {
  override name = 'LlmTimeoutError';
  constructor(
    /** The deadline that passed, in milliseconds (undefined when a caller's timeout signal fired). */
    readonly timeoutMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    super('timeout', timeoutMs === undefined ? 'LLM call timed out' : `LLM call timed out after ${timeoutMs} ms`, options);
  }
}

/** The endpoint answered with an HTTP error status (or an error object inside a stream). */
export class LlmHttpError extends LlmError {
  override name = 'LlmHttpError';
  constructor(
    /** HTTP status; undefined only for an error event inside a 200 stream. */
    readonly status: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(status === undefined ? 'provider_error' : `http_${status}`, message, options);
  }
}

/** The endpoint could not be reached, or the connection broke. */
export class LlmConnectionError extends LlmError {
  override name = 'LlmConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('connection', message, options);
  }
}

/**
 * The model or the provider refused: a `refusal` message (reason `refusal`) or
 * `finish_reason: "content_filter"` (reason `content_filter`).
 */
export class LlmRefusalError extends LlmError {
  override name = 'LlmRefusalError';
  constructor(
    /** The model's refusal text, if it gave one. Not for end users. */
    readonly refusal: string | undefined,
    readonly finishReason: string | null,
    options?: { cause?: unknown },
  ) {
    super(
      finishReason === 'content_filter' && !refusal ? 'content_filter' : 'refusal',
      finishReason === 'content_filter' && !refusal ? 'LLM output stopped by the content filter' : 'LLM refused to answer',
      options,
    );
  }
}

/** The model produced no content (null, empty or whitespace only). */
export class LlmEmptyOutputError extends LlmError {
  override name = 'LlmEmptyOutputError';
  constructor(
    readonly finishReason: string | null,
    options?: { cause?: unknown },
  ) {
    super('empty', `LLM returned no content (finish_reason: ${finishReason ?? 'none'})`, options);
  }
}

/**
 * The response could not be used: a body that is not a chat completion, JSON output that
 * does not parse, or JSON that fails the zod schema (`issues` then holds zod's issues).
 */
export class LlmMalformedOutputError extends LlmError {
  override name = 'LlmMalformedOutputError';
  constructor(
    message: string,
    readonly details: {
      /** zod issues when the JSON parsed but failed the schema. */
      issues?: z.core.$ZodIssue[];
      /** The model text (or response body) that failed, cut to 2,000 characters. For logs only. */
      raw?: string;
      finishReason?: string | null;
      cause?: unknown;
    } = {},
  ) {
    super('malformed', message, { cause: details.cause });
  }

  get issues(): z.core.$ZodIssue[] | undefined {
    return this.details.issues;
  }

  get raw(): string | undefined {
    return this.details.raw;
  }
}

/** The caller's `signal` aborted the call. */
export class LlmAbortedError extends LlmError {
  override name = 'LlmAbortedError';
  constructor(options?: { cause?: unknown }) {
    super('aborted', 'LLM call aborted by the caller', options);
  }
}

export function isLlmError(value: unknown): value is LlmError {
  return value instanceof LlmError;
}
