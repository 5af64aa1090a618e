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
/** A command-line option's name, without its dashes. */
export const CLI_OPTION = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/u;

/** A flag id as a command-line option: `aboveDesignatedSize` → `above-designated-size`. */
export function kebabCase(id: string): string {
  return id.replace(/[A-Z]/gu, (letter) => `-${letter.toLowerCase()}`);
}

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
    /** The flag as the guided check asks it, a whole question ("Are you a small enterprise?"); default: ui.guided.question. */
    ask: localizedSchema.optional(),
    /** Words that state it (yes) or deny it (no) in a question. */
    cues: z.object({ yes: cues, no: cues.default([]) }).strict(),
    /**
     * A flag about who asks, not about an enterprise (an authority, an association): read from
     * their words, never asked for, and someone in that role is not asked for an industry.
     */
    role: z.boolean().default(false),
    /**
     * Its words also name what a target measures (the share of enterprises that passed the audit
     * assessment): in a short follow-up to a target question ("and those that passed the audit assessment?") they ask that target
     * and state nothing of the enterprise.
     */
    namesIndicator: z.boolean().default(false),
    /** Other names of the flag as a command-line option (`above-scale` for `--above-scale`); its id in kebab case always is one. */
    options: z.array(z.string().regex(CLI_OPTION, 'an option name is lower-case words joined by dashes')).default([]),
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
    const optionOwners = new Map<string, string>();
    profile.flags.forEach((flag, index) => {
      for (const option of [kebabCase(flag.id), ...flag.options]) {
        const owner = optionOwners.get(option);
        if (owner && owner !== flag.id) context.addIssue({ code: 'custom', path: ['flags', index, 'options'], message: `option "--${option}" already names flag "${owner}"` });
        optionOwners.set(option, flag.id);
      }
    });
    profile.implications.forEach((implication, index) => {
      for (const key of ['if', 'then'] as const) {
        if (!ids.includes(implication[key])) context.addIssue({ code: 'custom', path: ['implications', index, key], message: `no flag "${implication[key]}"` });
      }
    });
  });
export type ProfileFile = z.infer<typeof profileFileSchema>;

// ---- units.json ------------------------------------------------------------------------------

