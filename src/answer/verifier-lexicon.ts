import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import stemWord from 'wink-porter2-stemmer';
import { z } from 'zod';
import type { PlanPack } from '../plan/load.js';
import type { RuleSet } from '../rules/rule-set.js';
import { allLanguages, languageData, type Language } from '../text/languages.js';
import { digitsForWords } from '../text/figures.js';
import { comparable, escapeRegExp, fold, normalize } from '../text/normalize.js';
import { clauseBreakPattern } from '../text/sentences.js';
import { cueMatcher, PhraseMatcher } from '../text/phrases.js';
import { segmentWords } from '../retrieval/tokenize.js';
import { QuantityReader } from './quantities.js';

/** The word lists of `VerifierWords` that are plain lists (the others are classes of lists). */
type ListName = 'courtesies' | 'functionWords' | 'negations' | 'denials' | 'corrections' | 'status' | 'met' | 'notMet' | 'agree' | 'disagree' | 'directives' | 'contact' | 'above' | 'below' | 'targetNouns' | 'comparisonMarkers' | 'conditionals' | 'contrasts';

/** What a cue word says: its kind and, for polarity and cadence, its class. */
export interface Cue {
  kind: 'polarity' | 'cadence' | 'status' | 'met' | 'notMet' | 'agree' | 'disagree';
  name: string;
}

/**
 * What the verifier reads sentences by, for one plan: the languages' verifier words and the
 * plan's (lexicon.json `verifier`) compiled into matchers, the plan's units, and its English
 * names for its Chinese terms. Built once per pack, on first use.
 */
export class VerifierLexicon {
  readonly quantities: QuantityReader;
  /** Function words of each language, normalised: no content of their own. */
  readonly functionWords: ReadonlySet<string>;
  /** Stems of the English function words. */
  readonly functionStems: ReadonlySet<string>;
  /**
   * Every cue word of modality, polarity, cadence, status, verdict and agreement in one matcher,
   * so that the longer phrase wins ("no less than" is no "no", "not met" is no "met").
   */
  readonly cues: PhraseMatcher<Cue[]>;
  /** The same, for evidence: with the words that count for a polarity class only there. */
  readonly evidenceCues: PhraseMatcher<Cue[]>;
  readonly directives: PhraseMatcher<string>;
  readonly contact: PhraseMatcher<string>;
  readonly courtesies: PhraseMatcher<string>;
  readonly corrections: PhraseMatcher<string>;
  /** Words of a comparison with the target (see `VerifierWords.above`). */
  readonly comparison: PhraseMatcher<'above' | 'below' | 'target' | 'marker' | 'conditional'>;
  /** Where a sentence's clauses break for verdicts: its clause breaks and its contrast words ("but"). */
  readonly verdictBreaks: RegExp;
  /** Negation words, normalised, longest first: one right before a verdict turns it round. */
  readonly negations: readonly string[];
  /** Whether a text ends with a negation word (an English one then a space): "no" right before "2010 figure". */
  readonly endsWithNegation: RegExp;
  /** Words of replacement ("A replacing B"): the order of what stands around them is the claim. */
  readonly replacements: PhraseMatcher<string>;
  /** Words that restate a figure in other units ("i.e."): the figures either side are one quantity. */
  readonly restatements: PhraseMatcher<string>;
  /** A count with a counter of occurrences ("2 rounds", an article before one: "a round"), read on a text with its number words as digits; not an ordinal ("the 2nd round"). */
  private readonly occurrences: RegExp | undefined;
  /** Negation and denial words anywhere in a text (English ones as words), to find what each denies. */
  readonly negationWords: RegExp;
  /** English names of the plan's terms, industries and technologies → their Chinese spellings. */
  readonly english: PhraseMatcher<string[]>;
  /** The plan's Chinese terms → their English names. */
  readonly chinese: PhraseMatcher<string[]>;
  /** The plan's headings, as `comparable` makes them: an answer may quote a section's name. */
  readonly headings: string;
  /** Opposites (each pair both ways), normalised. */
  readonly antonyms: ReadonlyArray<readonly [string, string]>;
  /** Words of what the plan does with a technology, each with its class (`stances`). */
  readonly stances: PhraseMatcher<string>;
  /** The stem of each word of a group of synonyms → the stem of the group's first word. */
  private readonly synonyms: ReadonlyMap<string, string>;
  /** Denying and affirming prefixes of a word ("non-", ""), normalised. */
  readonly negatedForms: ReadonlyArray<readonly [string, string]>;
  /** Words of degree read through between a term and its opposite word ("relatively"), longest first. */
  readonly degreeWords: readonly string[];
  /** A clause's first word and the reader's word after it ("register your"); see `imperatives`. */
  private readonly imperative: { pattern: RegExp; openers: ReadonlySet<string>; adverbEndings: readonly string[] };
  /** Glossary terms too common to name a subject (the lexicon's generic terms). */
  readonly genericTerms: ReadonlySet<string>;
  /**
   * What was read of texts already seen (a clause's figures, a window's subject words), kept
   * per pack and bounded: the same clauses and facts come back question after question.
   */
  readonly memo = { tokens: new Map<string, Set<string>>(), figures: new Map<string, unknown>(), frames: new Map<string, unknown>(), texts: new Map<string, unknown>() };
  /** Clause id → the pack's English rendering of the clause (corpus/clauses.en.json), when it has them. */
  readonly renderings: ReadonlyMap<string, string>;
  /** The last year the plan's account of the past tells of (its `pastSections`): what those sections count is counted up to it. */
  readonly lastPastYear: number;
  /** A name of the plan's period made its end ("by the end of" the period, a Chinese name and an end word), and the year that is. */
  readonly periodEnd: { pattern: RegExp; year: number };
  /** Names of who the user is, by language (the profile's labels: "above designated size"): read as names, never as claims of modality or status. */
  readonly profileNames: Readonly<Record<Language, PhraseMatcher<string>>>;

