import type { RequestIdVariables } from 'hono/request-id';
import type { ErrorBodyRenderer } from './errors.js';
import type { Logger } from '../observability/logger.js';
import type { DegradedPart } from '../observability/request-notes.js';
import type { PlanService, PlanServices } from '../services.js';

/** What the routes use; built once by the server (or a test) and handed to createApp. */
export type AppServices = PlanServices;

/** What an answering route tells the access log about its answer. */
export interface AnswerNote {
  status: string;
  mode: string;
  /** Why the model's answer was not served, when a model was configured and it was not. */
  fallback?: string;
}

export interface AppEnv {
  Variables: RequestIdVariables & {
    services: AppServices;
    /** The plan pack the request was answered for, once a route has resolved it. */
    plan?: PlanService;
    /** Parts of the answer served by a fallback (see `noteDegraded`). */
    degraded?: Set<DegradedPart>;
    /** Set by the ask routes for the access log. */
    answer?: AnswerNote;
    /** The access logger, for lines a route writes itself. */
    logger?: Logger;
    /** How errors are written on this request's path, when not in the API's shape (the OpenAI-compatible routes). */
    errorBody?: ErrorBodyRenderer;
    /** Set by hono-rate-limiter on counted requests. */
    rateLimit?: { limit: number; used: number; remaining: number; resetTime: Date | undefined };
  };
}