/** How one language writes a figure of a unit: templates with `{n}`, the number scaled first. */
const unitWritingSchema = z
  .object({
    /** Multiply the figure by this before writing it (default 1). */
    scale: z.number().positive().default(1),
    /** The figure written, e.g. "{n} tonnes a year". */
    other: template('n'),
    /** The figure written when the scaled number is exactly 1, e.g. "{n} tonne a year" (default: `other`). */
    one: template('n').optional(),
  })
  .strict();

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
            /**
             * How a figure in this unit is written in each language, when not `{n}` then the symbol:
             * the number multiplied by `scale` (0.2 of ten thousand tonnes: 2,000 tonnes), in `other`,
             * or in `one` when it is exactly 1.
             */
            written: z.partialRecord(z.enum(LANGUAGES), unitWritingSchema).default({}),
          })
          .strict(),
      )
      .min(1),
    /** How people write the units in questions ("percent", "million tonnes" = 100 × the 10-kilotonne unit). */
    patterns: z.array(
      z
        .object({
          pattern: z.string().min(1),
          unit: z.string().min(1),
          scale: z.number().positive().optional(),
          /** Words that may stand between the number and a counting noun ("512 demonstration enterprises"). */
          wordsBetween: z.number().int().min(0).max(6).optional(),
        })
        .strict(),
    ),
  })
  .strict()
  .superRefine((file, context) => {
    const symbols = file.units.map((unit) => unit.symbol);
    // An English figure is wholly English: a unit not written in Latin letters says how English writes it.
    file.units.forEach((unit, index) => {
      if (!unit.written.en && /[^\p{Script=Latin}\p{N}\p{P}\p{S}\s]/u.test(unit.symbol)) {
        context.addIssue({ code: 'custom', path: ['units', index, 'written', 'en'], message: `unit "${unit.symbol}" needs its English writing` });
      }
    });
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
        /** A question about what the plan means or why it says what it says ("why does the plan say we must..."): answered from the text, for anyone. */
        reading: cues.default([]),
        /** A short question that asks the one before again, of something else or now ("and now?", "what about ..."). */
        followUp: cues.default([]),
        /** Words of a yes-or-no question (a question particle, "do we"): its answer starts with the yes. */
        yesNo: cues.default([]),
        /** Words that say a question is a new one ("another question"): it asks nothing of the turn before. */
        newQuestion: cues.default([]),
        /** Words that ask for every item ("list them all"): lists are not cut at the usual few. */
        exhaustive: cues.default([]),
        /** Words that ask whether something is one of a group ("do we count as", a Chinese "counts or not"). */
        membership: cues.default([]),
        /** Words that say something is one of a group ("is one of the", a Chinese "one of"): in a sentence that asks, and said of an industry, a claim of membership. */
        memberOf: cues.default([]),
        /** Words that ask whether a duty may be skipped ("exempt", "no need to", a Chinese "need not"): where the duty applies, the answer is no. */
        exemption: cues.default([]),
        /** Words that ask which of two or more targets is larger, or by how much ("which is larger", a Chinese "more or less"). */
        comparison: cues.default([]),
        /** Words that set aside what follows them ("apart from", "besides"): the terms after one, in its clause, are not asked about. */
        exclusion: cues.default([]),
        /** Words that end what an `exclusion` cue sets aside and go on to what is asked ("what", the Chinese "still"). */
        exclusionEnds: cues.default([]),
        /** Words that ask how far a target is from its baseline ("by how many percentage points", a Chinese "how many points apart"). */
        gap: cues.default([]),
      })
      .strict(),
    /**
     * A check asked with words between its verb and what it is measured against ("complete the
     * 12th-plan target", "reach the plan's reduction target"): a verb, then an object within
     * `maxGap` (Han characters and Latin words counted alike), in one clause.
     */
    checkFrames: z
      .object({
        $comment: z.string().optional(),
        verbs: cues,
        objects: cues,
        maxGap: z.number().int().min(0).max(20),
        /** Verbs of completion that also ask a check after their object ("is the target reached", and the Chinese object-first "target ... completed yet"). */
        after: cues.default([]),
      })
      .strict()
      .default({ verbs: [], objects: [], maxGap: 0, after: [] }),
    /** Requests to say the last answer again in a language ("in English, please"), by the language asked for. */
    languageRequests: z.array(z.object({ answerIn: z.enum(['zh', 'en']), cues }).strict()).default([]),
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
        /** What the plan sets no target for (VOCs, CO2, water use per tonne, a province's share): out of scope when a target is asked for it. */
        noTarget: cues.default([]),
        /** Words asking for an amount ("how much", "by how much"): with a `noTarget` word, a target asked without the word target. */
        noTargetAsks: cues.default([]),
        /** Words that place a question in industry ("enterprises", "industry", "promoting"): one of the plan's own words beside a measure or technology the plan offers is then the plan's question, not a household's or a consumer's. */
        industryContext: cues.default([]),
        firstYearOutside: z.number().int(),
        lastYearBefore: z.number().int(),
        /** Words naming a target: a target for a year the plan sets none for is another period's. */
        targetWords: cues,
        /**
         * What was actually achieved, which a plan does not record: `asks` words ("actually") with an
         * `outcomes` word ("fostered", "disbursed") in a question that reports no figure and names a year of
         * the plan's period or after it, or an `after` word ("after the plan period", "in the end").
         */
        actualResults: z.object({ asks: cues, after: cues.default([]), outcomes: cues.default([]) }).strict().default({ asks: [], after: [], outcomes: [] }),
        /**
         * Lists the plan counts but names no member of ("the 500 demonstration enterprises"): whether someone is one of
         * them is not in the plan. A question with an `aspirations` word ("become one of", "apply") asks how to join, and one with a `listAsks` word ("which", "requirements") asks about the list: both are.
         */
        unnamedMembers: z.object({ names: cues, aspirations: cues.default([]), listAsks: cues.default([]) }).strict().default({ names: [], aspirations: [], listAsks: [] }),
        /** Questions about what another document says (the plan does not contain it). */
        otherDocuments: z
          .object({
            $comment: z.string().optional(),
            /** Names of other documents. */
            names: cues,
            /** Regular expressions for an article reference ("article 27"). */
            articles: z.array(regexSource()),
            /** Words asking for a document's provisions. */
            asks: cues,
            /** Words that make the plan the one asked about ("does the plan say", "the plan mentions"): what it says of another document is in scope. */
            planSays: cues.default([]),
          })
          .strict(),
      })
      .strict(),
    injection: cues,
    /** Sections that describe the time before the plan, and the last year that counts as before. */
    pastSections: z.object({ $comment: z.string().optional(), sections: z.array(z.string().min(1)), lastPastYear: z.number().int() }).strict(),
    /**
     * Sections that each name a set of industries (the key projects): a question that names one
     * (its title's words, less `titleWords`, and one of `mentions`) and asks which is answered
     * with the industries its clauses name.
     */
    sectionLists: z
      .object({ $comment: z.string().optional(), under: z.array(z.string().min(1)), mentions: cues, asks: cues, titleWords: cues })
      .strict()
      .optional(),
    /** Figures that describe the enterprise (daily output), not a result to check. */
    figureContexts: z
      .object({
        ignoreBefore: cues,
        ignoreAfter: cues,
        /** Figures given per another period than the targets' ("per month"): its words before or after, and the factor to the targets' period. */
        periods: z.array(z.object({ before: cues, after: cues, factor: z.number().positive() }).strict()).default([]),
        /**
         * A share and then how much it rose or fell since, in points ("9% in 2010, up 19 points since"): the
         * words of a rise or a fall before the second figure, and the words that write points after it. Only with a
         * year named; a change `compared` with another time ("up 6 points on last year") leaves the share as it is.
         * `fromPlan`: words that make the base of a change alone the plan's own figure for the year named ("up 20
         * points on the national 2010 level in the plan"): the change is added to the target's baseline.
         * `multipliers`: words after a figure, in its sentence, that say it has since been multiplied ("9% in 2010;
         * it has since tripled": 27%), with the factor; not when `notTheirs` words (another's figure, a target
         * or what the plan wants: "the national rate", "the plan wants it doubled") stand between.
         */
        changes: z
          .object({ rise: cues, fall: cues, points: cues, compared: cues.default([]), fromPlan: cues.default([]), multipliers: z.record(z.string().min(1), z.number().positive()).default({}), notTheirs: cues.default([]) })
          .strict()
          .default({ rise: [], fall: [], points: [], compared: [], fromPlan: [], multipliers: {}, notTheirs: [] }),
        /**
         * A part and its whole, counted ("1,250 firms, 410 of them passed", "40 projects in all, 25 of them done"):
         * a share. `counters` are the words that count (a Latin one may follow a few words after the number); the
         * whole comes first where a `totals` word stands before the second count or a `parts` word before or
         * with it ("of them", "of which"); the part comes first before a `partOf` word ("410 out of 1,250"; such a
         * word counts the number before it too).
         */
        counts: z
          .object({ counters: cues, totals: cues, parts: cues, partOf: cues })
          .strict()
          .default({ counters: [], totals: [], parts: [], partOf: [] }),
      })
      .strict(),
    /** "What is X?" questions are answered by the sentence that says "X is ...". */
    /** `meaning`: the words that ask only what a term means ("mean by", a Chinese "what it means"), not any "what is". */
    definitional: z.object({ cues, meaning: cues.default([]), copulas: cues }).strict(),
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