  /** The counts of occurrences a text writes ("two rounds", "a round", a Chinese numeral and its counter): each value with its counter. */
  occurrenceCounts(text: string): OccurrenceCount[] {
    if (!this.occurrences) return [];
    this.occurrences.lastIndex = 0;
    return [...digitsForWords(normalize(text)).matchAll(this.occurrences)].map((match) => ({
      value: match[1] === undefined ? 1 : Number(match[1]),
      counter: /[a-z]/u.test(match[2]!) ? stem(match[2]!) : match[2]!,
      shown: match[0].trim(),
    }));
  }

  /** The stem an English word is compared by as a content word: its own, or its group's when it has synonyms. */
  contentStem(word: string): string {
    const root = stem(word);
    return this.synonyms.get(root) ?? root;
  }

  constructor(pack: PlanPack, ruleSet: RuleSet) {
    const profileNames = (language: Language) => cueMatcher(pack.profile.flags.flatMap((flag) => [flag.label[language], flag.yes[language], flag.no[language]]));
    this.profileNames = { zh: profileNames('zh'), en: profileNames('en') };
    const all = [...Object.values(languageData()).map((data) => data.verifier), pack.lexicon.verifier];
    const list = (name: ListName) => all.flatMap((words) => words[name]);
    const classes = (name: 'polarity' | 'cadence' | 'evidencePolarity' | 'evidenceCadence') => all.flatMap((words) => Object.entries(words[name]));
    const options = { plurals: false };
    this.quantities = new QuantityReader(pack.units);
    this.functionWords = new Set([...allLanguages((data) => data.stopWords), ...list('functionWords')].map(normalize));
    this.functionStems = new Set([...this.functionWords].filter((word) => /^[a-z]+$/u.test(word)).map((word) => stemWord(word)));
    const cues = new Map<string, Cue[]>();
    const addCue = (phrase: string, cue: Cue) => {
      const key = normalize(phrase);
      const list = cues.get(key) ?? [];
      if (!list.some((entry) => entry.kind === cue.kind && entry.name === cue.name)) list.push(cue);
      cues.set(key, list);
    };
    for (const [name, phrases] of classes('polarity')) for (const phrase of phrases) addCue(phrase, { kind: 'polarity', name });
    for (const [name, phrases] of classes('cadence')) for (const phrase of phrases) addCue(phrase, { kind: 'cadence', name });
    for (const kind of ['status', 'met', 'notMet', 'agree', 'disagree'] as const) for (const phrase of list(kind)) addCue(phrase, { kind, name: kind });
    this.cues = new PhraseMatcher([...cues].map(([phrase, list]) => [phrase, list] as const), options);
    for (const [name, phrases] of classes('evidencePolarity')) for (const phrase of phrases) addCue(phrase, { kind: 'polarity', name });
    for (const [name, phrases] of classes('evidenceCadence')) for (const phrase of phrases) addCue(phrase, { kind: 'cadence', name });
    this.evidenceCues = new PhraseMatcher([...cues].map(([phrase, list]) => [phrase, list] as const), options);
    const plain = (name: ListName) => new PhraseMatcher(list(name).map((word) => [word, word] as const), options);
    this.directives = plain('directives');
    this.contact = plain('contact');
    this.courtesies = plain('courtesies');
    this.corrections = plain('corrections');
    this.comparison = new PhraseMatcher(
      [
        ...list('above').map((word) => [word, 'above'] as const),
        ...list('below').map((word) => [word, 'below'] as const),
        ...list('targetNouns').map((word) => [word, 'target'] as const),
        ...list('comparisonMarkers').map((word) => [word, 'marker'] as const),
        ...list('conditionals').map((word) => [word, 'conditional'] as const),
      ],
      options,
    );
    const contrasts = list('contrasts').map((word) => (/[a-z]/iu.test(word) ? `\\b${escapeRegExp(word)}\\b` : escapeRegExp(word)));
    this.verdictBreaks = new RegExp([clauseBreakPattern().source, ...contrasts].join('|'), 'iu');
    this.negations = [...new Set(list('negations').map(normalize))].sort((a, b) => b.length - a.length);
    // English words as whole words (`latinEnd` after them), Chinese ones anywhere (`hanEnd` after them).
    const pattern = (words: readonly string[], latinEnd: string, hanEnd: string) => {
      const latin = words.filter((word) => /[a-z]/u.test(word)).map(escapeRegExp);
      const han = words.filter((word) => !/[a-z]/u.test(word)).map(escapeRegExp);
      return [...(latin.length ? [`\\b(?:${latin.join('|')})${latinEnd}`] : []), ...(han.length ? [`(?:${han.join('|')})${hanEnd}`] : [])];
    };
    const endings = pattern(this.negations, '\\s+$', '$');
    this.endsWithNegation = endings.length ? new RegExp(endings.join('|'), 'u') : /(?!)/u;
    const denials = [...new Set([...this.negations, ...list('denials').map(normalize)])].sort((a, b) => b.length - a.length);
    const anywhere = pattern(denials, '\\b', '');
    this.negationWords = anywhere.length ? new RegExp(anywhere.join('|'), 'gu') : /(?!)/gu;
    this.replacements = cueMatcher(allLanguages((data) => data.verifier.replacements));
    this.restatements = cueMatcher(allLanguages((data) => data.verifier.restatements));
    const counters = [...new Set(allLanguages((data) => data.verifier.occurrenceCounters).map(normalize))].sort((a, b) => b.length - a.length);
    if (counters.length) {
      const articles = [...new Set(allLanguages((data) => data.numberWords?.article ?? []).map(normalize))].map(escapeRegExp);
      const ordinals = [...new Set(allLanguages((data) => (data.ordinals?.prefix ? [data.ordinals.prefix] : [])))].map(escapeRegExp);
      const notOrdinal = ordinals.length ? `(?<!(?:${ordinals.join('|')})\\s*)` : '';
      const count = `(?<![\\d.])${notOrdinal}(\\d+)${articles.length ? `|(?<![a-z])(?:${articles.join('|')})(?=\\s)` : ''}`;
      this.occurrences = new RegExp(`(?:${count})\\s*(${counters.map((word) => escapeRegExp(word).replace(/\s+/gu, '\\s+')).join('|')})(?![a-z])`, 'gu');
    }

    const english = new Map<string, Set<string>>();
    const chinese = new Map<string, Set<string>>();
    const pair = (zh: readonly string[], en: readonly string[]) => {
      for (const name of en) {
        const key = fold(name);
        if (!/[a-z]/u.test(key)) continue;
        const targets = english.get(key) ?? new Set();
        for (const term of zh) targets.add(term);
        english.set(key, targets);
      }
      for (const term of zh) {
        const key = fold(term);
        if (/[a-z0-9]/u.test(key) || [...key].length < 2) continue;
        const targets = chinese.get(key) ?? new Set();
        for (const name of en) targets.add(name);
        chinese.set(key, targets);
      }
    };
    const latin = (names: readonly string[]) => names.filter((name) => /[a-z]/iu.test(name));
    const han = (names: readonly string[]) => names.filter((name) => !/[a-z]/iu.test(name));
    for (const entry of pack.glossary) pair([entry.zh, ...han(entry.aliases)], [...entry.en, ...latin(entry.aliases)]);
    for (const industry of ruleSet.catalog.industries) pair([industry.name.zh, ...han(industry.aliases)], [industry.name.en, ...latin(industry.aliases)]);
    for (const group of ruleSet.catalog.groups) pair([group.name.zh, ...han(group.aliases)], [group.name.en, ...latin(group.aliases)]);
    for (const rule of ruleSet.rules) for (const technology of rule.event.params.technologies) pair([technology.zh], [technology.en]);
    this.renderings = readRenderings(pack);
    this.lastPastYear = pack.lexicon.pastSections.lastPastYear;
    const alternation = (phrases: readonly string[]) => [...new Set(phrases.map(normalize))].sort((a, b) => b.length - a.length).map((phrase) => escapeRegExp(phrase).replace(/\s+/gu, '\\s+')).join('|');
    const periodNames = alternation(pack.meta.period.aliases);
    const ends = (side: 'before' | 'after') => alternation(allLanguages((data) => data.verifier.periodEnds[side]));
    const endForms = [...(ends('before') ? [`(?:${ends('before')})\\s*(?:${periodNames})`] : []), ...(ends('after') ? [`(?:${periodNames})\\p{P}?\\s*(?:${ends('after')})`] : [])];
    this.periodEnd = { pattern: new RegExp(periodNames && endForms.length ? endForms.join('|') : '(?!)', 'u'), year: pack.meta.period.end };
    this.headings = comparable(pack.corpus.clauses.filter((clause) => clause.kind === 'heading').map((clause) => clause.text).join('\n'));
    this.genericTerms = new Set(pack.lexicon.genericTerms);
    this.stances = new PhraseMatcher(all.flatMap((words) => Object.entries(words.stances).flatMap(([name, phrases]) => phrases.map((phrase) => [phrase, name] as const))), options);
    this.antonyms = all.flatMap((words) => words.antonyms.flatMap(([a, b]) => [[normalize(a), normalize(b)] as const, [normalize(b), normalize(a)] as const]));
    this.synonyms = new Map(all.flatMap((words) => words.synonyms.flatMap((group) => group.map((word) => [stem(normalize(word)), stem(normalize(group[0]!))] as const))));
    this.negatedForms = all.flatMap((words) => words.negatedForms.map(([denying, affirming]) => [normalize(denying), normalize(affirming)] as const));
    this.degreeWords = [...new Set(all.flatMap((words) => words.degreeWords.map(normalize)))].sort((a, b) => b.length - a.length);
    const objects = alternation(all.flatMap((words) => words.imperatives.objects));
    this.imperative = {
      pattern: new RegExp(objects ? `(?:^|[.!?;:,\\n(]\\s*)([a-z]+)\\s+(?:${objects})\\b` : '(?!)', 'gu'),
      openers: new Set(all.flatMap((words) => words.imperatives.openers.map(normalize))),
      adverbEndings: all.flatMap((words) => words.imperatives.adverbEndings.map(normalize)),
    };
    this.english = new PhraseMatcher([...english].map(([name, zh]) => [name, [...zh]] as const));
    this.chinese = new PhraseMatcher([...chinese].map(([zh, names]) => [zh, [...names]] as const), { overlapping: true });
  }

