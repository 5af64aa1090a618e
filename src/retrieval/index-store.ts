import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { Field, FixedSizeList, Float32, Schema, Utf8 } from 'apache-arrow';
import type { PlanCorpus } from '../plan/corpus.js';
import { clauseDocuments, type ClauseDocument } from './documents.js';
import type { Embedder } from './embedding.js';
import { IndexBuildError, RetrievalError } from './errors.js';
import { acquireFileLock, type FileLockOptions } from './file-lock.js';
import { contentHash } from './hashing.js';
import { readManifest, writeManifest, type IndexManifest } from './manifest.js';
import type { TranslationTerm } from './terms.js';
import { TOKENIZER_VERSION, tokenize } from './tokenize.js';

/** Bumped whenever the table's columns or how they are filled change: it invalidates every index on disk. */
export const INDEX_SCHEMA_VERSION = 1;

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
}

export interface ClauseIndex {
  readonly table: lancedb.Table;
  readonly manifest: IndexManifest;
  /** True when this call built the index; false when it reused one already on disk. */
  readonly built: boolean;
  close(): void;
}

/** The row stored per clause. `tokens` is jieba-segmented and space-joined, for the whitespace FTS tokenizer. */
interface IndexRow extends Record<string, unknown> {
  id: string;
  section: string;
  kind: string;
  text: string;
  search_text: string;
  tokens: string;
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
    sourceHash: input.corpus.data.sourceHash,
    documents: input.documents.map((document) => [document.id, document.section, document.kind, document.text, document.searchText]),
    embedderId: input.embedderId,
    terms: input.terms.map((term) => [term.zh, [...term.en]]),
  });
}

function tableSchema(dimensions: number): Schema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('section', new Utf8(), false),
    new Field('kind', new Utf8(), false),
    new Field('text', new Utf8(), false),
    new Field('search_text', new Utf8(), false),
    new Field('tokens', new Utf8(), false),
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

/** The table a manifest points at, if it is there and holds the rows the manifest promises. */
async function openIfComplete(connection: lancedb.Connection, manifest: IndexManifest): Promise<lancedb.Table | undefined> {
  try {
    const table = await connection.openTable(manifest.table);
    if ((await table.countRows()) === manifest.rows) return table;
    table.close();
  } catch {
    // Missing or unreadable: rebuild.
  }
  return undefined;
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
    vector: vectors[index]!,
  }));
  const table = await connection.createTable(tableName, rows, { schema: tableSchema(dimensions), mode: 'create' });
  // Tokens are already segmented by jieba, so split on spaces only; positions are not needed (no phrase queries).
  await table.createIndex('tokens', {
    config: lancedb.Index.fts({ baseTokenizer: 'whitespace', withPosition: false, lowercase: true, stem: false, removeStopWords: false, asciiFolding: false }),
  });
  return { table, dimensions };
}

/** Drops tables of earlier builds (and of crashed ones), keeping `keep`. Called while holding the build lock. */
async function dropOtherBuilds(connection: lancedb.Connection, prefix: string, keep: ReadonlySet<string>): Promise<void> {
  for (const name of await tableNames(connection)) {
    if (name.startsWith(prefix) && !keep.has(name)) await connection.dropTable(name).catch(() => undefined);
  }
}

/**
 * Opens the clause index under `<dataDir>/lancedb`, building it first when there is none or
 * when its manifest's content hash differs from the current corpus, embedder and terms.
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
      if (manifest?.contentHash !== hash || manifest.schemaVersion !== INDEX_SCHEMA_VERSION) return undefined;
      const table = await openIfComplete(connection, manifest);
      return table ? opened(table, manifest, false) : undefined;
    };
    const fresh = await reuse();
    if (fresh) return fresh;

    const lock = await acquireFileLock(join(directory, `${name}.lock`), options.lock);
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
      await dropOtherBuilds(connection, `${name}_`, new Set([tableName, ...(previous ? [previous.table] : [])]));
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