/** The guided check (POST /v1/eligibility/next): how a question, its choices and its reason are worded. */
const guidedWordsSchema = z
  .object({
    /** A flag's question when its profile entry has no `ask`. */
    question: template('label'),
    industryQuestion: template(),
    /** Why the industry is asked: how many items depend on it. */
    industryReason: template('n'),
    /** Why a flag is asked: the items that apply only if it is true, and the clauses that say so. */
    reason: template('condition', 'n', 'titles', 'clauses'),
    /** Said under every question: not sure is an answer. */
    unsureHint: template(),
    yes: template('yes'),
    no: template('no'),
    unsure: template(),
    /** Between titles and between clause labels in a reason. */
    listSeparator: z.string().min(1),
    /** A title as the reason quotes it. */
    title: template('title'),
  })
  .strict();

/** The enterprise's checklist as a document (DOCX, CSV): headings and labels. */
const documentWordsSchema = z
  .object({
    title: template(),
    /** The file name, without extension (letters, digits, dashes: it goes in a header). */
    fileName: z.string().regex(/^[A-Za-z0-9-]{1,60}$/u),
    plan: template('title'),
    profileHeading: template(),
    yes: template(),
    no: template(),
    notGiven: template(),
    appliesHeading: template(),
    noItems: template(),
    conditionalHeading: template(),
    conditionalIntro: template(),
    /** Before the items that would apply if a flag were true. */
    conditionalIf: template('condition'),
    technologies: template(),
    target: template('title', 'target', 'year'),
    quote: template('clause'),
    clause: template('id'),
    generated: template('date'),
    version: template('version'),
    csv: z
      .object({
        section: template(),
        kind: template(),
        id: template(),
        title: template(),
        text: template(),
        technologies: template(),
        targets: template(),
        clause: template(),
        quote: template(),
        sections: z.object({ plan: template(), profile: template(), applies: template(), conditional: template() }).strict(),
      })
      .strict(),
  })
  .strict();