  private static readonly cache = new WeakMap<PlanPack, VerifierLexicon>();

  private readonly compounds = new Map<string, readonly string[]>();

  /** The instructions a text gives the reader with no directive word: "register your", a clause's verb before the reader's word. */
  imperatives(text: string): string[] {
    this.imperative.pattern.lastIndex = 0;
    const { openers, adverbEndings } = this.imperative;
    const verb = (word: string) => !openers.has(word) && !adverbEndings.some((ending) => word.length > ending.length + 2 && word.endsWith(ending));
    return [...normalize(text).matchAll(this.imperative.pattern)].filter((match) => verb(match[1]!)).map((match) => match[0].replace(/^[^a-z]+/u, ''));
  }

  /**
   * The words of a text as `segmentWords` cuts them, except that a Chinese word made of
   * function words and at most one other character is taken apart again: ICU's dictionary
   * joins some (an adverb and a copula, a negation and a verb, a verb and a particle) that
   * say nothing their parts do not, and a character alone counts for no content.
   */
  words(text: string): string[] {
    return segmentWords(text).flatMap((word) => this.parts(word));
  }

  private parts(word: string): readonly string[] {
    if (this.functionWords.has(word) || !HAN_WORD.test(word)) return [word];
    let parts = this.compounds.get(word);
    if (!parts) {
      parts = functionWordParts(word, this.functionWords) ?? [word];
      remember(this.compounds, word, parts);
    }
    return parts;
  }

