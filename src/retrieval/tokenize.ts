import { languageData } from '../text/languages.js';

/**
 * Bumped whenever the tokens produced for the same text may change: it invalidates the index.
 * ICU's version is part of it, because its word dictionary may segment differently in
 * another Node release; an index built by one is rebuilt by the other.
 */
export const TOKENIZER_VERSION = `icu-word-v1:${process.versions.icu ?? 'none'}`;

let segmenter: Intl.Segmenter | undefined;

/**
 * ICU's word segmenter (`Intl.Segmenter`, built into Node): its Chinese dictionary is part of
 * the Node binary, so it costs no resident memory of its own, unlike a loaded jieba
 * dictionary (about 50 MiB per process). Created on first use and shared.
 */
function wordSegmenter(): Intl.Segmenter {
  if (!segmenter) {
    if (Intl.Segmenter.supportedLocalesOf(['zh']).length === 0) {
      throw new Error('tokenize: this Node has no Chinese word segmentation (built with small-icu?); use an official Node build');
    }
    segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  }
  return segmenter;
}

const HAN = /\p{Script=Han}/u;

let stopWords: { zh: ReadonlySet<string>; en: ReadonlySet<string> } | undefined;

/** Words that carry no meaning for retrieval (languages/*.json). */
export function retrievalStopWords(): { zh: ReadonlySet<string>; en: ReadonlySet<string> } {
  stopWords ??= { zh: new Set(languageData().zh.stopWords), en: new Set(languageData().en.stopWords) };
  return stopWords;
}

const LATIN_OR_DIGIT_RUN = /[a-z0-9]+(?:\.[0-9]+)?/gu;

/**
 * Search tokens of a text: ICU's dictionary word segmentation, with Latin words lower-cased,
 * numbers kept ("23.4", "638"), and punctuation, symbols, emoji and stop-words dropped. The
 * index (build), the query and the in-memory search all tokenize with this one function.
 * Tokens may repeat: repetition is term frequency for BM25. Never throws for any text.
 */
export function tokenize(text: string): string[] {
  const normalized = text.normalize('NFKC').toLowerCase();
  if (!/[\p{L}\p{N}]/u.test(normalized)) return [];
  const tokens: string[] = [];
  const stop = retrievalStopWords();
  for (const { segment, isWordLike } of wordSegmenter().segment(normalized)) {
    if (!isWordLike) continue;
    if (HAN.test(segment)) {
      const word = segment.replace(/[^\p{Script=Han}a-z0-9]/gu, '');
      if (word && !stop.zh.has(word)) tokens.push(word);
      continue;
    }
    for (const match of segment.matchAll(LATIN_OR_DIGIT_RUN)) {
      const word = match[0];
      if (!stop.en.has(word)) tokens.push(word);
    }
  }
  return tokens;
}

/**
 * The words of a text as the same word segmenter cuts it (whole words, as `tokenize` sees
 * them), normalised, with whitespace and punctuation left out. Stop words are kept: callers
 * decide. The verifier reads content words with it, so retrieval and verification share one
 * segmentation.
 */
export function segmentWords(text: string): string[] {
  const normalized = text.normalize('NFKC').toLowerCase();
  if (!/[\p{L}\p{N}]/u.test(normalized)) return [];
  const words: string[] = [];
  for (const { segment } of wordSegmenter().segment(normalized)) if (/[\p{L}\p{N}]/u.test(segment)) words.push(segment);
  return words;
}

/** The distinct tokens of a text, in first-seen order (for building a query). */
export function uniqueTokens(text: string): string[] {
  return [...new Set(tokenize(text))];
}
