import { z } from '@hono/zod-openapi';
import { HISTORY_BUDGET_CHARS, MAX_QUESTION_LENGTH, MAX_HISTORY_TURNS, MAX_TURN_LENGTH, newestHistory } from '../answer/limits.js';
import { looseProfileSchema } from '../rules/profile.js';
import { PACK_ID } from '../plan/schema.js';
import { LANGUAGES } from '../text/languages.js';

export const languageSchema = z.enum(LANGUAGES).describe('Language of titles and texts; default: the plan’s default language');

/** The plan pack a request is for: optional, the default pack without it. */
export const planIdSchema = z.string().regex(PACK_ID, 'a plan id is lower-case letters, digits and dashes').describe('Plan pack id (GET /v1/plans); default: the default plan');

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().describe('What is at fault: a body field, a part of the request, `client` (rate limit) or `server`') }) })
  .openapi('Error');

export const citationSchema = z.object({ id: z.string(), quote: z.string() }).openapi('Citation');

export const profileBodySchema = looseProfileSchema.openapi('Profile');

export const eligibilityRequestSchema = z
  .object({ profile: profileBodySchema, lang: languageSchema.optional(), plan: planIdSchema.optional() })
  .strict()
  .openapi('EligibilityRequest');

export const figureCheckSchema = z
  .object({
    targetId: z.string().min(1).optional().describe('A target id from GET /v1/targets'),
    indicator: z.string().min(1).optional().describe('Or an indicator key: checks every target of that indicator'),
    value: z.number().finite(),
    unit: z.string().min(1).optional().describe("A unit of the plan (see the targets); defaults to the target's own unit"),
  })
  .strict()
  .refine((figure) => Boolean(figure.targetId) !== Boolean(figure.indicator), { message: 'give exactly one of targetId and indicator', path: ['targetId'] });

/** Figures one check may carry; each may name an indicator that several targets share. */
export const MAX_CHECK_FIGURES = 20;

export const targetCheckRequestSchema = z
  .object({
    figures: z.array(figureCheckSchema).min(1).max(MAX_CHECK_FIGURES, `at most ${MAX_CHECK_FIGURES} figures per check`),
    lang: languageSchema.optional(),
    plan: planIdSchema.optional(),
  })
  .strict()
  .openapi('TargetCheckRequest');
export type TargetCheckRequest = z.infer<typeof targetCheckRequestSchema>;

export const targetsQuerySchema = z.object({
  lang: languageSchema.optional(),
  kind: z.string().optional().describe('Only targets of this kind'),
  industry: z.string().optional().describe('Only targets for this industry (name, alias or id)'),
  plan: planIdSchema.optional(),
});

export const planQuerySchema = z.object({ plan: planIdSchema.optional(), lang: languageSchema.optional() });

export const historyTurnSchema = z.object({ role: z.enum(['user', 'assistant']), content: z.string().max(MAX_TURN_LENGTH) }).strict();

/** POST /v1/ask and /v1/ask/stream. */
export const askRequestSchema = z
  .object({
    question: z
      .string()
      .max(MAX_QUESTION_LENGTH, `must be at most ${MAX_QUESTION_LENGTH} characters`)
      .refine((value) => value.trim().length > 0, 'must not be empty'),
    history: z
      .array(historyTurnSchema)
      .max(MAX_HISTORY_TURNS)
      .optional()
      // Bounded work and answers however long the conversation: the newest turns within the budget are read.
      .transform((turns) => (turns ? newestHistory(turns, HISTORY_BUDGET_CHARS) : undefined))
      .describe(`Earlier turns, oldest first (at most ${MAX_HISTORY_TURNS} of ${MAX_TURN_LENGTH} characters); only the newest that together fit in ${HISTORY_BUDGET_CHARS} characters are read`),
    profile: profileBodySchema.optional(),
    plan: planIdSchema.optional(),
  })
  .strict()
  .openapi('AskRequest');
export type AskRequest = z.infer<typeof askRequestSchema>;

/** Response bodies are documented loosely: their shapes live in views.ts. */
export const looseObject = z.record(z.string(), z.unknown());

/** An OpenAPI JSON body or response. */
export const jsonContent = <T>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

/** The error responses every JSON POST route documents. */
export const errorResponses = {
  400: jsonContent(errorSchema, 'Invalid input: the error names the field'),
  404: jsonContent(errorSchema, 'Unknown plan: the error names it'),
  413: jsonContent(errorSchema, 'Body too large'),
  415: jsonContent(errorSchema, 'Not JSON'),
};
