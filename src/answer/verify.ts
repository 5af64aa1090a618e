import { claimNumbers } from '../text/figures.js';
import { allLanguages, detectLanguage, type Language } from '../text/languages.js';
import { escapeRegExp, fold } from '../text/normalize.js';
import type { PhraseMatcher } from '../text/phrases.js';
import { endsParagraph, splitSentences, withoutQuotes } from '../text/sentences.js';
import type { NameIndex } from './names.js';
import type { SentenceSupport, SupportCode } from './support.js';

/**
 * The one verifier: every answer, deterministic or written by a model, is checked here against
 * the numbered evidence it was written from before anyone sees it.
 */

/**
 * Why an answer (or one sentence of it) cannot be shown. `code` is what the API reports;
 * `detail` may quote the answer and goes only to logs and to the model's repair prompt.
 */
export interface Problem {
  code: 'empty' | 'too_long' | 'wrong_language' | 'bad_marker' | 'unsupported_name' | 'injection_leak' | SupportCode;
  detail: string;
}

/** The verdict on an answer, as responses report it. */
export interface Verification {
  ok: boolean;
  /** Numbers in the answer that no fact or quote (it cites) supports. */
  unsupportedNumbers: string[];
  /** Citation markers that point at no citation. */
  badMarkers: number[];
  /** Names (industries, technologies) the answer uses that no fact supports. */
  unsupportedNames: string[];
}

const MARKER = /\[(\d+)\]/gu;

let listNumber: RegExp | undefined;
/** A list number at the start of a line ("1. ") is layout, not a figure. */
function listNumberPattern(): RegExp {
  listNumber ??= new RegExp(`^\\s*\\d+(?:${[...new Set(allLanguages((data) => data.enumerators))].map(escapeRegExp).join('|')})\\s*(?!\\d)`, 'gmu');
  listNumber.lastIndex = 0;
  return listNumber;
}

export interface CheckerInput {
  language: Language;
  citationCount: number;
  /** Clause ids of the citations: an answer may name them; their digits are no figures. */
  clauseIds: readonly string[];
  /** Every fact and quote text of the answer (both languages). */
  global: readonly string[];
  /** Marker number → the texts it vouches for. */
  bound: ReadonlyMap<number, readonly string[]>;
  /** Industries (ids) that may be named anywhere: the profile's industry and its parents. */
  allowedIndustries: readonly string[];
  /** Names allowed in sentences that cite nothing (terms of the question). */
  globalNames: readonly string[];
  names: NameIndex;
  /** Instruction words an answer must not echo (the pack's injection cues and the languages' leak phrases). */
  injection: PhraseMatcher<string>;
  /** The plan period as an answer may state it anywhere (its years as a range, its names): no figures. */
  period: RegExp;
  /**
   * Sentence support (figures as quantities, content words, modality, status, verdicts, what is
   * never shown). Without it, figures are checked by their digits alone.
   */
  support?: SentenceSupport;
}

/**
 * Checks an answer, sentence by sentence, against its evidence:
 * - every citation marker points at a citation;
 * - every number (digits, or number words with a counter) is stated by the facts or quotes the
 *   sentence cites — a sentence without markers is covered by the markers of the next sentence
 *   of its paragraph that has some, else by the whole evidence;
 * - every industry or technology it names is named by that same evidence (by any of its
 *   names), or is the profile's industry;
 * - it is written in the question's language (quoted plan text aside);
 * - it does not echo injected instructions.
 */
export class AnswerChecker {
  private readonly globalNumbers: Set<string>;
  private readonly globalText: string;
  private readonly boundNumbers = new Map<number, Set<string>>();
  private readonly boundText = new Map<number, string>();
  private readonly globalNamesText: string;
  private readonly sectionIds: RegExp | undefined;
  private readonly citedCache = new Map<string, { numbers: ReadonlySet<string>; text: string }>();