  /** The lexicon of a pack, built on first use. */
  static of(pack: PlanPack, ruleSet: RuleSet): VerifierLexicon {
    let lexicon = VerifierLexicon.cache.get(pack);
    if (!lexicon) {
      lexicon = new VerifierLexicon(pack, ruleSet);
      VerifierLexicon.cache.set(pack, lexicon);
    }
    return lexicon;
  }
}

const renderingsSchema = z.object({ $comment: z.string().optional(), renderings: z.record(z.string(), z.string()) }).strict();

/** The pack's English renderings of its clauses (corpus/clauses.en.json, optional). */
function readRenderings(pack: PlanPack): Map<string, string> {
  const file = join(pack.dir, 'corpus', 'clauses.en.json');
  if (!existsSync(file)) return new Map();
  const parsed = renderingsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`plan pack ${pack.id}: corpus/clauses.en.json: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return new Map(Object.entries(parsed.data.renderings));
}

const HAN_WORD = /^\p{Script=Han}{2,}$/u;

/**
 * A word as function words and at most one other character, in the fewest parts (the
 * fewest other characters first), or undefined when it cannot be spelt so.
 */
function functionWordParts(word: string, functionWords: ReadonlySet<string>): string[] | undefined {
  const chars = [...word];
  // best[i]: how chars[0, i) is best spelt, and how many other characters that takes.
  const best: Array<{ parts: string[]; others: number } | undefined> = [{ parts: [], others: 0 }];
  for (let end = 1; end <= chars.length; end++) {
    for (let start = 0; start < end; start++) {
      const before = best[start];
      if (!before) continue;
      const piece = chars.slice(start, end).join('');
      const isFunction = functionWords.has(piece);
      if (!isFunction && (end - start > 1 || before.others > 0)) continue;
      const candidate = { parts: [...before.parts, piece], others: before.others + (isFunction ? 0 : 1) };
      const current = best[end];
      if (!current || candidate.others < current.others || (candidate.others === current.others && candidate.parts.length < current.parts.length)) best[end] = candidate;
    }
  }
  const whole = best[chars.length];
  return whole && whole.parts.length > 1 ? whole.parts : undefined;
}

/** Keeps a value in a bounded cache (the oldest entry goes first). */
export function remember<V>(cache: Map<string, V>, key: string, value: V, limit = 5000): void {
  if (cache.size >= limit) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}

/** A count of occurrences in a text: its value and its counter (English ones by stem: "round" for "rounds"). */
export interface OccurrenceCount {
  value: number;
  counter: string;
  shown: string;
}

/** The stem of an English word (Porter2, as English retrieval reads it). */
export function stem(word: string): string {
  return stemWord(word.toLowerCase());
}
