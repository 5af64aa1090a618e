import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanCorpus } from '../src/plan/corpus.js';
import { glossaryFileSchema } from '../src/rules/schema.js';
import {
  EmbeddingError,
  LocalEmbedder,
  openClauseIndex,
  openRetriever,
  termsFromGlossary,
  type Embedder,
  type HeldLock,
  type Retriever,
  type RetrieverOptions,
  type TranslationTerm,
} from '../src/retrieval/index.js';
import { breakIndexHoldingLock } from './support/broken-index.js';
import { mainPack } from './support/packs.js';

const pack = mainPack();
const corpus = pack.corpus;
const glossary = pack.glossary;
const GLOSSARY_FILE = join(pack.dir, 'glossary.json');
/** A few industry names, as the assistant will pass them from rules/industries.json. */
const industryTerms: TranslationTerm[] = [
  { zh: '电镀', en: ['electroplating', 'plating industry'] },
  { zh: '电石法聚氯乙烯', en: ['PVC', 'calcium carbide PVC'] },
  { zh: '铅蓄电池', en: ['lead-acid battery', 'lead-acid batteries'] },
  { zh: '稀土', en: ['rare earth', 'rare earths'] },
  { zh: '皮革', en: ['leather', 'tannery'] },
];
const terms = [...termsFromGlossary(glossary), ...industryTerms];
const embedder = new LocalEmbedder({ terms });

const temporaryDirectories: string[] = [];
function temporaryDataDir(): string {
  const directory = mkdtempSync(join(tmpdir(), 'retrieval-test-'));
  temporaryDirectories.push(directory);
  return directory;
}
const warnings: string[] = [];
const baseOptions = (dataDir: string, overrides: Partial<RetrieverOptions> = {}): RetrieverOptions => ({
  dataDir,
  corpus,
  terms,
  embedder,
  onWarning: (message) => warnings.push(message),
  ...overrides,
});

afterAll(() => {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});

describe('rules/glossary.json', () => {
  const planText = corpus.clauses.map((clause) => clause.text).join('\n');

  it('validates against the glossary schema and has 100+ terms of every kind', () => {
    const parsed = glossaryFileSchema.parse(JSON.parse(readFileSync(GLOSSARY_FILE, 'utf8')));
    expect(parsed.terms.length).toBeGreaterThanOrEqual(100);
    const kinds = new Set(parsed.terms.map((term) => term.kind));
    expect([...kinds].sort()).toEqual(['indicator', 'pollutant', 'technology', 'term']);
  });

  it('writes every Chinese term exactly as the plan does', () => {
    const missing = glossary.filter((term) => !planText.includes(term.zh)).map((term) => term.zh);
    expect(missing).toEqual([]);
  });

  it('has no duplicate Chinese terms and no English phrase that names two terms', () => {
    const zh = glossary.map((term) => term.zh);
    expect(zh.length - new Set(zh).size).toBe(0);
    const owners = new Map<string, string[]>();
    for (const term of glossary) {
      for (const phrase of [...term.en, ...term.aliases]) owners.set(phrase.toLowerCase(), [...(owners.get(phrase.toLowerCase()) ?? []), term.zh]);
    }
    expect([...owners].filter(([, zhTerms]) => zhTerms.length > 1)).toEqual([]);
  });
});

