import { z } from 'zod';
import { localizedSchema, LANGUAGES, verifierWordsSchema } from '../text/languages.js';
import { template } from './template.js';

/**
 * The schemas of a plan pack's own files (plan.json, profile.json, units.json, lexicon.json,
 * messages/<language>.json, prompts.json). The rule files' schemas are in src/rules/schema.ts,
 * the corpus's in ./corpus.ts.
 */

const cues = z.array(z.string().min(1));
const comment = { $comment: z.string().optional() };
export const PACK_ID = /^[a-z0-9][a-z0-9-]{0,62}$/u;

// ---- plan.json -------------------------------------------------------------------------------

export const planMetaSchema = z
  .object({
    ...comment,
    id: z.string().regex(PACK_ID, 'a pack id is lower-case letters, digits and dashes'),
    title: localizedSchema,
    shortTitle: localizedSchema,
    period: z
      .object({
        start: z.number().int(),
        end: z.number().int(),
        /** The period's name (as a reader knows it). */
        name: localizedSchema,
        /** Other ways to name it in text; an answer may say them anywhere. */
        aliases: cues.default([]),
      })
      .strict()
      .refine((period) => period.start <= period.end, 'start is after end'),
    issuer: localizedSchema.extend({ note: z.string().optional() }).strict(),
    defaultLanguage: z.enum(LANGUAGES),
    /** The pack served when a request names none (at most one pack says so; else the first by id). */
    default: z.boolean().default(false),
    /** Marks a pack written for tests: never the default, and said so wherever it is listed. */
    testData: z.boolean().default(false),
  })
  .strict();
export type PlanMeta = z.infer<typeof planMetaSchema>;

// ---- profile.json ----------------------------------------------------------------------------

export const FLAG_ID = /^[a-z][A-Za-z0-9]{1,40}$/u;

export const profileFlagSchema = z
  .object({
    id: z.string().regex(FLAG_ID, 'a flag id is a camelCase word'),
    /** The flag as a checklist label ("Above designated size"). */
    label: localizedSchema,
    /** The flag as the answer asks for it ("whether you are a small enterprise"). */
    question: localizedSchema,
    /** One line for the API documentation. */
    description: z.string().min(1),
    /** How an answer describes an enterprise for which the flag is true, and false. */
    yes: localizedSchema,
    no: localizedSchema,
    /** The flag as a condition ("you are a small enterprise"). */
    condition: localizedSchema,
    /** Words that state it (yes) or deny it (no) in a question. */
    cues: z.object({ yes: cues, no: cues.default([]) }).strict(),
    /**
     * A flag about who asks, not about an enterprise (an authority, an association): read from
     * their words, never asked for, and someone in that role is not asked for an industry.
     */
    role: z.boolean().default(false),
  })
  .strict();
export type ProfileFlagSpec = z.infer<typeof profileFlagSchema>;

export const profileFileSchema = z
  .object({
    ...comment,
    industry: z
      .object({ label: localizedSchema, question: localizedSchema, description: z.string().min(1), examples: localizedSchema })
      .strict(),
    flags: z.array(profileFlagSchema).min(1),
    /** A flag stated true that makes another true (a central SOE is state-owned). */
    implications: z.array(z.object({ if: z.string(), then: z.string(), why: z.string() }).strict()).default([]),
    /** Names that contain a flag's cue without stating it (a fund for small firms is no claim to be one). */
    notStatements: cues.default([]),
  })
  .strict()
  .superRefine((profile, context) => {
    const ids = profile.flags.map((flag) => flag.id);
    ids.forEach((id, index) => {
      if (id === 'industry') context.addIssue({ code: 'custom', path: ['flags', index, 'id'], message: '"industry" is not a flag' });
      if (ids.indexOf(id) !== index) context.addIssue({ code: 'custom', path: ['flags', index, 'id'], message: `duplicate flag "${id}"` });
    });
    profile.implications.forEach((implication, index) => {
      for (const key of ['if', 'then'] as const) {
        if (!ids.includes(implication[key])) context.addIssue({ code: 'custom', path: ['implications', index, key], message: `no flag "${implication[key]}"` });
      }
    });
  });
export type ProfileFile = z.infer<typeof profileFileSchema>;

// ---- units.json ------------------------------------------------------------------------------

