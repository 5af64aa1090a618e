import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describeZodError } from '../plan/errors.js';
import { projectPath } from '../paths.js';
import { template } from '../plan/template.js';

/**
 * Generic resources of each language the engine reads (stop words, sentence punctuation,
 * numerals, counters): data in `languages/<code>.json`, not code, and not any plan's words.
 * Read once, on first use (no I/O at import).
 */
export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const words = z.array(z.string().min(1));

/**
 * Words the verifier reads answers by. Generic ones are in languages/<code>.json; a plan adds
 * its own under `verifier` in its lexicon.json. Every list may be empty.
 */
export const verifierWordsSchema = z
  .object({
    $comment: z.string().optional(),
    /** Words that carry no content of their own: left out when a sentence's content words are counted. */
    functionWords: words.default([]),
    /** Words that negate the verdict or claim right after them ("not met", "has not been achieved"). */
    negations: words.default([]),
    /**
     * Words that deny what follows them in a statement, besides the negations ("without", "leaving … to"):
     * read only where an answer may deny what the evidence states, not as negating a cue word.
     */
    denials: words.default([]),
    /** Words that say a figure or a claim is wrong ("rather than", "not"), said next to the figure they correct. */
    corrections: words.default([]),
    /**
     * Modality and polarity: class → its words ("obligation": must, shall; "atMost": no more than).
     * A sentence that uses a word of a class must cite evidence that uses one of the same class.
     */
    polarity: z.record(z.string().regex(/^[a-z][A-Za-z]*$/u), words).default({}),
    /** Claims that something has happened or been achieved ("already", "has been met"): only a target check may make them. */
    status: words.default([]),
    /** A verdict on a reported figure: met, or not met (the longer phrase wins: "not met" is no "met"). */
    met: words.default([]),
    notMet: words.default([]),
    /**
     * A comparison of the user's figure with the target: "above" or "below" words followed by
     * a target noun ("above the target"), or a comparison marker, a target noun and then
     * one (Chinese "than the target, lower"). Conditional words make it no verdict ("has to be above the target").
     */
    above: words.default([]),
    below: words.default([]),
    targetNouns: words.default([]),
    comparisonMarkers: words.default([]),
    conditionals: words.default([]),
    /** Words that join two clauses in contrast ("but"): each side may carry its own verdict. */
    contrasts: words.default([]),
    /**
     * Comparators written onto a figure: before it ("below 50%") or after it ("70% or less",
     * "60% or more"). A figure said to be at most something must be one the evidence says so of.
     */
    figureComparators: z
      .object({
        atMost: z.object({ before: words.default([]), after: words.default([]) }).strict().default({ before: [], after: [] }),
        atLeast: z.object({ before: words.default([]), after: words.default([]) }).strict().default({ before: [], after: [] }),
      })
      .strict()
      .default({ atMost: { before: [], after: [] }, atLeast: { before: [], after: [] } }),
    /**
     * Words that make a figure the gap between two figures, not a figure of its own: before it
     * ("short by") or after it ("percentage points below"); `afterComparison` only after a
     * comparison marker in its clause ("than the target, 600 tonnes less"). A gap must be the
     * check's difference.
     */
    figureGaps: z
      .object({ before: words.default([]), after: words.default([]), afterComparison: words.default([]) })
      .strict()
      .default({ before: [], after: [], afterComparison: [] }),
    /**
     * Opposites that turn a term round when written onto it ("low-mercury" and
     * "high-mercury", "chromium-free" and "chromium-containing"): an answer may not write one
     * where the evidence writes the other onto the same word.
     */
    antonyms: z.array(z.tuple([z.string().min(1), z.string().min(1)])).default([]),
    /**
     * Words a paraphrase uses for what the plan's rendering says with another ("timetable" for
     * "timeline", "advice" for "consulting"): compared as one content word, each group by its first word.
     */
    synonyms: z.array(z.array(z.string().min(1)).min(2)).default([]),
    /**
     * A prefix that denies a word and the prefix that affirms it ("non-" and none, "not-" forms):
     * an answer may not deny a word the evidence affirms ("non-biodegradable" for "biodegradable").
     * The affirming prefix may stand a few characters before the word in Chinese.
     */
    negatedForms: z.array(z.tuple([z.string().min(1), z.string()])).default([]),
    /**
     * Words that, before or after a name of the plan's period, make it the period's end ("by the end of" the
     * period): a figure said of it is a figure of the period's last year.
     */
    periodEnds: z.object({ before: words.default([]), after: words.default([]) }).strict().default({ before: [], after: [] }),
    /**
     * An instruction with no directive word: a clause that opens with a verb written onto the
     * reader's things ("To be counted, register your line"). `objects` are the reader's words
     * ("your"); `openers` the words that may open a clause before them without being a verb
     * ("for your plant", "as your industry"); a word with one of `adverbEndings` is an adverb, no verb ("currently your").
     */
    imperatives: z.object({ objects: words.default([]), openers: words.default([]), adverbEndings: words.default([]) }).strict().default({ objects: [], openers: [], adverbEndings: [] }),
    /** Words of degree between a term and its opposite word ("conditions relatively poor" for "good"): read through, as if absent. */
    degreeWords: words.default([]),
    /** Words that pair a list of subjects with a series of figures in order ("A and B reach 100% and 60% respectively"). */
    respectively: words.default([]),
    /** Words that join the items of a list of figures ("and"): what stands before one belongs to the figure before it. */
    conjunctions: words.default([]),
    /**
     * Words right after a bare number that make it a count of something (Chinese measure words), besides the
     * language's `counters`: such a number is bound to what it counts as a figure with a unit is.
     */
    measureWords: words.default([]),
    /**
     * Words that open a figure's clause to make it a share of what the clause before says ("..., accounting for
     * 23.4% of all enterprises"): the figure's subject is that clause's.
     */
    shareWords: words.default([]),
    /** Words that say the thing before them takes the place of the thing after them ("A replacing B"): the order is the claim. */
    replacements: words.default([]),
    /** Words that restate a figure in other units ("0.2 ten-thousand tonnes, i.e. 2,000 tonnes"): the two must be one quantity. */
    restatements: words.default([]),
    /** Agreeing with what the user said the plan says, or disagreeing. */
    agree: words.default([]),
    disagree: words.default([]),
    /** Instructions to the reader ("please", "right away"): an answer only reports what the plan says. */
    directives: words.default([]),
    /** Contact details and requests for them (phone, password, account): never in an answer. */
    contact: words.default([]),
    /**
     * Courtesies that say nothing of the plan ("hope this helps", a Chinese "for your reference"): their words are no
     * claim and need no evidence.
     */
    courtesies: words.default([]),
    /**
     * Counters of how many times a thing is done ("rounds": "two rounds of audits"): a count written with one is
     * the count the evidence writes with it, where the evidence counts with it at all, not just any number it states.
     */
    occurrenceCounters: words.default([]),
    /** How often or over what time a figure holds: class → words ("perYear": a year, annually). */
    cadence: z.record(z.string().regex(/^[a-z][A-Za-z]*$/u), words).default({}),
    /**
     * Words that count for a polarity class when the evidence uses them, not when an answer
     * does: a target the plan sets ("reach 80% by 2015") supports "the plan requires 80%".
     */
    evidencePolarity: z.record(z.string().regex(/^[a-z][A-Za-z]*$/u), words).default({}),
    /**
     * Words that count for a cadence class when the evidence uses them, not when an answer does:
     * a count the plan sets "during" its period is one for the whole period ("over the plan period").
     */
    evidenceCadence: z.record(z.string().regex(/^[a-z][A-Za-z]*$/u), words).default({}),
    /**
     * What the plan does with a technology, by class ("promote": promote; "research": research and
     * development): a technology the answer writes under one class where the cited evidence writes the
     * same technology only under another is a flip ("promotes mercury-free catalysts" for "research").
     */
    stances: z.record(z.string().regex(/^[a-z][A-Za-z]*$/u), words).default({}),
  })
  .strict();
