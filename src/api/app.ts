import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv, AppServices } from './context.js';
import { ApiError, errorResponse, handleError, validationError } from './errors.js';
import { registerAskRoutes } from './routes/ask.js';
import { registerRuleRoutes } from './routes/rules.js';
import { registerWebRoutes } from './routes/web.js';
import { registerSecurity, type SecurityOptions } from './security.js';

export interface AppOptions extends SecurityOptions {
  /** Largest request body accepted, in bytes. Default 64 KiB. */
  bodyLimitBytes?: number;
}

/** Builds the HTTP app around ready services. Does no I/O: the caller loads the data. */
export function createApp(services: AppServices, options: AppOptions = {}): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return errorResponse(c, validationError(result.error));
    },
  });

  app.use('*', async (c, next) => {
    c.set('services', services);
    await next();
    c.header('X-Plan-Version', services.ruleSet.version);
  });
  // CORS allowlist, no-store on answers, rate limit on asks: before anything else answers.
  registerSecurity(app, options);

  app.use('/v1/*', async (c, next) => {
    if (c.req.method === 'POST' && !/^application\/([\w.-]+\+)?json\b/iu.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(415, 'unsupported_media_type', 'content-type: send the body as application/json', 'content-type');
    }
    await next();
  });
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: options.bodyLimitBytes ?? 64 * 1024,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', 'body: the request body is too large', 'body');
      },
    }),
  );

  app.get('/healthz', (c) => c.json({ status: 'ok', version: services.ruleSet.version }));
  registerRuleRoutes(app);
  registerAskRoutes(app);
  registerWebRoutes(app);

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Cleaner Production Plan assistant (工业清洁生产推行“十二五”规划)',
      version: services.ruleSet.version,
      description: 'Answers only with rule-checked facts and verbatim quotes of the plan.',
    },
  });

  app.notFound((c) => errorResponse(c, new ApiError(404, 'not_found', `path: no route for ${c.req.method} ${c.req.path}`, 'path')));
  app.onError(handleError);
  return app;
}
