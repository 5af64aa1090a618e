import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import { languageData } from '../text/languages.js';

/** Bumped whenever the tokens produced for the same text may change: it invalidates the index. */
export const TOKENIZER_VERSION = 'jieba-search-v1';

const require = createRequire(import.meta.url);
let jieba: Jieba | undefined;

/** The segmenter with jieba's bundled dictionary, loaded on first use (about 0.3 s) and shared. */
function segmenter(): Jieba {
  if (!jieba) {
    // Required lazily so that importing this module does no I/O.
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');
    jieba = JiebaClass.withDict(dict);
  }
  return jieba;
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
 * Search tokens of a text: jieba's search-mode segmentation (whole words plus the shorter
 * words inside them), with Latin words lower-cased, numbers kept ("23.4", "638"), and punctuation, symbols, emoji and stop-words dropped.
 * Tokens may repeat: repetition is term frequency for BM25. Never throws.
 */
export function tokenize(text: string): string[] {
  const normalized = text.normalize('NFKC').toLowerCase();
  if (!/[\p{L}\p{N}]/u.test(normalized)) return [];
  const tokens: string[] = [];
  const stop = retrievalStopWords();
  // HMM off: unknown-word guessing would segment the same words differently in a question and in a clause.
  for (const piece of segmenter().cutForSearch(normalized, false)) {
    if (HAN.test(piece)) {
      const word = piece.replace(/[^\p{Script=Han}a-z0-9]/gu, '');
      if (word && !stop.zh.has(word)) tokens.push(word);
      continue;
    }
    for (const match of piece.matchAll(LATIN_OR_DIGIT_RUN)) {
      const word = match[0];
      if (!stop.en.has(word)) tokens.push(word);
    }
  }
  return tokens;
}

/**
 * The words of a text as jieba cuts it (whole words, no sub-words; HMM off as for search),
 * normalised, with whitespace and punctuation left out. Stop words are kept: callers decide.
 */
export function segmentWords(text: string): string[] {
  const normalized = text.normalize('NFKC').toLowerCase();
  if (!/[\p{L}\p{N}]/u.test(normalized)) return [];
  return segmenter()
    .cut(normalized, false)
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
}

/** The distinct tokens of a text, in first-seen order (for building a query). */
export function uniqueTokens(text: string): string[] {
  return [...new Set(tokenize(text))];
}
