import { claimNumbers, periodsOverlap, yearPeriods } from '../text/figures.js';
import type { Language } from '../text/languages.js';
import { comparable, escapeRegExp, fold, normalize } from '../text/normalize.js';
import { blankSpans, maskSpans } from '../text/phrases.js';
import { clauseBreakPattern, quotedPassages, sentenceEndPattern, splitSentences, withoutQuotes } from '../text/sentences.js';
import { markupIn } from './markup.js';
import { answerKey, bareKeys, countsSomething, evidenceKeys, isMeasured, type Quantity } from './quantities.js';
import { ContentWords, type Coverage, type Vocabulary } from './content-words.js';
import { figureMentions, samePeriod, wordBoundaries, wordCuts, type FigureMention, type WordCuts } from './figure-context.js';
import { SubjectIndex } from './subject-binding.js';
import { remember, type Cue, type VerifierLexicon } from './verifier-lexicon.js';

/**
 * Whether a sentence is supported by the evidence it cites, beyond its numbers' digits: what
 * it must never show, its figures read as quantities (unit conversions are the same figure;
 * another unit is another figure), its content words, its modality and polarity, its claims of
 * status and its verdicts. `AnswerChecker` calls it for every sentence.
 */

/** One fact, target or quote of the evidence, with the markers that cite it. */
export interface SupportItem {
  markers: readonly number[];
  /** Its texts in every language. */
  texts: readonly string[];
  /** English renderings of its Chinese text (a quote's clause), read for content words only. */
  english?: readonly string[] | undefined;
  /** A target check: whether the reported figure met the target. */
  met?: boolean | undefined;
  /** A target check: the gap between the reported figure and the target, with the target's unit ("38" and the unit of tonnes). */
  gap?: string | undefined;
  /** A claim: whether the plan says what the user said it says. */
  confirmed?: boolean | undefined;
  /**
   * A table row: the years of its table's columns, in order (the header's "2010, 2015"). Its
   * figures are the figures of those years, the last figures in the last columns.
   */
  columns?: readonly number[] | undefined;
  /** A quote of the plan's account of the time before it (its past sections): its figures without a year are of that past. */
  past?: boolean | undefined;
}

export interface SupportInput {
  language: Language;
  items: readonly SupportItem[];
  /** What the user wrote (the question, earlier user turns): words an answer may repeat, figures it may only correct. */
  userTexts: readonly string[];
  /** Of those, the earlier answers the client sent (its "assistant" turns): all they say is what a "yes" would confirm. */
  earlierAnswers?: readonly string[] | undefined;
  /** The names of who the user is, as the decision read them ("not part of a central SOE"): an answer repeating one denies nothing. */
  described?: readonly string[] | undefined;
  /** Whether the question asks of the time before the plan (a word for it, a year up to the last its account of the past tells of). */
  past?: boolean | undefined;
  /** Texts an answer may draw on anywhere (the plan period, the composer's own trusted words). */
  anywhere: readonly string[];
  /**
   * The pack's own wording of answers (its message templates, the profile's words): their words
   * count as covered and their requests to the reader are the pack's, but they state no fact.
   */
  frame?: readonly string[] | undefined;
  lexicon: VerifierLexicon;
}

export type SupportCode =
  | 'markup'
  | 'contact'
  | 'instruction'
  | 'unsupported_number'
  | 'uncited_number'
  | 'unsupported_content'
  | 'unsupported_polarity'
  | 'unsupported_period'
  | 'misbound_figure'
  | 'unsupported_status'
  | 'wrong_verdict';

export interface SupportProblem {
  code: SupportCode;
  detail: string;
}

/** A clause or sentence of the evidence: its text, its content words, and whether a negation word stands in it. */
interface EvidenceClause {
  text: string;
  tokens: ReadonlySet<string>;
  negated: boolean;
}

/** What the evidence cited by a set of markers says, read once. */
interface Cited {
  /** Every text, folded, one per line. */
  text: string;
  keys: ReadonlySet<string>;
  words: Vocabulary;
  /** Year ranges it states ("2003-2010"). */
  ranges: ReadonlySet<string>;
  /** Its texts (and English renderings) as `comparable` makes them, for quoted passages. */
  comparable: string;
  /** Its figures with their cadence, comparator and clause. */
  figures: FigureMention[];
  /** The same figures as `all`'s objects (the subject index's), computed on first use. */
  figureSet?: ReadonlySet<FigureMention>;
  /** Its counts of occurrences ("one round"): counter → the values it counts with it, read on first use. */
  occurrences?: ReadonlyMap<string, ReadonlySet<number>>;
  /** Its text with only letters and digits, read on first use: what a replacement's order is looked for in. */
  letters?: string;
  /** The contact and directive phrases it uses itself, read on first use: an answer may repeat them. */
  ownPhrases?: ReadonlySet<string>;
  /** The technologies it writes under each stance (promote, research), read on first use. */
  stanceItems?: readonly StanceItem[];
  /** Its clauses and sentences (by script and unit), read on first use: what a denial in an answer is looked for in. */
  clauses?: Map<string, readonly EvidenceClause[]>;
  /** Polarity and cadence classes its words use ("polarity:obligation", "cadence:perYear"). */
  classes: ReadonlySet<string>;
  /** Its plan texts (and renderings) cut where a word of modality takes over: what each says of what. */
  segments: readonly ModalSegment[];
  /** Whether it says something has happened (the plan's account of the past), or is a verdict. */
  status: boolean;
  checks: readonly boolean[];
  /** Keys of the gaps its target checks state. */
  gaps: ReadonlySet<string>;
  claims: readonly boolean[];
}

/** What one evidence text says, as `Cited` combines it. */
interface TextReading {
  folded: string;
  keys: string[];
  ranges: string[];
  comparable: string;
  figures: FigureMention[];
  /** Its figures written inside brackets ("[23.4%]"), by their place in `figures`. */
  bracketed: number[];
  /** Whether it explains what a pair of brackets means (a table's note: "[] denotes the 2003-2010 cumulative totals"). */
  explainsBrackets: boolean;
  /** Where it marks an empty table cell (a run of dashes), as its figures' places are counted. */
  emptyCells: number[];
  stems: string[];
  classes: string[];
  status: boolean;
  segments: ModalSegment[];
}

/**
 * A stretch of an evidence text and the modality its words are under: from a word of modality
 * ("encourage", "must") to the next one or the end of its sentence; the words before the first
 * are under none (the plan's plain statement of a task).
 */
interface ModalSegment {
  modality: string | undefined;
  /** Its text, normalised (Chinese words are looked for in it). */
  text: string;
  /** Its content words' stems (English words are looked for among them), and in order. */
  tokens: ReadonlySet<string>;
  sequence: readonly string[];
  /** The first content word after its word of modality: what the word is written onto ("voluntary application"). */
  head: string | undefined;
  han: boolean;
}

/** A thing written under a stance word ("promote A, B"): one item of the list the word governs. */
interface StanceItem {
  stance: string;
  cue: string;
  text: string;
  tokens: readonly string[];
  tokenSet: ReadonlySet<string>;
  han: boolean;
}

