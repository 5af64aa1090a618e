import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Language } from '../../language.js';
import { checkTarget, TargetCheckError } from '../../rules/targets.js';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { eligibilityRequestSchema, errorResponses, jsonContent, looseObject, targetCheckRequestSchema, targetsQuerySchema } from '../schemas.js';
import { eligibilityView, periodView, targetView } from '../views.js';

const errors = errorResponses;

const eligibilityRoute = createRoute({
  method: 'post',
  path: '/v1/eligibility',
  summary: 'What applies to an enterprise profile, with why and citations',
  request: { body: { ...jsonContent(eligibilityRequestSchema, 'The profile'), required: true } },
  responses: { 200: jsonContent(looseObject, '{ industry, items, missing, wouldApplyIf, period, version }'), ...errors },
});

const targetsRoute = createRoute({
  method: 'get',
  path: '/v1/targets',
  summary: 'Every quantified target of the plan, each cited verbatim',
  request: { query: targetsQuerySchema },
  responses: { 200: jsonContent(looseObject, '{ targets, period, version }'), ...errors },
});

const checkRoute = createRoute({
  method: 'post',
  path: '/v1/targets/check',
  summary: 'Check reported figures against the plan’s targets: met or not, and by how much',
  request: { body: { ...jsonContent(targetCheckRequestSchema, 'Figures to check'), required: true } },
  responses: { 200: jsonContent(looseObject, '{ results, period, version }'), ...errors },
});

export function registerRuleRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(eligibilityRoute, async (c) => {
    const { profile, lang = 'zh' } = c.req.valid('json');
    const { ruleSet } = c.var.services;
    const result = await ruleSet.eligibility.evaluate(profile);
    return c.json({ ...eligibilityView(result, ruleSet, lang), period: periodView(ruleSet, lang), version: ruleSet.version }, 200);
  });

  app.openapi(targetsRoute, (c) => {
    const { lang = 'zh', kind, industry } = c.req.valid('query');
    const { ruleSet } = c.var.services;
    let industryIds: Set<string> | undefined;
    if (industry) {
      const found = ruleSet.catalog.resolve(industry);
      if (!found) throw new ApiError(400, 'unknown_industry', `industry: no industry of the plan is called "${industry}"`, 'industry');
      industryIds = new Set(ruleSet.catalog.lineage(found.id).map((entry) => entry.id));
    }
    const targets = ruleSet.targets
      .filter((target) => !kind || target.kind === kind)
      .filter((target) => !industryIds || target.industries.some((id) => industryIds!.has(id)))
      .map((target) => targetView(target, ruleSet, lang));
    return c.json({ targets, period: periodView(ruleSet, lang), version: ruleSet.version }, 200);
  });

  app.openapi(checkRoute, (c) => {
    const { figures, lang = 'zh' } = c.req.valid('json');
    const { ruleSet } = c.var.services;
    const results = figures.flatMap((figure, index) => {
      const field = `figures[${index}]`;
      const targets = figure.targetId
        ? [ruleSet.target(figure.targetId)].filter((target) => target !== undefined)
        : ruleSet.targets.filter((target) => target.indicator === figure.indicator);
      if (targets.length === 0) {
        const which = figure.targetId ? 'targetId' : 'indicator';
        throw new ApiError(400, 'unknown_target', `${field}.${which}: no target "${figure.targetId ?? figure.indicator}" (see GET /v1/targets)`, `${field}.${which}`);
      }
      return targets.map((target) => {
        try {
          const check = checkTarget(target, { value: figure.value, unit: figure.unit ?? target.target.unit });
          return { figure: index, ...check, summary: check.summary[lang as Language], target: targetView(target, ruleSet, lang) };
        } catch (error) {
          if (error instanceof TargetCheckError) throw new ApiError(400, 'invalid_figure', `${field}.${error.field}: ${error.message}`, `${field}.${error.field}`);
          throw error;
        }
      });
    });
    return c.json({ results, period: periodView(ruleSet, lang), version: ruleSet.version }, 200);
  });
}