export const unitsFileSchema = z
  .object({
    ...comment,
    units: z
      .array(
        z
          .object({
            symbol: z.string().min(1),
            /** What it measures: figures compare only within a family. */
            family: z.string().min(1),
            /** Its size in the family's base unit (ten thousand tonnes: 10000). */
            factor: z.number().positive(),
          })
          .strict(),
      )
      .min(1),
    /** How people write the units in questions ("percent", "million tonnes" = 100 × the 10-kilotonne unit). */
    patterns: z.array(z.object({ pattern: z.string().min(1), unit: z.string().min(1), scale: z.number().positive().optional() }).strict()),
  })
  .strict()
  .superRefine((file, context) => {
    const symbols = file.units.map((unit) => unit.symbol);
    file.patterns.forEach((pattern, index) => {
      if (!symbols.includes(pattern.unit)) context.addIssue({ code: 'custom', path: ['patterns', index, 'unit'], message: `no unit "${pattern.unit}"` });
    });
  });
export type UnitsFile = z.infer<typeof unitsFileSchema>;

// ---- lexicon.json ----------------------------------------------------------------------------

/** A condition over the understanding's signals: a signal name, "!name", or all/any of conditions. */
export type SignalCondition = string | { all: SignalCondition[] } | { any: SignalCondition[] };
export const signalConditionSchema: z.ZodType<SignalCondition> = z.lazy(() =>
  z.union([
    z.string().regex(/^!?[a-zA-Z][\w:-]*$/u, 'a signal name, or !name'),
    z.object({ all: z.array(signalConditionSchema) }).strict(),
    z.object({ any: z.array(signalConditionSchema).min(1) }).strict(),
  ]),
);

export const ITEM_KINDS = ['audit', 'training', 'technology', 'substitution', 'incentive', 'target', 'role'] as const;
export const INTENTS = ['applicability', 'target', 'technology', 'list', 'check', 'claim', 'general'] as const;
export type Intent = (typeof INTENTS)[number];

export const lexiconSchema = z
  .object({
    ...comment,
    negations: cues,
    topics: z.array(z.object({ kind: z.enum(ITEM_KINDS), cues }).strict()),
    intents: z
      .object({
        list: cues,
        self: cues,
        /** Speakers who are not an enterprise (an association, an office): their "we" asks about the plan. */
        notEnterprise: cues,
        applicability: cues,
        target: cues,
        /** A target question only when no duty is named. */
        weakTarget: cues,
        /** A target question unless they describe a group. */
        reduction: cues,
        technology: cues,
        check: cues,
        claim: cues,
        /** Words that, in a figure's own clause, make it the plan's figure as the user claims it. */
        claimLead: cues,
        reporter: cues,
        past: cues,
        how: cues,
      })
      .strict(),
    /** Named conditions the intent rules share. */
    conditions: z.record(z.string(), z.union([z.string(), signalConditionSchema])).default({}),
    /** The intent of a question: the first rule whose condition holds. The last rule should always hold. */
    intentRules: z.array(z.object({ intent: z.enum(INTENTS), when: signalConditionSchema, why: z.string().optional() }).strict()).min(1),
    /** Words that make a question about a kind of target ("penetration" → penetration targets), and how much they count. */
    targetKinds: z.array(z.object({ kind: z.string().min(1), cues, weight: z.number() }).strict()).default([]),
    /** Glossary words too common to single out what a question asks for. */
    genericTerms: cues,
    /** Technology names too common to guard in an answer ("catalyst"). */
    genericNames: cues.default([]),
    scope: z
      .object({
        strong: cues,
        otherPlans: cues,
        chitChat: cues,
        /** Topics the plan does not cover even when its words appear. */
        notCovered: cues,
        firstYearOutside: z.number().int(),
        lastYearBefore: z.number().int(),
      })
      .strict(),
    injection: cues,
    /** Sections that describe the time before the plan, and the last year that counts as before. */
    pastSections: z.object({ $comment: z.string().optional(), sections: z.array(z.string().min(1)), lastPastYear: z.number().int() }).strict(),
    /** Figures that describe the enterprise (daily output), not a result to check. */
    figureContexts: z.object({ ignoreBefore: cues, ignoreAfter: cues }).strict(),
    /** "What is X?" questions are answered by the sentence that says "X is ...". */
    definitional: z.object({ cues, copulas: cues }).strict(),
    /** The plan's own words the verifier reads answers by, beside the languages' (languages/*.json `verifier`). */
    verifier: verifierWordsSchema.default(verifierWordsSchema.parse({})),
  })
  .strict();
export type Lexicon = z.infer<typeof lexiconSchema>;

// ---- messages/<language>.json -----------------------------------------------------------------

/** The source of a regular expression (checked to compile). */
export function regexSource() {
  return z.string().refine((source) => {
    try {
      new RegExp(source, 'u');
      return true;
    } catch {
      return false;
    }
  }, 'not a regular expression');
}