/** Where the list a stance word governs ends: a sentence's end, a colon or bracket, and in Chinese a comma. */
const STANCE_END_HAN = /[\u3002\uFF1B;\uFF01\uFF1F!?\n:\uFF1A(\uFF08\uFF0C,]|\.(?=\s|$)/u;
const STANCE_END_LATIN = /[\u3002\uFF1B;\uFF01\uFF1F!?\n:\uFF1A(\uFF08]|\.(?=\s|$)|,?\s(?:while|whereas|but|with|is|are|was|were|be|to be)\s/u;
/** A passive before a stance word ("are to be researched"): its object stands before it, not after. */
const PASSIVE_BEFORE = /\b(?:be|been|being|is|are|was|were)\s+$/u;
/** The fewest characters a Chinese item has to be compared (a name, not a word). */
const STANCE_ITEM_CHARACTERS = 3;
/** What separates the items of such a list. */
const STANCE_ITEMS = /[\u3001\uFF0C,;\uFF1B]|\s(?:and|or|as well as)\s|\u4EE5\u53CA|[\u548C\u53CA\u4E0E]/u;

/** The modalities a duty is read by, and which others contradict each (a duty is no encouragement, nor is a ban). */
const MODAL_CONFLICTS: Readonly<Record<string, readonly string[]>> = {
  obligation: ['encouraged', 'voluntary'],
  encouraged: ['obligation', 'prohibited'],
  voluntary: ['obligation', 'prohibited'],
  prohibited: ['encouraged', 'voluntary', 'obligation'],
  exempt: ['obligation'],
};
/** How many content words after a word of modality name what it is said of. */
const MODAL_SCOPE = 4;
/** Content words a short denial's clause must share, before it, with an evidence sentence to be placed in it. */
const SHORT_DENIAL_CONTEXT = 3;
const SENTENCE_END = /[\u3002\uFF1B;\uFF01\uFF1F!?\n]|\.(?=\s|$)/gu;

/** Whether the figure at start..end of the text stands inside a pair of brackets. */
function inBrackets(text: string, start: number, end: number): boolean {
  const open = Math.max(text.lastIndexOf('[', start), text.lastIndexOf('\uFF3B', start));
  if (open < 0 || Math.max(text.lastIndexOf(']', start - 1), text.lastIndexOf('\uFF3D', start - 1)) > open) return false;
  const close = [text.indexOf(']', end), text.indexOf('\uFF3D', end)].filter((at) => at >= 0);
  if (close.length === 0) return false;
  const next = [text.indexOf('[', end), text.indexOf('\uFF3B', end)].filter((at) => at >= 0);
  return next.length === 0 || Math.min(...close) < Math.min(...next);
}

/** What the cue words of a sentence say. */
interface Reading {
  classes: Set<string>;
  status: boolean;
  met: boolean;
  notMet: boolean;
  agree: boolean;
  disagree: boolean;
  /** The cue words found, by class, for messages, and where (the first of each). */
  words: Map<string, string>;
  at: Map<string, number>;
}

/**
 * Content-word coverage a sentence needs of the evidence it cites (and the user's words),
 * calibrated on the labelled set (plans/<plan>/tests/verifier, `npx tsx evals/verifier/calibrate.ts`):
 * a sentence that states a duty, a permission or a status fails with any uncovered content
 * word when under 85% of its content words are covered; any other sentence fails with two or
 * more uncovered and under half covered.
 */
export const COVERAGE = {
  asserting: { minimum: 0.85, uncovered: 1 },
  plain: { minimum: 0.5, uncovered: 2 },
} as const;

/** How much subject (in rarity-weighted shared words) a figure must share with the evidence before it is bound to it. */
export const SUBJECT_SCORE = 1;
/** How much more subject another figure must share than any figure of the answer's value for the answer's to be the wrong one. */
export const SUBJECT_MARGIN = 1;
/**
 * How much subject another figure must share for a figure whose value the evidence never gives this
 * subject (its own mentions share none of it) to be the wrong one: "20,000 heads trained" where the
 * evidence has 60,000 heads trained and 20,000 enterprises audited.
 */
export const SUBJECT_UNNAMED = 3;

/** At most how many characters a sentence that only states a figure has. */
const BARE_ANSWER = 24;

/** A sentence that asks: it ends with a question mark (either script's). */
const QUESTION_END = /[?\uFF1F]$/u;

/** Characters a Chinese affirming prefix may stand before its word (two, as in "can be bio-degraded" written with "bio" between). */
const DENIAL_GAP = 2;

const HAN_WORD = /^\p{Script=Han}+$/u;
/** Words on either side of a word of replacement read as what replaces and what is replaced. */
const REPLACEMENT_WORDS = 3;
const NOT_LETTERS = /[^\p{L}\p{N}]+/gu;
/** Characters a restatement word may stand before its figure ("i.e. about", a Chinese "that is, each year about"). */
const RESTATEMENT_REACH = 8;
/** How far apart a figure and its restatement may be ("about 2,000 tonnes" for 0.2 ten-thousand tonnes rounded). */
const RESTATEMENT_TOLERANCE = 0.1;

/** Digits that belong to a name ("SO2", "PM2.5", "t1"), not figures. */
function withoutFormulas(text: string): string {
  return text.replace(/(?<=[a-z])\d+(?:\.\d+)?/giu, (digits) => ' '.repeat(digits.length));
}

export class SentenceSupport {
  private readonly cache = new Map<string, Cited>();
  private readonly all: Cited;
  private readonly userKeys: ReadonlySet<string>;
  /** The user's texts (every turn the client sent), citation markers out. */
  private readonly userTexts: readonly string[];
  private readonly userWords: Vocabulary;
  private readonly frameWords: Vocabulary;
  private readonly frameComparable: string;
  private readonly userReading: Reading;
  private readonly userFigures: FigureMention[];
  private disputed: string[] | undefined;
  private subjects: SubjectIndex | undefined;
  /** Figures of what the plan says (its quotes and facts, not the target checks that repeat the user's figure), read on first use. */
  private planFigures: FigureMention[] | undefined;
  /** Figures of the target checks, read on first use: how they state the user's figure and the gap. */
  private checkFigures: FigureMention[] | undefined;
  /** Keys of the figures target checks state (the user's value, the gap): the check binds them. */
  private readonly checkKeys: ReadonlySet<string>;
  private readonly content: ContentWords;

  constructor(private readonly input: SupportInput) {
    this.content = new ContentWords(input.lexicon);
    this.userWords = this.content.vocabulary(input.userTexts);
    // The pack's wording is the same question after question: read once.
    const frameKey = (input.frame ?? []).join('\u0000');
    let frame = input.lexicon.memo.frames.get(frameKey) as { words: Vocabulary; comparable: string } | undefined;
    if (!frame) {
      frame = { words: this.content.vocabulary(input.frame ?? []), comparable: comparable((input.frame ?? []).join('\n')) };
      remember(input.lexicon.memo.frames, frameKey, frame, 200);
    }
    this.frameWords = frame.words;
    this.frameComparable = `${frame.comparable}\n${comparable(input.anywhere.join('\n'))}`;
    this.userReading = this.reading(input.userTexts.join('\n'));
    // A citation marker in a turn ("[1]", an earlier answer's) is no figure of the user's.
    const userTexts = input.userTexts.map(withoutMarkers);
    this.userTexts = userTexts;
    this.userFigures = userTexts.flatMap((text) => figureMentions(text, input.lexicon));
    this.userKeys = new Set(userTexts.flatMap((text) => this.keysOf(text)));
    this.all = this.read(input.items);
    this.checkKeys = new Set(input.items.filter((item) => item.met !== undefined).flatMap((item) => item.texts.flatMap((text) => this.keysOf(text))));
  }

  /** The contact and directive phrases the frame texts use (read on first use). */
  private framePhrases: ReadonlySet<string> | undefined;
  /** The texts an answer may draw on anywhere, folded as denials are read (read on first use): a denial they make is theirs. */
  private trustedText: string | undefined;

  /** The contact and directive phrases a text uses, matched as the answer's are (whole words in English). */
  private phrasesIn(text: string): ReadonlySet<string> {
    const { lexicon } = this.input;
    return new Set([...lexicon.contact.find(text), ...lexicon.directives.find(text)].map((match) => match.phrase));
  }

  /** The problems of one sentence; `written` is the sentence without markers, list numbers, the period and clause ids. */
  check(sentence: string, written: string, markers: readonly number[]): SupportProblem[] {
    const problems: SupportProblem[] = [];
    const cited = this.cited(markers);
    const { lexicon } = this.input;
    // Courtesies ("hope this helps", a Chinese "the above is for your reference") are read as nothing: their words are
    // no claim ("above" is no "at least") and need no evidence; what else the sentence says is read as ever.
    const courtesies = lexicon.courtesies.find(written);
    // Blanked as written (maskSpans would also normalise the text the other checks read).
    const plain = blankSpans(written, courtesies);
    const own = withoutQuotes(plain);

    problems.push(...this.markup(sentence));
    // A word the cited plan text (or its English rendering) uses itself, as a word, is the plan's ("taking into account"), not a request.
    // The long cited and frame texts are read only when the sentence uses such a word at all.
    const allowed = (phrase: string) => {
      cited.ownPhrases ??= this.phrasesIn(cited.words.text);
      this.framePhrases ??= this.phrasesIn(this.frameWords.text);
      return cited.ownPhrases.has(phrase) || this.framePhrases.has(phrase);
    };
    for (const match of lexicon.contact.find(own)) {
      if (!allowed(match.phrase)) problems.push({ code: 'contact', detail: `asks for or gives contact details (“${match.matched}”)` });
    }
    for (const match of lexicon.directives.find(own)) {
      if (!allowed(match.phrase)) problems.push({ code: 'instruction', detail: `instructs the reader (“${match.matched}”), which the plan does not` });
    }
    for (const phrase of lexicon.imperatives(own)) {
      if (!this.frameWords.text.includes(phrase)) problems.push({ code: 'instruction', detail: `instructs the reader (“${phrase}”), which the plan does not` });
    }
    problems.push(...this.numbers(plain, markers, cited));
    problems.push(...this.bindings(plain, cited));
    problems.push(...this.restated(plain));
    problems.push(...this.occurrences(plain, cited));
    problems.push(...this.spans(withoutMarkers(sentence)));
    problems.push(...this.ofThePast(withoutMarkers(sentence)));
    problems.push(...this.ofTheQuestionsTime(plain));
    // Quotations are read in the sentence as written (the plan period's name is taken out of `plain`).
    problems.push(...this.quotations(withoutMarkers(sentence), cited));
    for (const range of this.rangesOf(plain)) {
      if (!cited.ranges.has(range) && !this.all.ranges.has(range)) problems.push({ code: 'unsupported_period', detail: `the period ${range} is in no fact or quote` });
    }
    problems.push(...this.claims(own, cited));
    problems.push(...this.flips(own, cited));
    problems.push(...this.stances(own, cited));
    problems.push(...this.denials(own, cited));
    problems.push(...this.deniedStatements(own, cited));
    problems.push(...this.swappedReplacements(own, cited));
    problems.push(...this.modalities(own, cited));
    const coverage = this.coverage(plain, markers);
    const rule = this.asserts(plain) ? COVERAGE.asserting : COVERAGE.plain;
    if (coverage.uncovered.length >= rule.uncovered && coverage.total > 0 && 1 - coverage.uncovered.length / coverage.total < rule.minimum) {
      problems.push({ code: 'unsupported_content', detail: `says what the evidence it cites does not (${coverage.uncovered.slice(0, 6).map((word) => `“${word}”`).join(', ')})` });
    }
    problems.push(...this.verdicts(withoutQuotes(sentence), markers));
    return problems;
  }

  // ---- modality, polarity, cadence, status, verdicts ---------------------------------------

  private reading(text: string, evidence = false): Reading {
    const reading: Reading = { classes: new Set(), status: false, met: false, notMet: false, agree: false, disagree: false, words: new Map(), at: new Map() };
    const matcher = evidence ? this.input.lexicon.evidenceCues : this.input.lexicon.cues;
    const folded = normalize(text);
    for (const match of matcher.find(text)) {
      const negated = this.negated(folded, match.index);
      for (const found of match.value) {
        // "not met", "has not been achieved": a negated verdict is the other verdict, a negated status none.
        const cue = negated && (found.kind === 'met' || found.kind === 'status') ? { kind: found.kind === 'met' ? ('notMet' as const) : ('status' as const), name: found.name } : found;
        if (negated && found.kind === 'status') continue;
        if (cue.kind === 'polarity' || cue.kind === 'cadence') {
          const key = `${cue.kind}:${cue.name}`;
          reading.classes.add(key);
          if (!reading.words.has(key)) {
            reading.words.set(key, match.matched);
            reading.at.set(key, match.index);
          }
        } else {
          reading[cue.kind] = true;
          if (!reading.words.has(cue.kind)) reading.words.set(cue.kind, match.matched);
        }
      }
    }
    return reading;
  }

  /** Whether a negation word stands right before `index` (a few characters or words back, in the same clause). */
  private negated(folded: string, index: number): boolean {
    const before = folded.slice(Math.max(0, index - 16), index);
    const clause = before.split(clauseBreakPattern()).at(-1)!;
    if (/[a-z]\s*$/u.test(clause) || /\s$/u.test(clause)) {
      // English: one of the last three words.
      const words = clause.trim().split(/\s+/u).slice(-3);
      return words.some((word) => this.input.lexicon.negations.some((negation) => word === negation || (negation.startsWith("n'") && word.endsWith(negation))));
    }
    const tail = clause.slice(-4);
    return this.input.lexicon.negations.some((negation) => !/[a-z]/u.test(negation) && (tail.endsWith(negation) || tail.slice(0, -1).endsWith(negation)));
  }

  /**
   * The sentence's modality, polarity and cadence are the evidence's; it claims something has
   * happened only where the evidence says so or checks a figure; its verdict on a checked figure
   * is the check's; it agrees with the user's claim only if the plan says what they said.
   */
  private claims(sentence: string, cited: Cited): SupportProblem[] {
    const problems: SupportProblem[] = [];
    // Names of who the user is ("above designated size") claim no modality.
    const profileNames = this.input.lexicon.profileNames[this.input.language];
    const text = maskSpans(sentence, profileNames.find(sentence));
    const reading = this.reading(text);
    // A cadence written onto a figure ("600,000 tonnes a year") is judged with the figure, against every mention of it.
    const onFigures = new Set(figureMentions(text, this.input.lexicon, true).flatMap((figure) => [...figure.cadence]));
    for (const key of reading.classes) {
      if (cited.classes.has(key) || onFigures.has(key)) continue;
      // What the user said, repeated to say it is wrong ("not every year").
      if (this.userReading.classes.has(key) && this.corrected(text, reading.at.get(key)!, reading.at.get(key)! + reading.words.get(key)!.length)) continue;
      const [kind, name] = key.split(':') as [string, string];
      const word = reading.words.get(key)!;
      problems.push(
        kind === 'cadence'
          ? { code: 'unsupported_period', detail: `“${word}” (${name}): the evidence it cites gives no such period or frequency` }
          : { code: 'unsupported_polarity', detail: `“${word}” (${name}): the evidence it cites does not say so` },
      );
    }
    // A check licenses verdicts on the user's figure ("has already reached", "is already above the target"), not other claims of what has happened.
    if (!cited.status && (reading.status ? !(cited.checks.length && (reading.met || reading.notMet || this.compared(text))) : reading.met && !cited.checks.length)) {
      problems.push({ code: 'unsupported_status', detail: `claims something has happened (“${reading.words.get('status') ?? reading.words.get('met')}”), which no target check or quote it cites says` });
    } else if (cited.status && !cited.checks.length && (reading.status || reading.met)) {
      // The plan's account of the past ("cumulatively, by 2010") says what had happened, not that a target was reached.
      for (const clause of text.split(clauseBreakPattern())) {
        const own = this.reading(clause);
        // The pack's own wording ("ask whether a figure meets the plan's target") claims nothing.
        if (!(own.status || own.met) || this.frameWords.text.includes(fold(clause.trim())) || !this.onTarget(clause)) continue;
        problems.push({ code: 'unsupported_status', detail: `claims a target has been reached (“${own.words.get('status') ?? own.words.get('met')}”), which no target check it cites says` });
        break;
      }
    }
    return problems;
  }

  /**
   * Whether a sentence is about a target: it names one ("the target"), or one of its figures
   * is, wherever the evidence gives it, a figure of the evidence's last year and never a count of the past.
   */
  private onTarget(text: string): boolean {
    if (this.input.lexicon.comparison.find(text).some((match) => match.value === 'target')) return true;
    const last = Math.max(0, ...this.all.figures.flatMap((mention) => mention.periods.map((period) => period.to)));
    return figureMentions(text, this.input.lexicon, true).some((figure) => {
      if (!isMeasured(figure.quantity)) return false;
      const mentions = this.all.figures.filter((mention) => figure.keys.some((key) => mention.keys.includes(key)));
      return mentions.length > 0 && mentions.every((mention) => !mention.cadence.has('cadence:cumulative') && mention.periods.length > 0 && mention.periods.every((period) => period.from === last));
    });
  }

  /**
   * A duty, an encouragement, a permission or a ban is said of what the evidence says it of: the
   * content words after the answer's word of modality (up to its clause's end) are looked for
   * in the evidence's stretches, and where the stretches that share most of them are all under a
   * modality that contradicts the answer's ("encourage enterprises to carry out eco-design" for
   * "requires enterprises to carry out eco-design"), the sentence is refused.
   */
  private modalities(text: string, cited: Cited): SupportProblem[] {
    const han = this.input.language === 'zh';
    const segments = cited.segments.filter((segment) => segment.han === han);
    if (segments.length === 0) return [];
    const problems: SupportProblem[] = [];
    const folded = normalize(text);
    const cues = this.input.lexicon.cues.find(text);
    const masked = maskSpans(text, cues);
    const breaks = clauseBreakPattern();
    for (const cue of cues) {
      const modality = modalityOf(cue.value);
      if (!modality || this.negated(folded, cue.index)) continue;
      // What follows it: up to its clause's end, or the next word of modality.
      const next = cues.find((other) => other.index >= cue.end && modalityOf(other.value));
      let end = cue.end;
      while (end < (next?.index ?? masked.length) && !breaks.test(masked[end]!) && !/[\u3002.!?:\uFF1A\n]/u.test(masked[end]!)) end++;
      const scope = masked.slice(cue.end, end);
      const sequence = this.content.tokens(scope);
      const tokens = [...new Set(sequence)].slice(0, MODAL_SCOPE);
      // A modality written straight onto a word the evidence writes only other modalities onto ("mandatory application" for "voluntary application").
      const heads = new Set(sequence.length ? segments.filter((segment) => segment.modality && segment.head === sequence[0]).map((segment) => segment.modality!) : []);
      if (heads.size && [...heads].every((other) => MODAL_CONFLICTS[modality]!.includes(other))) {
        problems.push({ code: 'unsupported_polarity', detail: `“${cue.matched}” (${modality}): the evidence writes ${[...heads].join(', ')} onto what follows it` });
        continue;
      }
      if (tokens.length < 2) continue;
      const shared = (segment: ModalSegment) => tokens.filter((token) => (han ? segment.text.includes(token) : segment.tokens.has(token))).length;
      const best = Math.max(...segments.map(shared));
      if (best < 2 || best * 2 < tokens.length) continue;
      // Of the stretches sharing most words, those that say them most nearly as the answer does.
      const candidates = segments.filter((segment) => shared(segment) === best);
      const run = (segment: ModalSegment) => (han ? longestCommonRun([...normalize(scope)], [...segment.text]) : longestCommonRun(sequence, segment.sequence));
      const longest = Math.max(...candidates.map(run));
      const under = new Set(candidates.filter((segment) => run(segment) === longest).map((segment) => segment.modality ?? 'plain'));
      if ([...under].every((other) => MODAL_CONFLICTS[modality]!.includes(other))) {
        problems.push({ code: 'unsupported_polarity', detail: `“${cue.matched}” (${modality}): the evidence says what follows it under another modality (${[...under].join(', ')})` });
      }
    }
    return problems;
  }

  /** The evidence text cut into the stretches its words of modality govern. */
  private modalSegments(text: string): ModalSegment[] {
    const folded = normalize(text);
    const han = /\p{Script=Han}/u.test(folded);
    const segments: ModalSegment[] = [];
    const add = (from: number, to: number, modality: string | undefined, cueEnd = from) => {
      const part = folded.slice(from, to);
      const sequence = this.content.tokens(part);
      const head = modality ? this.content.tokens(folded.slice(cueEnd, to))[0] : undefined;
      if (part.trim()) segments.push({ modality, text: part, tokens: new Set(sequence), sequence, head, han });
    };
    let start = 0;
    for (const end of [...[...folded.matchAll(SENTENCE_END)].map((match) => match.index + 1), folded.length]) {
      if (end <= start) continue;
      const sentence = folded.slice(start, end);
      const starts: Array<{ at: number; end: number; modality: string }> = [];
      for (const cue of this.input.lexicon.cues.find(sentence)) {
        const modality = modalityOf(cue.value);
        if (!modality || this.negated(sentence, cue.index)) continue;
        if (!starts.some((entry) => entry.at === cue.index)) starts.push({ at: cue.index, end: cue.end, modality });
      }
      starts.sort((a, b) => a.at - b.at);
      add(start, start + (starts[0]?.at ?? sentence.length), undefined);
      starts.forEach((entry, i) => add(start + entry.at, start + (starts[i + 1]?.at ?? sentence.length), entry.modality, start + entry.end));
      start = end;
    }
    return segments;
  }

  /**
   * An opposite written onto a term the evidence writes the other one onto: "high-mercury" where
   * it says "low-mercury", "low-exhaustion" where it says "high-exhaustion", "chromium-containing" for
   * "chromium-free".
   */
  private flips(text: string, cited: Cited): SupportProblem[] {
    const problems: SupportProblem[] = [];
    const folded = normalize(text);
    const evidence = cited.words.text;
    // "conditions relatively poor" is "conditions poor": a word of degree between the term and the word is read through.
    const degree = this.input.lexicon.degreeWords.length ? `(?:${this.input.lexicon.degreeWords.map(escapeRegExp).join('|')})?` : '';
    let cuts: WordCuts | undefined;
    for (const [word, opposite] of this.input.lexicon.antonyms) {
      const latin = /[a-z]/u.test(word);
      // The term after the word and the term before it are looked for apart, so that one match does not hide the other.
      const patterns = latin
        ? [new RegExp(`\\b${escapeRegExp(word)}[\\s-]([a-z]{3,})\\b()`, 'gu'), new RegExp(`()\\b([a-z]{3,})-${escapeRegExp(word)}\\b`, 'gu')]
        : [new RegExp(`${escapeRegExp(word)}(\\p{Script=Han})()`, 'gu'), new RegExp(`()(\\p{Script=Han})${degree}${escapeRegExp(word)}`, 'gu')];
      for (const match of patterns.flatMap((pattern) => [...folded.matchAll(pattern)])) {
        const [found, afterGroup, beforeGroup] = match;
        const after = afterGroup || undefined;
        const before = beforeGroup || undefined;
        const term = (after ?? before)!;
        if (this.input.lexicon.functionWords.has(term)) continue;
        // A word that is part of a function word on its other side is not written onto the term.
        if (!latin && this.input.lexicon.functionWords.has(after ? `${folded[match.index - 1] ?? ''}${word}` : `${word}${folded[match.index + found.length] ?? ''}`)) continue;
        // A word that starts a longer word modifies what follows it, not the character before ("promote" then "high-efficiency").
        const at = match.index + found.length - word.length;
        if (!latin && before !== undefined && (cuts ??= wordCuts(folded)).starts.has(at) && !cuts.ends.has(at + word.length)) continue;
        const variants = (a: string) => (latin ? (after ? [`${a} ${term}`, `${a}-${term}`] : [`${term}-${a}`]) : [after ? `${a}${term}` : `${term}${a}`]);
        // A Chinese word negated right before it ("not containing") says its opposite, in the answer and in the evidence.
        const negatedAt = (text: string, at: number) => !latin && after !== undefined && this.negated(text, at);
        if (negatedAt(folded, match.index)) continue;
        const said = (variant: string, negated: boolean) => [...evidence.matchAll(new RegExp(escapeRegExp(variant), 'gu'))].some((found) => negatedAt(evidence, found.index) === negated);
        if (variants(word).some((variant) => said(variant, false))) continue;
        if (variants(opposite).some((variant) => said(variant, false)) || variants(word).some((variant) => said(variant, true))) {
          problems.push({ code: 'unsupported_polarity', detail: `writes “${found.trim()}” where the evidence has “${variants(opposite)[0]}”` });
        }
      }
    }
    return problems;
  }

  /**
   * A technology written under one stance where the cited evidence writes the same technology only
   * under another: "promotes mercury-free catalysts" where the plan has them researched. An item of
   * the answer's list is the evidence's when an evidence item holds all its content words and few more.
   */
  private stances(text: string, cited: Cited): SupportProblem[] {
    const items = this.stanceItems(normalize(text)).filter((item) => (item.han ? item.text.length >= STANCE_ITEM_CHARACTERS : item.tokens.length >= 2));
    if (items.length === 0) return [];
    cited.stanceItems ??= cited.words.text.split('\n').flatMap((line) => this.stanceItems(line));
    // The same thing: in Chinese, its name inside an evidence item not much longer (names are written whole, and
    // the segmenter cuts them into characters); in English, most of its content words in an item of few more.
    const names = (item: StanceItem, other: StanceItem) =>
      item.han
        ? other.text.includes(item.text) && other.text.length <= item.text.length * 2 + STANCE_ITEM_CHARACTERS
        : other.tokens.length <= item.tokens.length * 2 + 1 && item.tokens.filter((token) => other.tokenSet.has(token)).length >= Math.max(2, Math.ceil((item.tokens.length * 2) / 3));
    const problems: SupportProblem[] = [];
    for (const item of items) {
      const same = cited.stanceItems.filter((other) => other.han === item.han && names(item, other));
      if (same.length === 0 || same.some((other) => other.stance === item.stance)) continue;
      problems.push({ code: 'unsupported_polarity', detail: `writes “${item.cue}” for “${item.text.trim()}”, which the evidence gives under ${[...new Set(same.map((other) => other.stance))].join(', ')}` });
    }
    return problems;
  }

  /** The items of the lists the stance words of a folded text govern. */
  private stanceItems(folded: string): StanceItem[] {
    const matches = this.input.lexicon.stances.find(folded);
    const han = /\p{Script=Han}/u.test(folded);
    const items: StanceItem[] = [];
    matches.forEach((match, index) => {
      if (this.negated(folded, match.index) || (!han && PASSIVE_BEFORE.test(folded.slice(Math.max(0, match.index - 12), match.index)))) return;
      const limit = matches[index + 1]?.index ?? folded.length;
      const rest = folded.slice(match.end, limit);
      const stop = rest.search(han ? STANCE_END_HAN : STANCE_END_LATIN);
      for (const part of (stop < 0 ? rest : rest.slice(0, stop)).split(STANCE_ITEMS)) {
        const tokens = this.content.tokens(part);
        // A Chinese item is compared by its characters, without its markers and spaces.
        const text = han ? part.replace(/\[\d+\]|[^\p{L}\p{N}]/gu, '') : part;
        if (tokens.length || (han && text)) items.push({ stance: match.value, cue: match.matched, text, tokens, tokenSet: new Set(tokens), han });
      }
    });
    return items;
  }

  /**
   * A word denied where the evidence affirms it: "non-biodegradable" where it says "biodegradable",
   * a Chinese word after a denying prefix where the evidence has it after the affirming one, a few
   * characters apart at most, and never denied.
   */
  private denials(text: string, cited: Cited): SupportProblem[] {
    const problems: SupportProblem[] = [];
    const folded = normalize(text);
    const evidence = cited.words.text;
    for (const [denying, affirming] of this.input.lexicon.negatedForms) {
      const latin = /[a-z]/u.test(denying);
      const pattern = latin ? new RegExp(`\\b${escapeRegExp(denying)}([a-z]{5,})\\b`, 'gu') : new RegExp(`${escapeRegExp(denying)}(\\p{Script=Han}{2})`, 'gu');
      const denied = this.input.lexicon.negatedForms.filter(([other]) => /[a-z]/u.test(other) === latin).map(([other]) => other);
      for (const match of folded.matchAll(pattern)) {
        const word = match[1]!;
        if (denied.some((other) => evidence.includes(`${other}${word}`))) continue;
        const affirmed = latin
          ? [...evidence.matchAll(new RegExp(`(?:^|[^a-z-])${escapeRegExp(affirming)}${escapeRegExp(word)}\\b`, 'gu'))].length > 0
          : [...evidence.matchAll(new RegExp(`${escapeRegExp(affirming)}\\p{Script=Han}{0,${DENIAL_GAP}}${escapeRegExp(word)}`, 'gu'))].some((found) => !denied.some((other) => evidence.slice(0, found.index).endsWith(other.slice(0, -affirming.length || undefined)) && other.endsWith(affirming) && other !== affirming));
        if (affirmed) problems.push({ code: 'unsupported_polarity', detail: `writes “${match[0]}” where the evidence affirms “${word}”` });
      }
    }
    return problems;
  }

  /**
   * A statement denied that the evidence makes: "not setting a timetable for substitution" where the plan
   * says to specify one. The content words a negation word (a word of its own, as the segmenter cuts
   * Chinese) governs, up to its clause's end, are looked for in the evidence's clauses; where a clause
   * has most of them and no clause that has as many has a negation word, the answer denies what the
   * plan says. A figure corrected or a verdict is judged elsewhere: a clause with a figure is left alone.
   */
  private deniedStatements(text: string, cited: Cited): SupportProblem[] {
    const han = this.input.language === 'zh';
    const folded = this.withoutDescribed(normalize(text));
    const { negationWords } = this.input.lexicon;
    const breaks = clauseBreakPattern();
    const problems: SupportProblem[] = [];
    const wholeWord = wordBoundaries(folded);
    // Chinese words as the segmenter cuts them (words of setting and timing count here, as coverage does not count them).
    const wordsOf = (text: string) => (han ? this.input.lexicon.words(text).filter((word) => HAN_WORD.test(word) && [...word].length >= 2) : this.content.tokens(text));
    const has = (clause: EvidenceClause, token: string) => (han ? clause.text.includes(token) : clause.tokens.has(token));
    const shared = (clause: EvidenceClause, among: readonly string[]) => among.filter((token) => has(clause, token)).length;
    // The composer's own words (what the rules found: "none of the plan's audit duties applies to you") are not a denial of the plan.
    const trusted = (this.trustedText ??= this.withoutDescribed(normalize(this.input.anywhere.join('\n'))));
    // A negation character inside one of the plan's names (the Chinese "halogen-free" and "lead-free" of a technology's name) is part of the name.
    const names = this.input.lexicon.chinese.find(folded);
    negationWords.lastIndex = 0;
    for (const match of folded.matchAll(negationWords)) {
      if (!wholeWord(match.index, match.index + match[0].length)) continue;
      if (names.some((name) => name.index <= match.index && name.end > match.index + match[0].length)) continue;
      let end = match.index + match[0].length;
      while (end < folded.length && !breaks.test(folded[end]!) && !/[\u3002.!?:\uFF1A\n]/u.test(folded[end]!)) end++;
      if (trusted.includes(folded.slice(match.index, end))) continue;
      const scope = folded.slice(match.index + match[0].length, end);
      if (/\d/u.test(scope)) continue;
      const tokens = [...new Set(wordsOf(scope))].slice(0, MODAL_SCOPE);
      if (tokens.length === 0) continue;
      // The user's own premise denied ("the plan does not require audits every year") answers them: most of its
      // words are the user's, and in Chinese the denied verb too (asking what eco-design is says nothing of promoting it;
      // an English premise is often said with another verb of duty, "have to" for "require").
      const isTheirs = (token: string) => (han ? this.userWords.text.includes(token) : this.userWords.stems.has(token));
      const theirs = tokens.filter(isTheirs).length;
      if (theirs * 2 >= tokens.length && (!han || isTheirs(tokens[0]!))) continue;
      const clauses = this.evidenceClauses(cited, han, 'clause');
      const best = Math.max(0, ...clauses.map((clause) => shared(clause, tokens)));
      const denied = () => problems.push({ code: 'unsupported_polarity', detail: `denies “${folded.slice(match.index, end).trim()}”, which the evidence it cites states` });
      if (tokens.length >= 2 && best >= 2 && best * 2 >= tokens.length + 1) {
        if (!clauses.some((clause) => shared(clause, tokens) === best && clause.negated)) denied();
        continue;
      }
      // A short denial ("without timetables") names too little to be found alone: the words its own clause
      // says before it place it in an evidence sentence, which must not affirm what it denies. An aside in
      // brackets is a clause of its own ("(an audit the plan requires is not a voluntary one)").
      if (tokens.length > 2) continue;
      let from = match.index;
      while (from > 0 && !breaks.test(folded[from - 1]!) && !/[\u3002.!?:\uFF1A\n(\uFF08]/u.test(folded[from - 1]!)) from--;
      const before = folded.slice(from, match.index);
      const context = [...new Set(wordsOf(before))];
      const affirming = this.evidenceClauses(cited, han, 'sentence').filter((sentence) => !sentence.negated && tokens.some((token) => has(sentence, token)));
      if (affirming.some((sentence) => shared(sentence, context) >= SHORT_DENIAL_CONTEXT)) denied();
    }
    return problems;
  }

  /** A text with the names of who the user is (the decision's profile, as the answer repeats it) blanked out. */
  private withoutDescribed(folded: string): string {
    const spans: Array<{ index: number; end: number }> = [];
    for (const name of (this.input.described ?? []).map(normalize).filter(Boolean)) {
      for (let at = folded.indexOf(name); at >= 0; at = folded.indexOf(name, at + name.length)) spans.push({ index: at, end: at + name.length });
    }
    return spans.length ? maskSpans(folded, spans) : folded;
  }

  /**
   * "A replacing B" where the evidence says "B replacing A": the two words on either side of a word of
   * replacement, swapped, are what the evidence says, and as written they are not.
   */
  private swappedReplacements(text: string, cited: Cited): SupportProblem[] {
    const problems: SupportProblem[] = [];
    const folded = normalize(text);
    cited.letters ??= cited.words.text.replace(NOT_LETTERS, '');
    const evidence = cited.letters;
    const breaks = clauseBreakPattern();
    const ends = (char: string) => breaks.test(char) || /[\u3002.!?:\uFF1A\n]/u.test(char);
    for (const match of this.input.lexicon.replacements.find(folded)) {
      let from = match.index;
      while (from > 0 && !ends(folded[from - 1]!)) from--;
      let to = match.end;
      while (to < folded.length && !ends(folded[to]!)) to++;
      const before = this.input.lexicon.words(folded.slice(from, match.index)).slice(-REPLACEMENT_WORDS);
      const after = this.input.lexicon.words(folded.slice(match.end, to)).slice(0, REPLACEMENT_WORDS);
      const word = match.matched.replace(NOT_LETTERS, '');
      // Two words or more on one side and one or more on the other, so that a word both sides share does not decide.
      const pairs: Array<[string, string]> = [];
      for (let k = 1; k <= before.length; k++) for (let m = 1; m <= after.length; m++) if (k + m > 2) pairs.push([before.slice(-k).join(''), after.slice(0, m).join('')]);
      const as = (first: string, second: string) => evidence.includes(`${first}${word}${second}`.replace(NOT_LETTERS, ''));
      if (pairs.some(([a, b]) => a !== b && as(b, a) && !as(a, b))) {
        problems.push({ code: 'unsupported_polarity', detail: `says “${folded.slice(from, to).trim()}”, where the evidence has the replacement the other way round` });
      }
    }
    return problems;
  }

  /** The clauses (or whole sentences) of the evidence's plan texts in one script, with their content words and whether a negation word stands in them. */
  private evidenceClauses(cited: Cited, han: boolean, unit: 'clause' | 'sentence'): readonly EvidenceClause[] {
    const key = `${han ? 'han' : 'latin'}:${unit}`;
    cited.clauses ??= new Map();
    let found = cited.clauses.get(key);
    if (!found) {
      const breaks = unit === 'clause' ? `${clauseBreakPattern().source}|` : '';
      const { negationWords } = this.input.lexicon;
      found = cited.segments
        .filter((segment) => segment.han === han)
        .flatMap((segment) => segment.text.split(new RegExp(`${breaks}[\u3002!?\uFF01\uFF1F\n]|\\.(?=\\s|$)`, 'u')))
        .filter((clause) => clause.trim())
        .map((clause) => {
          negationWords.lastIndex = 0;
          return { text: clause, tokens: new Set(this.content.tokens(clause)), negated: negationWords.test(clause) };
        });
      cited.clauses.set(key, found);
    }
    return found;
  }

  /**
   * Verdicts and agreement, clause by clause (a clause with markers of its own is judged by
   * what they cite): a verdict on a checked figure is the check's; agreeing with the user's
   * claim needs the plan to say what they said, disagreeing needs it not to.
   */
  private verdicts(sentence: string, markers: readonly number[]): SupportProblem[] {
    const problems: SupportProblem[] = [];
    const userDisputed = this.userFiguresUnsupported();
    for (const clause of sentence.split(this.input.lexicon.verdictBreaks)) {
      const own = [...clause.matchAll(/\[(\d+)\]/gu)].map((match) => Number(match[1]));
      const cited = this.cited(own.length ? own : markers);
      const text = withoutMarkers(clause);
      const reading = this.reading(text);
      const corrected = this.corrected(text);
      const agree = reading.agree && !reading.disagree && !corrected;
      const disagree = reading.disagree && !reading.agree;
      // "Yes" to a figure of the user's that no evidence states.
      if (agree && userDisputed.length && !cited.claims.includes(true)) {
        problems.push({ code: 'wrong_verdict', detail: `agrees with the user (“${reading.words.get('agree')}”), but the plan states none of their figures ${userDisputed.join(', ')}` });
        continue;
      }
      if (!cited.checks.length && !cited.claims.length) continue;
      // "It has to be above the target to count": a condition, not a verdict.
      const conditional = this.input.lexicon.comparison.find(text).some((match) => match.value === 'conditional');
      if (conditional) reading.met = reading.notMet = false;
      let compared = conditional ? undefined : this.compared(text);
      // "…, but not the Table 1 target": a clause that opens with a negation and names the target.
      if (!compared && !reading.met && !reading.notMet && this.opensWithNegation(text) && this.input.lexicon.comparison.find(text).some((match) => match.value === 'target')) compared = 'below';
      if (cited.checks.length) {
        const met = reading.met || compared === 'above' || (agree && !reading.notMet && !cited.claims.length);
        const notMet = reading.notMet || compared === 'below' || (disagree && !reading.met && !cited.claims.length);
        const word = (kind: 'met' | 'notMet') => reading.words.get(kind) ?? (compared ? `${compared} the target` : reading.words.get(kind === 'met' ? 'agree' : 'disagree'));
        if (met && !notMet && !cited.checks.includes(true)) problems.push({ code: 'wrong_verdict', detail: `says the target is met (“${word('met')}”), but the check says it is not` });
        if (notMet && !met && !cited.checks.includes(false)) problems.push({ code: 'wrong_verdict', detail: `says the target is not met (“${word('notMet')}”), but the check says it is` });
      }
      if (cited.claims.length) {
        if (agree && !cited.claims.includes(true)) problems.push({ code: 'wrong_verdict', detail: `agrees with the user (“${reading.words.get('agree')}”), but the plan does not say what they said` });
        if (disagree && !cited.claims.includes(false)) problems.push({ code: 'wrong_verdict', detail: `disagrees with the user (“${reading.words.get('disagree')}”), but the plan says what they said` });
      }
    }
    return problems;
  }

  /**
   * Figures of the user's questions and of the earlier answers they send (years aside) that no evidence states: what
   * agreeing with them would confirm. A "yes" answers what the user asks; the figures of what they only tell of
   * themselves ("~300 staff", "annual output over 20 million yuan") it does not confirm.
   */
  private userFiguresUnsupported(): string[] {
    if (this.disputed) return this.disputed;
    const earlier = (this.input.earlierAnswers ?? []).map(withoutMarkers);
    const theirs = this.userTexts.filter((text) => !earlier.includes(text));
    // What they ask: their sentences ending in a question mark, else each message's last sentence (as the understanding reads a yes-or-no question).
    const sentences = theirs.map((text) => splitSentences(text.trim()).map((sentence) => sentence.trim()).filter(Boolean));
    const questions = sentences.flat().filter((sentence) => QUESTION_END.test(sentence));
    const asked = questions.length ? questions : sentences.flatMap((list) => list.slice(-1));
    const keys = new Set([...asked, ...earlier].flatMap((text) => this.keysOf(text)));
    this.disputed = [...keys].filter((key) => !this.all.keys.has(key) && !/^raw:(?:19|20)\d\d$/u.test(key) && !this.all.keys.has(`any:${key.slice(key.indexOf(':') + 1)}`)).map((key) => key.slice(key.indexOf(':') + 1));
    return this.disputed;
  }

  private opensWithNegation(clause: string): boolean {
    const start = normalize(clause).trim();
    return this.input.lexicon.negations.some((negation) => (/[a-z]/u.test(negation) ? new RegExp(`^${escapeRegExp(negation)}\\b`, 'u').test(start) : start.startsWith(negation)));
  }

  /** A comparison of the user's figure with the target in a clause: above it, below it, or none. */
  private compared(clause: string): 'above' | 'below' | undefined {
    const matches = this.input.lexicon.comparison.find(clause);
    if (matches.some((match) => match.value === 'conditional')) return undefined;
    const folded = normalize(clause);
    const target = matches.findIndex((match) => match.value === 'target');
    if (target < 0) return undefined;
    const marker = matches.findIndex((match) => match.value === 'marker');
    // "above the target" (the comparison before the target), or "than the target, lower" (a marker, the target, then the comparison).
    // A comparator written onto a figure ("the above-50% target") or into a compound ("above-scale") compares nothing.
    const candidates = matches.filter(
      (match, index) =>
        (match.value === 'above' || match.value === 'below') &&
        ((index < target && !/^(?:-|\s*\d)/u.test(folded.slice(match.end)) && matches[target]!.index - match.end <= 40) || (marker >= 0 && marker < target && index > target)),
    );
    const found = candidates.at(-1);
    if (!found) return undefined;
    const direction = found.value as 'above' | 'below';
    return this.negated(folded, found.index) ? (direction === 'above' ? 'below' : 'above') : direction;
  }

  /**
   * Whether a sentence states a duty, a permission or something that has happened (a modality
   * or status word, or an instruction): such a sentence must be covered more fully.
   */
  asserts(plain: string): boolean {
    const text = withoutQuotes(plain);
    const reading = this.reading(text);
    return reading.status || [...reading.classes].some((key) => key.startsWith('polarity:')) || this.input.lexicon.directives.test(text);
  }

  /** Links, images and HTML in a text: never shown. */
  markup(text: string): SupportProblem[] {
    return markupIn(text).map((kind) => ({ code: 'markup', detail: `shows ${kind === 'HTML' ? 'HTML' : `a ${kind}`}` }));
  }

  /** The content words of a sentence and those neither the evidence it cites nor the user's words cover. */
  coverage(plain: string, markers: readonly number[]): Coverage {
    return this.content.coverage(this.contentOnly(withoutQuotes(plain)), [this.cited(markers).words, this.userWords, this.frameWords]);
  }

  /**
   * The sentence with what other checks judge blanked out: figures, and the words of modality,
   * polarity, status, verdicts, agreement, corrections and cadence.
   */
  private contentOnly(text: string): string {
    const { lexicon } = this.input;
    const spans = [...lexicon.quantities.read(text).map((quantity) => ({ index: quantity.start, end: quantity.end })), ...lexicon.cues.find(text), ...lexicon.corrections.find(text)];
    return maskSpans(text, spans);
  }

  // ---- figures ------------------------------------------------------------------------------

  private keysOf(text: string): string[] {
    const quantities = this.input.lexicon.quantities.read(text);
    return [...quantities.flatMap(evidenceKeys), ...claimNumbers(withoutFormulas(text)).map((number) => `raw:${number}`)];
  }

  /**
   * Every figure is stated by the evidence the sentence cites, as a quantity: "650,000 tonnes"
   * is 65 myriad-tonnes, "65 tonnes" is not. A figure of the user's own messages may be repeated only to
   * say it is wrong (a correction word in its clause).
   */
  private numbers(plain: string, markers: readonly number[], cited: Cited): SupportProblem[] {
    const problems: SupportProblem[] = [];
    const quantities = this.input.lexicon.quantities.read(plain);
    const rest = blankSpans(plain, quantities);
    const spelled = claimNumbers(withoutFormulas(rest)).map((number) => ({ key: `raw:${number}`, shown: number, at: undefined as Quantity | undefined }));
    const cites = markers.length > 0 ? `the facts or quotes it cites (${markers.map((n) => `[${n}]`).join('')})` : 'any fact or quote';
    const seen = new Set<string>();
    for (const figure of [...quantities.map((quantity) => ({ key: answerKey(quantity), shown: quantity.raw, at: quantity as Quantity | undefined })), ...spelled]) {
      if (cited.keys.has(figure.key) || seen.has(figure.key)) continue;
      if (figure.at && bareKeys(figure.at).some((key) => cited.keys.has(key))) continue;
      seen.add(figure.key);
      if ([figure.key, ...(figure.at ? bareKeys(figure.at) : [])].some((key) => this.userKeys.has(key)) && (figure.at ? this.corrected(plain, figure.at.index, figure.at.end) : this.corrected(plain))) continue;
      const shown = figure.key.startsWith('raw:') ? figure.shown : figure.key.slice(figure.key.indexOf(':') + 1);
      problems.push(this.all.keys.has(figure.key) ? { code: 'uncited_number', detail: `${shown} is not in ${cites}` } : { code: 'unsupported_number', detail: `${shown} is in no fact or quote` });
    }
    return problems;
  }

  /**
   * Each figure with a unit is bound to the evidence's mentions of the same quantity: said per
   * month or per year, cumulatively or over two years, only as the evidence says it; a ceiling
   * ("at most", "or less") only where the evidence gives one, a floor never where it gives a ceiling.
   */
  private bindings(plain: string, cited: Cited): SupportProblem[] {
    const problems: SupportProblem[] = [];
    const mentions = figureMentions(plain, this.input.lexicon, true);
    // A figure inside a quotation of the evidence is the evidence's own words, bound as they bind it (a changed figure changes the quotation).
    const quoted = quotedPassages(plain).filter((quote) => [...comparable(quote.text)].length >= 2 && this.quotesEvidence(comparable(quote.text), cited));
    for (const [index, figure] of mentions.entries()) {
      if (isBareYear(figure)) continue;
      const users = figure.keys.some((key) => this.userKeys.has(key));
      if (users && this.corrected(plain, figure.quantity.index, figure.quantity.end)) continue;
      if (figure.gap) {
        problems.push(...this.gapOf(figure, plain, cited));
        continue;
      }
      if (!quoted.some((quote) => quote.index <= figure.quantity.start && figure.quantity.end <= quote.end) && !restatesPrevious(mentions, index, plain)) {
        problems.push(...this.subjectOf(figure, users, plain, cited, nextInClause(mentions, index)));
      }
      const same = (list: FigureMention[]) => list.filter((mention) => figure.keys.some((key) => mention.keys.includes(key)));
      const shown = plain.slice(figure.quantity.start, figure.quantity.end).trim();
      // A floor or a ceiling is the one the evidence it cites gives the figure (all of it, where that does not state it); a bare number ("more than 2 mg") too.
      const cites = same(cited.figures);
      problems.push(...this.comparatorOf(figure, shown, [...(cites.length ? cites : same(this.all.figures)), ...same(this.userFigures)]));
      if (!isMeasured(figure.quantity)) continue;
      // The user's own figure may be said as the user said it ("a cut of 650 tonnes a year").
      // Any mention of the quantity in the evidence may give its cadence (the table cited, the project's text not).
      const candidates = [...same(this.all.figures), ...same(this.userFigures)];
      if (candidates.length === 0) continue;
      if (users || figure.keys.some((key) => this.checkKeys.has(key))) problems.push(...this.asThePlans(figure, shown, same, plain));
      if (figure.cadence.size && !candidates.some((mention) => [...figure.cadence].some((cadence) => mention.cadence.has(cadence)))) {
        problems.push({ code: 'unsupported_period', detail: `${shown} is given ${[...figure.cadence].map((key) => key.slice('cadence:'.length)).join(', ')}, which the evidence does not say of it` });
      }
      // A year written onto a figure ("the 2015 target of 23.4%") must be one the evidence gives it,
      // where every mention of it says its year (a table's column, its sentence's years).
      if (figure.periods.length && candidates.some((mention) => mention.periods.length) && !candidates.some((mention) => mention.periods.length && samePeriod(figure, mention))) {
        problems.push({ code: 'unsupported_period', detail: `${shown} is given for ${figure.periods.map(periodName).join(', ')}, which the evidence does not say of it (it gives ${[...new Set(candidates.flatMap((mention) => mention.periods.map(periodName)))].join(', ')})` });
      }
    }
    return problems;
  }

  /**
   * A figure restated in other units ("0.2 ten-thousand tonnes, i.e. 2,000 tonnes", a Chinese restatement
   * word and a few words before the second) is the same quantity; another value there is another figure.
   */
  private restated(plain: string): SupportProblem[] {
    const problems: SupportProblem[] = [];
    const quantities = this.input.lexicon.quantities.read(plain).filter((quantity) => quantity.family);
    const folded = normalize(plain);
    for (let i = 1; i < quantities.length; i++) {
      const [first, second] = [quantities[i - 1]!, quantities[i]!];
      if (first.family !== second.family) continue;
      const between = folded.slice(first.end, second.start);
      const word = this.input.lexicon.restatements.find(between)[0];
      if (!word || between.length - word.end > RESTATEMENT_REACH || /[\u3002;\uFF1B]|\.\s/u.test(maskSpans(between, [word]))) continue;
      if (Math.abs(first.value - second.value) <= RESTATEMENT_TOLERANCE * Math.max(first.value, second.value)) continue;
      problems.push({ code: 'misbound_figure', detail: `restates ${plain.slice(first.start, first.end).trim()} as ${plain.slice(second.start, second.end).trim()}, another quantity` });
    }
    return problems;
  }

  /**
   * A count of how many times a thing is done ("two rounds every two years") is the count the evidence writes with
   * that counter ("one round every two years"), not any number it states: its cited evidence's where that counts with
   * the counter, else the whole evidence's. A count the user gave may be repeated to correct it.
   */
  private occurrences(plain: string, cited: Cited): SupportProblem[] {
    const counts = this.input.lexicon.occurrenceCounts(plain);
    if (counts.length === 0) return [];
    const problems: SupportProblem[] = [];
    for (const count of counts) {
      const stated = [cited, this.all].map((evidence) => this.countsOf(evidence).get(count.counter)).find((values) => values !== undefined);
      if (!stated || stated.has(count.value) || this.corrected(plain)) continue;
      problems.push({ code: 'unsupported_period', detail: `${count.shown} is not how often the evidence says it is done (it counts ${[...stated].join(', ')})` });
    }
    return problems;
  }

  private countsOf(evidence: Cited): ReadonlyMap<string, ReadonlySet<number>> {
    if (!evidence.occurrences) {
      const counts = new Map<string, Set<number>>();
      for (const count of this.input.lexicon.occurrenceCounts(evidence.words.text)) counts.set(count.counter, (counts.get(count.counter) ?? new Set()).add(count.value));
      evidence.occurrences = counts;
    }
    return evidence.occurrences;
  }

  /**
   * A figure written onto a span of years with no cadence of its own ("a 730,000 t cut over
   * 2011-2015") is a total over the span; where the evidence gives it only a year at a time, never
   * over a span or cumulatively, the answer has changed its cadence. Read on the sentence as written
   * (`plain` has the plan period taken out).
   */
  private spans(sentence: string): SupportProblem[] {
    const problems: SupportProblem[] = [];
    for (const figure of figureMentions(sentence, this.input.lexicon, true)) {
      if ((!isMeasured(figure.quantity)) || figure.cadence.size || !figure.periods.some((period) => period.from < period.to)) continue;
      const candidates = this.all.figures.filter((mention) => figure.keys.some((key) => mention.keys.includes(key)));
      if (!candidates.some((mention) => mention.cadence.has('cadence:perYear'))) continue;
      if (candidates.some((mention) => mention.cadence.has('cadence:cumulative') || mention.periods.some((period) => period.from < period.to))) continue;
      const shown = sentence.slice(figure.quantity.start, figure.quantity.end).trim();
      problems.push({ code: 'unsupported_period', detail: `${shown} is given over ${figure.periods.map(periodName).join(', ')}, which the evidence gives a year at a time` });
    }
    return problems;
  }

  /**
   * A figure the evidence gives only for the time before the plan (its account of the past, a table's totals up to
   * then) is said of that time: given a later year ("by 2015") or the end of the plan's period, the answer moves a
   * count of the past into the plan's period. Read on the sentence as written (`plain` has the period's name taken out).
   */
  private ofThePast(sentence: string): SupportProblem[] {
    const { lastPastYear, periodEnd } = this.input.lexicon;
    const problems: SupportProblem[] = [];
    const folded = normalize(sentence);
    const mentions = figureMentions(sentence, this.input.lexicon, true);
    for (const figure of mentions) {
      if (isBareYear(figure) || (!isMeasured(figure.quantity) && !countsSomething(folded, figure.quantity.end))) continue;
      const years = [...figure.periods.map((period) => period.to), ...(periodEnd.pattern.test(`${figure.lead}${figure.window}`) ? [periodEnd.year] : [])];
      if (!years.some((year) => year > lastPastYear)) continue;
      // What the plan's texts say of it (the composer's own rendering of them dates nothing).
      const candidates = this.planMentions().filter((mention) => figure.keys.some((key) => mention.keys.includes(key)));
      if (candidates.length === 0 || !candidates.every((mention) => mention.periods.length > 0 && mention.periods.every((period) => period.to <= lastPastYear))) continue;
      const shown = sentence.slice(figure.quantity.start, figure.quantity.end).trim();
      problems.push({ code: 'unsupported_period', detail: `${shown} is given for ${Math.max(...years)}, but the evidence gives it only for the time up to ${lastPastYear}` });
    }
    return problems;
  }

  /** Whether the question reports a measured figure of its own ("we are at 55% already"): a verdict is asked, not a figure of the plan's. */
  private reportsOwnFigure(): boolean {
    return this.userFigures.some((mention) => isMeasured(mention.quantity));
  }

  /** What the user asked, in all their turns (not the earlier answers the client sent back). */
  private question(): string {
    const earlier = new Set(this.input.earlierAnswers ?? []);
    return this.input.userTexts.filter((text) => !earlier.has(text)).join('\n');
  }

  /** A sentence that is a figure and little else ("2.456 million tonnes.", "At least 50% by 2015."): it answers the question. */
  private isBareAnswer(plain: string): boolean {
    this.subjects ??= new SubjectIndex(this.all.figures, this.input.lexicon);
    return [...plain.trim()].length <= BARE_ANSWER && !this.subjects.names(plain.replace(/[\d.,%]+/gu, ' '));
  }

  /**
   * A bare answer ("60%.") is said of the time the question asks of: to a question of the time before the plan ("when
   * the plan was drawn up", "in 2010"), a figure the plan's texts give only for a later year (its 2015 target) answers
   * with a figure of another time. A mention with no year but a floor or a ceiling ("at least 60%") is a target, of the plan's last year.
   */
  private ofTheQuestionsTime(plain: string): SupportProblem[] {
    // A question that reports a figure of its own ("we are at 55% already: is that enough?") asks for a verdict, not a figure of the past.
    if (!this.input.past || this.reportsOwnFigure() || !this.isBareAnswer(plain)) return [];
    const { lastPastYear } = this.input.lexicon;
    const problems: SupportProblem[] = [];
    for (const figure of figureMentions(plain, this.input.lexicon, true)) {
      if (isBareYear(figure) || figure.periods.length || !isMeasured(figure.quantity)) continue;
      const candidates = this.planMentions().filter((mention) => figure.keys.some((key) => mention.keys.includes(key)));
      // Each mention is of a later year, or is a target with no year of its own (a floor or a ceiling: the plan's targets are its last year's).
      const later = (mention: FigureMention) => (mention.periods.length ? mention.periods.every((period) => period.from > lastPastYear) : mention.comparator !== undefined);
      if (candidates.length === 0 || !candidates.every(later)) continue;
      const shown = plain.slice(figure.quantity.start, figure.quantity.end).trim();
      const years = [...new Set(candidates.flatMap((mention) => (mention.periods.length ? mention.periods.map(periodName) : [String(this.input.lexicon.periodEnd.year)])))];
      problems.push({ code: 'unsupported_period', detail: `${shown} answers a question of the time up to ${lastPastYear}, but the evidence gives it only for ${years.join(', ')}` });
    }
    return problems;
  }

  /** A ceiling ("at most", "or less") only where the evidence gives one; a floor never where it gives a ceiling. */
  private comparatorOf(figure: FigureMention, shown: string, candidates: readonly FigureMention[]): SupportProblem[] {
    if (candidates.length === 0) return [];
    if (figure.comparator === 'atMost' && !candidates.some((mention) => mention.comparator === 'atMost')) {
      return [{ code: 'unsupported_polarity', detail: `${shown} is given as a ceiling, which the evidence does not make it` }];
    }
    if (figure.comparator === 'atLeast' && candidates.every((mention) => mention.comparator === 'atMost')) {
      return [{ code: 'unsupported_polarity', detail: `${shown} is given as a floor, but the evidence makes it a ceiling` }];
    }
    // A floor or ceiling on what the evidence gives only as a total of the past ("at least 44.3%" for the 2003-2010 total) makes it a target.
    if (figure.comparator && candidates.every((mention) => !mention.comparator && mention.cadence.has('cadence:cumulative'))) {
      return [{ code: 'misbound_figure', detail: `${shown} is given a floor or ceiling, but the evidence gives it only as a total of the past` }];
    }
    return [];
  }

  /** A figure given as a gap ("short by 38 tonnes") is the gap a target check it cites (or any, when it cites none) states. */
  private gapOf(figure: FigureMention, plain: string, cited: Cited): SupportProblem[] {
    const gaps = cited.gaps.size ? cited.gaps : this.all.gaps;
    if (gaps.size === 0 || [...figure.keys, `raw:${figure.quantity.raw}`].some((key) => gaps.has(key))) return [];
    const shown = plain.slice(figure.quantity.start, figure.quantity.end).trim();
    return [{ code: 'misbound_figure', detail: `${shown} is given as a gap, which is not the difference the target check states` }];
  }

  /** The year ranges of a text ("2003-2010", "from 2003 to 2010", a counter after the first year allowed), as "2003-2010". */
  private rangesOf(text: string): string[] {
    return yearPeriods(normalize(text))
      .filter((period) => period.from !== period.to)
      .map((period) => `${period.from}-${period.to}`);
  }

  /**
   * A figure is the value of the evidence figures whose subject it shares most. The user's own
   * figure is bound only where the answer states it as the plan's target ("a 2015 target of
   * above 60%" when 60% is what the user reported).
   */
  private subjectOf(figure: FigureMention, users: boolean, plain: string, cited: Cited, next: FigureMention | undefined): SupportProblem[] {
    // Bare numbers ("Table 1", "8 industries") and the check's own figures (the user's value, the gap) are not bound,
    // unless the user's value is stated as the plan's target ("a 2015 target of above 60%").
    // A bare number is bound only where it counts something ("the 11 heavy-metal industries"), not as a label ("Table 1").
    const bareNumber = !isMeasured(figure.quantity);
    if (bareNumber && !countsSomething(normalize(plain), figure.quantity.end)) return [];
    const checked = figure.keys.some((key) => this.checkKeys.has(key));
    if ((users || checked) && !(figure.comparator || this.namesTarget(figure))) return [];
    this.subjects ??= new SubjectIndex(this.all.figures, this.input.lexicon);
    // Among the figures the sentence cites (all of them when it cites nothing it can).
    cited.figureSet ??= new Set(this.all.figures.filter((mention) => cited.figures.some((own) => own.clause === mention.clause && own.quantity.start === mention.quantity.start)));
    // A sentence that is a figure and little else ("2.456 million tonnes.", "At least 50% by 2015.") answers the question: its subject is the question's.
    const bare = this.isBareAnswer(plain);
    // A figure followed in its clause by another with no words between them heads a bare series ("A and B: 100%, 60%").
    const series = next !== undefined && !this.subjects.names(normalize(plain).slice(figure.quantity.end, next.quantity.start));
    const among = cited === this.all ? undefined : cited.figureSet;
    const misbound = (question?: string): FigureMention | undefined => {
      // Read as the question's, a figure with no year of its own is of the time the question asks of, where it asks of the time before the plan.
      const { lastPastYear } = this.input.lexicon;
      const dated = question !== undefined && this.input.past && figure.periods.length === 0 ? { ...figure, periods: [{ from: lastPastYear, to: lastPastYear }] } : figure;
      const { own, other, best, stated, unnamed } = this.subjects!.compare(dated, among, bare ? this.input.userTexts.join('\n') : undefined, series, question);
      // The question's words also say what all its figures share ("in 2010, from industry"): a bare figure is wrong only when its value is never said of the question's subject terms.
      // A bare number ("the 11 heavy-metal industries") is bound only when its value is never said of its subject terms and another is.
      const outweighed = !bare && !bareNumber && !((own === 0 && (!stated || other < SUBJECT_UNNAMED)) || other < SUBJECT_SCORE || other - own < SUBJECT_MARGIN);
      // Read as the question's, a figure is wrong only where its value is never said of the question's subject terms and another's is (the scores weigh the question's words, not the figure's).
      return best && (unnamed || (outweighed && question === undefined)) ? best : undefined;
    };
    // A figure whose words name no subject is read again as said of the question's (where the question reports no figure of its own to be judged).
    const best = misbound() ?? (this.reportsOwnFigure() ? undefined : misbound(this.question()));
    if (!best) return [];
    const shown = plain.slice(figure.quantity.start, figure.quantity.end).trim();
    return [{ code: 'misbound_figure', detail: `${shown} is not what the evidence gives for this (it says “${best.window.trim().slice(0, 60)}”)` }];
  }

  /**
   * A figure only the user (or a target check repeating it) states, and no text of the plan, is
   * said as they say it: given a year or a cadence only where they give it one ("Table 1 records
   * 25% cumulatively", "a 2015 target of above 60%" when 60% is the user's figure).
   */
  private asThePlans(figure: FigureMention, shown: string, same: (list: FigureMention[]) => FigureMention[], plain?: string): SupportProblem[] {
    if (same(this.planMentions()).length) return [];
    this.checkFigures ??= this.input.items.filter((item) => item.met !== undefined).flatMap((item) => item.texts.flatMap((text) => figureMentions(text, this.input.lexicon)));
    const theirs = [...same(this.userFigures), ...same(this.checkFigures)];
    const said: string[] = [];
    if (figure.periods.length && !theirs.some((mention) => mention.periods.length && samePeriod(figure, mention))) said.push('a year');
    if (figure.cadence.size && !theirs.some((mention) => [...figure.cadence].some((cadence) => mention.cadence.has(cadence)))) said.push('a cadence');
    // "The 2015 goal ... was 39.5%": the user's figure named the plan's target.
    if (plain !== undefined && this.namedTheTarget(figure, plain)) said.push('the name of its target');
    return said.length ? [{ code: 'misbound_figure', detail: `${shown} is the user's figure, which no text of the plan states; the answer gives it ${said.join(', ')} as if it were the plan's` }] : [];
  }

  /** Figures of what the plan says: its quotes and facts, not the target checks that repeat the user's figure, nor the texts that restate them anywhere. */
  private planMentions(): FigureMention[] {
    const planItems = this.input.items.filter((item) => item.met === undefined);
    this.planFigures ??= this.read(planItems).figures.filter((mention) => !this.input.anywhere.some((text) => text.includes(mention.window.trim())));
    return this.planFigures;
  }

  /** Whether a target noun ("target") stands before a figure in its window. */
  private namesTarget(figure: FigureMention): boolean {
    const head = figure.window.slice(0, Math.max(0, figure.window.indexOf(normalize(figure.quantity.raw))));
    return this.input.lexicon.comparison.find(head).some((match) => match.value === 'target');
  }

  /**
   * Whether the words before a figure in its clause make it the target itself ("the 2015 goal for A (which includes B,
   * C and D) was 39.5%"): a target noun after the figure before it (years aside), with no word comparing the figure with
   * the target ("exceeds the target by 0.5 points") and no verdict ("target met — 62%"). An aside in brackets does not cut a figure off from its clause's subject.
   */
  private namedTheTarget(figure: FigureMention, plain: string): boolean {
    // A gap (the check's difference: "beats the target by 12 tonnes") is no target.
    if (figure.gap || [...figure.keys, `raw:${figure.quantity.raw}`].some((key) => this.all.gaps.has(key))) return false;
    const before = normalize(plain).slice(0, figure.quantity.start).replace(ASIDE, ' ');
    const clause = before.split(sentenceEndPattern()).at(-1)!.split(clauseBreakPattern()).at(-1)!;
    const previous = [...clause.matchAll(/\d+(?:[.,]\d+)*/gu)].filter((match) => !/^(?:19|20)\d\d$/u.test(match[0])).at(-1);
    const segment = previous ? clause.slice(previous.index + previous[0].length) : clause;
    // A verdict ("on target", "target met —") or a status says something of the figure, not that it is the target.
    if (this.input.lexicon.cues.find(segment).length) return false;
    const matches = this.input.lexicon.comparison.find(segment);
    return matches.some((match) => match.value === 'target') && matches.every((match) => match.value === 'target');
  }

  /** Quoted passages are the evidence's words (punctuation and spacing aside), or the user's being corrected. */
  private quotations(plain: string, cited: Cited): SupportProblem[] {
    const problems: SupportProblem[] = [];
    for (const quote of quotedPassages(plain)) {
      const wanted = comparable(quote.text);
      if ([...wanted].length < 2) continue;
      if (this.quotesEvidence(wanted, cited)) continue;
      if (comparable(this.input.userTexts.join('\n')).includes(wanted) && this.corrected(plain, quote.index, quote.end)) continue;
      problems.push({ code: 'unsupported_content', detail: `quotes “${quote.text}”, which the evidence it cites does not say` });
    }
    return problems;
  }

  /** Whether a quoted passage (as `comparable` makes it) is the evidence's words: those it cites, the frame's, a heading. */
  private quotesEvidence(wanted: string, cited: Cited): boolean {
    return cited.comparable.includes(wanted) || this.frameComparable.includes(wanted) || this.input.lexicon.headings.includes(wanted);
  }

  /** Whether the clause of the words at [index, end) says they are wrong ("not 80%", "rather than every three years"). */
  private corrected(plain: string, index = 0, end = plain.length): boolean {
    const clauseBreaks = clauseBreakPattern();
    // A full stop ends the clause too ("No. The goal was under 50%": the "no" answers, it corrects nothing).
    const breaks = { test: (char: string, at: number) => clauseBreaks.test(char) || (char === '.' && /\s/u.test(plain[at + 1] ?? '')) };
    let from = 0;
    let to = plain.length;
    for (let i = index - 1; i >= 0; i--) {
      if (breaks.test(plain[i]!, i)) {
        from = i + 1;
        break;
      }
    }
    for (let i = end; i < plain.length; i++) {
      if (breaks.test(plain[i]!, i)) {
        to = i;
        break;
      }
    }
    const clause = plain.slice(from, to);
    // A correction word inside a longer cue ("no" in "no less than") is no correction.
    const cues = this.input.lexicon.cues.find(clause);
    return this.input.lexicon.corrections.find(clause).some((match) => !cues.some((cue) => cue.index <= match.index && cue.end >= match.end && cue.end - cue.index > match.end - match.index));
  }

  // ---- evidence -----------------------------------------------------------------------------

  private cited(markers: readonly number[]): Cited {
    const valid = [...new Set(markers)].sort((a, b) => a - b);
    if (valid.length === 0) return this.all;
    const key = valid.join(',');
    let cited = this.cache.get(key);
    if (!cited) {
      cited = this.read(this.input.items.filter((item) => item.markers.some((n) => valid.includes(n))));
      this.cache.set(key, cited);
    }
    return cited;
  }

  /** What one text of the evidence says, read once (and remembered across questions: clauses come back). */
  private textReading(text: string): TextReading {
    const memo = this.input.lexicon.memo.texts as Map<string, TextReading>;
    let found = memo.get(text);
    if (!found) {
      const folded = fold(text);
      const reading = this.reading(folded, true);
      const figures = figureMentions(text, this.input.lexicon);
      found = {
        folded,
        keys: this.keysOf(text),
        ranges: this.rangesOf(text),
        comparable: comparable(text),
        figures,
        bracketed: figures.flatMap((figure, index) => (inBrackets(text, figure.quantity.start, figure.quantity.end) ? [index] : [])),
        explainsBrackets: /[[\uFF3B]\s*[\]\uFF3D]/u.test(text),
        emptyCells: [...normalize(text).matchAll(EMPTY_CELL)].map((match) => match.index),
        stems: [...this.content.vocabulary([text]).stems],
        classes: [...reading.classes],
        // The plan's account of the past ("cumulatively, by 2010") supports saying what had happened;
        // a count for its own period (a cadence only evidence words give) does not.
        status: reading.status || this.reading(folded).classes.has('cadence:cumulative'),
        segments: this.modalSegments(text),
      };
      remember(memo, text, found);
    }
    return found;
  }

  private read(items: readonly SupportItem[]): Cited {
    const texts = [...items.flatMap((item) => item.texts), ...this.input.anywhere].map((text) => this.textReading(text));
    const english = items.flatMap((item) => item.english ?? []).map((text) => this.textReading(text));
    const both = [...texts, ...english];
    const columns = new Map<TextReading, readonly number[]>();
    const past = new Set(items.filter((item) => item.past).flatMap((item) => [...item.texts, ...(item.english ?? [])].map((text) => this.textReading(text))));
    for (const item of items) {
      if (!item.columns?.length) continue;
      for (const text of [...item.texts, ...(item.english ?? [])]) columns.set(this.textReading(text), item.columns);
    }
    return {
      text: texts.map((reading) => reading.folded).join('\n'),
      // A table row states the years of its columns (its header's "2010, 2015") with its figures.
      keys: new Set([...texts.flatMap((reading) => reading.keys), ...items.flatMap((item) => (item.columns ?? []).map((year) => `raw:${year}`))]),
      ranges: new Set(both.flatMap((reading) => reading.ranges)),
      comparable: both.map((reading) => reading.comparable).join('\n'),
      figures: withTables(both, columns, past, this.input.lexicon.lastPastYear),
      words: { text: both.map((reading) => reading.folded).join('\n'), stems: new Set(both.flatMap((reading) => reading.stems)) },
      classes: new Set(texts.flatMap((reading) => reading.classes)),
      segments: items.flatMap((item) => [...item.texts, ...(item.english ?? [])]).flatMap((text) => this.textReading(text).segments),
      status: texts.some((reading) => reading.status),
      checks: items.flatMap((item) => (item.met === undefined ? [] : [item.met])),
      gaps: new Set(items.flatMap((item) => (item.gap ? this.keysOf(item.gap) : []))),
      claims: items.flatMap((item) => (item.confirmed === undefined ? [] : [item.confirmed])),
    };
  }
}

/** The length of the longest run two sequences share. */
function longestCommonRun(a: readonly string[], b: readonly string[]): number {
  let best = 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1] && a[i - 1]!.trim()) {
        current[j] = previous[j - 1]! + 1;
        if (current[j]! > best) best = current[j]!;
      }
    }
    previous = current;
  }
  return best;
}

