import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import type { Schema } from 'apache-arrow';
import type { PlanCorpus } from '../plan/corpus.js';
import { clauseDocuments, type ClauseDocument } from './documents.js';
import type { Embedder } from './embedding.js';
import { IndexBuildError, IndexCorruptError, RetrievalError } from './errors.js';
import { acquireFileLock, type FileLockOptions } from './file-lock.js';
import { contentHash } from './hashing.js';
import { readManifest, writeManifest, type IndexManifest } from './manifest.js';
import type { TranslationTerm } from './terms.js';
import { TOKENIZER_VERSION, tokenize } from './tokenize.js';
import { ENGLISH_ANALYZER_VERSION, ENGLISH_FTS_OPTIONS, englishQueryWords } from './english.js';

/** Bumped whenever the table's columns or how they are filled change: it invalidates every index on disk. */
export const INDEX_SCHEMA_VERSION = 2;

export interface ClauseIndexOptions {
  /** The index goes to `<dataDir>/lancedb`. */
  dataDir: string;
  corpus: PlanCorpus;
  embedder: Embedder;
  /** The glossary (and any other translation terms): part of the content hash, so editing it rebuilds. Default: none. */
  terms?: readonly TranslationTerm[];
  /** Prefix of the table names and of the manifest file. Default "clauses". */
  name?: string;
  /** How long to wait for another process's build. Defaults: see `FileLockOptions`. */
  lock?: FileLockOptions;
  /**
   * A table found broken while in use: it is not reused, and a fresh build replaces it unless
   * another process has already replaced it.
   */
  replacing?: string;
  /** Told when a table fails its probe and when a build is made (and why). Default: failures to console.warn. */
  onEvent?: (event: IndexEvent) => void;
  /**
   * Whether a table found on disk is read whole and queried before it is reused (`probeTable`).
   * Default true. A cluster's workers pass false: the primary has just probed it, and each
   * probe costs a process about 28 MiB of resident memory that it does not give back.
   */
  probe?: boolean;
}

/** Why a build was made: no index yet, the plan, glossary or embedder changed, or the table on disk was broken. */
export type IndexBuildReason = 'missing' | 'changed' | 'broken';

/** What `openClauseIndex` reports as it goes, for the operator's log and metrics. */
export type IndexEvent =
  | { type: 'probe_failed'; table: string; error: string }
  | { type: 'built'; table: string; reason: IndexBuildReason; ms: number };

const defaultOnEvent = (event: IndexEvent) => {
  if (event.type === 'probe_failed') console.warn(`[retrieval] table ${event.table} failed its probe (${event.error}); rebuilding`);
};

export interface ClauseIndex {
  readonly table: lancedb.Table;
  readonly manifest: IndexManifest;
  /** True when this call built the index; false when it reused one already on disk. */
  readonly built: boolean;
  close(): void;
}

/**
 * The row stored per clause. `tokens` is word-segmented (see `tokenize`) and space-joined, for
 * the whitespace FTS tokenizer; `en_text` is the clause's English rendering with its context,
 * for LanceDB's English analysis ('' without one).
 */
interface IndexRow extends Record<string, unknown> {
  id: string;
  section: string;
  kind: string;
  text: string;
  search_text: string;
  tokens: string;
  en_text: string;
  vector: number[];
}

/** Hash of everything an index is built from: rebuild when any of it changes. */
export function indexContentHash(input: {
  corpus: PlanCorpus;
  documents: readonly ClauseDocument[];
  embedderId: string;
  terms: readonly TranslationTerm[];
}): string {
  return contentHash({
    schemaVersion: INDEX_SCHEMA_VERSION,
    tokenizer: TOKENIZER_VERSION,
    english: ENGLISH_ANALYZER_VERSION,
    sourceHash: input.corpus.data.sourceHash,
    documents: input.documents.map((document) => [document.id, document.section, document.kind, document.text, document.searchText, document.searchTextEn]),
    embedderId: input.embedderId,
    terms: input.terms.map((term) => [term.zh, [...term.en]]),
  });
}

/** Arrow is loaded only to build a table: a process that opens an index never needs it (about 130 modules). */
async function tableSchema(dimensions: number): Promise<Schema> {
  const { Field, FixedSizeList, Float32, Schema, Utf8 } = await import('apache-arrow');
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('section', new Utf8(), false),
    new Field('kind', new Utf8(), false),
    new Field('text', new Utf8(), false),
    new Field('search_text', new Utf8(), false),
    new Field('tokens', new Utf8(), false),
    new Field('en_text', new Utf8(), false),
    new Field('vector', new FixedSizeList(dimensions, new Field('item', new Float32(), true)), false),
  ]);
}