export const messagesSchema = z
  .object({
    ...comment,
    separator: z.string(),
    itemSeparator: z.string().min(1),
    answer: z
      .object({
        outOfScope: z.object({ otherPeriod: template(), otherPlan: template(), default: template() }).strict(),
        needsInfo: z.object({ ask: template('fields', 'examples'), unknownIndustry: template(), whateverIndustry: template() }).strict(),
        claim: z.object({ confirmed: template(), rejected: template() }).strict(),
        check: z.object({ intro: template(), targetsInstead: template() }).strict(),
        list: z.object({ intro: template() }).strict(),
        applicability: z
          .object({
            intro: template('who', 'topic'),
            none: template('who', 'topic'),
            openToAll: template('titles'),
            conditional: template('condition', 'titles'),
            anyTopic: template(),
          })
          .strict(),
        general: z.object({ intro: template() }).strict(),
        quotes: z.object({ intro: template() }).strict(),
        lines: z
          .object({
            fact: template('n', 'title', 'text', 'markers'),
            listed: template('n', 'title', 'text', 'markers'),
            target: template('text', 'markers'),
            quote: template('n', 'title', 'excerpt', 'markers', 'glosses'),
            glosses: template('glosses'),
            gloss: template('zh', 'en'),
          })
          .strict(),
        topics: z.record(z.enum(ITEM_KINDS), z.string().min(1)),
        who: z
          .object({ withIndustry: template('industry', 'flags'), withoutIndustry: template('flags'), flags: template('flags'), flagSeparator: z.string().min(1) })
          .strict(),
        period: template('start', 'end'),
        periodTitle: z.string().min(1),
      })
      .strict(),
    facts: z.object({ groupDefinition: template('definition', 'members'), industries: template('industries') }).strict(),
    check: z
      .object({
        met: template('value', 'year', 'goal', 'gap'),
        notMet: template('value', 'year', 'goal', 'gap'),
        metBy: template('amount'),
        shortBy: template('amount'),
        mustExceed: template(),
        goal: template('comparator', 'figure'),
        percentPoints: template('n'),
        comparators: z.object({ '>': z.string().min(1), '>=': z.string().min(1), '=': z.string().min(1) }).strict(),
      })
      .strict(),
    evidence: z
      .object({
        seeQuote: template(),
        claimMatches: template(),
        claimDiffers: template(),
        fact: template('n', 'title', 'body', 'verdict', 'markers'),
        target: template('text', 'markers'),
        onlyIf: template('n', 'field', 'title', 'text', 'markers'),
        period: template('text'),
      })
      .strict(),
    llm: z.object({ languageName: z.string().min(1) }).strict(),
    /** The plan's words in the browser: the chat widget and the page (their other words are the engine's). */
    ui: z
      .object({
        widget: z
          .object({
            title: z.string().min(1),
            subtitle: z.string().min(1),
            open: z.string().min(1),
            launcher: z.string().min(1),
            placeholder: z.string().min(1),
            intro: z.string().min(1),
            suggestions: z.array(z.string().min(1)).max(4),
            suggestionsIndustry: z.array(z.string().min(1)).max(4),
          })
          .strict(),
        page: z
          .object({
            docTitle: z.string().min(1),
            title: z.string().min(1),
            targetsHelp: z.string().min(1),
            footer: z.string().min(1),
            colBaseline: z.string().min(1),
            colTargetYear: z.string().min(1),
            chartTitle: z.string().min(1),
            chartCaption: z.string().min(1),
            chartNone: z.string().min(1),
            legendBaseline: z.string().min(1),
            legendTarget: z.string().min(1),
            /** Names of the plan's target kinds. */
            kinds: z.record(z.string(), z.string().min(1)),
            /** How units are shown (a unit not listed is shown as written). */
            units: z.record(z.string(), z.string().min(1)),
            /** Regular expressions cut from target titles in the table (a prefix or suffix the table says already). */
            titleTrim: z.array(regexSource()),
          })
          .strict(),
      })
      .strict(),
  })
  .strict();
export type Messages = z.infer<typeof messagesSchema>;

// ---- prompts.json ----------------------------------------------------------------------------

export const promptsSchema = z
  .object({
    ...comment,
    compose: z.array(template('facts', 'quotes', 'language')).min(1),
    repair: template('problems', 'language', 'facts', 'quotes'),
    understand: z.array(template('industries', 'flags', 'maxTerms')).min(1),
  })
  .strict();
export type Prompts = z.infer<typeof promptsSchema>;
