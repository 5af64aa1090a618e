import * as lancedb from '@lancedb/lancedb';
import type { Clause, PlanCorpus } from '../plan/corpus.js';
import type { Embedder } from './embedding.js';
import { SearchFailedError } from './errors.js';
import type { FileLockOptions } from './file-lock.js';
import { reciprocalRankFusion } from './fusion.js';
import { openClauseIndex, type ClauseIndex } from './index-store.js';
import type { IndexManifest } from './manifest.js';
import { TermMatcher, type TranslationTerm } from './terms.js';
import { uniqueTokens } from './tokenize.js';

export interface SearchHit {
  id: string;
  section: string;
  kind: Clause['kind'];
  /** The clause's own text, verbatim. */
  text: string;
  /** Fused score (reciprocal-rank fusion): higher is better; comparable only within one result list. */
  score: number;
  /** 1-based rank in each search that found the clause. */
  ranks: { fullText?: number; vector?: number };
}

export interface SearchOptions {
  /** Most hits to return. Default: the retriever's `defaultLimit` (8); at most 50. */
  limit?: number;
}

export interface RetrieverOptions {
  /** Where the index lives (`<dataDir>/lancedb`). */
  dataDir: string;
  /** The plan's clauses. */
  corpus: PlanCorpus;
  /** The index's name: one table (and manifest) per plan pack. Default "clauses". */
  name?: string;
  /**
   * Terms that carry a question in another language or spelling to the plan's words: the
   * glossary plus industry names and aliases.
   */
  terms: readonly TranslationTerm[];
  /** How texts become vectors (see `embedderFromEnv`). */
  embedder: Embedder;
  /** Reciprocal-rank-fusion constant. Default 60. */
  rrfK?: number;
  /** Candidates fetched from each of the two searches before fusion. Default 40. */
  candidates?: number;
  /** Hits returned when `search` is given no limit. Default 8. */
  defaultLimit?: number;
  /** Longer questions are cut to this many characters. Default 2,000. */
  maxQueryChars?: number;
  /** Waiting for another process's index build. Defaults: see `FileLockOptions`. */
  lock?: FileLockOptions;
  /** Told when one of the two searches fails and the other's results are returned alone. Default: console.warn. */
  onWarning?: (message: string, error: unknown) => void;
}

const MAX_LIMIT = 50;
const RESULT_COLUMNS = ['id', 'section', 'kind', 'text'] as const;

interface Row {
  id: string;
  section: string;
  kind: Clause['kind'];
  text: string;
}

/** A question as it is searched: translated to the plan's Chinese terms, and its search tokens. */
export interface PreparedQuery {
  text: string;
  tokens: string[];
}

/** Hybrid search over the plan's clauses: BM25 on jieba tokens plus vector kNN, fused by reciprocal rank. Create it with `openRetriever`. */
export class Retriever {
  private readonly matcher: TermMatcher;

  constructor(
    private readonly index: ClauseIndex,
    private readonly embedder: Embedder,
    terms: readonly TranslationTerm[],
    private readonly settings: Required<Pick<RetrieverOptions, 'rrfK' | 'candidates' | 'defaultLimit' | 'maxQueryChars' | 'onWarning'>>,
  ) {
    this.matcher = new TermMatcher(terms);
  }

  /** What the index was built from, when, and whether this process built it. */
  get indexInfo(): IndexManifest & { builtByThisProcess: boolean } {
    return { ...this.index.manifest, builtByThisProcess: this.index.built };
  }

  /** The question as it will be searched: English terms replaced by the plan's Chinese, then segmented. */
  prepare(query: string): PreparedQuery {
    const text = this.matcher.toChinese(query.slice(0, this.settings.maxQueryChars)).text;
    return { text, tokens: uniqueTokens(text) };
  }