async function tableNames(connection: lancedb.Connection): Promise<string[]> {
  const names: string[] = [];
  for (;;) {
    const page = await connection.tableNames({ startAfter: names.at(-1), limit: 1000 });
    names.push(...page);
    if (page.length < 1000) return names;
  }
}

/**
 * Reads the whole table and runs one query of each kind the retriever makes; throws
 * `IndexCorruptError` when anything fails. Counting rows is not enough: a truncated or
 * deleted data file still opens and counts, and only a real read finds it out. A few hundred
 * rows: milliseconds.
 */
export async function probeTable(table: lancedb.Table, expectedRows: number): Promise<void> {
  try {
    const rows = await table.query().select(['id', 'tokens', 'en_text', 'vector']).limit(expectedRows + 1).toArray();
    if (rows.length !== expectedRows) throw new Error(`it holds ${rows.length} rows, its manifest ${expectedRows}`);
    const first = rows[0];
    if (!first) return;
    const token = String(first.tokens).split(' ').find(Boolean);
    if (token) {
      const found = await table.query().fullTextSearch(new lancedb.MatchQuery(token, 'tokens')).select(['id', '_score']).limit(1).toArray();
      if (found.length === 0) throw new Error(`full-text search does not find "${token}" in the row that holds it`);
    }
    const withEnglish = rows.find((row) => englishQueryWords(String(row.en_text)).length > 0);
    const word = withEnglish && englishQueryWords(String(withEnglish.en_text))[0];
    if (word) {
      const found = await table.query().fullTextSearch(new lancedb.MatchQuery(word, 'en_text')).select(['id', '_score']).limit(1).toArray();
      if (found.length === 0) throw new Error(`English full-text search does not find "${word}" in the row that holds it`);
    }
    const stored = first.vector as Iterable<number> | { toArray(): Iterable<number> };
    const vector = Array.from('toArray' in stored ? stored.toArray() : stored);
    const nearest = await table.query().nearestTo(vector).distanceType('cosine').select(['id', '_distance']).limit(1).toArray();
    if (nearest.length === 0) throw new Error('vector search returns nothing');
  } catch (error) {
    throw new IndexCorruptError(`table ${table.name}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The table a manifest points at, if it is there, holds the rows the manifest promises and
 * passes its probe; `broken` when it is missing or failed the probe.
 */
async function openIfHealthy(
  connection: lancedb.Connection,
  manifest: IndexManifest,
  onEvent: (event: IndexEvent) => void,
  probe: boolean,
): Promise<{ table?: lancedb.Table; broken: boolean }> {
  let table: lancedb.Table | undefined;
  try {
    table = await connection.openTable(manifest.table);
    if (probe) await probeTable(table, manifest.rows);
    return { table, broken: false };
  } catch (error) {
    table?.close();
    onEvent({ type: 'probe_failed', table: manifest.table, error: (error as Error).message.slice(0, 500) });
    return { broken: true };
  }
}

async function buildTable(
  connection: lancedb.Connection,
  tableName: string,
  documents: readonly ClauseDocument[],
  embedder: Embedder,
): Promise<{ table: lancedb.Table; dimensions: number }> {
  const vectors = await embedder.embed(documents.map((document) => document.searchText));
  const dimensions = vectors[0]?.length ?? embedder.dimensions;
  if (!dimensions || vectors.length !== documents.length || vectors.some((vector) => vector.length !== dimensions)) {
    throw new IndexBuildError(`embedder ${embedder.id} returned ${vectors.length} vectors of mixed or zero size for ${documents.length} texts`);
  }
  const rows: IndexRow[] = documents.map((document, index) => ({
    id: document.id,
    section: document.section,
    kind: document.kind,
    text: document.text,
    search_text: document.searchText,
    tokens: tokenize(document.searchText).join(' '),
    en_text: document.searchTextEn,
    vector: vectors[index]!,
  }));
  const table = await connection.createTable(tableName, rows, { schema: await tableSchema(dimensions), mode: 'create' });
  // Tokens are already segmented (`tokenize`), so split on spaces only; positions are not needed (no phrase queries).
  await table.createIndex('tokens', {
    config: lancedb.Index.fts({ baseTokenizer: 'whitespace', withPosition: false, lowercase: true, stem: false, removeStopWords: false, asciiFolding: false }),
  });
  await table.createIndex('en_text', { config: lancedb.Index.fts({ ...ENGLISH_FTS_OPTIONS }) });
  return { table, dimensions };
}

/**
 * The build lock of an index: a directory kept fresh by its holder (see `acquireFileLock`).
 * Not `<name>.lock`: that was a file in earlier versions, and one may still lie there.
 */
export function indexLockPath(dataDir: string, name = 'clauses'): string {
  return join(dataDir, 'lancedb', `${name}.build-lock`);
}

/** Drops tables of earlier builds (and of crashed ones), keeping `keep`. Called while holding the build lock. */
async function dropOtherBuilds(connection: lancedb.Connection, prefix: string, keep: ReadonlySet<string>): Promise<void> {
  for (const name of await tableNames(connection)) {
    if (name.startsWith(prefix) && !keep.has(name)) await connection.dropTable(name).catch(() => undefined);
  }
}

/**
 * Opens the clause index under `<dataDir>/lancedb`, building it first when there is none,
 * when its manifest's content hash differs from the current corpus, embedder and terms, or
 * when its table fails the probe (a truncated or deleted data file, a broken full-text
 * index: see `probeTable`).
 *
 * Safe for concurrent starts: builds are serialised by a lock file; each build goes to a new
 * table, and only once the rows and the full-text index are written does an atomic rename
 * of the manifest point readers at it. A crash mid-build leaves the old manifest (or none),
 * never a half-built table that looks fresh. The previous build's table is kept, for
 * processes still reading it; older ones are dropped.
 */
export async function openClauseIndex(options: ClauseIndexOptions): Promise<ClauseIndex> {
  const name = options.name ?? 'clauses';
  const directory = join(options.dataDir, 'lancedb');
  const manifestPath = join(directory, `${name}.manifest.json`);
  const documents = clauseDocuments(options.corpus);
  const hash = indexContentHash({ corpus: options.corpus, documents, embedderId: options.embedder.id, terms: options.terms ?? [] });
  const onEvent = options.onEvent ?? defaultOnEvent;
  let reason: IndexBuildReason = options.replacing ? 'broken' : 'missing';
  const broken = new Set(options.replacing ? [options.replacing] : []);

  await mkdir(directory, { recursive: true });
  const connection = await lancedb.connect(directory);
  const opened = (table: lancedb.Table, manifest: IndexManifest, built: boolean): ClauseIndex => ({
    table,
    manifest,
    built,
    close: () => {
      table.close();
      connection.close();
    },
  });

  try {
    const reuse = async () => {
      const manifest = await readManifest(manifestPath);
      if (!manifest) return undefined;
      if (manifest.contentHash !== hash || manifest.schemaVersion !== INDEX_SCHEMA_VERSION) {
        if (reason !== 'broken') reason = 'changed';
        return undefined;
      }
      if (broken.has(manifest.table)) return undefined;
      const { table, broken: failed } = await openIfHealthy(connection, manifest, onEvent, options.probe ?? true);
      if (failed) {
        broken.add(manifest.table);
        reason = 'broken';
      }
      return table ? opened(table, manifest, false) : undefined;
    };
    const fresh = await reuse();
    if (fresh) return fresh;

    const lock = await acquireFileLock(indexLockPath(options.dataDir, name), options.lock);
    try {
      // Another process may have finished the same build while we waited for the lock.
      const builtMeanwhile = await reuse();
      if (builtMeanwhile) return builtMeanwhile;

      const previous = await readManifest(manifestPath);
      const started = performance.now();
      const tableName = `${name}_${hash.slice(0, 12)}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      const { table, dimensions } = await buildTable(connection, tableName, documents, options.embedder);
      const manifest: IndexManifest = {
        schemaVersion: INDEX_SCHEMA_VERSION,
        contentHash: hash,
        table: tableName,
        embedderId: options.embedder.id,
        dimensions,
        rows: documents.length,
        corpusSourceHash: options.corpus.data.sourceHash,
        builtAt: new Date().toISOString(),
        buildMs: Math.round(performance.now() - started),
      };
      await writeManifest(manifestPath, manifest);
      // The build just replaced stays for processes still reading it, unless it was broken.
      await dropOtherBuilds(connection, `${name}_`, new Set([tableName, ...(previous && !broken.has(previous.table) ? [previous.table] : [])]));
      onEvent({ type: 'built', table: tableName, reason, ms: manifest.buildMs });
      return opened(table, manifest, true);
    } finally {
      await lock.release();
    }
  } catch (error) {
    connection.close();
    // Our own errors (embedding failed, lock timed out) already say what went wrong.
    if (error instanceof RetrievalError) throw error;
    throw new IndexBuildError(`cannot open or build the clause index in ${directory}: ${(error as Error).message}`, { cause: error });
  }
}