/** The batch check of reported figures (CSV or XLSX upload): reasons for bad rows, the result table's columns. */
const batchWordsSchema = z
  .object({
    errors: z
      .object({
        tooFewColumns: template('n'),
        tooManyColumns: template('n'),
        emptyRegion: template(),
        emptyIndicator: template(),
        unknownIndicator: template('value'),
        emptyValue: template(),
        badValue: template('value'),
        unknownUnit: template('value'),
        incompatibleUnit: template('unit', 'targetUnit'),
        tooLong: template('n'),
      })
      .strict(),
    columns: z
      .object({
        line: template(),
        region: template(),
        indicator: template(),
        targetId: template(),
        target: template(),
        reported: template(),
        goal: template(),
        year: template(),
        met: template(),
        difference: template(),
        summary: template(),
        column: template(),
        value: template(),
        reason: template(),
      })
      .strict(),
    met: template(),
    notMet: template(),
    /** In the "met" column of a row that could not be checked. */
    problem: template(),
    resultsSheet: z.string().min(1).max(31),
    errorsSheet: z.string().min(1).max(31),
    fileName: z.string().regex(/^[A-Za-z0-9-]{1,60}$/u),
  })
  .strict();

export const messagesSchema = z
  .object({
    ...comment,
    separator: z.string(),
    itemSeparator: z.string().min(1),
    answer: z
      .object({
        outOfScope: z.object({ otherPeriod: template(), otherPlan: template(), otherDocument: template(), actualResults: template(), unnamedMembers: template().optional(), default: template() }).strict(),
        needsInfo: z.object({ ask: template('fields', 'examples'), unknownIndustry: template(), which: template('name', 'choices'), whateverIndustry: template() }).strict(),
        claim: z.object({ confirmed: template(), rejected: template() }).strict(),
        check: z.object({ targetsInstead: template() }).strict(),
        /** The answer's first sentence: what was asked, answered. */
        lead: z
          .object({
            /** Before the answer to a yes-or-no question that applies. */
            yes: z.string(),
            /** Before the answer to a yes-or-no question whose answer is no ("is coking one of the 11?"). */
            no: z.string(),
            /** In its place when the question says how often ("every year?") and what applies says otherwise. */
            notAsAsked: z.string(),
            applicability: template('yes', 'who', 'topic', 'titles'),
            /** Before the titles of what applies, for a question that names no one kind of duty. */
            applicabilityList: template('yes', 'who', 'topic'),
            titleSeparator: z.string().min(1),
            checks: template('results'),
            checkMet: template('names'),
            checkNotMet: template('names'),
            checkMixed: template('names'),
            clauseSeparator: z.string().min(1),
            /** What else applies or was found, and where the full list is. */
            more: template('names', 'who'),
            /** The pointer to the rest when none of the rest can be named without its figures. */
            moreUnnamed: template('who'),
          })
          .strict(),
        list: z.object({ intro: template() }).strict(),
        applicability: z
          .object({
            none: template('who', 'topic'),
            conditional: template('condition', 'titles'),
            whomFor: template(),
            /** A rule the question names does not apply ("every two years?"): who it is for follows. */
            ruleNotApplicable: template('who', 'rules'),
            ruleName: template('title'),
            otherApply: template('who', 'topic'),
            industryMayAdd: template(),
            anyTopic: template(),
          })
          .strict(),
        general: z.object({ intro: template() }).strict(),
        quotes: z.object({ seeAlso: template('titles') }).strict(),
        lines: z
          .object({
            numbered: template('n', 'line'),
            item: template('title', 'text', 'markers'),
            entry: template('title', 'text', 'markers'),
            indicator: template('name', 'text', 'markers'),
            /** One indicator checked: the verdict first, then the figure, the target and the indicator. */
            checkMet: template('name', 'value', 'year', 'goal', 'gap', 'markers'),
            checkNotMet: template('name', 'value', 'year', 'goal', 'gap', 'markers'),
            /** The same indicator worded otherwise elsewhere in the plan (">30%" in a table, "at least 30%" in the text). */
            otherWording: template('source', 'goal', 'markers'),
            otherVerdict: template('source', 'goal', 'verdict', 'markers'),
            target: template('text', 'markers'),
            passage: template('title', 'excerpt', 'markers', 'glosses'),
            /** A passage in the plan's unofficial English rendering (its Chinese is in the citation). */
            passageRendered: template('title', 'rendering', 'markers'),
            /** A later rendered passage of the same answer: the first already said what the English is. */
            passageRenderedAgain: template('title', 'rendering', 'markers'),
            glosses: template('glosses'),
            gloss: template('zh', 'en'),
            /** What parts an item title's subject from its topic ("Cement: promote …"): a subject the lead named is not said again. */
            titleTopic: z.string().min(1),
            /** How an item's sentence that only restates who the user is begins ("You are …"): left out when the lead said who. */
            restatesWho: z.array(z.string().min(1)),
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
    facts: z
      .object({
        groupDefinition: template('definition', 'members'),
        /** The same when the quoted definition names every member itself (the plan's footnotes ① and ②): the names are not listed again. Default: groupDefinition. */
        groupDefinitionNamed: template('definition').optional(),
        /** Whether an industry the question names is one of the group's members ("is coking one of the 11?"), said before the definition. */
        groupMember: template('industry', 'group'),
        groupNotMember: template('industry', 'group'),
        /** Two targets compared ("which is larger?"): the larger first, then by how much. */
        comparisonLarger: template('year', 'larger', 'largerValue', 'smaller', 'smallerValue', 'difference'),
        comparisonEqual: template('year', 'first', 'second', 'value'),
        /** Three or more targets compared: largest first. */
        comparisonOrder: template('year', 'items'),
        comparisonItem: template('name', 'value'),
        /** How far a target is from its baseline ("a rise of more than 15.7 points"): `rise` is a `riseComparators` word and the points. */
        baselineGap: template('name', 'fromYear', 'from', 'toYear', 'goal', 'rise'),
        /** Before the points of a baseline gap, by the target's comparator ("more than" for ">"). */
        riseComparators: z.object({ '>': z.string(), '>=': z.string(), '=': z.string() }).strict(),
        industries: template('industries'),
        /** A rule for some industries' enterprises of one kind only ("above designated size"). Defaults to `industries`. */
        industriesFor: template('industries', 'enterprises').optional(),
        /** A rule for exactly the members of a group the plan names ("the 8 heavy-metal industries"): the group, then its members. Defaults to `industries`. */
        industriesOfGroup: template('group', 'industries').optional(),
      })
      .strict(),
    check: z
      .object({
        met: template('value', 'year', 'goal', 'gap'),
        notMet: template('value', 'year', 'goal', 'gap'),
        /** A reported figure read from another way of writing it ("48% (converted from 0.48)"). */
        asWritten: template('value', 'written').optional(),
        metBy: template('amount'),
        shortBy: template('amount'),
        mustExceed: template(),
        goal: template('comparator', 'figure'),
        verdictMet: template(),
        verdictNotMet: template(),
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
            /** Units shown in another unit's words are multiplied by this (65 ten-thousand tonnes shown as 650,000 tonnes). */
            unitScale: z.record(z.string(), z.number().positive()).default({}),
            /** Regular expressions cut from target titles in the table (a prefix or suffix the table says already). */
            titleTrim: z.array(regexSource()),
          })
          .strict(),
        guided: guidedWordsSchema,
        documents: documentWordsSchema,
        batch: batchWordsSchema,
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
