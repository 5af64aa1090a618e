import { z } from 'zod';
import { localizedSchema } from '../text/languages.js';

/**
 * The formats of a plan's rule data (a pack's rules/*.json and glossary.json). References the
 * schemas cannot see alone — a rule's fact is a flag of the pack's profile, a figure's unit is
 * one of its units, a citation's clause exists — are checked when the pack is loaded.
 */

export const idSchema = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/u, 'ids are lower-case letters, digits, dots and dashes');

/**
 * A citation in a data file: a clause id, or a clause id with the verbatim excerpt that
 * carries the fact (shown to the user as the quote). Normalised to the object form at load.
 */
export const citationRefSchema = z.union([
  z.string().min(1).transform((id) => ({ id, quote: undefined as string | undefined })),
  z.object({ id: z.string().min(1), quote: z.string().min(1).optional() }).strict(),
]);
export type CitationRef = z.output<typeof citationRefSchema>;

// ---- rules/industries.json -----------------------------------------------------------------

export const industryGroupSchema = z
  .object({
    id: idSchema,
    name: localizedSchema,
    /** Other ways to name the group, in Chinese and English. */
    aliases: z.array(z.string().min(1)).default([]),
    /** Groups whose members belong to this one too. */
    includes: z.array(idSchema).default([]),
    /**
     * plan: a group the plan defines (and lists); family: a sector the plan names without listing
     * its industries, whose members follow a classification the `reading` gives.
     */
    kind: z.enum(['plan', 'family']).default('plan'),
    reading: z.string().optional(),
    /** A family's sector industry (the chemicals industry for the chemicals family): a business named by it alone may be in any member industry. */
    sector: idSchema.optional(),
    citations: z.array(citationRefSchema).min(1),
  })
  .strict()
  .refine((group) => group.kind === 'plan' || Boolean(group.reading), { message: 'a family says in `reading` why its industries belong to it', path: ['reading'] });
export type IndustryGroup = z.infer<typeof industryGroupSchema>;

export const industrySchema = z
  .object({
    id: idSchema,
    name: localizedSchema,
    /** What a person would type: other Chinese names, English names, abbreviations. Matched case-insensitively. */
    aliases: z.array(z.string().min(1)).default([]),
    /**
     * Names that fit this industry on one reading only (a product made by several routes, a
     * word for several industries): a text naming it by one of these alone is asked about.
     */
    ambiguousNames: z.array(z.string().min(1)).default([]),
    /**
     * Ambiguous names that name an industry only when they are all the name says ("lead" is also
     * the metal and a verb in a sentence): a name of one of these alone is asked about.
     */
    aloneNames: z.array(z.string().min(1)).default([]),
    /** Words that, beside an ambiguous name, rule this industry out (another route, another product). */
    notIf: z.array(z.string().min(1)).default([]),
    /** The broader industry this one belongs to; it inherits the parent's rules. */
    parent: idSchema.optional(),
    groups: z.array(idSchema).default([]),
    citations: z.array(citationRefSchema).min(1),
  })
  .strict();
export type Industry = z.infer<typeof industrySchema>;

/**
 * A general name that fits several plan industries ("glass": glass products or flat glass): a
 * business named by it, with nothing in the text that settles which, is asked about.
 */
export const generalNameSchema = z
  .object({
    $comment: z.string().optional(),
    /** The name as people write it, in Chinese and English. */
    names: z.array(z.string().min(1)).min(1),
    /**
     * Each plan industry the name may mean, with words that, written beside the name, settle
     * that reading (an industry's own names settle it too).
     */
    readings: z.record(idSchema, z.array(z.string().min(1))).refine((readings) => Object.keys(readings).length >= 2, { message: 'a general name has at least two readings' }),
  })
  .strict();
export type GeneralName = z.infer<typeof generalNameSchema>;

export const industriesFileSchema = z
  .object({
    $comment: z.string().optional(),
    groups: z.array(industryGroupSchema),
    industries: z.array(industrySchema).min(1),
    generalNames: z.array(generalNameSchema).default([]),
    /**
     * Real English words one letter from an industry's name ("cooking", "coking"): a word of a
     * name that is not found is read as a misspelling of a name, but never these.
     */
    notMisspellings: z.array(z.string().regex(/^[a-z]+$/u, 'a lower-case English word')).default([]),
    /** Words just before a name, in its clause, that say the business does not do it ("spinning, not dyeing"). */
    negations: z.array(z.string().min(1)).default([]),
    /** Phrases that hold an industry's name but name no industry ("a student paper", "white paper"): no name inside them is read. */
    notNames: z.array(z.string().min(1)).default([]),
  })
  .strict();

/** rules/homophones.json (generated by scripts/homophones.mjs): the characters read with each syllable of the industries' names. */
export const homophonesFileSchema = z
  .object({
    $comment: z.string().optional(),
    syllables: z.record(z.string().regex(/^[a-z]+$/u, 'a syllable in pinyin without tones'), z.string().regex(/^\p{Script=Han}+$/u, 'Chinese characters')),
  })
  .strict();

/** How people's names for industries are read, beside the industries' own names. */
export interface IndustryNaming {
  generalNames: readonly GeneralName[];
  notMisspellings: readonly string[];
  negations: readonly string[];
  /** Phrases that hold an industry's name but name no industry. Default: none. */
  notNames?: readonly string[];
  /** Characters by syllable (homophones.json): a name one character off by sound is read as the name. Default: none. */
  homophones?: Readonly<Record<string, string>>;
}

