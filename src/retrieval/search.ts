import * as lancedb from '@lancedb/lancedb';
import type { Clause, PlanCorpus } from '../plan/corpus.js';
import { clauseDocuments } from './documents.js';
import type { Embedder } from './embedding.js';
import type { FileLockOptions } from './file-lock.js';
import { reciprocalRankFusion } from './fusion.js';
import { openClauseIndex, probeTable, type ClauseIndex, type IndexEvent } from './index-store.js';
import type { IndexManifest } from './manifest.js';
import { MemorySearch, type SearchBackend, type SearchRow } from './memory-search.js';
import { TermMatcher, type TranslationTerm } from './terms.js';
import { uniqueTokens } from './tokenize.js';
import { englishQueryWords } from './english.js';
import { detectLanguage, type Language } from '../text/languages.js';

export interface SearchHit {
  id: string;
  section: string;
  kind: Clause['kind'];
  /** The clause's own text, verbatim. */
  text: string;
  /** Fused score (reciprocal-rank fusion): higher is better; comparable only within one result list. */
  score: number;
  /** 1-based rank in each search that found the clause (`english`: the full-text search of the English renderings). */
  ranks: { fullText?: number; vector?: number; english?: number };
}

export interface SearchOptions {
  /** Most hits to return. Default: the retriever's `defaultLimit` (8); at most 50. */
  limit?: number;
  /**
   * The question's language. English questions also search the plan's unofficial English
   * renderings with their own words. Default: read from the query (`detectLanguage`).
   */
  language?: Language;
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
  /**
   * Weight in the fusion of the English renderings' full-text search, run for English
   * questions (the two other searches weigh 1). Default 1.5: it is the one search that reads
   * an English question in its own words; the others see it through the glossary. (English
   * recall@5 over the eval sets moved by one or two cases between weights 0.5 and 2.)
   */
  englishWeight?: number;
  /**
   * How much more the English search weighs for each share of the question's words the glossary
   * could not carry into Chinese: weight = englishWeight × (1 + untranslatedWeight × share). The
   * Chinese searches see only the carried words, so a question the glossary barely reads ("what
   * international pressures does the plan cite?") is found by its own words. Default 2 (English
   * recall@5 over the nine eval sets, 649 cases: 93.9% at 0, 94.1% at 1, 94.4% at 2, 94.4% at 4).
   */
  untranslatedWeight?: number;
  /**
   * The weight of the two Chinese searches for an English question that the glossary carries only into
   * Chinese words more than a fifth of the clauses have ("cleaner production"): they see nothing that
   * tells one clause from another, so its own words decide. Default 0.25.
   */
  commonOnlyWeight?: number;
  /** Candidates fetched from each search before fusion. Default 40. */
  candidates?: number;
  /** Hits returned when `search` is given no limit. Default 8. */
  defaultLimit?: number;
  /** Longer questions are cut to this many characters. Default 2,000. */
  maxQueryChars?: number;
  /** Waiting for another process's index build. Defaults: see `FileLockOptions`. */
  lock?: FileLockOptions;
  /** Told when the query's embedding fails and full-text results are returned alone. Default: console.warn. */
  onWarning?: (message: string, error: unknown) => void;
  /**
   * Told what happens to the index: a table failing its probe and builds (at open and at run
   * time), the index breaking while in use, searches moving to memory, rebuilds that heal it
   * or fail. Default: failures to console.warn.
   */
  onEvent?: (event: RetrieverEvent) => void;
  /** Called, in the searching caller's async context, for each search answered from memory. */
  onDegradedSearch?: () => void;
  /** While the index is broken, how long after a failed rebuild the next one is tried. Default 30,000 ms. */
  healRetryMs?: number;
  /** Probe the table found on disk before using it (see `ClauseIndexOptions.probe`). Default true; rebuilds after a failure always probe. */
  probe?: boolean;
}

/** Index events (see `IndexEvent`) and what the retriever does at run time. */
export type RetrieverEvent =
  | IndexEvent
  | { type: 'degraded'; table: string; error: string }
  | { type: 'healed'; table: string }
  | { type: 'heal_failed'; error: string };

/** Whether searches use the index (`ok`) or memory while a broken index is rebuilt (`degraded`). */
export interface IndexHealth {
  status: 'ok' | 'degraded';
  /** The table in use (the broken one while degraded). */
  table: string;
  /** Why it is degraded. */
  reason?: string;
  /** Since when (ISO time). */
  since?: string;
}

