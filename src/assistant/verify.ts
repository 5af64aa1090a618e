import type { Citation } from '../rules/citations.js';
import type { Fact } from './facts.js';

export interface Verification {
  ok: boolean;
  /** Numbers in the answer that no fact or quote supports. */
  unsupportedNumbers: string[];
  /** Citation markers that point at no citation. */
  badMarkers: number[];
  /** Names (industries, technologies) the answer uses that no fact supports. */
  unsupportedNames: string[];
}

const MARKER = /\[(\d+)\]/gu;
/** List numbering at the start of a line ("1. ", "2、") is layout, not a figure. */
const ENUMERATOR = /^\s*\d+(?:\.|、|\))\s*(?!\d)/gmu;
const NUMBER = /\d+(?:\.\d+)?/gu;

/** "65.0" and "65" are the same number; "1,200" is 1200. */
function canonicalNumber(text: string): string {
  return String(Number(text.replace(/,/gu, '')));
}

export function numbersIn(text: string): string[] {
  return (text.normalize('NFKC').replace(/(\d),(\d{3})/gu, '$1$2').match(NUMBER) ?? []).map(canonicalNumber);
}

/** Every text an answer may draw numbers and names from: facts (both languages) and quotes. */
export function evidenceOf(facts: readonly Fact[], citations: readonly Citation[], extra: readonly string[] = []): string[] {
  const texts: string[] = [...extra];
  const visit = (fact: Fact) => {
    texts.push(fact.title.zh, fact.title.en, fact.text.zh, fact.text.en);
    for (const citation of fact.citations) texts.push(citation.id, citation.quote);
    for (const detail of fact.details ?? []) visit(detail);
  };
  facts.forEach(visit);
  for (const citation of citations) texts.push(citation.id, citation.quote);
  return texts;
}

export interface VerifyOptions {
  /** Names the answer must not use unless the evidence has them (industries, technologies). */
  guardedNames?: readonly string[];
}

/**
 * Checks an answer against its evidence: every number in it appears in a fact or quote,
 * every [n] marker points at a citation, and every guarded name it uses is in the evidence.
 */
export function verifyAnswer(answer: string, citations: readonly Citation[], evidence: readonly string[], options: VerifyOptions = {}): Verification {
  const badMarkers = [...answer.matchAll(MARKER)].map((match) => Number(match[1])).filter((n) => n < 1 || n > citations.length);
  const supported = new Set(evidence.flatMap(numbersIn));
  const unsupportedNumbers = [...new Set(numbersIn(answer.replace(MARKER, ' ').replace(ENUMERATOR, '')).filter((number) => !supported.has(number)))];
  const joined = evidence.join('\n').normalize('NFKC').toLowerCase();
  const lowerAnswer = answer.normalize('NFKC').toLowerCase();
  const unsupportedNames = (options.guardedNames ?? []).filter((name) => {
    const needle = name.normalize('NFKC').toLowerCase();
    return needle.length >= 2 && lowerAnswer.includes(needle) && !joined.includes(needle);
  });
  return {
    ok: badMarkers.length === 0 && unsupportedNumbers.length === 0 && unsupportedNames.length === 0,
    unsupportedNumbers,
    badMarkers: [...new Set(badMarkers)],
    unsupportedNames: [...new Set(unsupportedNames)],
  };
}