// ---- glossary.json -------------------------------------------------------------------------

export const glossaryEntrySchema = z
  .object({
    /** The Chinese term exactly as the plan writes it. */
    zh: z.string().min(1),
    /** English renderings and other ways to say it (both languages), matched case-insensitively. */
    en: z.array(z.string().min(1)).min(1),
    aliases: z.array(z.string().min(1)).default([]),
    kind: z.enum(['pollutant', 'indicator', 'technology', 'term']),
  })
  .strict();
export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>;
export const glossaryFileSchema = z.object({ $comment: z.string().optional(), terms: z.array(glossaryEntrySchema).min(1) }).strict();

// ---- rules/targets.json --------------------------------------------------------------------

export const comparatorSchema = z.enum(['>', '>=', '=']);
export type Comparator = z.infer<typeof comparatorSchema>;

/** A unit symbol of the pack's units.json. */
export type Unit = string;

export const figureSchema = z
  .object({
    value: z.number(),
    unit: z.string().min(1),
    /** The figure as the plan writes it, e.g. "[>50%]". */
    text: z.string().min(1),
  })
  .strict();

export const targetSchema = z
  .object({
    id: idSchema,
    /** What kind of target it is; the pack names its kinds (a table's row, a penetration rate, a reduction). */
    kind: z.string().regex(/^[a-z0-9-]+$/u),
    /** Targets that measure the same thing share a key (a table's row and the sentence that states it too). */
    indicator: z.string().min(1),
    title: localizedSchema,
    text: localizedSchema,
    industries: z.array(idSchema).default([]),
    technology: localizedSchema.optional(),
    pollutant: z.string().optional(),
    baseline: figureSchema.extend({ year: z.number().int(), note: localizedSchema.optional() }).strict().optional(),
    target: figureSchema.extend({ year: z.number().int(), comparator: comparatorSchema }).strict(),
    citations: z.array(citationRefSchema).min(1),
  })
  .strict();
export type Target = z.infer<typeof targetSchema>;
export const targetsFileSchema = z.object({ $comment: z.string().optional(), targets: z.array(targetSchema).min(1) }).strict();

/** rules/indicators.json: each indicator's name without its figure, to state targets that share it as one. */
export const indicatorsFileSchema = z.object({ $comment: z.string().optional(), indicators: z.record(z.string().min(1), localizedSchema) }).strict();

// ---- rules/eligibility.json (json-rules-engine rules) ---------------------------------------

/** Facts derived from the profile's industry: its id with its ancestors', and its groups. */
export const INDUSTRY_FACTS = ['industryLineage', 'industryGroups'] as const;

export const leafConditionSchema = z
  .object({
    /** A flag of the pack's profile, or one of the industry facts. */
    fact: z.string().min(1),
    operator: z.enum(['equal', 'notEqual', 'contains', 'doesNotContain']),
    value: z.union([z.boolean(), z.string()]),
  })
  .strict();
export type LeafCondition = z.infer<typeof leafConditionSchema>;
/**
 * A condition: a fact compared with a value, or all / any of conditions, or `not` a condition.
 * Unknown is not false: a flag not given fails `equal true`, so `not` of it holds. A rule that
 * uses `not` over a flag must say why in its `note` (the integrity tests check it).
 */
export type Condition = LeafCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    leafConditionSchema,
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
  ]),
);

export const itemKindSchema = z.enum(['audit', 'training', 'technology', 'substitution', 'incentive', 'target', 'role']);
export type ItemKind = z.infer<typeof itemKindSchema>;

export const ruleSchema = z
  .object({
    name: idSchema,
    priority: z.number().int().min(1).optional(),
    conditions: z.union([z.object({ all: z.array(conditionSchema) }).strict(), z.object({ any: z.array(conditionSchema).min(1) }).strict()]),
    event: z
      .object({
        type: itemKindSchema,
        params: z
          .object({
            title: localizedSchema,
            text: localizedSchema,
            /** research, promote or demonstrate (technology and substitution items). */
            stage: z.enum(['research', 'promote', 'demonstrate']).optional(),
            technologies: z.array(localizedSchema).default([]),
            targets: z.array(idSchema).default([]),
            citations: z.array(citationRefSchema).min(1),
          })
          .strict(),
      })
      .strict(),
    /** Why the rule reads the clause as it does, where that is a reading and not the words. */
    note: z.string().optional(),
    /** Words by which a question names this rule itself ("every two years"): such a question is answered about this rule. */
    askedBy: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type RuleData = z.infer<typeof ruleSchema>;
export const eligibilityFileSchema = z.object({ $comment: z.string().optional(), rules: z.array(ruleSchema).min(1) }).strict();

/** The conditions directly inside a condition. */
export function childConditions(condition: Condition): Condition[] {
  if ('fact' in condition) return [];
  if ('not' in condition) return [condition.not];
  return 'all' in condition ? condition.all : condition.any;
}

/** The leaf conditions of a condition, `not`s included. */
export function leafConditions(condition: Condition): LeafCondition[] {
  return 'fact' in condition ? [condition] : childConditions(condition).flatMap(leafConditions);
}

/** The facts a rule's conditions test. */
export function factsUsed(condition: Condition): Set<string> {
  return new Set(leafConditions(condition).map((leaf) => leaf.fact));
}
