import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanCorpus } from '../src/plan/corpus.js';
import { englishQueryWords, englishTokens } from '../src/retrieval/english.js';
import {
  clauseDocuments,
  LocalEmbedder,
  MemorySearch,
  openClauseIndex,
  openRetriever,
  termsFromGlossary,
  type HeldLock,
  type Retriever,
} from '../src/retrieval/index.js';
import { breakIndexHoldingLock } from './support/broken-index.js';
import { mainPack } from './support/packs.js';

/**
 * English questions also search the plan's unofficial English renderings (LanceDB's English
 * full-text analysis over a column of their own), fused with the searches of the Chinese text;
 * the in-memory fallback reads the renderings the same way.
 */
const pack = mainPack();
const terms = termsFromGlossary(pack.glossary);
const embedder = new LocalEmbedder({ terms });
const withoutRenderings = new PlanCorpus(pack.corpus.data, pack.corpus.labels);

const directories: string[] = [];
const dataDir = () => {
  const directory = mkdtempSync(join(tmpdir(), 'english-retrieval-'));
  directories.push(directory);
  return directory;
};
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** English questions whose clause the renderings' search finds. */
const QUESTIONS: Array<[question: string, clause: string]> = [
  ['Which technologies does the plan promote for lead-zinc smelting?', '4.7.p2'],
  ['Which fund in the plan could support SME cleaner production projects?', '5.1.p2'],
  ['Does the plan name any cleaner production technology for coking?', '3.2.p5'],
  ['Does the plan ask for substitutes for cyanide in flotation reagents?', '3.3.p2'],
];

describe('English analysis', () => {
  it('splits at anything not a letter or digit, lower-cases, folds accents and stems; queries drop stop words and Chinese', () => {
    expect(englishTokens('Lead-acid Batteries, café 23.4%')).toEqual(['lead', 'acid', 'batteri', 'cafe', '23', '4']);
    expect(englishQueryWords('Which technologies must a lead-acid battery maker adopt? 铅蓄电池')).toEqual(['technologies', 'lead', 'acid', 'battery', 'maker', 'adopt']);
    expect(englishQueryWords('的 了 what is the')).toEqual([]);
  });
});

describe('search with the renderings', () => {
  let withEnglish: Retriever;
  let chineseOnly: Retriever;
  beforeAll(async () => {
    withEnglish = await openRetriever({ dataDir: dataDir(), corpus: pack.corpus, terms, embedder });
    chineseOnly = await openRetriever({ dataDir: dataDir(), corpus: withoutRenderings, terms, embedder });
  });
  afterAll(() => {
    withEnglish?.close();
    chineseOnly?.close();
  });
  const top = async (retriever: Retriever, question: string, language?: 'zh' | 'en') => (await retriever.search(question, { limit: 5, ...(language ? { language } : {}) })).map((hit) => hit.id);

  it('an English question reaches a clause the Chinese searches alone miss', async () => {
    const [question, clause] = [QUESTIONS[0]![0], '3.2.p8'];
    expect(await top(withEnglish, question)).toContain(clause);
    expect(await top(chineseOnly, question)).not.toContain(clause);
  });

  it('a question the glossary barely carries into Chinese leans on its own words', async () => {
    const question = 'What international pressures does the plan cite as reasons to speed up cleaner production?';
    const weighted = await top(withEnglish, question);
    const flat = await openRetriever({ dataDir: dataDir(), corpus: pack.corpus, terms, embedder, untranslatedWeight: 0, commonOnlyWeight: 1 });
    try {
      expect(await top(flat, question)).not.toContain('1.2.p3');
      expect(weighted).toContain('1.2.p3');
    } finally {
      flat.close();
    }
  });

  it('a question the Chinese searches see only through words most clauses have is ranked by its own words', async () => {
    // "cleaner production" is all the glossary carries into Chinese, and a fifth of the plan's clauses say it.
    const question = 'What international pressures or obligations does the plan cite as reasons to speed up cleaner production?';
    expect((await top(withEnglish, question))[0]).toBe('1.2.p3');
    const evenly = await openRetriever({ dataDir: dataDir(), corpus: pack.corpus, terms, embedder, commonOnlyWeight: 1 });
    try {
      expect((await top(evenly, question))[0]).not.toBe('1.2.p3');
    } finally {
      evenly.close();
    }
    // A distinctive Chinese word keeps the Chinese searches' full weight: ranks from them stay in the fusion.
    const hits = await withEnglish.search('Which technologies does the plan promote for electrolytic manganese?', { limit: 5 });
    expect(hits[0]?.ranks.fullText).toBeDefined();
  });

  it('the renderings’ search ranks the clause an English question is about first', async () => {
    for (const [question, clause] of QUESTIONS) {
      const hits = await withEnglish.search(question, { limit: 50 });
      expect(hits.find((hit) => hit.ranks.english === 1)?.id, question).toBe(clause);
    }
  });

  it('Chinese questions are searched as before: the renderings are not searched', async () => {
    for (const question of ['铅锌冶炼行业推广哪些技术？', '中小企业发展专项资金']) {
      const hits = await withEnglish.search(question, { limit: 8 });
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.filter((hit) => hit.ranks.english !== undefined)).toEqual([]);
      expect(hits.map((hit) => hit.id)).toEqual((await chineseOnly.search(question, { limit: 8 })).map((hit) => hit.id));
    }
    // The caller's language decides: an English question said to be Chinese searches no rendering.
    expect((await withEnglish.search(QUESTIONS[0]![0], { limit: 8, language: 'zh' })).filter((hit) => hit.ranks.english !== undefined)).toEqual([]);
  });
});