const MAX_LIMIT = 50;
/** A Chinese token more than this share of the clauses have says little of which clause is meant. */
const COMMON_SHARE = 0.2;
const HAN = /\p{Script=Han}/u;
/**
 * Only the ids come back from the index; the rows are the corpus's own (the index is built
 * from it and rebuilt when it changes). Reading the text column per query cost a process
 * about 50 MiB more under load (Arrow buffers and LanceDB's decoding), for data already in memory.
 */
const RESULT_COLUMNS = ['id'] as const;
/** How long a replaced index stays open for searches still running on it. */
const CLOSE_GRACE_MS = 10_000;

type Settings = Required<Pick<RetrieverOptions, 'rrfK' | 'englishWeight' | 'untranslatedWeight' | 'commonOnlyWeight' | 'candidates' | 'defaultLimit' | 'maxQueryChars' | 'onWarning' | 'onEvent' | 'onDegradedSearch' | 'healRetryMs'>>;

/** A question as it is searched: translated to the plan's Chinese terms, and its search tokens; for English, its words for the renderings. */
export interface PreparedQuery {
  text: string;
  tokens: string[];
  englishWords: string[];
  /** Share of an English question's own words the glossary did not carry into the plan's Chinese (0 for Chinese questions). */
  untranslated: number;
  /**
   * Whether the Chinese tokens include one that few clauses have, or there are none: an English question
   * carried only into words every part of the plan uses ("cleaner production") gives the Chinese searches
   * nothing to go on. (One carried into no Chinese at all keeps their weight, as before.) Always true for
   * Chinese questions.
   */
  distinctive: boolean;
}

/**
 * Hybrid search over the plan's clauses: BM25 on `tokenize` tokens plus vector kNN, and for
 * English questions BM25 over the plan's unofficial English renderings too, fused by
 * reciprocal rank. Create it with `openRetriever`.
 *
 * A search that fails on the index (a data file truncated or deleted under it, a broken
 * full-text index) never fails the caller: the index is probed, and if broken, searches move
 * to an in-memory search over the same clauses (`health.status` says `degraded`, and
 * `onDegradedSearch` is called for each) while the index is rebuilt in the background; the
 * rebuilt index then takes over.
 */
export class Retriever {
  private readonly matcher: TermMatcher;
  /** The clauses by id, as search results show them. */
  private readonly rows: ReadonlyMap<string, SearchRow>;
  /** Chinese tokens more than `COMMON_SHARE` of the clauses have, counted on the first English question (not at start-up). */
  private common: ReadonlySet<string> | undefined;
  private memorySearch: MemorySearch | undefined;
  private broken: { error: string; since: string } | undefined;
  private healing: Promise<void> | undefined;
  private lastHealAttempt = 0;
  private closed = false;

  constructor(
    private index: ClauseIndex,
    private readonly embedder: Embedder,
    terms: readonly TranslationTerm[],
    private readonly reopen: (replacing: string) => Promise<ClauseIndex>,
    private readonly corpus: PlanCorpus,
    private readonly settings: Settings,
  ) {
    this.matcher = new TermMatcher(terms);
    this.rows = new Map(clauseDocuments(corpus).map(({ id, section, kind, text }) => [id, { id, section, kind, text }]));
  }

  private commonTokens(): ReadonlySet<string> {
    if (!this.common) {
      const documents = clauseDocuments(this.corpus);
      const frequency = new Map<string, number>();
      for (const document of documents) for (const token of new Set(uniqueTokens(document.searchText))) frequency.set(token, (frequency.get(token) ?? 0) + 1);
      this.common = new Set([...frequency].filter(([, count]) => count > documents.length * COMMON_SHARE).map(([token]) => token));
    }
    return this.common;
  }

  /** What the index was built from, when, and whether this process built it. */
  get indexInfo(): IndexManifest & { builtByThisProcess: boolean } {
    return { ...this.index.manifest, builtByThisProcess: this.index.built };
  }

  get health(): IndexHealth {
    const table = this.index.manifest.table;
    return this.broken ? { status: 'degraded', table, reason: this.broken.error, since: this.broken.since } : { status: 'ok', table };
  }

  /**
   * The question as it will be searched: English terms replaced by the plan's Chinese, then
   * segmented; an English question's own words, for the renderings.
   */
  prepare(query: string, language: Language = detectLanguage(query)): PreparedQuery {
    const question = query.slice(0, this.settings.maxQueryChars);
    const text = this.matcher.toChinese(question).text;
    // The plan's words the question carries in Chinese (an industry's groups, added by the caller) are searched by their English names.
    const englishWords = language === 'en' ? englishQueryWords([question, ...this.matcher.englishNamesIn(question)].join(' ')) : [];
    const own = language === 'en' ? englishQueryWords(question).length : 0;
    const untranslated = own ? englishQueryWords(text).length / own : 0;
    const tokens = uniqueTokens(text);
    const han = language === 'en' ? tokens.filter((token) => HAN.test(token)) : [];
    return { text, tokens, englishWords, untranslated, distinctive: han.length === 0 || han.some((token) => !this.commonTokens().has(token)) };
  }

