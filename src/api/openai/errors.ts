import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import type { ApiError } from '../errors.js';

/** An error as OpenAI's API writes it, which its SDKs and the chat UIs built on them parse. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string; code: string };
}

/** The API's codes that OpenAI clients know by another name. */
const OPENAI_CODES: Record<string, string> = { rate_limited: 'rate_limit_exceeded' };

function typeOf(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

/** `{ error: { message, type, param, code } }`; `param` names the field at fault, as `field` does in the API's shape. */
export function openAIErrorBody(error: ApiError): OpenAIErrorBody {
  return { error: { message: error.message, type: typeOf(error.status), param: error.field, code: OPENAI_CODES[error.code] ?? error.code } };
}

/** On the OpenAI-compatible paths every error (validation, 401, 405, 413, 415, 429, 500) is written in OpenAI's shape. */
export function openAIErrors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('errorBody', openAIErrorBody);
    await next();
  };
}
