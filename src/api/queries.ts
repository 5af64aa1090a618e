import { checkTarget, TargetCheckError } from '../rules/targets.js';
import type { Profile } from '../rules/profile.js';
import type { PlanService } from '../services.js';
import type { Language } from '../text/languages.js';
import { ApiError } from './errors.js';
import { planProfile } from './plan-param.js';
import type { TargetCheckRequest } from './schemas.js';
import { eligibilityView, periodView, targetView } from './views.js';

/**
 * The rule queries every surface offers (the HTTP routes, the MCP tools, the command line):
 * validated input in, the API's response bodies out. Bad input is an `ApiError` naming the
 * field, whichever surface asked.
 */

/** Checks (figure × target) one request may ask for. */
export const MAX_CHECK_RESULTS = 40;

/** What applies to a profile, with why and citations (POST /v1/eligibility). */
export async function eligibilityFor(service: PlanService, profile: Profile | undefined, language: Language) {
  const result = await service.ruleSet.eligibility.evaluate(planProfile(service, profile));
  return { ...eligibilityView(result, service.ruleSet, language), period: periodView(service.pack, language), plan: service.id, version: service.pack.version };
}

/** The plan's targets, of one kind or for one industry (GET /v1/targets). */
export function targetsFor(service: PlanService, filters: { industry?: string | undefined; kind?: string | undefined }, language: Language) {
  const { ruleSet } = service;
  let industryIds: Set<string> | undefined;
  if (filters.industry) {
    const found = ruleSet.catalog.resolveName(filters.industry);
    if (found.kind === 'none') throw new ApiError(400, 'unknown_industry', 'industry: no industry of the plan goes by that name (see GET /v1/plans/{plan})', 'industry');
    // A name that fits several industries lists the targets of each.
    const ids = found.kind === 'industry' ? [found.industry.id] : found.candidates.map((candidate) => candidate.id);
    industryIds = ruleSet.catalog.lineageIds(ids);
  }
  const targets = ruleSet.targets
    .filter((target) => !filters.kind || target.kind === filters.kind)
    .filter((target) => !industryIds || target.industries.some((id) => industryIds!.has(id)))
    .map((target) => targetView(target, ruleSet, language));
  return { targets, period: periodView(service.pack, language), plan: service.id, version: service.pack.version };
}

/** Reported figures checked against the plan's targets: met or not, and by how much (POST /v1/targets/check). */
export function checkFigures(service: PlanService, figures: TargetCheckRequest['figures'], language: Language) {
  const { ruleSet } = service;
  const results = figures.flatMap((figure, index) => {
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
        return { figure: index, ...check, summary: check.summary[language], target: targetView(target, ruleSet, language) };
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
  return { results, period: periodView(service.pack, language), plan: service.id, version: service.pack.version };
}
