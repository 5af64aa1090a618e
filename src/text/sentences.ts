import { allLanguages, languageData } from './languages.js';
import { escapeRegExp } from './normalize.js';

/**
 * The one sentence splitter, for plan text, answers and model output as it streams.
 *
 * A sentence ends at a sentence-ending mark of any language (languages/*.json) or a line
 * break, or at ". " (not after a list number like "1." and not inside "23.4"). Inside
 * quotation marks nothing ends a sentence: a quoted passage stays whole, and ends the
 * sentence when it closes right after an end mark. Closing quotes and brackets, citation
 * markers and whitespace right after the end belong to the sentence ("...30%.[2][3]" is one
 * sentence citing [2] and [3]), so a sentence is complete only once the next other character
 * has arrived (or the text ended). The pieces joined are exactly the text pushed, however it
 * was chunked.
 */
interface Punctuation {
  hardEnd: RegExp;
  endBeforeQuote: RegExp;
  open: string;
  close: string;
  trailer: RegExp;
  abbreviations: RegExp;
}

let punctuation: Punctuation | undefined;

function marks(): Punctuation {
  if (!punctuation) {
    const ends = [...new Set(allLanguages((data) => data.sentenceEnds))];
    const pairs = allLanguages((data) => data.quotePairs);
    const open = pairs.map(([opening]) => opening).join('');
    const close = pairs.map(([, closing]) => closing).join('');
    const endClass = ends.map(escapeRegExp).join('');
    const abbreviations = allLanguages((data) => data.abbreviations).map(escapeRegExp).join('|');
    const brackets = allLanguages((data) => data.bracketPairs);
    const closingBrackets = brackets.map(([, closing]) => escapeRegExp(closing)).join('');
    const openingBrackets = brackets.map(([opening]) => escapeRegExp(opening)).join('');
    punctuation = {
      hardEnd: new RegExp(`[${endClass}\\n]`, 'u'),
      endBeforeQuote: new RegExp(`[${endClass}.]`, 'u'),
      open,
      close,
      // Closing quotes, brackets, spaces and citation markers after an end mark stay with the sentence.
      trailer: new RegExp(`^(?:[${escapeRegExp(close)}${closingBrackets}\\u2019"']|\\s|\\[\\d+\\])*`, 'u'),
      abbreviations: new RegExp(`(?:^|[\\s${openingBrackets}])(?:${abbreviations || '(?!)'})$`, 'iu'),
    };
  }
  return punctuation;
}

export class SentenceCutter {
  private buffer = '';
  /** Where to look for the next sentence end (everything before it has been scanned). */
  private scanFrom = 0;
  /** Quotation depth at `scanFrom`. */
  private depth = 0;
  private readonly marks = marks();

  /** Adds text; returns the sentences it completed, in order. */
  push(text: string): string[] {
    this.buffer += text;
    const pieces: string[] = [];
    for (;;) {
      const end = this.nextEnd();
      if (end === undefined) break;
      pieces.push(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end);
      this.scanFrom = 0;
      this.depth = 0;
    }
    return pieces;
  }

  /** The text left when the stream ends (a last sentence without an end mark), or ''. */
  end(): string {
    const rest = this.buffer;
    this.buffer = '';
    this.scanFrom = 0;
    this.depth = 0;
    return rest;
  }