  /**
   * Clauses that answer the question, best first, at most one hit per clause. A question with
   * nothing searchable in it (empty, punctuation, emoji, only stop-words) gets []. Does not
   * throw for a broken index: see the class comment.
   */
  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const requested = Number.isFinite(options.limit) ? Math.trunc(options.limit!) : this.settings.defaultLimit;
    const limit = Math.min(Math.max(requested, 0), MAX_LIMIT);
    if (typeof query !== 'string' || limit === 0) return [];
    const language = options.language ?? detectLanguage(query);
    const prepared = this.prepare(query, language);
    if (prepared.tokens.length === 0) return [];
    const vector = await this.queryVector(prepared.text);

    let found: { fullText: SearchRow[]; vector: SearchRow[]; english: SearchRow[] } | undefined;
    const index = this.index;
    if (!this.broken) {
      try {
        found = await this.all(new LanceSearch(index.table, this.rows), prepared, vector);
      } catch (error) {
        await this.failed(index, error);
      }
    }
    if (!found) {
      this.settings.onDegradedSearch();
      if (this.broken) this.heal();
      found = await this.all(this.memory(), prepared, vector);
    }

    const rows = new Map<string, SearchRow>([...found.english, ...found.vector, ...found.fullText].map((row) => [row.id, row]));
    const ids = (list: SearchRow[]) => list.map((row) => row.id);
    // An English question the Chinese searches see only through common words is found by its own words.
    const chinese = language === 'en' && !prepared.distinctive ? this.settings.commonOnlyWeight : 1;
    const fused = reciprocalRankFusion(
      { fullText: ids(found.fullText), vector: ids(found.vector), english: ids(found.english) },
      { k: this.settings.rrfK, weights: { fullText: chinese, vector: chinese, english: this.settings.englishWeight * (1 + this.settings.untranslatedWeight * prepared.untranslated) } },
    );
    return fused.slice(0, limit).map(({ id, score, ranks }) => {
      const row = rows.get(id)!;
      return { id, section: row.section, kind: row.kind, text: row.text, score, ranks };
    });
  }

  close(): void {
    this.closed = true;
    this.index.close();
  }

  private async all(backend: SearchBackend, prepared: PreparedQuery, vector: number[] | undefined) {
    const [fullText, nearest, english] = await Promise.all([
      backend.fullText(prepared.tokens, this.settings.candidates),
      vector ? backend.nearest(vector, this.settings.candidates) : Promise.resolve([]),
      prepared.englishWords.length ? backend.englishText(prepared.englishWords, this.settings.candidates) : Promise.resolve([]),
    ]);
    return { fullText, vector: nearest, english };
  }

  /** The query's vector; undefined when the embedder fails (full-text search carries on) or finds nothing it knows. */
  private async queryVector(text: string): Promise<number[] | undefined> {
    let vector: number[] | undefined;
    try {
      [vector] = await this.embedder.embed([text]);
    } catch (error) {
      this.settings.onWarning('embedding the query failed; using full-text results only', error);
      return undefined;
    }
    // A zero vector (nothing the embedder recognises) has no direction; cosine distance would be NaN.
    return vector?.some((value) => value !== 0) ? vector : undefined;
  }

  /**
   * A search on `index` threw. If the index was replaced meanwhile, or still passes its probe
   * (the failure was this query's, not the index's), only this search goes to memory;
   * otherwise the index is broken: degraded until a rebuild heals it.
   */
  private async failed(index: ClauseIndex, error: unknown): Promise<void> {
    if (index !== this.index || this.broken) return;
    const healthy = await probeTable(index.table, index.manifest.rows).then(
      () => true,
      () => false,
    );
    if (healthy) {
      this.settings.onWarning('a search failed on an index that passes its probe; answered from memory', error);
      return;
    }
    if (index !== this.index || this.broken) return;
    const message = ((error as Error)?.message ?? String(error)).slice(0, 500);
    this.broken = { error: message, since: new Date().toISOString() };
    this.settings.onEvent({ type: 'degraded', table: index.manifest.table, error: message });
  }

  /** Starts a rebuild unless one is running or the last one started less than `healRetryMs` ago. */
  private heal(): void {
    if (this.healing || this.closed || Date.now() - this.lastHealAttempt < this.settings.healRetryMs) return;
    this.lastHealAttempt = Date.now();
    const brokenIndex = this.index;
    this.healing = this.reopen(brokenIndex.manifest.table)
      .then(
        (index) => {
          if (this.closed) return index.close();
          this.index = index;
          this.broken = undefined;
          setTimeout(() => brokenIndex.close(), CLOSE_GRACE_MS).unref();
          this.settings.onEvent({ type: 'healed', table: index.manifest.table });
        },
        (error: unknown) => this.settings.onEvent({ type: 'heal_failed', error: ((error as Error)?.message ?? String(error)).slice(0, 500) }),
      )
      .finally(() => {
        this.healing = undefined;
      });
  }

  private memory(): MemorySearch {
    this.memorySearch ??= new MemorySearch(clauseDocuments(this.corpus), this.embedder);
    return this.memorySearch;
  }
}

