import type { Context, MiddlewareHandler } from 'hono';
import { MemoryStore, rateLimiter, type Store } from 'hono-rate-limiter';
import type { AppEnv } from './context.js';
import { ApiError, errorResponse } from './errors.js';
import { callsMcpTool } from './mcp-messages.js';

/**
 * The allowances: `ask` for the answering routes (each answer costs retrieval and maybe an
 * LLM), `rules` for the rule routes (cheaper, so a higher limit).
 */
export type Allowance = 'ask' | 'rules';

/** A route counted against an allowance. */
export interface RateLimitedRoute {
  allowance: Allowance;
  method: string;
  path: string;
  /** Counted only when this says so (what an MCP message asks for); default: always. */
  when?: (c: Context<AppEnv>) => boolean | Promise<boolean>;
}

/**
 * Which requests count against which allowance. A route that answers questions (an
 * OpenAI-compatible chat route, an MCP endpoint) belongs in `ask`; one that evaluates rules,
 * in `rules`. Callers may pass their own list (`RateLimitOptions.routes`).
 */
export const DEFAULT_RATE_LIMITED_ROUTES: readonly RateLimitedRoute[] = [
  { allowance: 'ask', method: 'POST', path: '/v1/ask' },
  { allowance: 'ask', method: 'POST', path: '/v1/ask/stream' },
  { allowance: 'rules', method: 'POST', path: '/v1/eligibility' },
  { allowance: 'rules', method: 'POST', path: '/v1/targets/check' },
  { allowance: 'rules', method: 'POST', path: '/v1/eligibility/next' },
  { allowance: 'rules', method: 'POST', path: '/v1/eligibility/export' },
  { allowance: 'ask', method: 'POST', path: '/v1/chat/completions' },
  // MCP: a call of the `ask` tool is a question; the other messages (handshake, lists, rule tools) are rule requests.
  { allowance: 'ask', method: 'POST', path: '/mcp', when: (c) => callsMcpTool(c, 'ask') },
  { allowance: 'rules', method: 'POST', path: '/mcp', when: async (c) => !(await callsMcpTool(c, 'ask')) },
];

/** Where hit counts live: one store per allowance. The default keeps them in this process's memory. */
export type RateLimitStoreFactory = (allowance: Allowance, windowMs: number) => Store<AppEnv>;

export interface RateLimitOptions {
  /** Requests per client per window, per allowance; 0 or absent turns that allowance's limit off. */
  limits: Partial<Record<Allowance, number>>;
  /** Who the client is (see `clientKey`). */
  clientKey: (c: Context<AppEnv>) => string;
  /** The counted routes. Default `DEFAULT_RATE_LIMITED_ROUTES`. */
  routes?: readonly RateLimitedRoute[];
  /** The window. Default 60,000 ms. */
  windowMs?: number;
  /** Default: a `MemoryStore` (hono-rate-limiter) per allowance. A shared store (Redis) makes several processes one limit. */
  store?: RateLimitStoreFactory;
  /** Told of each refusal (metrics). */
  onLimited?: (allowance: Allowance) => void;
}

const NOUN: Record<Allowance, [one: string, many: string]> = { ask: ['question', 'questions'], rules: ['rule request', 'rule requests'] };

/**
 * One hono-rate-limiter middleware per allowance that has a limit. Over the limit: 429 with
 * `Retry-After` and the API's error shape, `field: "client"` (the client's allowance is what
 * ran out); the `RateLimit-*` headers tell every counted response how much is left.
 */
export function rateLimitMiddlewares(options: RateLimitOptions): MiddlewareHandler<AppEnv>[] {
  const routes = options.routes ?? DEFAULT_RATE_LIMITED_ROUTES;
  const windowMs = options.windowMs ?? 60_000;
  const allowances = [...new Set(routes.map((route) => route.allowance))];
  return allowances.flatMap((allowance) => {
    const limit = options.limits[allowance] ?? 0;
    if (limit <= 0) return [];
    const counted = routes.filter((route) => route.allowance === allowance);
    return [
      rateLimiter<AppEnv>({
        windowMs,
        limit,
        standardHeaders: 'draft-6',
        skip: async (c) => {
          for (const route of counted) {
            if (route.method === c.req.method && route.path === c.req.path && (!route.when || (await route.when(c)))) return false;
          }
          return true;
        },
        // The allowance is part of the key, so that one shared store can hold them all.
        keyGenerator: (c) => `${allowance}:${options.clientKey(c)}`,
        store: options.store ? options.store(allowance, windowMs) : new MemoryStore<AppEnv>(),
        handler: (c) => {
          options.onLimited?.(allowance);
          const resetTime = c.var.rateLimit?.resetTime;
          const seconds = Math.max(1, Math.ceil(resetTime ? (resetTime.getTime() - Date.now()) / 1000 : windowMs / 1000));
          c.header('Retry-After', String(seconds));
          return errorResponse(c, new ApiError(429, 'rate_limited', `client: at most ${limit} ${NOUN[allowance][limit === 1 ? 0 : 1]} a ${windowMs === 60_000 ? 'minute' : `${windowMs / 1000} s`} from one client; retry in ${seconds} s`, 'client'));
        },
      }),
    ];
  });
}
