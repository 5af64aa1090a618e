import { stripWhitespace } from '../src/text/normalize.js';
import { digitsForNumberWords } from './verdict.js';

/**
 * Matching expected facts against answer text: loose about form (case, width, spacing,
 * "per cent", thousands separators, 万/million), strict about the fact (whole numbers,
 * whole words).
 */

const MAGNITUDES: Record<string, number> = { 万: 1e4, 亿: 1e8, thousand: 1e3, million: 1e6, billion: 1e9 };
const HAN = /\p{Script=Han}/u;
const LATIN_OR_DIGIT = /[a-z0-9]/u;
const DIGIT = /[0-9]/u;

function formatNumber(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

/** The comparable form of a text, without expansions. */
export function normalizeText(text: string): string {
  const spaced = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/gu, '-')
    .replace(/([a-z])-(?=[a-z])/gu, '$1 ');
  return digitsForNumberWords(spaced)
    .replace(/(\d),(?=\d{3}(?!\d))/gu, '$1')
    .replace(/(\d)\s*(?:per\s*cent|percent)\b/gu, '$1%')
    .replace(/(\d)\s+%/gu, '$1%')
    .replace(/([a-z])-(?=[a-z])/gu, '$1 ')
    .replace(/\s+/gu, ' ')
    // A negated verdict is one word, so that "met" is not found in "not met".
    .replace(/\bnot (met|achieved|reached|on target)\b/gu, 'not$1')
    .trim();
}

/** The normalised text plus every figure with a magnitude written out (65万 → 650000). */
export function searchableText(text: string): string {
  const base = normalizeText(text);
  const expanded: string[] = [];
  for (const match of base.matchAll(/(\d+(?:\.\d+)?)\s*(万|亿|thousand|million|billion)/gu)) {
    expanded.push(formatNumber(Number(match[1]) * MAGNITUDES[match[2]!]!));
  }
  return expanded.length ? `${base} ⟨${expanded.join(' ')}⟩` : base;
}

function boundaryOk(hay: string, start: number, needle: string, prefix: boolean): boolean {
  const before = hay[start - 1] ?? '';
  const end = start + needle.length;
  const after = hay[end] ?? '';
  const first = needle[0]!;
  const last = needle[needle.length - 1]!;
  if (DIGIT.test(first) && (DIGIT.test(before) || (before === '.' && DIGIT.test(hay[start - 2] ?? '')))) return false;
  if (/[a-z]/u.test(first) && LATIN_OR_DIGIT.test(before)) return false;
  if (!prefix) {
    if (DIGIT.test(last) && (DIGIT.test(after) || (after === '.' && DIGIT.test(hay[end + 1] ?? '')))) return false;
    if (/[a-z]/u.test(last) && LATIN_OR_DIGIT.test(after)) return false;
  }
  return true;
}

/** A duration bounded by "within" ("两年内", "within two years") is not the figure itself. */
function withinBound(hay: string, start: number, needle: string): boolean {
  if (!/\d/u.test(needle)) return false;
  const after = hay.slice(start + needle.length, start + needle.length + 2);
  const before = hay.slice(Math.max(0, start - 8), start);
  return /^(?:内|以内)/u.test(after) || /within\s*$/u.test(before);
}

function find(hay: string, needle: string, prefix: boolean): boolean {
  if (!needle) return false;
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + 1)) {
    if (boundaryOk(hay, at, needle, prefix) && !withinBound(hay, at, needle)) return true;
  }
  return false;
}

/** Does `text` state `fact`? (See evals/schema.ts for the matching rules.) */
export function hasFact(text: string, fact: string): boolean {
  const prefix = fact.endsWith('*');
  const needle = normalizeText(prefix ? fact.slice(0, -1) : fact);
  const hay = searchableText(text);
  if (HAN.test(needle)) {
    // Chinese: spacing is layout, not meaning.
    return find(hay.replace(/\s+/gu, ''), needle.replace(/\s+/gu, ''), prefix);
  }
  return find(hay, needle, prefix);
}

/** Citation markers [n] in an answer (the plan's own brackets, like [23.4%], are not markers). */
export function citationMarkers(answer: string): number[] {
  return [...answer.matchAll(/\[(\d{1,3})\]/gu)].map((match) => Number(match[1]));
}

/** A figure stated as a fact: a number with a percent sign or a unit of the plan. */
export const FIGURE = /\d+(?:\.\d+)?\s*(?:%|％|万?吨|家|亿元|万家|tonnes?\b|tons?\b|enterprises\b)/iu;

/** Which language an answer is written in, by script, leaving out what it quotes. */
export function scriptLanguage(text: string): 'zh' | 'en' | 'unknown' {
  text = text.replace(/「[^」]*」|“[^”]*”|《[^》]*》|"[^"]*"/gu, ' ');
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/gu)?.length ?? 0;
  if (han === 0 && latin === 0) return 'unknown';
  return latin > han ? 'en' : 'zh';
}

/** Is `quote` the plan's own text (whitespace aside; `…` may join verbatim pieces, in order)? */
export function isVerbatim(quote: string, clauseText: string): boolean {
  const clause = stripWhitespace(clauseText);
  const pieces = stripWhitespace(quote)
    .split(/…+|\.{3,}/u)
    .filter(Boolean);
  if (pieces.length === 0) return false;
  let from = 0;
  for (const piece of pieces) {
    const at = clause.indexOf(piece, from);
    if (at === -1) return false;
    from = at + piece.length;
  }
  return true;
}