/** The modality a cue word states, when it states one `MODAL_CONFLICTS` reads. */
function modalityOf(cues: readonly Cue[]): string | undefined {
  return cues.find((cue) => cue.kind === 'polarity' && cue.name in MODAL_CONFLICTS)?.name;
}

/** An aside in brackets (no brackets inside it). */
const ASIDE = /\([^()]*\)|\uFF08[^\uFF08\uFF09]*\uFF09/gu;

/** Runs of two or more dashes: a table's empty cell ("lead dust, none, 0.2"). */
const EMPTY_CELL = /[-\u2014\u2015]{2,}/gu;

/**
 * The figures of the texts, with what their table says of them. A table row's figures are the
 * figures of its columns' years (the last figures in the last columns, an empty cell counted as
 * one); a figure of the plan's account of the past with no year of its own is of that past's last year. Where a text of the evidence explains what brackets mean (a table's note: "[] denotes
 * the 2003-2010 cumulative totals"), figures written in brackets carry the note's cadence and
 * period: the note, not the cell, says they are cumulative. A bracketed figure of another year
 * than the note's (in the 2015 column, or said of 2015) is not what the note explains.
 */
function withTables(readings: readonly TextReading[], columns: ReadonlyMap<TextReading, readonly number[]>, past: ReadonlySet<TextReading>, lastPastYear: number): FigureMention[] {
  const notes = readings.filter((reading) => reading.explainsBrackets);
  const noted = [...new Set(notes.flatMap((reading) => reading.classes.filter((name) => name.startsWith('cadence:'))))];
  const notedPeriods = notes.flatMap((reading) => reading.ranges.map((range) => ({ from: Number(range.slice(0, 4)), to: Number(range.slice(-4)) })));
  return readings.flatMap((reading) => {
    const years = columns.get(reading);
    const cells = years ? [...reading.figures.map((figure) => figure.quantity.start), ...reading.emptyCells].sort((a, b) => a - b) : [];
    const columnOf = (index: number): number | undefined => {
      if (!years || cells.length > years.length) return undefined;
      return years[years.length - cells.length + cells.indexOf(reading.figures[index]!.quantity.start)];
    };
    return reading.figures.map((figure, index) => {
      // The plan's account of the past counts up to its last year.
      const year = columnOf(index) ?? (past.has(reading) && figure.periods.length === 0 ? lastPastYear : undefined);
      const periods = year === undefined ? figure.periods : [{ from: year, to: year }];
      if (!noted.length || !reading.bracketed.includes(index)) return year === undefined ? figure : { ...figure, periods };
      const explained = periods.length === 0 || notedPeriods.length === 0 || notedPeriods.some((period) => periods.some((own) => periodsOverlap(period, own)));
      if (!explained) return { ...figure, periods };
      return { ...figure, cadence: new Set([...figure.cadence, ...noted]), periods: periods.length ? [...periods, ...notedPeriods] : periods };
    });
  });
}