/** The searches over a LanceDB table. */
class LanceSearch implements SearchBackend {
  constructor(
    private readonly table: lancedb.Table,
    private readonly rows: ReadonlyMap<string, SearchRow>,
  ) {}

  /** BM25 over the segmented column, any token matching (OR): an AND query would drop the clause for one missing word. */
  async fullText(tokens: readonly string[], limit: number): Promise<SearchRow[]> {
    const query = new lancedb.MatchQuery(tokens.join(' '), 'tokens', { operator: lancedb.Operator.Or });
    const rows = await this.table
      .query()
      .fullTextSearch(query)
      .select([...RESULT_COLUMNS, '_score'])
      .limit(limit)
      .toArray();
    return this.toRows(rows);
  }

  /** BM25 over the English renderings, analysed by LanceDB's English tokenizer (stemmed), any word matching. */
  async englishText(words: readonly string[], limit: number): Promise<SearchRow[]> {
    const query = new lancedb.MatchQuery(words.join(' '), 'en_text', { operator: lancedb.Operator.Or });
    const rows = await this.table.query().fullTextSearch(query).select([...RESULT_COLUMNS, '_score']).limit(limit).toArray();
    return this.toRows(rows);
  }

  async nearest(vector: readonly number[], limit: number): Promise<SearchRow[]> {
    const rows = await this.table
      .query()
      .nearestTo([...vector])
      .distanceType('cosine')
      .select([...RESULT_COLUMNS, '_distance'])
      .limit(limit)
      .toArray();
    return this.toRows(rows);
  }

  /** The corpus's rows for the ids found (an id the corpus lacks, impossible for a current index, is skipped). */
  private toRows(records: Array<Record<string, unknown>>): SearchRow[] {
    return records.map((record) => this.rows.get(String(record.id))).filter((row): row is SearchRow => row !== undefined);
  }
}

/**
 * Opens (building on first use, or when the plan, glossary or embedder changed, or when the
 * table on disk fails its probe) the clause index and returns a retriever over it.
 */
export async function openRetriever(options: RetrieverOptions): Promise<Retriever> {
  const { terms, corpus, embedder } = options;
  const onEvent = options.onEvent ?? defaultOnEvent;
  const open = (replacing?: string) =>
    openClauseIndex({
      dataDir: options.dataDir,
      corpus,
      embedder,
      terms,
      onEvent,
      ...(options.name ? { name: options.name } : {}),
      ...(options.lock ? { lock: options.lock } : {}),
      ...(replacing ? { replacing } : { probe: options.probe ?? true }),
    });
  return new Retriever(await open(), embedder, terms, open, corpus, {
    rrfK: options.rrfK ?? 60,
    englishWeight: options.englishWeight ?? 1.5,
    untranslatedWeight: options.untranslatedWeight ?? 2,
    commonOnlyWeight: options.commonOnlyWeight ?? 0.25,
    candidates: options.candidates ?? 40,
    defaultLimit: options.defaultLimit ?? 8,
    maxQueryChars: options.maxQueryChars ?? 2_000,
    onWarning: options.onWarning ?? ((message, error) => console.warn(`[retrieval] ${message}:`, (error as Error)?.message ?? error)),
    onEvent,
    onDegradedSearch: options.onDegradedSearch ?? (() => undefined),
    healRetryMs: options.healRetryMs ?? 30_000,
  });
}

function defaultOnEvent(event: RetrieverEvent): void {
  if (event.type === 'probe_failed') console.warn(`[retrieval] table ${event.table} failed its probe (${event.error}); rebuilding`);
  if (event.type === 'degraded') console.warn(`[retrieval] table ${event.table} is broken (${event.error}); searching in memory while it is rebuilt`);
  if (event.type === 'heal_failed') console.warn(`[retrieval] rebuilding the broken index failed: ${event.error}`);
}
