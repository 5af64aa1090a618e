import { claimNumbers } from '../text/figures.js';
import type { Language } from '../text/languages.js';
import { fold } from '../text/normalize.js';
import { clauseBreakPattern, withoutQuotes } from '../text/sentences.js';
import { markupIn } from './markup.js';
import { answerKey, bareKeys, evidenceKeys, type Quantity } from './quantities.js';
import { ContentWords, type Vocabulary } from './content-words.js';
import type { VerifierLexicon } from './verifier-lexicon.js';

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
  /** A target check: whether the reported figure met the target. */
  met?: boolean | undefined;
  /** A claim: whether the plan says what the user said it says. */
  confirmed?: boolean | undefined;
}

export interface SupportInput {
  language: Language;
  items: readonly SupportItem[];
  /** What the user wrote (the question, earlier user turns): words an answer may repeat, figures it may only correct. */
  userTexts: readonly string[];
  /** Texts an answer may draw on anywhere (the plan period, the composer's own trusted words). */
  anywhere: readonly string[];
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
  | 'unsupported_status'
  | 'wrong_verdict';

export interface SupportProblem {
  code: SupportCode;
  detail: string;
}

/** What the evidence cited by a set of markers says, read once. */
interface Cited {
  /** Every text, folded, one per line. */
  text: string;
  keys: ReadonlySet<string>;
  words: Vocabulary;
  polarity: ReadonlySet<string>;
  status: boolean;
  checks: readonly boolean[];
  claims: readonly boolean[];
}

/** Digits that belong to a name ("SO2", "PM2.5", "t1"), not figures. */
function withoutFormulas(text: string): string {
  return text.replace(/(?<=[a-z])\d+(?:\.\d+)?/giu, (digits) => ' '.repeat(digits.length));
}

export class SentenceSupport {
  private readonly cache = new Map<string, Cited>();
  private readonly all: Cited;
  private readonly userKeys: ReadonlySet<string>;
  readonly userText: string;
  private readonly content: ContentWords;

  constructor(private readonly input: SupportInput) {
    this.content = new ContentWords(input.lexicon);
    this.userText = fold(input.userTexts.join('\n'));
    this.userKeys = new Set(input.userTexts.flatMap((text) => this.keysOf(text)));
    this.all = this.read(input.items);
  }

  /** The problems of one sentence; `plain` is the sentence without markers, list numbers, the period and clause ids. */
  check(sentence: string, plain: string, markers: readonly number[]): SupportProblem[] {
    const problems: SupportProblem[] = [];
    const cited = this.cited(markers);
    const { lexicon } = this.input;
    const own = withoutQuotes(plain);

    for (const kind of markupIn(sentence)) problems.push({ code: 'markup', detail: `shows ${kind === 'HTML' ? 'HTML' : `a ${kind}`}` });
    for (const match of lexicon.contact.find(own)) {
      if (!cited.text.includes(fold(match.phrase))) problems.push({ code: 'contact', detail: `asks for or gives contact details (“${match.matched}”)` });
    }
    for (const match of lexicon.directives.find(own)) {
      if (!cited.text.includes(fold(match.phrase))) problems.push({ code: 'instruction', detail: `instructs the reader (“${match.matched}”), which the plan does not` });
    }
    problems.push(...this.numbers(plain, markers, cited));
    return problems;
  }

  // ---- figures ------------------------------------------------------------------------------

  private keysOf(text: string): string[] {
    const quantities = this.input.lexicon.quantities.read(text);
    return [...quantities.flatMap(evidenceKeys), ...claimNumbers(withoutFormulas(text)).map((number) => `raw:${number}`)];
  }

  /**
   * Every figure is stated by the evidence the sentence cites, as a quantity: "650,000 tonnes"
   * is 65万吨, "65 tonnes" is not. A figure of the user's own messages may be repeated only to
   * say it is wrong (a correction word in its clause).
   */
  private numbers(plain: string, markers: readonly number[], cited: Cited): SupportProblem[] {
    const problems: SupportProblem[] = [];
    const quantities = this.input.lexicon.quantities.read(plain);
    let rest = plain;
    for (const quantity of quantities) rest = rest.slice(0, quantity.index) + ' '.repeat(quantity.end - quantity.index) + rest.slice(quantity.end);
    const spelled = claimNumbers(withoutFormulas(rest)).map((number) => ({ key: `raw:${number}`, shown: number, at: undefined as Quantity | undefined }));
    const cites = markers.length > 0 ? `the facts or quotes it cites (${markers.map((n) => `[${n}]`).join('')})` : 'any fact or quote';
    const seen = new Set<string>();
    for (const figure of [...quantities.map((quantity) => ({ key: answerKey(quantity), shown: quantity.raw, at: quantity as Quantity | undefined })), ...spelled]) {
      if (cited.keys.has(figure.key) || seen.has(figure.key)) continue;
      if (figure.at && bareKeys(figure.at).some((key) => cited.keys.has(key))) continue;
      seen.add(figure.key);
      if ([figure.key, ...(figure.at ? bareKeys(figure.at) : [])].some((key) => this.userKeys.has(key)) && this.corrected(plain, figure.at)) continue;
      const shown = figure.key.startsWith('raw:') ? figure.shown : figure.key.slice(figure.key.indexOf(':') + 1);
      problems.push(this.all.keys.has(figure.key) ? { code: 'uncited_number', detail: `${shown} is not in ${cites}` } : { code: 'unsupported_number', detail: `${shown} is in no fact or quote` });
    }
    return problems;
  }

  /** Whether the clause of a figure says it is wrong ("not 80%", "rather than every three years"). */
  private corrected(plain: string, at: Quantity | undefined): boolean {
    const breaks = clauseBreakPattern();
    let start = 0;
    let end = plain.length;
    if (at) {
      for (let i = at.index - 1; i >= 0; i--) if (breaks.test(plain[i]!)) { start = i + 1; break; }
      for (let i = at.end; i < plain.length; i++) if (breaks.test(plain[i]!)) { end = i; break; }
    }
    return this.input.lexicon.corrections.test(plain.slice(start, end));
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

  private read(items: readonly SupportItem[]): Cited {
    const texts = [...items.flatMap((item) => item.texts), ...this.input.anywhere];
    const text = fold(texts.join('\n'));
    const { lexicon } = this.input;
    return {
      text,
      keys: new Set(texts.flatMap((value) => this.keysOf(value))),
      words: this.content.vocabulary(texts),
      polarity: new Set(lexicon.polarity.find(text).map((match) => match.value)),
      status: lexicon.status.test(text),
      checks: items.flatMap((item) => (item.met === undefined ? [] : [item.met])),
      claims: items.flatMap((item) => (item.confirmed === undefined ? [] : [item.confirmed])),
    };
  }
}