/** The text with its citation markers ("[1]") blanked: they are no figures. */
function withoutMarkers(text: string): string {
  return text.replace(/\[\d+\]/gu, ' ');
}

/** A year written as a bare number ("2015"), not a figure with a unit. */
function isBareYear(mention: FigureMention): boolean {
  return /^(?:19|20)\d\d$/u.test(mention.quantity.raw) && !mention.quantity.family;
}

const periodName = (period: { from: number; to: number }) => (period.from === period.to ? String(period.from) : `${period.from}-${period.to}`);

/** Whether a figure restates the one right before it in brackets ("245.6 wan tonnes (2.456 million tonnes)"): the same quantity, of the same subject. */
function restatesPrevious(mentions: readonly FigureMention[], index: number, plain: string): boolean {
  const figure = mentions[index]!;
  const previous = mentions[index - 1];
  if (!previous || !figure.keys.some((key) => previous.keys.includes(key))) return false;
  return /^\s*[(\uFF08]\s*$/u.test(plain.slice(previous.quantity.end, figure.quantity.start));
}

/** The figure after a figure in its clause, years aside. */
function nextInClause(mentions: readonly FigureMention[], index: number): FigureMention | undefined {
  const figure = mentions[index]!;
  return mentions.slice(index + 1).find((mention) => mention.clause === figure.clause && !isBareYear(mention));
}
