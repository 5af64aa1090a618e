import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AskResponse } from '../answer/pipeline.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { AppEnv } from './context.js';

/** LLM failure reasons (src/llm): what is not one of these in `llm.rejected` is a verifier's problem code. */
const LLM_REASONS = /^(timeout|aborted|connection|http_\d+|provider_error|refusal|content_filter|empty|malformed|unexpected)$/u;

/** The pattern of the route that answered ("/v1/plans/:plan"), or "unmatched". */
function routeOf(c: Context): string {
  return matchedRoutes(c).findLast((route) => route.method !== 'ALL')?.path ?? 'unmatched';
}

/**
 * One structured log line and the HTTP metrics per request: method, route, status,
 * latency (to the response headers; a stream's answer is logged when it ends, see
 * `observeAnswer`), the plan, and for answers their mode, fallback reason and degraded parts.
 * The request id is on the line through the logger's mixin.
 */
export function observeRequests(logger: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    c.set('logger', logger);
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = routeOf(c);
    const status = c.res.status;
    metrics.httpRequests.inc({ method: c.req.method, route, status: String(status) });
    metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
    const answer = c.var.answer;
    const degraded = c.var.degraded;
    logger[status >= 500 ? 'error' : 'info'](
      {
        method: c.req.method,
        path: c.req.path,
        route,
        status,
        latencyMs: Math.round(seconds * 10_000) / 10,
        ...(c.var.plan ? { plan: c.var.plan.id } : {}),
        ...(answer ? { answerStatus: answer.status, mode: answer.mode, ...(answer.fallback ? { fallback: answer.fallback } : {}) } : {}),
        ...(degraded?.size ? { degraded: [...degraded] } : {}),
      },
      'request',
    );
  };
}

/** The first reason in `llm.rejected` ("unsupported_number, bad_marker; repair: timeout" → "unsupported_number"). */
function firstReason(rejected: string): string {
  return rejected.split(/[;,]| after /u)[0]!.trim() || 'unknown';
}

/**
 * Records an answer: the `answer` note for the access log, `answers_total`, and with a model
 * configured the fallback and each verifier problem. For a stream (whose access line was
 * written when its headers went out) it also writes its own line when the answer is done.
 */
export function observeAnswer(c: Context<AppEnv>, response: AskResponse, streamStarted?: number): void {
  const metrics = c.var.services.metrics;
  const fallback = response.llm?.rejected;
  const search = c.var.degraded?.has('search') ? 'degraded' : 'index';
  c.set('answer', { status: response.status, mode: response.mode, ...(fallback ? { fallback } : {}) });
  metrics.answers.inc({ plan: response.plan, status: response.status, mode: response.mode, search });
  if (fallback) {
    metrics.llmFallbacks.inc({ reason: firstReason(fallback) });
    const codes = fallback.split(/; repair: /u).flatMap((part) => part.split(' after ')[0]!.split(',').map((code) => code.trim()));
    for (const code of codes) if (code && !LLM_REASONS.test(code)) metrics.verifierRejections.inc({ reason: code });
  }
  if (streamStarted !== undefined) {
    c.var.logger?.info(
      {
        path: c.req.path,
        plan: response.plan,
        answerStatus: response.status,
        mode: response.mode,
        ...(fallback ? { fallback } : {}),
        ...(search === 'degraded' ? { degraded: ['search'] } : {}),
        latencyMs: Math.round((performance.now() - streamStarted) * 10) / 10,
      },
      'answer streamed',
    );
  }
}