export type VerifierWords = z.infer<typeof verifierWordsSchema>;

export const languageDataSchema = z
  .object({
    $comment: z.string().optional(),
    code: z.enum(LANGUAGES),
    stopWords: words,
    /** Words that ask for an amount ("how much", "how many"): a passage's sentences with figures answer them first. */
    amountAsks: words.default([]),
    /** Characters that end a sentence (besides the line break). */
    sentenceEnds: words,
    /** Characters that end a clause inside a sentence. */
    clauseBreaks: words,
    /** Marks that separate the items of a list or introduce one (enumeration comma, colon). */
    listMarks: words,
    /** Marks after a list number at the start of a line ("1." in English): the number is layout, not a figure. */
    enumerators: words,
    /** Words or marks between the two ends of a range ("from one year to another"). */
    rangeConnectors: words,
    /** Opening and closing quotation marks: nothing inside a quotation ends a sentence. */
    quotePairs: z.array(z.tuple([z.string().min(1), z.string().min(1)])),
    /** Opening and closing brackets: a closing one right after a sentence end belongs to that sentence. */
    bracketPairs: z.array(z.tuple([z.string().min(1), z.string().min(1)])),
    /** Marks around a document's title. */
    titleMarks: z.array(z.tuple([z.string().min(1), z.string().min(1)])).default([]),
    /** How a list of names is joined in running text. */
    listSeparator: z.string().min(1),
    /** How long an answer may be, in characters (Chinese) or words (English), for a question about one thing and for a broad one. */
    answerLength: z
      .object({ $comment: z.string().optional(), specific: z.number().int().positive(), broad: z.number().int().positive() })
      .strict(),
    /** What separates groups of three digits in a large number as this language writes it ("650,000"); none by default. */
    thousandsSeparator: z.string().default(''),
    /** Words after an industry's name that do not change which industry it is ("the steel industry"). */
    industrySuffixes: words.default([]),
    /** Words around a business's name that say what kind of business it is, not which industry ("Co., Ltd.", "plant"). */
    businessWords: words.default([]),
    /** Words before a business's name that say what it does, not which industry ("we make"; Chinese: they start the name). */
    businessLeads: words.default([]),
    /** Words that say a business sells or distributes what it names rather than making it ("paper trading company", "semiconductor distributor"). */
    sellerWords: words.default([]),
    /** Words that say a business makes something: with one, a seller's word does not make it a seller ("a battery maker and distributor"). */
    makerWords: words.default([]),
    /** Words before a year that make it a baseline ("up from 2010", and the Chinese "than 2010"), not the year a figure is of. */
    yearBaselines: words.default([]),
    /** Words that open a bare reply to a yes-or-no question ("Not yet - the report is being assessed"): yes, or no. */
    replyWords: z.object({ yes: words.default([]), no: words.default([]) }).strict().default({ yes: [], no: [] }),
    /** Positional and multiplicative numerals (Chinese). */
    numerals: z
      .object({
        digits: z.record(z.string().min(1), z.number().int().min(0).max(9)),
        multipliers: z.record(z.string().min(1), z.number().int().positive()),
        myriads: z.record(z.string().min(1), z.number().int().positive()),
        /** The word that makes a following numeral a percentage. */
        percentPrefix: z.string().min(1),
        /** The word between a fraction's denominator and numerator (three X one = one third). */
        fractionInfix: z.string().min(1),
        /** The word that counts tenths of a whole (three of them = 30%). */
        tenths: z.string().min(1),
        /** The word for a half after the tenths ("six tenths and a half" = 65%). */
        half: z.string().min(1).optional(),
        /** The decimal point written as a word. */
        decimalPoint: z.string().min(1),
        /** A numeral and counter that are an article ("a company"), not a count. */
        indefinite: words.default([]),
      })
      .strict()
      .optional(),
    /** Number words (English). */
    numberWords: z
      .object({
        small: z.record(z.string().min(1), z.number().int().min(0)),
        tens: z.record(z.string().min(1), z.number().int().min(0)),
        /** Words that multiply what comes before them ("six hundred"). */
        multipliers: z.record(z.string().min(1), z.number().int().positive()),
        /** Words that stand for one before a multiplier ("a hundred"). */
        article: words,
        /** Words that may join the parts of a number ("a hundred and five"). */
        joiner: words,
      })
      .strict()
      .optional(),
    /** Words that state a share without a number ("half", "two thirds"), as percentages. */
    fractionWords: z.record(z.string().min(1), z.number().min(0).max(100)).default({}),
    /** Words between two number words that make them a share ("three out of every five": 60%), longest first. */
    fractionJoiners: words.default([]),
    /** Words after a number that make it a quantity ("two years", "fifty tonnes"); bare number words are not figures. */
    counters: words,
    /** Words that may stand between a number word and its counter ("two more years"). */
    counterModifiers: words.default([]),
    /** Abbreviations whose full stop does not end a sentence. */
    abbreviations: words.default([]),
    /** Phrases only a model echoing its instructions would write. */
    leakPhrases: words,
    /** An answer's citations written out below it, for clients that show only text (chat UIs, agents, the terminal). */
    footnotes: z
      .object({
        $comment: z.string().optional(),
        heading: z.string().min(1),
        line: template('n', 'section', 'quote'),
        lineWithoutSection: template('n', 'quote'),
      })
      .strict(),
    /** Magnitude words written after a number ("1.2 million", the myriad): what they multiply it by. */
    magnitudes: z.record(z.string().min(1), z.number().positive()).default({}),
    /** Words right after a number or its magnitude that make it approximate without changing it ("more than"). */
    numberSuffixes: words.default([]),
    /** How a follow-up points at an item of the list the answer before gave ("the second one"); see `resolveOrdinal`. */
    ordinals: z
      .object({
        $comment: z.string().optional(),
        /** Written before a numeral position ("the third" is a word; Chinese writes a prefix and a numeral). */
        prefix: z.string().default(''),
        /** Words that may lead a position word ("the"). */
        lead: words.default([]),
        /** Position words and their position; -1 is the last item. */
        words: z.record(z.string().min(1), z.number().int().min(-1).max(20)).default({}),
        /** Counters or nouns right after the position, replaced with the item ("one", "item"). */
        after: words.default([]),
        /** Words joining an inline list's last two items ("and"). */
        conjunctions: words.default([]),
        /** The word after a numeral that enumerates a clause of a list (a Chinese "first is ..., second is ..."). */
        enumerating: z.string().optional(),
      })
      .strict()
      .default({ prefix: '', lead: [], words: {}, after: [], conjunctions: [] }),
    /** How a question points to a part of a plan by its number ("section 5"): templates whose `{n}` is the number, in digits or words. */
    sectionReferences: z
      .object({ $comment: z.string().optional(), templates: z.array(z.string().includes('{n}', { message: 'a template holds {n}, where the number goes' })).default([]) })
      .strict()
      .default({ templates: [] }),
    /** What the verifier reads sentences by. */
    verifier: verifierWordsSchema.default(verifierWordsSchema.parse({})),
  })
  .strict();
