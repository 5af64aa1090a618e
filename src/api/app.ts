import { OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { contextStorage } from 'hono/context-storage';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import type { Logger } from '../observability/logger.js';
import { profileSchemaFor } from '../rules/profile.js';
import { pick } from '../text/languages.js';
import type { AppEnv, AppServices } from './context.js';
import { ApiError, errorResponse, handleError, validationError } from './errors.js';
import { planService } from './plan-param.js';
import { registerAskRoutes } from './routes/ask.js';
import { KEY_GUARDED_PATHS, requireApiKey } from './api-keys.js';
import { openAIErrors } from './openai/errors.js';
import { CHAT_COMPLETIONS_PATH, registerOpenAIRoutes } from './openai/routes.js';
import { MCP_PATH, registerMcpRoutes } from './routes/mcp.js';
import { DEFAULT_UPLOAD_LIMITS, isTableUpload, registerBatchCheckRoutes, type UploadLimits } from './routes/batch-check.js';
import { registerExportRoutes } from './routes/export.js';
import { registerGuidedRoutes } from './routes/guided.js';
import { registerPlanRoutes } from './routes/plans.js';
import { registerRuleRoutes } from './routes/rules.js';
import { registerWebRoutes } from './routes/web.js';
import { compileTrust, clientKey, type TrustProxy } from './client-address.js';
import { observeRequests } from './observe.js';
import { rateLimitMiddlewares, type RateLimitedRoute, type RateLimitStoreFactory } from './rate-limit.js';
import { registerSecurity, type SecurityOptions } from './security.js';

export interface AppOptions extends SecurityOptions {
  /** Largest request body accepted, in bytes. Default 64 KiB. */
  bodyLimitBytes?: number;
  /** Questions per client per minute on the ask routes; 0 or absent: no limit. */
  rateLimitPerMinute?: number;
  /** Rule requests (eligibility, target checks) per client per minute; 0 or absent: no limit. */
  rulesRateLimitPerMinute?: number;
  /** The rate-limited routes. Default `DEFAULT_RATE_LIMITED_ROUTES`. */
  rateLimitedRoutes?: readonly RateLimitedRoute[];
  /** Where rate-limit counts live. Default: this process's memory. */
  rateLimitStore?: RateLimitStoreFactory;
  /** Which `X-Forwarded-For` hops to believe (TRUST_PROXY). Default false: the socket's peer is the client. */
  trustProxy?: TrustProxy;
  /** Where access lines go. Default: the services' logger. */
  logger?: Logger;
  /** Bounds of a table upload to POST /v1/targets/check (rows, bytes); default DEFAULT_UPLOAD_LIMITS. */
  uploadLimits?: UploadLimits;
  /**
   * Largest body of POST /v1/chat/completions, in bytes. Default 1 MiB: chat clients send the
   * whole conversation every time (only its newest turns are read).
   */
  chatBodyLimitBytes?: number;
  /** Bearer keys for the OpenAI-compatible routes and MCP (API_KEYS); empty or absent: open. */
  apiKeys?: readonly string[];
}

/** The paths of the OpenAI-compatible routes. */
const OPENAI_PATHS = [CHAT_COMPLETIONS_PATH, '/v1/models', '/v1/models/*'];

/** Builds the HTTP app around ready services. Does no I/O: the caller loads the data. */
export function createApp(services: AppServices, options: AppOptions = {}): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return errorResponse(c, validationError(result.error));
    },
  });

  const logger = options.logger ?? services.logger;
  // The request's context is reachable from anywhere below (logger mixin, degraded notes).
  app.use('*', contextStorage());
  // X-Request-Id on every response: the client's if it sent a sane one, else a new UUID.
  app.use('*', requestId());
  // The OpenAI-compatible routes answer every error in OpenAI's shape, whoever refuses.
  for (const path of OPENAI_PATHS) app.use(path, openAIErrors());
  app.use('*', observeRequests(logger, services.metrics));
  // A known path with another method: 405 with Allow, in the API's error shape.
  app.use(
    '*',
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) => {
        c.header('Allow', methods.join(', '));
        return errorResponse(c, new ApiError(405, 'method_not_allowed', `method: ${c.req.method} is not allowed on ${c.req.path}; use ${methods.join(', ')}`, 'method'));
      },
    }),
  );
  app.use('*', async (c, next) => {
    c.set('services', services);
    await next();
    // The version of the plan that answered (the default plan's when the route names none).
    c.header('X-Plan-Version', (c.var.plan ?? services.default).pack.version);
  });
  // Security headers, CORS allowlist, no-store on answers: before anything else answers.
  registerSecurity(app, options);
  const tooLarge = () => {
    throw new ApiError(413, 'payload_too_large', 'body: the request body is too large', 'body');
  };
  const jsonBodyLimit = bodyLimit({ maxSize: options.bodyLimitBytes ?? 64 * 1024, onError: tooLarge });
  const chatBodyLimit = bodyLimit({ maxSize: options.chatBodyLimitBytes ?? 1024 * 1024, onError: tooLarge });
  // Before the rate limiters: they read what an MCP message asks for.
  app.use(MCP_PATH, jsonBodyLimit);
  const trust = compileTrust(options.trustProxy ?? false);
  for (const limiter of rateLimitMiddlewares({
    limits: { ask: options.rateLimitPerMinute ?? 0, rules: options.rulesRateLimitPerMinute ?? 0 },
    clientKey: (c) => clientKey(c, trust),
    ...(options.rateLimitedRoutes ? { routes: options.rateLimitedRoutes } : {}),
    ...(options.rateLimitStore ? { store: options.rateLimitStore } : {}),
    onLimited: (allowance) => services.metrics.rateLimited.inc({ allowance }),
  })) {
    app.use('*', limiter);
  }
  // After the limits, so that guessing keys is rate limited too.
  if (options.apiKeys?.length) {
    const guard = requireApiKey(options.apiKeys);
    for (const path of KEY_GUARDED_PATHS) app.use(path, guard);
  }

  app.use('/v1/*', async (c, next) => {
    // JSON only, except a table uploaded for a batch check (it has its own limits).
    if (c.req.method === 'POST' && !/^application\/([\w.-]+\+)?json\b/iu.test(c.req.header('content-type') ?? '') && !isTableUpload(c)) {
      throw new ApiError(415, 'unsupported_media_type', 'content-type: send the body as application/json', 'content-type');
    }
    await next();
  });
  app.use('/v1/*', (c, next) => (isTableUpload(c) ? next() : c.req.path === CHAT_COMPLETIONS_PATH ? chatBodyLimit(c, next) : jsonBodyLimit(c, next)));

  // 200 while the service answers; `degraded` while a plan's index is broken and searched in memory.
  app.get('/healthz', (c) => {
    const plans = services.all.map((service) => {
      const health = service.retriever.health;
      return { id: service.id, version: service.pack.version, index: health.status, ...(health.since ? { degradedSince: health.since } : {}) };
    });
    return c.json({ status: plans.some((plan) => plan.index !== 'ok') ? 'degraded' : 'ok', version: services.default.pack.version, plans });
  });
  app.get('/metrics', async (c) => {
    const { contentType, body } = await services.metrics.render();
    c.header('Cache-Control', 'no-store');
    return c.body(body, 200, { 'Content-Type': contentType });
  });
  registerPlanRoutes(app);
  registerGuidedRoutes(app);
  registerExportRoutes(app);
  // Before the JSON check route: it takes the table uploads to the same path.
  registerBatchCheckRoutes(app, options.uploadLimits ?? DEFAULT_UPLOAD_LIMITS);
  registerRuleRoutes(app);
  registerAskRoutes(app);
  registerOpenAIRoutes(app);
  registerMcpRoutes(app);
  registerWebRoutes(app);

  // The OpenAPI document, for the default plan or the one named: its profile is that plan's.
  app.get('/openapi.json', (c) => {
    const plan = c.req.query('plan');
    const parsed = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/u).optional().safeParse(plan);
    if (!parsed.success) throw validationError(parsed.error, 'plan');
    const service = planService(c, parsed.data);
    const document = app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: `${pick(service.pack.meta.title, 'en')} — assistant API`,
        version: service.pack.version,
        description: `Answers only with rule-checked facts and verbatim quotes of the plan (${pick(service.pack.meta.title, service.pack.meta.defaultLanguage)}). Every route takes an optional \`plan\`; without it the default plan answers.`,
      },
    });
    const schemas = document.components?.schemas;
    if (schemas) schemas.Profile = z.toJSONSchema(profileSchemaFor(service.pack.profile), { target: 'draft-2020-12' }) as (typeof schemas)[string];
    return c.json(document);
  });

  app.notFound((c) => errorResponse(c, new ApiError(404, 'not_found', `path: no route for ${c.req.method} ${c.req.path}`, 'path')));
  app.onError(handleError);
  return app;
}
