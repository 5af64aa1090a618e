import type { Context, MiddlewareHandler } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context.js';
import { ApiError, errorResponse } from './errors.js';

/**
 * Browser-facing protection (docs/api.md, "The widget" and "Limits"):
 * - CORS allowlist: requests carrying an `Origin` header are served only to the service's
 *   own origin and to origins listed in ALLOWED_ORIGINS; others get 403 (preflight too).
 *   Requests without `Origin` (curl, servers, same-origin navigations) are not browser
 *   cross-origin calls and pass. `GET /widget.js` is public: any page may load the script,
 *   the API it calls is what the allowlist guards.
 * - A per-client sliding-window rate limit on the ask endpoints: 429 + Retry-After.
 * - `Cache-Control: no-store` on answers.
 */
export interface SecurityOptions {
  /** Origins allowed to call the API from a browser, e.g. `https://assoc.example`; `*` allows any. */
  allowedOrigins?: readonly string[];
  /** Requests per client per minute on /v1/ask and /v1/ask/stream; 0 or absent turns the limit off. */
  rateLimitPerMinute?: number;
  /** Take the client address from the first `X-Forwarded-For` hop (only behind a trusted proxy). */
  trustProxy?: boolean;
}

/** Paths any origin may fetch: the widget script itself. */
const PUBLIC_PATHS = new Set(['/widget.js']);
/** The ask endpoints: rate limited and never cached. */
const ASK_PATHS = new Set(['/v1/ask', '/v1/ask/stream']);
const WINDOW_MS = 60_000;

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

export function corsMiddleware(policy: OriginPolicy): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    c.header('Vary', 'Origin', { append: true });
    const preflight = c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined;

    if (PUBLIC_PATHS.has(c.req.path) && (c.req.method === 'GET' || c.req.method === 'HEAD' || preflight)) {
      c.header('Access-Control-Allow-Origin', '*');
      if (preflight) {
        c.header('Access-Control-Allow-Methods', 'GET, HEAD');
        return c.body(null, 204);
      }
      return next();
    }

    if (!policy.allows(origin, c.req.url)) {
      if (preflight) return refuseOrigin(c, origin);
      // The refusal itself is readable by the refused page, so that an embedded widget can
      // say why it does not work instead of reporting a network failure. Nothing else is.
      c.header('Access-Control-Allow-Origin', origin);
      return refuseOrigin(c, origin);
    }

    c.header('Access-Control-Allow-Origin', origin);
    if (preflight) {
      c.header('Vary', 'Access-Control-Request-Method, Access-Control-Request-Headers', { append: true });
      c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      c.header('Access-Control-Allow-Headers', c.req.header('access-control-request-headers') ?? 'content-type');
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    c.header('Access-Control-Expose-Headers', 'Retry-After, X-Plan-Version');
    return next();
  };
}

/**
 * The client an ask is counted against: its IP address (an IPv6 client by its /64, which
 * one host usually controls whole). Without a socket (in-process `app.request`), "local".
 */
export function clientKey(c: Context, trustProxy: boolean): string {
  let address: string | undefined;
  if (trustProxy) address = c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || undefined;
  address ??= (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  if (!address) return 'local';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/iu.exec(address);
  if (mapped) return mapped[1]!;
  if (address.includes(':')) {
    const [head = '', tail = ''] = address.toLowerCase().split('::');
    const left = head ? head.split(':') : [];
    const right = tail ? tail.split(':') : [];
    const groups = address.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
    return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/u, '')).join(':')}::/64`;
  }
  return address;
}

/**
 * A sliding-window log: each client's request times in the last minute, at most `limit` of
 * them. Past the limit, the wait is until the oldest leaves the window.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    readonly limit: number,
    readonly windowMs = WINDOW_MS,
    private readonly maxClients = 100_000,
  ) {}

  /** Records a hit and returns 0, or returns the milliseconds to wait (nothing recorded). */
  take(key: string, now: number): number {
    this.sweep(now);
    const since = now - this.windowMs;
    const times = (this.hits.get(key) ?? []).filter((time) => time > since);
    if (times.length >= this.limit) {
      this.hits.set(key, times);
      return times[0]! + this.windowMs - now;
    }
    times.push(now);
    this.hits.delete(key); // re-insert: the map stays ordered by last activity
    this.hits.set(key, times);
    if (this.hits.size > this.maxClients) {
      const oldest = this.hits.keys().next().value;
      if (oldest !== undefined) this.hits.delete(oldest);
    }
    return 0;
  }

  get clients(): number {
    return this.hits.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, times] of this.hits) if ((times.at(-1) ?? 0) <= now - this.windowMs) this.hits.delete(key);
  }
}

export function rateLimitMiddleware(limiter: SlidingWindowLimiter, trustProxy: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST' || !ASK_PATHS.has(c.req.path)) return next();
    const waitMs = limiter.take(clientKey(c, trustProxy), Date.now());
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      c.header('Retry-After', String(seconds));
      return errorResponse(
        c,
        new ApiError(429, 'rate_limited', `rate limit: at most ${limiter.limit} questions a minute; retry in ${seconds} s`),
      );
    }
    return next();
  };
}

/** Answers depend on the question and are never to be cached by browsers or proxies. */
export const noStoreMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (ASK_PATHS.has(c.req.path)) c.header('Cache-Control', 'no-store');
};

/** Registers CORS, no-store and the rate limit, in that order; call before the other middleware. */
export function registerSecurity(app: OpenAPIHono<AppEnv>, options: SecurityOptions = {}): void {
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
  });
  app.use('*', corsMiddleware(new OriginPolicy(options.allowedOrigins)));
  app.use('*', noStoreMiddleware);
  const limit = options.rateLimitPerMinute ?? 0;
  if (limit > 0) app.use('*', rateLimitMiddleware(new SlidingWindowLimiter(limit), options.trustProxy ?? false));
}
