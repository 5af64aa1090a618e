import type { ClauseDocument } from './documents.js';
import type { Embedder } from './embedding.js';
import { englishTokens } from './english.js';
import { tokenize } from './tokenize.js';

/** A clause as either search returns it, best first. */
export interface SearchRow {
  id: string;
  section: string;
  kind: ClauseDocument['kind'];
  text: string;
}

/** The searches the retriever fuses, over LanceDB or over memory. */
export interface SearchBackend {
  /** BM25 over the clauses' tokens, any token matching. */
  fullText(tokens: readonly string[], limit: number): Promise<SearchRow[]>;
  /** BM25 over the clauses' English renderings, any of the (unstemmed) words matching once analysed. */
  englishText(words: readonly string[], limit: number): Promise<SearchRow[]>;
  /** Nearest clauses by cosine distance. */
  nearest(vector: readonly number[], limit: number): Promise<SearchRow[]>;
}

function norm(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value * value;
  return Math.sqrt(sum) || 1;
}

/** Okapi BM25 constants, as tantivy (LanceDB's full-text search) uses them. */
const K1 = 1.2;
const B = 0.75;

/** BM25 over one tokenisation of the documents (tantivy's formula). */
class Bm25 {
  private readonly termFrequencies: Array<Map<string, number>>;
  private readonly lengths: number[];
  private readonly documentFrequency = new Map<string, number>();
  private readonly averageLength: number;

  constructor(tokenized: ReadonlyArray<readonly string[]>) {
    this.termFrequencies = tokenized.map((tokens) => {
      const frequencies = new Map<string, number>();
      for (const token of tokens) frequencies.set(token, (frequencies.get(token) ?? 0) + 1);
      for (const token of frequencies.keys()) this.documentFrequency.set(token, (this.documentFrequency.get(token) ?? 0) + 1);
      return frequencies;
    });
    this.lengths = this.termFrequencies.map((frequencies) => [...frequencies.values()].reduce((sum, count) => sum + count, 0));
    this.averageLength = this.lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, this.lengths.length);
  }

  /** Each document's score for the query tokens (any matching), only those above 0. */
  score(tokens: readonly string[]): Array<{ index: number; score: number }> {
    const count = this.termFrequencies.length;
    const query = [...new Set(tokens)];
    const scored = this.termFrequencies.map((frequencies, index) => {
      let score = 0;
      for (const token of query) {
        const frequency = frequencies.get(token);
        if (!frequency) continue;
        const containing = this.documentFrequency.get(token) ?? 0;
        const idf = Math.log(1 + (count - containing + 0.5) / (containing + 0.5));
        score += (idf * frequency * (K1 + 1)) / (frequency + K1 * (1 - B + (B * this.lengths[index]!) / this.averageLength));
      }
      return { index, score };
    });
    return scored.filter((entry) => entry.score > 0);
  }
}

/**
 * The clauses searched in memory: BM25 over the same `tokenize` tokens the index stores, BM25 over
 * the English renderings analysed as the index's English column analyses them
 * (`englishTokens`), and cosine over the same embedder's vectors, so that its answers are close
 * to the index's. It stands in while a broken index is rebuilt (a few hundred clauses: a scan
 * costs well under a millisecond). The vectors are computed on the first vector search; if the
 * embedder fails, vector search returns nothing and full-text search carries on alone.
 */
export class MemorySearch implements SearchBackend {
  private readonly chinese: Bm25;
  private readonly english: Bm25;
  private vectors: Promise<{ vectors: number[][]; norms: number[] } | undefined> | undefined;

  constructor(
    private readonly documents: readonly ClauseDocument[],
    private readonly embedder: Embedder,
  ) {
    this.chinese = new Bm25(documents.map((document) => tokenize(document.searchText)));
    this.english = new Bm25(documents.map((document) => englishTokens(document.searchTextEn)));
  }

  async fullText(tokens: readonly string[], limit: number): Promise<SearchRow[]> {
    return this.best(this.chinese.score(tokens.map((token) => token.toLowerCase())), limit);
  }

  async englishText(words: readonly string[], limit: number): Promise<SearchRow[]> {
    return this.best(this.english.score(englishTokens(words.join(' '))), limit);
  }

  async nearest(vector: readonly number[], limit: number): Promise<SearchRow[]> {
    this.vectors ??= this.embedder
      .embed(this.documents.map((document) => document.searchText))
      .then((vectors) => ({ vectors, norms: vectors.map(norm) }))
      .catch(() => undefined);
    const embedded = await this.vectors;
    if (!embedded) return [];
    const queryNorm = norm(vector);
    const scored = embedded.vectors.map((candidate, index) => {
      let dot = 0;
      for (let i = 0; i < candidate.length; i++) dot += candidate[i]! * (vector[i] ?? 0);
      return { index, score: dot / (embedded.norms[index]! * queryNorm) };
    });
    return this.best(scored, limit);
  }

  private best(scored: Array<{ index: number; score: number }>, limit: number): SearchRow[] {
    return scored
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, limit)
      .map(({ index }) => {
        const { id, section, kind, text } = this.documents[index]!;
        return { id, section, kind, text };
      });
  }
}
