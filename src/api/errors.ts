import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';

/**
 * The one error shape of the API (docs/api.md): `{ error: { code, message, field } }`.
 * `field` names what is at fault: a body field (`question`, `history[3].content`), a part of
 * the request (`body`, `content-type`, `origin`, `method`, `path`), `client` when the
 * client's allowance ran out, `server` when the fault is the server's.
 */
export interface ErrorBody {
  error: { code: string; message: string; field: string };
}

/** An error meant for the client: its status, a stable code, and the field at fault. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, field: this.field } };
  }
}

/** "history[1].role" from a zod path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/** A 400 naming the first invalid field, with every issue in the message. */
export function validationError(error: ZodError, prefix = ''): ApiError {
  const issues = error.issues.map((issue) => {
    const field = fieldPath([...(prefix ? [prefix] : []), ...issue.path]) || 'body';
    const message = issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message;
    return { field, message: `${field}: ${message}` };
  });
  return new ApiError(400, 'invalid_request', issues.map((issue) => issue.message).join('; '), issues[0]?.field ?? (prefix || 'body'));
}

export function errorResponse(c: Context, error: ApiError): Response {
  return c.json(error.toBody(), error.status);
}

/** The app's onError: client errors keep their status; anything else is logged and hidden. */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof ApiError) return errorResponse(c, error);
  if (error instanceof HTTPException) {
    if (error.status === 400 && /JSON/iu.test(error.message)) {
      return errorResponse(c, new ApiError(400, 'invalid_json', 'body: the request body is not valid JSON', 'body'));
    }
    if (error.status === 413) return errorResponse(c, new ApiError(413, 'payload_too_large', 'body: the request body is too large', 'body'));
    return errorResponse(c, new ApiError(error.status as ContentfulStatusCode, 'http_error', error.message || 'request refused', 'request'));
  }
  console.error('unexpected error', c.req.method, c.req.path, error);
  return c.json({ error: { code: 'internal', message: 'internal error', field: 'server' } } satisfies ErrorBody, 500);
}