  constructor(private readonly input: CheckerInput) {
    this.globalNumbers = new Set(input.global.flatMap(claimNumbers));
    this.globalText = fold(input.global.join('\n'));
    for (const [n, values] of input.bound) {
      this.boundNumbers.set(n, new Set(values.flatMap(claimNumbers)));
      this.boundText.set(n, fold(values.join('\n')));
    }
    this.globalNamesText = fold(input.globalNames.join('\n'));
    // A section number before a title ("5.1 More fiscal support") is no figure.
    const sections = [...new Set(input.clauseIds.flatMap((id) => id.split('.').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('.'))).filter((id) => /^\d+\.\d+/u.test(id)))];
    this.sectionIds = sections.length ? new RegExp(`(?<![\\d.])(?:${sections.map((id) => id.replaceAll('.', '\\.')).join('|')})(?=\\s+[A-Z])`, 'gu') : undefined;
  }

  /** What a sentence citing `markers` may draw on: all of the evidence when it cites nothing it can. */
  private cited(markers: readonly number[]): { numbers: ReadonlySet<string>; text: string } {
    const valid = [...new Set(markers.filter((n) => this.boundNumbers.has(n)))].sort((a, b) => a - b);
    const key = valid.join(',');
    let entry = this.citedCache.get(key);
    if (!entry) {
      entry = valid.length
        ? { numbers: new Set(valid.flatMap((n) => [...this.boundNumbers.get(n)!])), text: valid.map((n) => this.boundText.get(n)!).join('\n') }
        : { numbers: this.globalNumbers, text: `${this.globalText}\n${this.globalNamesText}` };
      this.citedCache.set(key, entry);
    }
    return entry;
  }

  /** Whether the evidence (cited by `markers`, or all of it) names the entity, or it is the profile's industry. */
  entityCovered(entity: string, markers: readonly number[] = []): boolean {
    if (this.input.allowedIndustries.some((id) => entity === `industry:${id}`)) return true;
    return this.input.names.entityIn(entity, this.cited(markers).text);
  }

  /** A verifier for one answer, fed sentence by sentence (as a stream is). */
  verifier(): SentenceVerifier {
    return new SentenceVerifier(this);
  }

  /** Problems of a whole answer; [] when it may be shown. */
  checkAnswer(answer: string): Problem[] {
    if (answer.trim() === '') return [{ code: 'empty', detail: 'the answer is empty' }];
    const verifier = this.verifier();
    const problems: Problem[] = [];
    for (const sentence of splitSentences(answer.trim())) {
      const step = verifier.push(sentence);
      if (!step.ok) problems.push(...step.problems);
    }
    const last = verifier.end();
    if (!last.ok) problems.push(...last.problems);
    // Markup cut across sentences ("<!" + "-- ... -->") is seen whole too.
    if (this.input.support && !problems.some((p) => p.code === 'markup')) problems.push(...this.input.support.markup(answer));
    const body = withoutQuotes(answer.replace(MARKER, ' '));
    if (!problems.some((p) => p.code === 'wrong_language') && /\p{L}/u.test(body) && detectLanguage(body) !== this.input.language) {
      problems.push({ code: 'wrong_language', detail: `not written in ${this.input.language === 'zh' ? 'Chinese' : 'English'}` });
    }
    return problems;
  }

  /** The citation markers of a sentence: all of them, and those that point at a citation. */
  markersOf(sentence: string): { all: number[]; valid: number[] } {
    const all = [...sentence.matchAll(MARKER)].map((match) => Number(match[1]));
    return { all, valid: all.filter((n) => n >= 1 && n <= this.input.citationCount) };
  }

  /** Sentence support, when the evidence built one. */
  get support(): SentenceSupport | undefined {
    return this.input.support;
  }

  /** A sentence as its words are read: without markers, list numbers, the plan period, clause and section ids. */
  plainOf(sentence: string): string {
    this.input.period.lastIndex = 0;
    let plain = sentence.replace(MARKER, ' ').replace(listNumberPattern(), '').replace(this.input.period, ' ');
    for (const id of this.input.clauseIds) plain = plain.replaceAll(id, ' ');
    if (this.sectionIds) plain = plain.replace(this.sectionIds, ' ');
    return plain;
  }

  /** Problems of one sentence, its figures and names judged against the evidence `markers` cite (all of it when none). */
  checkSentence(sentence: string, markers: readonly number[] = this.markersOf(sentence).valid): Problem[] {
    const problems: Problem[] = [];
    for (const n of this.markersOf(sentence).all) {
      if (n < 1 || n > this.input.citationCount) problems.push({ code: 'bad_marker', detail: `[${n}] is not one of the citations [1]–[${this.input.citationCount}]` });
    }

    const plain = this.plainOf(sentence);
    const cites = markers.length > 0 ? `the facts or quotes it cites (${markers.map((n) => `[${n}]`).join('')})` : 'any fact or quote';
    if (this.input.support) problems.push(...this.input.support.check(sentence, plain, markers));
    else {
      const allowed = this.cited(markers).numbers;
      for (const number of new Set(claimNumbers(plain))) {
        if (allowed.has(number)) continue;
        problems.push(this.globalNumbers.has(number) ? { code: 'uncited_number', detail: `${number} is not in ${cites}` } : { code: 'unsupported_number', detail: `${number} is in no fact or quote` });
      }
    }

    for (const name of this.input.names.namesIn(plain)) {
      if (name.entities.some((entity) => this.entityCovered(entity, markers))) continue;
      problems.push({ code: 'unsupported_name', detail: `the ${name.kind} “${name.name}” is not named in ${cites}` });
    }

    if (!languageFits(withoutQuotes(plain), this.input.language)) problems.push({ code: 'wrong_language', detail: `not written in ${this.input.language === 'zh' ? 'Chinese' : 'English'}` });

    for (const match of this.input.injection.find(plain)) {
      if (!this.globalText.includes(fold(match.value))) problems.push({ code: 'injection_leak', detail: `echoes instruction text “${match.value}”` });
    }
    return problems;
  }
}

