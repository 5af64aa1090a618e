import { z } from '@hono/zod-openapi';
import { LANGUAGES } from '../language.js';
import { profileSchema } from '../rules/profile.js';
import { unitSchema } from '../rules/schema.js';

export const languageSchema = z.enum(LANGUAGES).describe('Language of titles and texts; default zh');

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) })
  .openapi('Error');

export const citationSchema = z.object({ id: z.string(), quote: z.string() }).openapi('Citation');

export const eligibilityRequestSchema = z
  .object({ profile: profileSchema.openapi('Profile'), lang: languageSchema.optional() })
  .strict()
  .openapi('EligibilityRequest');

export const figureCheckSchema = z
  .object({
    targetId: z.string().min(1).optional().describe('A target id from GET /v1/targets'),
    indicator: z.string().min(1).optional().describe('Or an indicator key: checks every target of that indicator'),
    value: z.number().finite(),
    unit: unitSchema.optional().describe("Defaults to the target's own unit"),
  })
  .strict()
  .refine((figure) => Boolean(figure.targetId) !== Boolean(figure.indicator), { message: 'give exactly one of targetId and indicator', path: ['targetId'] });

export const targetCheckRequestSchema = z
  .object({ figures: z.array(figureCheckSchema).min(1).max(50), lang: languageSchema.optional() })
  .strict()
  .openapi('TargetCheckRequest');

export const targetsQuerySchema = z.object({
  lang: languageSchema.optional(),
  kind: z.string().optional().describe('Only targets of this kind'),
  industry: z.string().optional().describe('Only targets for this industry (name, alias or id)'),
});

/** Response bodies are documented loosely: their shapes live in views.ts. */
export const looseObject = z.record(z.string(), z.unknown());

/** An OpenAPI JSON body or response. */
export const jsonContent = <T>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

/** The error responses every JSON POST route documents. */
export const errorResponses = {
  400: jsonContent(errorSchema, 'Invalid input: the error names the field'),
  413: jsonContent(errorSchema, 'Body too large'),
  415: jsonContent(errorSchema, 'Not JSON'),
};