describe('index lifecycle', () => {
  it('builds on first open and reuses the index on the second', async () => {
    const dataDir = temporaryDataDir();
    const first = await openRetriever(baseOptions(dataDir));
    expect(first.indexInfo.builtByThisProcess).toBe(true);
    expect(first.indexInfo.rows).toBe(corpus.clauses.filter((clause) => clause.kind !== 'heading').length);
    const manifest = JSON.parse(readFileSync(join(dataDir, 'lancedb', 'clauses.manifest.json'), 'utf8'));
    expect(manifest.contentHash).toBe(first.indexInfo.contentHash);
    first.close();

    const second = await openRetriever(baseOptions(dataDir));
    expect(second.indexInfo.builtByThisProcess).toBe(false);
    expect(second.indexInfo.table).toBe(first.indexInfo.table);
    expect(second.indexInfo.contentHash).toBe(first.indexInfo.contentHash);
    second.close();
  });

  it('rebuilds when a clause text or the embedder changes, and drops builds older than the previous one', async () => {
    const dataDir = temporaryDataDir();
    const original = await openClauseIndex({ dataDir, corpus, embedder, terms });
    original.close();

    const edited = new PlanCorpus({
      ...corpus.data,
      clauses: corpus.clauses.map((clause) => (clause.id === 't1.hg' ? { ...clause, text: '汞使用量——639吨' } : clause)),
    }, corpus.labels);
    const afterEdit = await openClauseIndex({ dataDir, corpus: edited, embedder, terms });
    expect(afterEdit.built).toBe(true);
    expect(afterEdit.manifest.contentHash).not.toBe(original.manifest.contentHash);
    afterEdit.close();

    const otherEmbedder = new LocalEmbedder({ terms, dimensions: 256 });
    expect(otherEmbedder.id).not.toBe(embedder.id);
    const afterEmbedder = await openClauseIndex({ dataDir, corpus: edited, embedder: otherEmbedder, terms });
    expect(afterEmbedder.built).toBe(true);
    expect(afterEmbedder.manifest.dimensions).toBe(256);
    afterEmbedder.close();

    const reopened = await openClauseIndex({ dataDir, corpus: edited, embedder: otherEmbedder, terms });
    expect(reopened.built).toBe(false);
    reopened.close();
    // The first build is two generations old: gone. The one just replaced stays for readers that still hold it.
    expect(existsSync(join(dataDir, 'lancedb', `${original.manifest.table}.lance`))).toBe(false);
    expect(existsSync(join(dataDir, 'lancedb', `${afterEdit.manifest.table}.lance`))).toBe(true);
  });

  it('rebuilds when the glossary changes the local embedder', () => {
    const fewerTerms = new LocalEmbedder({ terms: terms.slice(1) });
    expect(fewerTerms.id).not.toBe(embedder.id);
    expect(new LocalEmbedder({ terms }).id).toBe(embedder.id);
  });

  it('builds once when several openers start together', async () => {
    const dataDir = temporaryDataDir();
    const indexes = await Promise.all([1, 2, 3].map(() => openClauseIndex({ dataDir, corpus, embedder, terms })));
    expect(indexes.filter((index) => index.built)).toHaveLength(1);
    expect(new Set(indexes.map((index) => index.manifest.table)).size).toBe(1);
    for (const index of indexes) index.close();
  });

  it('leaves nothing that looks fresh when a build fails, and clears the leftovers on the next build', async () => {
    const dataDir = temporaryDataDir();
    const failing: Embedder = {
      id: embedder.id,
      dimensions: embedder.dimensions,
      embed: async () => {
        throw new EmbeddingError('endpoint went away mid-build');
      },
    };
    await expect(openClauseIndex({ dataDir, corpus, embedder: failing, terms })).rejects.toBeInstanceOf(EmbeddingError);
    const directory = join(dataDir, 'lancedb');
    expect(existsSync(join(directory, 'clauses.manifest.json'))).toBe(false);
    expect(existsSync(join(directory, 'clauses.lock'))).toBe(false);

    // A table left by a process killed between writing rows and writing the manifest.
    const connection = await lancedb.connect(directory);
    await connection.createTable('clauses_crashed_build', [{ id: 'x' }]);
    connection.close();
    const index = await openClauseIndex({ dataDir, corpus, embedder, terms });
    expect(index.built).toBe(true);
    index.close();
    expect(existsSync(join(directory, 'clauses_crashed_build.lance'))).toBe(false);
  });

  it('treats a manifest whose table is missing as stale', async () => {
    const dataDir = temporaryDataDir();
    const index = await openClauseIndex({ dataDir, corpus, embedder, terms });
    index.close();
    const manifestPath = join(dataDir, 'lancedb', 'clauses.manifest.json');
    writeFileSync(manifestPath, JSON.stringify({ ...index.manifest, table: 'clauses_half_built' }));
    const reopened = await openClauseIndex({ dataDir, corpus, embedder, terms });
    expect(reopened.built).toBe(true);
    expect((await reopened.table.countRows())).toBe(index.manifest.rows);
    reopened.close();
  });
});

/** Questions and the clauses (any one of them) that must be among the top five. */
const CHINESE_QUESTIONS: Array<[string, string[]]> = [
  ['汞使用量削减目标', ['4.5.p2', 't1.hg']],
  ['电镀行业推广什么技术', ['4.6.p2', '3.2.p8']],
  ['中小企业发展基金', ['5.1.p2']],
  ['培训比例', ['t1.training', '2.3.p3', '5.4.p3']],
  ['哪些行业每两年审核一次', ['2.3.p3']],
  ['烧结烟气脱硫普及率', ['4.2.p1']],
  ['PFOS替代', ['3.3.p3']],
];
const ENGLISH_QUESTIONS: Array<[string, string[]]> = [
  ['mercury reduction target', ['4.5.p2', 't1.hg']],
  ['green credit', ['5.3.p3']],
  ['lead-free solder', ['4.7.p2', '3.3.p2', '3.2.p8']],
  ['Which industries must audit every two years?', ['2.3.p3']],
  ['low-mercury catalyst for PVC', ['4.5.p2', '3.3.p2']],
  ['SME funding', ['5.1.p2']],
];