type Step = { ok: true; release: string[] } | { ok: false; problems: Problem[] };

/**
 * Verifies an answer sentence by sentence, as it streams. A sentence with citation markers is
 * judged against what they cite. A sentence without waits for the next sentence of its
 * paragraph that has markers (the convention of a marker at the end of a passage) and is
 * judged against what that one cites, or what the previous marked sentence of the paragraph
 * cites; at the paragraph's end with no marker after it, against all of the evidence. `push`
 * returns the sentences that may now be shown, in order.
 */
export class SentenceVerifier {
  private pending: string[] = [];
  /** Markers of the last marked sentence of the current paragraph. */
  private previous: number[] | undefined;

  constructor(private readonly checker: AnswerChecker) {}

  push(sentence: string): Step {
    const { valid, all } = this.checker.markersOf(sentence);
    const paragraphEnds = endsParagraph(sentence);
    if (all.length === 0 && !paragraphEnds) {
      this.pending.push(sentence);
      return { ok: true, release: [] };
    }
    const waiting = this.pending;
    this.pending = [];
    let step: Step;
    if (all.length === 0) {
      step = this.judge([...waiting, sentence], this.againstAll);
    } else {
      const previous = this.previous;
      const own = this.checker.checkSentence(sentence, valid);
      step = this.judge(waiting, (text) => {
        const problems = this.checker.checkSentence(text, valid);
        return problems.length && previous?.length && this.checker.checkSentence(text, previous).length === 0 ? [] : problems;
      });
      if (own.length) step = { ok: false, problems: [...(step.ok ? [] : step.problems), ...own] };
      else if (step.ok) step = { ok: true, release: [...step.release, sentence] };
      this.previous = valid;
    }
    if (paragraphEnds) this.previous = undefined;
    return step;
  }

  /** The end of the answer: sentences still waiting are judged against all of the evidence. */
  end(): Step {
    const batch = this.pending;
    this.pending = [];
    return this.judge(batch, this.againstAll);
  }

  private readonly againstAll = (text: string): Problem[] => this.checker.checkSentence(text, []);

  private judge(batch: string[], check: (text: string) => Problem[]): Step {
    const problems = batch.flatMap(check);
    return problems.length ? { ok: false, problems } : { ok: true, release: batch };
  }
}

/** A sentence fits the language unless it is plainly written in the other one (quoted plan text aside). */
export function languageFits(text: string, language: Language): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/gu)?.length ?? 0;
  if (language === 'zh') return !(latin >= 12 && han * 3 < latin);
  return !(han >= 6 && han * 2 > latin);
}

/** The short, answer-free reason the API shows: the problem codes, once each. */
export function problemCodes(problems: readonly Problem[]): string {
  return [...new Set(problems.map((problem) => problem.code))].join(', ');
}

/** A `Verification` (the response's shape) for an answer the checker judged. */
export function verificationOf(problems: readonly Problem[], answer: string, citationCount: number): Verification {
  const numbers = problems.filter((p) => p.code === 'unsupported_number' || p.code === 'uncited_number').map((p) => p.detail.split(' ')[0]!);
  const badMarkers = [...answer.matchAll(MARKER)].map((m) => Number(m[1])).filter((n) => n < 1 || n > citationCount);
  const names = problems.filter((p) => p.code === 'unsupported_name').map((p) => p.detail);
  return { ok: problems.length === 0, unsupportedNumbers: [...new Set(numbers)], badMarkers: [...new Set(badMarkers)], unsupportedNames: names };
}

