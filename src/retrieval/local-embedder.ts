import type { Embedder } from './embedding.js';
import { contentHash, fnv1a32 } from './hashing.js';
import { retrievalStopWords } from './tokenize.js';
import { TermMatcher, type TranslationTerm } from './terms.js';

export interface LocalEmbedderOptions {
  /** Glossary terms: a term named in either language lights one shared "concept" feature. Default: none. */
  terms?: readonly TranslationTerm[];
  /** Vector length. Default 512: few collisions for a 10,000-character plan, small index. */
  dimensions?: number;
  /** Weights of Chinese character 1-, 2- and 3-grams. Default [0.4, 1, 1]: single characters say little alone. */
  ngramWeights?: readonly [number, number, number];
  /** Weight of each Latin word (e.g. "pfos", "adc"). Default 1. */
  wordWeight?: number;
  /** Weight of each glossary concept the text names. Default 2.5: a shared term matters more than shared characters. */
  conceptWeight?: number;
}

/** Bumped whenever the feature extraction changes for the same options. */
const ALGORITHM_VERSION = 1;
const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_WORD = /[a-z0-9]+/gu;

/**
 * Offline, deterministic embeddings with no model to download: signed feature hashing of
 * Chinese character 1–3-grams, Latin words and glossary concepts, L2-normalised, so cosine
 * similarity measures shared wording. English text reaches Chinese text through the concept
 * features: an English term and its Chinese spelling light the same one.
 */
export class LocalEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly matcher: TermMatcher;
  private readonly ngramWeights: readonly [number, number, number];
  private readonly wordWeight: number;
  private readonly conceptWeight: number;

  constructor(options: LocalEmbedderOptions = {}) {
    const terms = options.terms ?? [];
    this.dimensions = options.dimensions ?? 512;
    this.ngramWeights = options.ngramWeights ?? [0.4, 1, 1];
    this.wordWeight = options.wordWeight ?? 1;
    this.conceptWeight = options.conceptWeight ?? 2.5;
    if (!Number.isInteger(this.dimensions) || this.dimensions < 8) throw new RangeError('LocalEmbedder: dimensions must be an integer >= 8');
    this.matcher = new TermMatcher(terms);
    const parameters = {
      algorithm: ALGORITHM_VERSION,
      dimensions: this.dimensions,
      ngramWeights: this.ngramWeights,
      wordWeight: this.wordWeight,
      conceptWeight: this.conceptWeight,
      terms: terms.map((term) => [term.zh, [...term.en]]),
    };
    this.id = `local-hashed-ngrams:d${this.dimensions}:${contentHash(parameters, 12)}`;
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedOne(text));
  }

  /** The vector of one text; all zeros when the text has no letters or digits. */
  embedOne(text: string): number[] {
    const vector = new Float64Array(this.dimensions);
    for (const [feature, weight] of this.features(text)) {
      const hash = fnv1a32(feature);
      // A second hash picks the sign, so colliding features cancel out on average instead of piling up.
      const sign = fnv1a32(feature, 0x9747b28c) & 1 ? 1 : -1;
      vector[hash % this.dimensions]! += sign * weight;
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm);
    return Array.from(vector, (value) => (norm > 0 ? value / norm : 0));
  }

  /** Feature name → weight; repeats are damped (1 + ln n) so one repeated word does not swamp the rest. */
  private features(text: string): Map<string, number> {
    const found = new Map<string, { weight: number; count: number }>();
    const add = (feature: string, weight: number) => {
      const entry = found.get(feature);
      if (entry) entry.count += 1;
      else found.set(feature, { weight, count: 1 });
    };
    const normalized = text.normalize('NFKC').toLowerCase();
    const stop = retrievalStopWords();
    for (const [run] of normalized.matchAll(HAN_RUN)) {
      const characters = [...run];
      for (let size = 1; size <= 3; size += 1) {
        const weight = this.ngramWeights[size - 1]!;
        if (weight === 0) continue;
        for (let start = 0; start + size <= characters.length; start += 1) {
          const gram = characters.slice(start, start + size).join('');
          if (size === 1 && stop.zh.has(gram)) continue;
          add(`g${size}:${gram}`, weight);
        }
      }
    }
    for (const [word] of normalized.matchAll(LATIN_WORD)) {
      if (!stop.en.has(word)) add(`w:${word}`, this.wordWeight);
    }
    for (const concept of this.matcher.conceptsIn(normalized)) add(`c:${concept}`, this.conceptWeight);
    return new Map([...found].map(([feature, { weight, count }]) => [feature, weight * (1 + Math.log(count))]));
  }
}
