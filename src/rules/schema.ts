import { z } from 'zod';

/** A text in both of the product's languages. */
export const localizedSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) });
export type Localized = z.infer<typeof localizedSchema>;

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/u, 'ids are lower-case letters, digits, dots and dashes');

/**
 * A citation in a data file: a clause id, or a clause id with the verbatim excerpt that
 * carries the fact (shown to the user as the quote). Normalised to the object form at load.
 */
export const citationRefSchema = z.union([
  z.string().min(1).transform((id) => ({ id, quote: undefined as string | undefined })),
  z.object({ id: z.string().min(1), quote: z.string().min(1).optional() }),
]);
export type CitationRef = z.output<typeof citationRefSchema>;

// ---- industries.json ----------------------------------------------------------------

export const industryGroupSchema = z.object({
  id: idSchema,
  name: localizedSchema,
  /** Other ways to name the group (重点行业, heavy-metal industries), Chinese and English. */
  aliases: z.array(z.string().min(1)).default([]),
  /** Groups whose members belong to this one too (the 19 key industries = 11 + 8). */
  includes: z.array(idSchema).default([]),
  citations: z.array(citationRefSchema).min(1),
});
export type IndustryGroup = z.infer<typeof industryGroupSchema>;

export const industrySchema = z.object({
  id: idSchema,
  name: localizedSchema,
  /** What a person would type: other Chinese names, English names, abbreviations. Matched case-insensitively. */
  aliases: z.array(z.string().min(1)).default([]),
  /** The broader industry this one belongs to (铅蓄电池 → 电池); it inherits the parent's rules. */
  parent: idSchema.optional(),
  groups: z.array(idSchema).default([]),
  citations: z.array(citationRefSchema).min(1),
});
export type Industry = z.infer<typeof industrySchema>;

export const industriesFileSchema = z.object({
  groups: z.array(industryGroupSchema),
  industries: z.array(industrySchema).min(1),
});

// ---- glossary.json --------------------------------------------------------------------

export const glossaryEntrySchema = z.object({
  /** The Chinese term exactly as the plan writes it. */
  zh: z.string().min(1),
  /** English renderings and other ways to say it (both languages), matched case-insensitively. */
  en: z.array(z.string().min(1)).min(1),
  aliases: z.array(z.string().min(1)).default([]),
  kind: z.enum(['pollutant', 'indicator', 'technology', 'term']),
});
export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>;
export const glossaryFileSchema = z.object({ terms: z.array(glossaryEntrySchema).min(1) });

// ---- targets.json ----------------------------------------------------------------------

export const comparatorSchema = z.enum(['>', '>=', '=']);
export type Comparator = z.infer<typeof comparatorSchema>;

export const unitSchema = z.enum(['%', '万吨', '吨', '家', '万吨/年', '吨/年']);
export type Unit = z.infer<typeof unitSchema>;

export const figureSchema = z.object({
  value: z.number(),
  unit: unitSchema,
  /** The figure as the plan writes it, e.g. "[>50%]" or "65万吨/年". */
  text: z.string().min(1),
});

export const targetSchema = z.object({
  id: idSchema,
  kind: z.enum(['table1', 'training', 'audit', 'retrofit', 'advanced', 'demonstration', 'penetration', 'reduction']),
  /** Targets that measure the same thing share a key (Table 1's row and 二（三）'s sentence). */
  indicator: z.string().min(1),
  title: localizedSchema,
  text: localizedSchema,
  industries: z.array(idSchema).default([]),
  technology: localizedSchema.optional(),
  pollutant: z.string().optional(),
  baseline: figureSchema.extend({ year: z.number().int(), note: localizedSchema.optional() }).optional(),
  target: figureSchema.extend({ year: z.number().int(), comparator: comparatorSchema }),
  citations: z.array(citationRefSchema).min(1),
});
export type Target = z.infer<typeof targetSchema>;
export const targetsFileSchema = z.object({ targets: z.array(targetSchema).min(1) });

// ---- eligibility.json (json-rules-engine rules) -------------------------------------------

/** The profile facts rules may test, besides the derived industry facts. */
export const PROFILE_FLAGS = ['aboveDesignatedSize', 'centralSoe', 'stateOwned', 'sme', 'provincialPark', 'auditPassed'] as const;
export type ProfileFlag = (typeof PROFILE_FLAGS)[number];
/** Facts derived from the profile's industry: its id with its ancestors', and its groups. */
export const INDUSTRY_FACTS = ['industryLineage', 'industryGroups'] as const;
export const FACT_NAMES = [...PROFILE_FLAGS, ...INDUSTRY_FACTS] as const;

export const leafConditionSchema = z.object({
  fact: z.enum(FACT_NAMES),
  operator: z.enum(['equal', 'notEqual', 'contains', 'doesNotContain']),
  value: z.union([z.boolean(), z.string()]),
});
export type LeafCondition = z.infer<typeof leafConditionSchema>;
export type Condition = LeafCondition | { all: Condition[] } | { any: Condition[] };
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    leafConditionSchema.strict(),
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
  ]),
);

export const itemKindSchema = z.enum(['audit', 'training', 'technology', 'substitution', 'incentive', 'target']);
export type ItemKind = z.infer<typeof itemKindSchema>;

export const ruleSchema = z.object({
  name: idSchema,
  priority: z.number().int().min(1).optional(),
  conditions: z.union([
    z.object({ all: z.array(conditionSchema) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
  ]),
  event: z.object({
    type: itemKindSchema,
    params: z.object({
      title: localizedSchema,
      text: localizedSchema,
      /** research: 研发; promote: 推广; demonstrate: 示范 (technology and substitution items). */
      stage: z.enum(['research', 'promote', 'demonstrate']).optional(),
      technologies: z.array(localizedSchema).default([]),
      targets: z.array(idSchema).default([]),
      citations: z.array(citationRefSchema).min(1),
    }),
  }),
});
export type RuleData = z.infer<typeof ruleSchema>;
export const eligibilityFileSchema = z.object({ rules: z.array(ruleSchema).min(1) });
