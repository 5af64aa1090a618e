import { claimNumbers } from '../text/figures.js';
import { escapeRegExp } from '../text/normalize.js';
import { clauseBreakPattern, splitSentences } from '../text/sentences.js';
import type { PhraseMatcher } from '../text/phrases.js';

function bigrams(text: string): Set<string> {
  const chars = [...text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}]/gu, '')];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i += 1) grams.add(chars[i]! + chars[i + 1]!);
  return grams;
}

/** What a sentence with a figure adds when the question asks for an amount (about three shared bigrams). */
const FIGURE_BONUS = 3;
/** A sentence shorter than 1/HEADING_SHARE of the longest excerpt heads the sentence after it. */
const HEADING_SHARE = 5;

export interface ExcerptOptions {
  /** Words of a definitional question ("what is ..."): the sentence that says "X is ..." is then preferred. */
  definitional?: PhraseMatcher<string>;
  /** The copulas of that sentence ("X is ..."). */
  copulas?: readonly string[];
  /** The question asks for an amount: a sentence with a figure scores `FIGURE_BONUS` more. Default false. */
  figuresWanted?: boolean;
  /** What else a run of consecutive sentences scores, as a whole (an English question: its words in their renderings). Default none. */
  extraScore?: (run: readonly string[]) => number;
  /** Longest excerpt, in characters (one sentence at least). Default 160. */
  maxLength?: number;
}

/**
 * The run of consecutive sentences of a clause that shares the most character bigrams with
 * the query, at most `maxLength` characters (one sentence at least): a verbatim excerpt.
 */
export function bestExcerpt(clauseText: string, query: string, options: ExcerptOptions = {}): string {
  const maxLength = options.maxLength ?? 160;
  const parts = splitSentences(clauseText);
  if (parts.length <= 1 || clauseText.length <= maxLength) return clauseText;
  const wanted = bigrams(query);
  const definitional = options.definitional?.test(query) ?? false;
  const copula = options.copulas?.length
    ? new RegExp(`^[^${clauseBreakPattern().source.slice(1, -1)}]{2,10}(?:${options.copulas.map(escapeRegExp).join('|')})`, 'u')
    : undefined;
  const score = (sentence: string) => [...bigrams(sentence)].filter((gram) => wanted.has(gram)).length + (definitional && copula?.test(sentence) ? 3 : 0) + (options.figuresWanted && claimNumbers(sentence).length > 0 ? FIGURE_BONUS : 0);
  // Each sentence is scored once; a run adds its sentences' scores.
  const scores = parts.map(score);
  let best = { start: 0, end: 1, score: -1 };
  for (let start = 0; start < parts.length; start += 1) {
    let length = 0;
    let total = 0;
    for (let end = start; end < parts.length; end += 1) {
      length += parts[end]!.length;
      // A short sentence says what follows ("Build an information system."): it is quoted with the next one, whatever that one's length.
      const heading = end === start + 1 && parts[start]!.length * HEADING_SHARE < maxLength;
      if (end > start && length > maxLength && !heading) break;
      total += scores[end]!;
      const whole = total + (options.extraScore?.(parts.slice(start, end + 1)) ?? 0);
      if (whole > best.score) best = { start, end: end + 1, score: whole };
    }
  }
  return parts.slice(best.start, best.end).join('');
}
