import stem from 'wink-porter2-stemmer';
import { languageData } from '../text/languages.js';

/**
 * The English side of retrieval: the plan's unofficial English renderings are indexed with
 * LanceDB's own English full-text analysis (`ENGLISH_FTS_OPTIONS`: words split at anything
 * that is not a letter or digit, lower-cased, accents folded, Porter2-stemmed). The in-memory
 * fallback analyses text the same way here (Porter2 by wink-porter2-stemmer, the algorithm
 * tantivy's English stemmer implements), so both searches read a word alike. Independent of
 * the Chinese segmenter.
 */

/** Bumped whenever the analysis of English text changes: it invalidates the index. */
export const ENGLISH_ANALYZER_VERSION = 'simple-lower-fold-porter2-v1';

/** LanceDB's full-text index options for the English column. Stop words stay in the index; queries leave them out (`englishQueryWords`). */
export const ENGLISH_FTS_OPTIONS = {
  baseTokenizer: 'simple',
  language: 'English',
  stem: true,
  lowercase: true,
  asciiFolding: true,
  removeStopWords: false,
  withPosition: false,
  maxTokenLength: 40,
} as const;

const WORD = /[\p{L}\p{N}]+/gu;
const HAN = /\p{Script=Han}/u;

let stopWords: ReadonlySet<string> | undefined;

/** The words of a text as the index reads them, before stemming: lower-cased, accents folded, Chinese runs and over-long words left out. */
function words(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return (folded.match(WORD) ?? []).filter((word) => !HAN.test(word) && word.length <= ENGLISH_FTS_OPTIONS.maxTokenLength);
}

/**
 * The words of a question worth searching the renderings for: its English words without the
 * language's stop words (languages/en.json), unstemmed (the index stems what it is sent).
 */
export function englishQueryWords(text: string): string[] {
  stopWords ??= new Set(languageData().en.stopWords);
  return [...new Set(words(text).filter((word) => !stopWords!.has(word)))];
}

/** Stemmed tokens of an English text, as LanceDB's English analysis makes them (repeats kept: term frequency). */
export function englishTokens(text: string): string[] {
  return words(text).map((word) => stem(word));
}

/**
 * How rare each stem is among the given texts (inverse document frequency, ln(N / df)): a word
 * in every clause ("cleaner", "production") says nothing about which one is meant. A stem in
 * none of them weighs 0.
 */
export function englishRarity(texts: readonly string[]): (stem: string) => number {
  const frequency = new Map<string, number>();
  for (const text of texts) for (const stem of new Set(englishTokens(text))) frequency.set(stem, (frequency.get(stem) ?? 0) + 1);
  return (stem) => {
    const count = frequency.get(stem);
    return count ? Math.log(texts.length / count) : 0;
  };
}