  /**
   * Clauses that answer the question, best first, at most one hit per clause. A question with
   * nothing searchable in it (empty, punctuation, emoji, only stop-words) gets []. Throws
   * `SearchFailedError` only when both searches fail (a broken index, not a bad question).
   */
  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const requested = Number.isFinite(options.limit) ? Math.trunc(options.limit!) : this.settings.defaultLimit;
    const limit = Math.min(Math.max(requested, 0), MAX_LIMIT);
    if (typeof query !== 'string' || limit === 0) return [];
    const prepared = this.prepare(query);
    if (prepared.tokens.length === 0) return [];

    const [fullText, vector] = await Promise.allSettled([this.fullTextSearch(prepared.tokens), this.vectorSearch(prepared.text)]);
    if (fullText.status === 'rejected' && vector.status === 'rejected') {
      throw new SearchFailedError(`both searches failed: ${(fullText.reason as Error).message}`, { cause: fullText.reason });
    }
    if (fullText.status === 'rejected') this.settings.onWarning('full-text search failed; using vector results only', fullText.reason);
    if (vector.status === 'rejected') this.settings.onWarning('vector search failed; using full-text results only', vector.reason);
    const fullTextRows = fullText.status === 'fulfilled' ? fullText.value : [];
    const vectorRows = vector.status === 'fulfilled' ? vector.value : [];

    const rows = new Map<string, Row>([...vectorRows, ...fullTextRows].map((row) => [row.id, row]));
    const fused = reciprocalRankFusion(
      { fullText: fullTextRows.map((row) => row.id), vector: vectorRows.map((row) => row.id) },
      { k: this.settings.rrfK },
    );
    return fused.slice(0, limit).map(({ id, score, ranks }) => {
      const row = rows.get(id)!;
      return { id, section: row.section, kind: row.kind, text: row.text, score, ranks };
    });
  }

  close(): void {
    this.index.close();
  }

  /** BM25 over the segmented column, any token matching (OR): an AND query would drop the clause for one missing word. */
  private async fullTextSearch(tokens: readonly string[]): Promise<Row[]> {
    const query = new lancedb.MatchQuery(tokens.join(' '), 'tokens', { operator: lancedb.Operator.Or });
    const rows = await this.index.table
      .query()
      .fullTextSearch(query)
      .select([...RESULT_COLUMNS, '_score'])
      .limit(this.settings.candidates)
      .toArray();
    return rows.map(toRow);
  }

  private async vectorSearch(text: string): Promise<Row[]> {
    const [vector] = await this.embedder.embed([text]);
    // A zero vector (nothing the embedder recognises) has no direction; cosine distance would be NaN.
    if (!vector || !vector.some((value) => value !== 0)) return [];
    const rows = await this.index.table
      .query()
      .nearestTo(vector)
      .distanceType('cosine')
      .select([...RESULT_COLUMNS, '_distance'])
      .limit(this.settings.candidates)
      .toArray();
    return rows.map(toRow);
  }
}

function toRow(record: Record<string, unknown>): Row {
  return {
    id: String(record.id),
    section: String(record.section),
    kind: String(record.kind) as Clause['kind'],
    text: String(record.text),
  };
}

/**
 * Opens (building on first use, or when the plan, glossary or embedder changed) the clause
 * index and returns a retriever over it.
 */
export async function openRetriever(options: RetrieverOptions): Promise<Retriever> {
  const { terms, corpus, embedder } = options;
  const index = await openClauseIndex({
    dataDir: options.dataDir,
    corpus,
    embedder,
    terms,
    ...(options.name ? { name: options.name } : {}),
    ...(options.lock ? { lock: options.lock } : {}),
  });
  return new Retriever(index, embedder, terms, {
    rrfK: options.rrfK ?? 60,
    candidates: options.candidates ?? 40,
    defaultLimit: options.defaultLimit ?? 8,
    maxQueryChars: options.maxQueryChars ?? 2_000,
    onWarning: options.onWarning ?? ((message, error) => console.warn(`[retrieval] ${message}:`, (error as Error)?.message ?? error)),
  });
}
