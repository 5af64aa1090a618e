import type { Context, MiddlewareHandler } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './context.js';
import { ApiError, errorResponse } from './errors.js';

/**
 * Browser-facing protection (docs/api.md, "The widget" and "Limits"):
 * - CORS allowlist: requests carrying an `Origin` header are served only to the service's
 *   own origin and to origins listed in ALLOWED_ORIGINS (hono/cors); others get 403,
 *   preflight too. Requests without `Origin` (curl, servers, same-origin navigations) are not
 *   browser cross-origin calls and pass. `GET /widget.js` is public: any page may load the
 *   script, the API it calls is what the allowlist guards.
 * - Security headers (hono/secure-headers), `Cache-Control: no-store` on answers, and
 *   `Connection: close` honoured when the client asks for it.
 */
export interface SecurityOptions {
  /** Origins allowed to call the API from a browser, e.g. `https://assoc.example`; `*` allows any. */
  allowedOrigins?: readonly string[];
}

/** Paths any origin may fetch: the widget script itself. */
const PUBLIC_PATHS = new Set(['/widget.js']);
/** The answering endpoints: never cached. */
export const ANSWER_PATHS: ReadonlySet<string> = new Set(['/v1/ask', '/v1/ask/stream', '/v1/chat/completions', '/mcp']);
/** Response headers a cross-origin page may read. */
const EXPOSED_HEADERS = ['Retry-After', 'X-Plan-Version', 'X-Request-Id', 'X-Degraded', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy'];

/** `https://Example.org:443/` → `https://example.org`; undefined when it is not an origin. */
export function normalizeOrigin(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '*') return '*';
  try {
    const url = new URL(trimmed);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

export class OriginPolicy {
  private readonly allowed: Set<string>;
  private readonly any: boolean;

  constructor(allowedOrigins: readonly string[] = []) {
    const normalized = allowedOrigins.map(normalizeOrigin).filter((origin): origin is string => origin !== undefined);
    this.any = normalized.includes('*');
    this.allowed = new Set(normalized.filter((origin) => origin !== '*'));
  }

  /**
   * Same origin (the Origin's host is the host the request was sent to; the scheme is not
   * compared so that a TLS-terminating proxy in front does not turn the page into a stranger)
   * or listed.
   */
  allows(origin: string, requestUrl: string): boolean {
    if (this.any) return true;
    const normalized = normalizeOrigin(origin);
    if (!normalized || normalized === '*') return false;
    if (this.allowed.has(normalized)) return true;
    try {
      return new URL(normalized).host === new URL(requestUrl).host;
    } catch {
      return false;
    }
  }
}

function refuseOrigin(c: Context, origin: string): Response {
  return errorResponse(
    c,
    new ApiError(403, 'origin_not_allowed', `origin: ${origin.slice(0, 200)} is not allowed to use this service (see ALLOWED_ORIGINS)`, 'origin'),
  );
}

const isPreflight = (c: Context) => c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined;

/**
 * Refuses origins the policy does not allow, before any work: 403 in the API's error shape.
 * hono/cors would only leave the allow header out, and the browser would show the page a
 * network error; here the refusal of a simple request is readable by the refused page, so an
 * embedded widget can say why it does not work. Nothing else is.
 */
export function refuseForeignOrigins(policy: OriginPolicy): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined || PUBLIC_PATHS.has(c.req.path) || policy.allows(origin, c.req.url)) return next();
    c.header('Vary', 'Origin', { append: true });
    if (!isPreflight(c)) c.header('Access-Control-Allow-Origin', origin);
    return refuseOrigin(c, origin);
  };
}

/** Registers security headers, the CORS allowlist, no-store on answers and `Connection: close`; call before the routes. */
export function registerSecurity(app: OpenAPIHono<AppEnv>, options: SecurityOptions = {}): void {
  // Routes that set their own (the page's CSP and referrer policy, the widget's resource policy) keep them.
  // HSTS is left to the TLS-terminating proxy: this server speaks plain HTTP.
  app.use('*', secureHeaders({ overwrite: false, strictTransportSecurity: false }));

  // A client that asked to close gets `Connection: close`, also on responses (event streams)
  // that would otherwise say keep-alive and hold the socket for the keep-alive timeout.
  app.use('*', async (c, next) => {
    await next();
    if (/\bclose\b/iu.test(c.req.header('connection') ?? '')) c.res.headers.set('Connection', 'close');
  });

  const policy = new OriginPolicy(options.allowedOrigins);
  app.use('*', refuseForeignOrigins(policy));
  const publicCors = cors({ origin: '*', allowMethods: ['GET', 'HEAD'] });
  const apiCors = cors({
    // Only allowed origins get this far (refuseForeignOrigins): echo the one that asked.
    origin: (origin) => origin,
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
  app.use('*', async (c, next) => {
    if (c.req.header('origin') === undefined) return next();
    return (PUBLIC_PATHS.has(c.req.path) ? publicCors : apiCors)(c, next);
  });

  // Answers depend on the question and are never to be cached by browsers or proxies.
  app.use('*', async (c, next) => {
    await next();
    if (ANSWER_PATHS.has(c.req.path)) c.header('Cache-Control', 'no-store');
  });
}