  /** Index just past the first complete sentence (with its trailer), or undefined. */
  private nextEnd(): number | undefined {
    const text = this.buffer;
    const { open, close, hardEnd, endBeforeQuote, trailer } = this.marks;
    let depth = this.depth;
    for (let i = this.scanFrom; i < text.length; i++) {
      const char = text[i]!;
      let isEnd = false;
      if (char === '\n') {
        // A line break ends the sentence, and any quotation left open on its line.
        isEnd = true;
        depth = 0;
      } else if (open.includes(char)) depth++;
      else if (close.includes(char)) {
        depth = Math.max(0, depth - 1);
        isEnd = depth === 0 && endBeforeQuote.test(text[i - 1] ?? '');
      } else if (depth > 0) continue;
      else if (hardEnd.test(char)) isEnd = true;
      else if (char === '.') {
        const next = text[i + 1];
        if (next === undefined) return this.wait(i, depth); // "23." may become "23.4"
        isEnd = /[\s[]/u.test(next) && !this.isListNumberOrAbbreviation(i);
      }
      if (!isEnd) continue;
      const after = i + 1;
      const stop = after + trailer.exec(text.slice(after))![0].length;
      // More markers or spaces may still come, or a marker is half-written ("[1").
      if (stop >= text.length || /^\[\d*$/u.test(text.slice(stop))) return this.wait(i, depth, char);
      return stop;
    }
    this.scanFrom = text.length;
    this.depth = depth;
    return undefined;
  }

  /** Resume at `index` next time, with the depth before the character there. */
  private wait(index: number, depth: number, char?: string): undefined {
    this.scanFrom = index;
    this.depth = char === '\n' ? this.depthBefore(index) : char && this.marks.close.includes(char) ? depth + 1 : depth;
    return undefined;
  }

  /** Quotation depth just before `index` (rescanned from the start of the buffer). */
  private depthBefore(index: number): number {
    let depth = 0;
    for (const char of this.buffer.slice(0, index)) {
      if (char === '\n') depth = 0;
      else if (this.marks.open.includes(char)) depth++;
      else if (this.marks.close.includes(char)) depth = Math.max(0, depth - 1);
    }
    return depth;
  }

  private isListNumberOrAbbreviation(dot: number): boolean {
    const lineStart = this.buffer.lastIndexOf('\n', dot - 1) + 1;
    const before = this.buffer.slice(lineStart, dot);
    return /^\s*(?:\d{1,2}|[a-z]|[ivx]{1,4})$/iu.test(before) || this.marks.abbreviations.test(before);
  }
}

/** Whether a sentence ends with a question mark: it asks. */
export function endsWithQuestionMark(sentence: string): boolean {
  return /[?\uFF1F]\s*$/u.test(sentence);
}

/** The sentences of a text that ask (end with a question mark). */
export function askingSentences(text: string): string[] {
  return splitSentences(text).filter(endsWithQuestionMark);
}

/** The sentences of a whole text, cut as `SentenceCutter` cuts a stream of it. */
export function splitSentences(text: string): string[] {
  const cutter = new SentenceCutter();
  const pieces = cutter.push(text);
  const rest = cutter.end();
  if (rest) pieces.push(rest);
  return pieces;
}

/** Whether a sentence ends its paragraph (its trailing whitespace has a line break). */
export function endsParagraph(sentence: string): boolean {
  return /\n[\s]*$/u.test(sentence);
}

/** The text with quoted passages (nested or left open) taken out. */
export function withoutQuotes(text: string): string {
  const { open, close } = marks();
  let depth = 0;
  let out = '';
  for (const char of text) {
    if (open.includes(char)) depth++;
    else if (close.includes(char)) depth = Math.max(0, depth - 1);
    else if (depth === 0) out += char;
  }
  return out;
}

/** The passages inside quotation marks (outermost), with where they stand. */
export function quotedPassages(text: string): Array<{ text: string; index: number; end: number }> {
  const { open, close } = marks();
  const found: Array<{ text: string; index: number; end: number }> = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (open.includes(char)) {
      if (depth === 0) start = i + 1;
      depth++;
    } else if (close.includes(char) && depth > 0) {
      depth--;
      if (depth === 0) found.push({ text: text.slice(start, i), index: start, end: i });
    }
  }
  if (depth > 0) found.push({ text: text.slice(start), index: start, end: text.length });
  return found;
}

/** Built once per variant. */
const clauseBreaks = new Map<boolean, RegExp>();

/** The clause breaks of every language (and, with `listMarks`, their list marks), as a character class. */
export function clauseBreakPattern(options: { listMarks?: boolean } = {}): RegExp {
  const listMarks = options.listMarks === true;
  let pattern = clauseBreaks.get(listMarks);
  if (!pattern) {
    const marks = allLanguages((data) => [...data.clauseBreaks, ...(listMarks ? data.listMarks : [])]);
    // Not global: callers test single characters with it, so one shared instance keeps no state.
    pattern = new RegExp(`[${[...new Set(marks)].map(escapeRegExp).join('')}]`, 'u');
    clauseBreaks.set(listMarks, pattern);
  }
  return pattern;
}

let sentenceEnds: RegExp | undefined;

/** One character that ends a sentence: a language's end mark, the full stop, or a line break. */
export function sentenceEndPattern(): RegExp {
  // Not global: callers test single characters or short spans with it.
  sentenceEnds ??= new RegExp(`[${[...new Set(allLanguages((data) => data.sentenceEnds))].map(escapeRegExp).join('')}.\\n]`, 'u');
  return sentenceEnds;
}

/** How far before a word (in characters) a negation still denies it. */
export const NEGATION_WINDOW = 6;
/** In Latin text, how many words may stand between ("not in any central SOE"): English spends characters on spaces and words. */
const NEGATION_WORDS = 3;

/** Whether a negation this far before a word still denies it: the text between is short, in characters or, without Han, in words. */
export function withinNegationReach(between: string): boolean {
  if (between.length <= NEGATION_WINDOW) return true;
  return !/\p{Script=Han}/u.test(between) && between.trim().split(/\s+/u).filter(Boolean).length <= NEGATION_WORDS;
}

/**
 * Whether one of `negations` ends within reach before `index` (`withinNegationReach`), with no
 * clause break between ("not a cement plant, we do plating"). `folded` is the normalised text
 * the negations were found in (their offsets are its offsets).
 */
export function negatedAt(folded: string, negations: ReadonlyArray<{ end: number }>, index: number): boolean {
  const breaks = clauseBreakPattern();
  return negations.some((negation) => negation.end <= index && withinNegationReach(folded.slice(negation.end, index)) && !breaks.test(folded.slice(negation.end, index)));
}

/** How a language joins a list of names in running text. */
export function listSeparator(language: 'zh' | 'en'): string {
  return languageData()[language].listSeparator;
}
