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

/**
 * How a route family writes its errors, when not in the API's own shape: the OpenAI-compatible
 * routes set one (`c.set('errorBody', …)`) so that every refusal on their paths (validation,
 * rate limit, authentication, 405, 500) reaches an OpenAI client in the shape it parses.
 */
export type ErrorBodyRenderer = (error: ApiError) => unknown;

export function errorResponse(c: Context, error: ApiError): Response {
  const render = c.get('errorBody') as ErrorBodyRenderer | undefined;
  return c.json(render ? render(error) : error.toBody(), error.status);
}

/** The app's onError: client errors keep their status; anything else is logged and hidden. */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof ApiError) return errorResponse(c, error);
  if (error instanceof HTTPException) {
    // A middleware that prepared its own response (bearer auth, the MCP transport's JSON-RPC errors).
    if (error.res) return error.getResponse();
    if (error.status === 400 && /JSON/iu.test(error.message)) {
      return errorResponse(c, new ApiError(400, 'invalid_json', 'body: the request body is not valid JSON', 'body'));
    }
    if (error.status === 413) return errorResponse(c, new ApiError(413, 'payload_too_large', 'body: the request body is too large', 'body'));
    return errorResponse(c, new ApiError(error.status as ContentfulStatusCode, 'http_error', error.message || 'request refused', 'request'));
  }
  console.error('unexpected error', c.req.method, c.req.path, error);
  return errorResponse(c, new ApiError(500, 'internal', 'internal error', 'server'));
}
