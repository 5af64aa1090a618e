import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context.js';
import { planLanguage, planProfile, planService } from '../plan-param.js';
import { checkFigures, eligibilityFor, targetsFor } from '../queries.js';
import { ResponseMemo, stableKey } from '../response-memo.js';
import { eligibilityRequestSchema, errorResponses, errorSchema, jsonContent, looseObject, targetCheckRequestSchema, targetsQuerySchema } from '../schemas.js';

const errors = errorResponses;
/** The POST routes count against the `rules` allowance. */
const limitedErrors = { ...errorResponses, 429: jsonContent(errorSchema, 'Rate limited: see Retry-After') };

const eligibilityRoute = createRoute({
  method: 'post',
  path: '/v1/eligibility',
  summary: 'What applies to an enterprise profile, with why and citations',
  request: { body: { ...jsonContent(eligibilityRequestSchema, 'The profile'), required: true } },
  responses: { 200: jsonContent(looseObject, '{ industry, items, missing, wouldApplyIf, period, plan, version }'), ...limitedErrors },
});

const targetsRoute = createRoute({
  method: 'get',
  path: '/v1/targets',
  summary: 'Every quantified target of the plan, each cited verbatim',
  request: { query: targetsQuerySchema },
  responses: { 200: jsonContent(looseObject, '{ targets, period, plan, version }'), ...errors },
});

const checkRoute = createRoute({
  method: 'post',
  path: '/v1/targets/check',
  summary: 'Check reported figures against the plan’s targets: met or not, and by how much',
  description: 'Also takes a table of rows `region, indicator or target id, value[, unit]` as `text/csv` or an XLSX workbook (`lang`, `plan` as query parameters): answers `{ results, errors: [{ line, column, value, reason }] }`, or CSV / XLSX to a client that accepts it (src/api/routes/batch-check.ts).',
  request: { body: { ...jsonContent(targetCheckRequestSchema, 'Figures to check'), required: true } },
  responses: { 200: jsonContent(looseObject, '{ results, period, plan, version }'), ...limitedErrors },
});

export function registerRuleRoutes(app: OpenAPIHono<AppEnv>): void {
  // The checklist is a pure function of (plan version, language, profile): repeated profiles are served from memory.
  const eligibilityMemo = new ResponseMemo();
  app.openapi(eligibilityRoute, async (c) => {
    const body = c.req.valid('json');
    const service = planService(c, body.plan);
    const lang = planLanguage(service, body.lang);
    const profile = planProfile(service, body.profile);
    const json = await eligibilityMemo.json(`${service.id}@${service.pack.version}|${lang}|${stableKey(profile)}`, () => eligibilityFor(service, profile, lang));
    // Already serialised: the route's typed JSON response describes it for the OpenAPI document.
    return c.body(json, 200, { 'Content-Type': 'application/json' }) as unknown as ReturnType<typeof c.json<Record<string, never>, 200>>;
  });

  app.openapi(targetsRoute, (c) => {
    const query = c.req.valid('query');
    const service = planService(c, query.plan);
    return c.json(targetsFor(service, query, planLanguage(service, query.lang)), 200);
  });

  app.openapi(checkRoute, (c) => {
    const body = c.req.valid('json');
    const service = planService(c, body.plan);
    return c.json(checkFigures(service, body.figures, planLanguage(service, body.lang)), 200);
  });
}
