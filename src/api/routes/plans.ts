import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context.js';
import { planLanguage, planService } from '../plan-param.js';
import { errorResponses, jsonContent, languageSchema, looseObject, planIdSchema } from '../schemas.js';
import { planSummaryView, planView } from '../views.js';

const plansRoute = createRoute({
  method: 'get',
  path: '/v1/plans',
  summary: 'The plan packs this service answers for, the default first',
  request: { query: z.object({ lang: languageSchema.optional() }) },
  responses: { 200: jsonContent(looseObject, '{ plans: [{ id, title, shortTitle, period, issuer, defaultLanguage, default, version }] }'), ...errorResponses },
});

const planRoute = createRoute({
  method: 'get',
  path: '/v1/plans/{plan}',
  summary: 'One plan pack: its metadata, the profile questions its rules ask and its industries',
  request: { params: z.object({ plan: planIdSchema }), query: z.object({ lang: languageSchema.optional() }) },
  responses: { 200: jsonContent(looseObject, '{ id, title, …, profile: { industry, flags }, industries, targetKinds }'), ...errorResponses },
});

export function registerPlanRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(plansRoute, (c) => {
    const { lang } = c.req.valid('query');
    const { services } = c.var;
    return c.json({ plans: services.all.map((service) => planSummaryView(service.pack, planLanguage(service, lang), service === services.default)) }, 200);
  });

  app.openapi(planRoute, (c) => {
    const { plan } = c.req.valid('param');
    const { lang } = c.req.valid('query');
    const service = planService(c, plan);
    return c.json(planView(service.pack, service.ruleSet, planLanguage(service, lang), service === c.var.services.default), 200);
  });
}
