import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { checkTarget, TargetCheckError } from '../../rules/targets.js';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { ResponseMemo, stableKey } from '../response-memo.js';
import { planLanguage, planProfile, planService } from '../plan-param.js';
import { eligibilityRequestSchema, errorResponses, errorSchema, jsonContent, looseObject, targetCheckRequestSchema, targetsQuerySchema } from '../schemas.js';
import { eligibilityView, periodView, targetView } from '../views.js';

const errors = errorResponses;
/** The POST routes count against the `rules` allowance. */
const limitedErrors = { ...errorResponses, 429: jsonContent(errorSchema, 'Rate limited: see Retry-After') };

/** Checks (figure × target) one request may ask for. */
export const MAX_CHECK_RESULTS = 40;

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
    const json = await eligibilityMemo.json(`${service.id}@${service.pack.version}|${lang}|${stableKey(profile)}`, async () => {
      const result = await service.ruleSet.eligibility.evaluate(profile);
      return { ...eligibilityView(result, service.ruleSet, lang), period: periodView(service.pack, lang), plan: service.id, version: service.pack.version };
    });
    // Already serialised: the route's typed JSON response describes it for the OpenAPI document.
    return c.body(json, 200, { 'Content-Type': 'application/json' }) as unknown as ReturnType<typeof c.json<Record<string, never>, 200>>;
  });

  app.openapi(targetsRoute, (c) => {
    const query = c.req.valid('query');
    const service = planService(c, query.plan);
    const lang = planLanguage(service, query.lang);
    const { ruleSet } = service;
    let industryIds: Set<string> | undefined;
    if (query.industry) {
      const found = ruleSet.catalog.resolveName(query.industry);
      if (found.kind === 'none') throw new ApiError(400, 'unknown_industry', 'industry: no industry of the plan goes by that name (see GET /v1/plans/{plan})', 'industry');
      // A name that fits several industries lists the targets of each.
      const ids = found.kind === 'industry' ? [found.industry.id] : found.candidates.map((candidate) => candidate.id);
      industryIds = new Set(ids.flatMap((id) => ruleSet.catalog.lineage(id).map((entry) => entry.id)));
    }
    const targets = ruleSet.targets
      .filter((target) => !query.kind || target.kind === query.kind)
      .filter((target) => !industryIds || target.industries.some((id) => industryIds!.has(id)))
      .map((target) => targetView(target, ruleSet, lang));
    return c.json({ targets, period: periodView(service.pack, lang), plan: service.id, version: service.pack.version }, 200);
  });

  app.openapi(checkRoute, (c) => {
    const body = c.req.valid('json');
    const service = planService(c, body.plan);
    const lang = planLanguage(service, body.lang);
    const { ruleSet } = service;
    const results = body.figures.flatMap((figure, index) => {
      const field = `figures[${index}]`;
      const targets = figure.targetId ? [ruleSet.target(figure.targetId)].filter((target) => target !== undefined) : ruleSet.targets.filter((target) => target.indicator === figure.indicator);
      if (targets.length === 0) {
        const which = figure.targetId ? 'targetId' : 'indicator';
        throw new ApiError(400, 'unknown_target', `${field}.${which}: no target "${(figure.targetId ?? figure.indicator ?? '').slice(0, 100)}" (see GET /v1/targets)`, `${field}.${which}`);
      }
      if (figure.unit !== undefined && !ruleSet.units.has(figure.unit)) {
        throw new ApiError(400, 'invalid_figure', `${field}.unit: "${figure.unit.slice(0, 20)}" is not a unit of the plan`, `${field}.unit`);
      }
      return targets.map((target) => {
        try {
          const check = checkTarget(target, { value: figure.value, unit: figure.unit ?? target.target.unit }, ruleSet.units, service.pack.messages);
          return { figure: index, ...check, summary: check.summary[lang], target: targetView(target, ruleSet, lang) };
        } catch (error) {
          if (error instanceof TargetCheckError) throw new ApiError(400, 'invalid_figure', `${field}.${error.field}: ${error.message}`, `${field}.${error.field}`);
          throw error;
        }
      });
    });
    // An indicator may name several targets: the response is bounded by the checks, not the figures.
    if (results.length > MAX_CHECK_RESULTS) {
      throw new ApiError(400, 'too_many_checks', `figures: these figures check ${results.length} targets; at most ${MAX_CHECK_RESULTS} per request`, 'figures');
    }
    return c.json({ results, period: periodView(service.pack, lang), plan: service.id, version: service.pack.version }, 200);
  });
}