describe('search', () => {
  let retriever: Retriever;
  beforeAll(async () => {
    retriever = await openRetriever(baseOptions(temporaryDataDir()));
  });
  afterAll(() => retriever?.close());

  const topIds = async (query: string, limit = 5) => (await retriever.search(query, { limit })).map((hit) => hit.id);

  it.each(CHINESE_QUESTIONS)('finds the clause for the Chinese question %s', async (query, expected) => {
    expect(await topIds(query)).toEqual(expect.arrayContaining([expect.toBeOneOf(expected)]));
  });

  it.each(ENGLISH_QUESTIONS)('reaches the Chinese clause for the English question %s', async (query, expected) => {
    expect(await topIds(query)).toEqual(expect.arrayContaining([expect.toBeOneOf(expected)]));
  });

  it('translates English through the glossary and the industry names', () => {
    expect(retriever.prepare('Mercury reduction target').text).toBe('汞 削减 目标');
    expect(retriever.prepare('lead-free solder for lead-acid batteries').text).toBe('无铅焊料 for 铅蓄电池');
  });

  it('returns clause texts verbatim, best first, each clause once, never a heading', async () => {
    const hits = await retriever.search('铬污染削减 电镀 皮革 铬盐', { limit: 20 });
    expect(hits.length).toBe(20);
    expect(new Set(hits.map((hit) => hit.id)).size).toBe(hits.length);
    for (const [index, hit] of hits.entries()) {
      expect(hit.text).toBe(corpus.get(hit.id)!.text);
      expect(hit.section).toBe(corpus.get(hit.id)!.section);
      expect(hit.kind).not.toBe('heading');
      expect(hit.ranks.fullText ?? hit.ranks.vector).toBeGreaterThan(0);
      if (index > 0) expect(hit.score).toBeLessThanOrEqual(hits[index - 1]!.score);
    }
    expect(await retriever.search('铬', { limit: 3 })).toHaveLength(3);
  });

  it.each([
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['punctuation', '，。！？、；：“”（）——…'],
    ['emoji', '😀🎉👍🏽'],
    ['stop-words', '的了吗 what is the'],
    ['query syntax', 'AND OR NOT "( ) * ? : ^ ~ title:汞'],
    ['control characters', '\u0000\u0007\uFFFF'],
    ['2,000 Chinese characters', '汞铬铅'.repeat(667).slice(0, 2_000)],
    ['2,000 mixed characters', Array.from({ length: 2_000 }, (_, index) => '汞a 1，😀x铅'[index % 10]).join('')],
    ['20,000 characters', 'mercury 汞 '.repeat(2_000)],
  ])('does not throw on a %s query', async (_label, query) => {
    const hits = await retriever.search(query);
    expect(Array.isArray(hits)).toBe(true);
  });

  it('returns nothing for queries with nothing to search', async () => {
    for (const query of ['', '   ', '！？。', '😀', '的']) expect(await retriever.search(query)).toEqual([]);
    expect(await retriever.search('汞', { limit: 0 })).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

describe('search while the index is broken', () => {
  let retriever: Retriever;
  let lock: HeldLock;
  const degraded: string[] = [];
  beforeAll(async () => {
    const dataDir = temporaryDataDir();
    retriever = await openRetriever(baseOptions(dataDir, { onDegradedSearch: () => degraded.push('search') }));
    // The rebuild waits for this lock: every search below is answered from memory.
    lock = await breakIndexHoldingLock(dataDir, retriever.indexInfo.table);
  });
  afterAll(async () => {
    await lock?.release();
    retriever?.close();
  });

  it.each([...CHINESE_QUESTIONS, ...ENGLISH_QUESTIONS])('finds in memory the clause for %s', async (query, expected) => {
    const before = degraded.length;
    const hits = await retriever.search(query, { limit: 5 });
    expect(hits.map((hit) => hit.id)).toEqual(expect.arrayContaining([expect.toBeOneOf(expected)]));
    for (const hit of hits) expect(hit.text).toBe(corpus.get(hit.id)!.text);
    expect(degraded.length).toBe(before + 1);
    expect(retriever.health.status).toBe('degraded');
  });
});