describe('the in-memory fallback reads the renderings as the index does', () => {
  it('ranks the English search as LanceDB does', async () => {
    const index = await openClauseIndex({ dataDir: dataDir(), corpus: pack.corpus, embedder, terms });
    const memory = new MemorySearch(clauseDocuments(pack.corpus), embedder);
    try {
      for (const [question] of QUESTIONS) {
        const words = englishQueryWords(question);
        const query = new lancedb.MatchQuery(words.join(' '), 'en_text', { operator: lancedb.Operator.Or });
        const fromIndex = (await index.table.query().fullTextSearch(query).select(['id', '_score']).limit(5).toArray()).map((row) => String(row.id));
        expect((await memory.englishText(words, 5)).map((row) => row.id), question).toEqual(fromIndex);
      }
    } finally {
      index.close();
    }
  });

  describe('while the index is broken', () => {
    let retriever: Retriever;
    let lock: HeldLock;
    let healthy: Map<string, string[]>;
    beforeAll(async () => {
      const directory = dataDir();
      retriever = await openRetriever({ dataDir: directory, corpus: pack.corpus, terms, embedder, onWarning: () => undefined, onEvent: () => undefined });
      healthy = new Map(await Promise.all(QUESTIONS.map(async ([question]) => [question, (await retriever.search(question, { limit: 5 })).map((hit) => hit.id)] as const)));
      // The rebuild waits for this lock: every search below is answered from memory.
      lock = await breakIndexHoldingLock(directory, retriever.indexInfo.table);
    });
    afterAll(async () => {
      await lock?.release();
      retriever?.close();
    });

    it.each(QUESTIONS)('searches the renderings in memory for %s', async (question) => {
      const hits = await retriever.search(question, { limit: 5 });
      expect(retriever.health.status).toBe('degraded');
      expect(hits.some((hit) => hit.ranks.english !== undefined)).toBe(true);
      // Close to the index's answer: most of the same clauses.
      const same = hits.filter((hit) => healthy.get(question)!.includes(hit.id)).length;
      expect(same, `${hits.map((hit) => hit.id)} vs ${healthy.get(question)}`).toBeGreaterThanOrEqual(3);
    });
  });
});

describe('the index', () => {
  it('is rebuilt when a rendering changes', async () => {
    const directory = dataDir();
    const first = await openClauseIndex({ dataDir: directory, corpus: pack.corpus, embedder, terms });
    first.close();
    const renderings = Object.fromEntries(pack.corpus.clauses.map((clause) => [clause.id, pack.corpus.rendering(clause.id)!]));
    const edited = new PlanCorpus(pack.corpus.data, pack.corpus.labels, { ...renderings, '5.1.p2': `${renderings['5.1.p2']} Edited.` });
    const second = await openClauseIndex({ dataDir: directory, corpus: edited, embedder, terms });
    expect(second.built).toBe(true);
    second.close();
    const again = await openClauseIndex({ dataDir: directory, corpus: edited, embedder, terms });
    expect(again.built).toBe(false);
    again.close();
  });
});
