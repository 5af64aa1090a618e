import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { format } from '../../plan/template.js';
import { labelCitations, type Citation } from '../../rules/citations.js';
import { GuidedCheckError, industryRuleCount, nextQuestion, type GuidedQuestion } from '../../rules/next-question.js';
import type { PlanService } from '../../services.js';
import { pick, type Language } from '../../text/languages.js';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { planLanguage, planProfile, planService } from '../plan-param.js';
import { errorResponses, jsonContent, languageSchema, looseObject, planIdSchema, profileBodySchema } from '../schemas.js';

/**
 * POST /v1/eligibility/next: the guided check. Given what is known (and what the person said
 * they do not know), the one question whose answer changes the result the most, worded by
 * the plan pack, with its choices and why it is asked; or `done` when no answer left would
 * change anything. How the question is chosen: src/rules/next-question.ts.
 */

export const MAX_UNSURE = 64;

export const guidedRequestSchema = z
  .object({
    profile: profileBodySchema.optional(),
    unsure: z
      .array(z.string().min(1).max(64))
      .max(MAX_UNSURE)
      .optional()
      .describe('Fields answered “not sure”: `industry` or flag ids. They are not asked again and their items stay conditional.'),
    lang: languageSchema.optional(),
    plan: planIdSchema.optional(),
  })
  .strict()
  .openapi('GuidedCheckRequest');

const route = createRoute({
  method: 'post',
  path: '/v1/eligibility/next',
  summary: 'The guided check: the next profile question whose answer changes the result, and why it is asked',
  request: { body: { ...jsonContent(guidedRequestSchema, 'What is known so far'), required: true } },
  responses: { 200: jsonContent(looseObject, '{ done: false, question: { field, text, choices, reason, hint, citations, items }, remaining, profile } or { done: true, profile }'), ...errorResponses },
});

/** Citations of several items, each clause-and-quote once. */
function uniqueCitations(citations: readonly Citation[]): Citation[] {
  const seen = new Set<string>();
  return citations.filter((citation) => {
    const key = `${citation.id}\u0000${citation.quote}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A question as the client shows it: its text, choices, reason and the clauses behind the reason. */
function questionView(service: PlanService, question: GuidedQuestion, language: Language) {
  const { pack, ruleSet } = service;
  const words = pack.messages[language].ui.guided;
  const unsure = { value: null, label: format(words.unsure) };
  if (question.field === 'industry') {
    return {
      field: 'industry',
      text: format(words.industryQuestion),
      choices: [...ruleSet.catalog.industries.map((industry) => ({ value: industry.id, label: pick(industry.name, language) })), unsure],
      reason: format(words.industryReason, { n: industryRuleCount(ruleSet) }),
      hint: format(words.unsureHint),
      citations: [],
      items: [],
    };
  }
  const flag = pack.profile.flags.find((entry) => entry.id === question.field)!;
  const citations = labelCitations(uniqueCitations(question.items.flatMap((item) => item.citations)), ruleSet.corpus, language);
  const clauses = [...new Set(citations.map((citation) => citation.section ?? citation.id))];
  return {
    field: flag.id,
    text: flag.ask ? pick(flag.ask, language) : format(words.question, { label: pick(flag.label, language) }),
    choices: [
      { value: true, label: format(words.yes, { yes: pick(flag.yes, language) }) },
      { value: false, label: format(words.no, { no: pick(flag.no, language) }) },
      unsure,
    ],
    reason: format(words.reason, {
      condition: pick(flag.condition, language),
      n: question.items.length,
      titles: question.items.map((item) => format(words.title, { title: pick(item.title, language) })).join(words.listSeparator),
      clauses: clauses.join(words.listSeparator),
    }),
    hint: format(words.unsureHint),
    citations,
    items: question.items.map((item) => ({ id: item.id, kind: item.kind, title: pick(item.title, language) })),
  };
}

export function registerGuidedRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const service = planService(c, body.plan);
    const language = planLanguage(service, body.lang);
    const profile = planProfile(service, body.profile);
    const askable = new Set(['industry', ...service.pack.profile.flags.filter((flag) => !flag.role).map((flag) => flag.id)]);
    (body.unsure ?? []).forEach((field, index) => {
      if (!askable.has(field)) throw new ApiError(400, 'invalid_request', `unsure[${index}]: "${field.slice(0, 64)}" is not a question of this plan (industry or one of its flags)`, `unsure[${index}]`);
    });
    const unsure = new Set(body.unsure ?? []);
    let step;
    try {
      step = await nextQuestion(service.ruleSet, profile, unsure);
    } catch (error) {
      if (error instanceof GuidedCheckError) throw new ApiError(400, error.code, error.message, error.field);
      throw error;
    }
    const common = { profile: step.profile, unsure: [...unsure], plan: service.id, version: service.pack.version };
    if (!step.next) return c.json({ done: true, ...common }, 200);
    return c.json({ done: false, question: questionView(service, step.next, language), remaining: step.remaining.length, ...common }, 200);
  });
}