export type LanguageData = z.infer<typeof languageDataSchema>;

let loaded: Record<Language, LanguageData> | undefined;

/** The resources of every language, validated; an error names the file and the field. */
export function languageData(): Record<Language, LanguageData> {
  if (!loaded) {
    const read = (code: Language): LanguageData => {
      const file = `languages/${code}.json`;
      let value: unknown;
      try {
        value = JSON.parse(readFileSync(projectPath('languages', `${code}.json`), 'utf8'));
      } catch (error) {
        throw new Error(`${file}: not readable JSON (${(error as Error).message})`);
      }
      const parsed = languageDataSchema.safeParse(value);
      if (!parsed.success) throw new Error(`${file}: ${describeZodError(parsed.error).join('; ')}`);
      return parsed.data;
    };
    loaded = { zh: read('zh'), en: read('en') };
  }
  return loaded;
}

/** The same resource of every language, concatenated. */
export function allLanguages<T>(pick: (data: LanguageData) => readonly T[]): T[] {
  const data = languageData();
  return LANGUAGES.flatMap((code) => pick(data[code]));
}

/**
 * How much a text says, counted alike in both scripts: Han characters, and Latin words (runs of
 * letters or digits) each counted `latinWordWeight` times.
 */
export function textUnits(text: string, latinWordWeight = 1): number {
  return (text.match(/\p{Script=Han}/gu)?.length ?? 0) + latinWordWeight * (text.match(/[a-z0-9]+/giu)?.length ?? 0);
}

/** Chinese if the text has at least a third as many Han characters as Latin letters, else English. */
export function detectLanguage(text: string): Language {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/gu)?.length ?? 0;
  return han === 0 && latin > 0 ? 'en' : han * 3 >= latin ? 'zh' : 'en';
}

/** Which script a text is mostly written in, or unknown when it has no letters. */
export function scriptLanguage(text: string): Language | 'unknown' {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/gu)?.length ?? 0;
  if (han === 0 && latin === 0) return 'unknown';
  return latin > han ? 'en' : 'zh';
}

/** A text in both of the product's languages. */
export const localizedSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
export type Localized = z.infer<typeof localizedSchema>;

/** A text in the given language. */
export function pick(text: Localized, language: Language): string {
  return text[language];
}
