import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import type { AppEnv } from './context.js';
import { ApiError, errorResponse } from './errors.js';

/**
 * The paths `API_KEYS` guards: the faces for other programs (the OpenAI-compatible routes and
 * MCP). The JSON API, the widget and the page stay open, as they are today (the widget cannot
 * keep a secret in a browser).
 */
export const KEY_GUARDED_PATHS = ['/v1/chat/completions', '/v1/models', '/v1/models/*', '/mcp'] as const;

const refuse = (why: string) => (c: Context) =>
  errorResponse(c, new ApiError(401, 'invalid_api_key', `authorization: ${why} (send Authorization: Bearer <key>, one of API_KEYS)`, 'authorization'));

/**
 * hono's bearer auth over the configured keys (compared in constant time), refusing with 401,
 * `WWW-Authenticate: Bearer` and the error shape of the path (OpenAI's on its routes).
 */
export function requireApiKey(keys: readonly string[]): MiddlewareHandler<AppEnv> {
  return bearerAuth({
    token: [...keys],
    noAuthenticationHeader: { message: refuse('no bearer key was sent') },
    invalidAuthenticationHeader: { message: refuse('the Authorization header is not a bearer key') },
    invalidToken: { message: refuse('the bearer key is not valid') },
  });
}
