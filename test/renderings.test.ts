import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanCorpus } from '../src/plan/corpus.js';
import { loadPack, type PlanPack } from '../src/plan/load.js';
import { quoteRendering, renderingAligned } from '../src/plan/quote-rendering.js';
import { labelCitations } from '../src/rules/citations.js';
import { splitSentences } from '../src/text/sentences.js';
import { mainPack, TEST_PLANS_DIR } from './support/packs.js';
import { RenderingChecker } from './support/translation.js';

/**
 * The unofficial English renderings of the plan's clauses (corpus/clauses.en.json) are pack data
 * a reader trusts for figures: every number, percentage and year of a clause is in its
 * rendering (65万吨 as 650,000 tonnes), nothing numeric is added, and the industries,
 * technologies and pollutants it names are there by their English names.
 */
const pack = mainPack();
const testPack = loadPack(join(TEST_PLANS_DIR, 'test-water-saving'));

/** Every clause of a pack that has a rendering, with what is wrong with it (nothing, when faithful). */
function problemsOf(target: PlanPack, renderingOf: (id: string) => string | undefined = (id) => target.corpus.rendering(id)): Record<string, string[]> {
  const checker = new RenderingChecker(target);
  const found: Record<string, string[]> = {};
  for (const clause of target.corpus.clauses) {
    const rendering = renderingOf(clause.id);
    if (rendering === undefined) continue;
    const problems = checker.problems(clause.text, rendering);
    if (problems.length) found[clause.id] = problems;
  }
  return found;
}

/** The main pack's renderings with one changed. */
const withRendering = (id: string, change: (text: string) => string) => (clauseId: string) => {
  const text = pack.corpus.rendering(clauseId);
  return clauseId === id && text !== undefined ? change(text) : text;
};

describe('the renderings of the clauses', () => {
  it('every clause of the plan has one', () => {
    expect(pack.corpus.clauses.filter((clause) => !pack.corpus.rendering(clause.id)).map((clause) => clause.id)).toEqual([]);
    expect(pack.corpus.renderingCount).toBe(pack.corpus.clauses.length);
  });

  it('each states every figure of its clause, adds none, and names its industries, technologies and pollutants in English', () => {
    expect(problemsOf(pack)).toEqual({});
    expect(problemsOf(testPack)).toEqual({});
    expect(testPack.corpus.renderingCount).toBeGreaterThan(0);
  });

  it('each pairs with its clause sentence by sentence, each sentence faithful on its own (quotes get the sentences they fall in)', () => {
    const checker = new RenderingChecker(pack);
    const problems: string[] = [];
    for (const clause of pack.corpus.clauses) {
      if (!renderingAligned(pack.corpus, clause.id)) {
        problems.push(`${clause.id}: its sentences do not pair with the rendering's`);
        continue;
      }
      const rendered = splitSentences(pack.corpus.rendering(clause.id)!);
      splitSentences(clause.text).forEach((sentence, index) => {
        for (const problem of checker.problems(sentence, rendered[index]!)) problems.push(`${clause.id} sentence ${index + 1}: ${problem}`);
      });
    }
    expect(problems).toEqual([]);
  });

  describe('the check fails on a wrong rendering', () => {
    it('another figure: 600,000 tonnes for 65万吨', () => {
      const found = problemsOf(pack, withRendering('t1.cod', (text) => text.replace('650,000', '600,000')));
      expect(found).toEqual({ 't1.cod': ['figures missing: 650000', 'figures added: 600000'] });
    });

    it('a figure left in the Chinese unit: 65 tonnes for 65万吨', () => {
      expect(problemsOf(pack, withRendering('t1.cod', (text) => text.replace('650,000', '65')))['t1.cod']).toEqual(['figures missing: 650000', 'figures added: 65']);
    });

    it('a dropped figure, percentage or year', () => {
      expect(problemsOf(pack, withRendering('1.1.p2', (text) => text.replace(' and 9%', '')))).toEqual({ '1.1.p2': ['figures missing: 9'] });
      expect(problemsOf(pack, withRendering('1.2.p2', (text) => text.replace('In 2010, ', '')))).toEqual({ '1.2.p2': ['figures missing: 2010'] });
    });

    it('a figure added (a year the row does not state)', () => {
      expect(problemsOf(pack, withRendering('t1.training', (text) => `${text} (cumulative 2003–2010)`))).toEqual({ 't1.training': ['figures added: 2003, 2010'] });
    });

    it('another count', () => {
      expect(problemsOf(pack, withRendering('fn1', (text) => text.replace('the 11 industries', 'the 12 industries')))).toEqual({ fn1: ['figures missing: 11', 'figures added: 12'] });
    });

    it('a heading numbered otherwise', () => {
      expect(problemsOf(pack, withRendering('4.5', (text) => text.replace('(5)', '(6)')))).toEqual({ '4.5': ['heading number 5 rendered as 6'] });
    });

    it('an industry or a technology not named', () => {
      expect(problemsOf(pack, withRendering('4.1.p1', (text) => text.replace(', sugar manufacturing', '')))).toEqual({ '4.1.p1': ['not named in English: 制糖 (Sugar manufacturing)'] });
      expect(problemsOf(pack, withRendering('3.2.p6', (text) => text.replace('low-sulfur combustion', 'cleaner burning')))).toEqual({ '3.2.p6': ['not named in English: 低硫燃烧 (low-sulfur combustion)'] });
    });
  });
});

describe('the rendering of a quote', () => {
  const citations = [...pack.rules.flatMap((rule) => rule.event.params.citations.map((citation) => ({ where: `rule ${rule.name}`, citation }))), ...pack.targets.flatMap((target) => target.citations.map((citation) => ({ where: `target ${target.id}`, citation })))];

  it('for every quote the rules and targets cite, states the quote’s figures (converted) and names what it names', () => {
    const checker = new RenderingChecker(pack);
    const problems: string[] = [];
    for (const { where, citation } of citations) {
      const quote = citation.quote ?? pack.corpus.get(citation.id)!.text;
      const rendering = quoteRendering(pack.corpus, citation.id, quote);
      if (!rendering) {
        problems.push(`${where}: ${citation.id} has no rendering`);
        continue;
      }
      const { missing } = checker.figures(quote, rendering);
      if (missing.length) problems.push(`${where}: ${citation.id} "${quote}" → "${rendering}" lacks ${missing.join(', ')}`);
      for (const name of checker.unnamed(quote, rendering)) problems.push(`${where}: ${citation.id} "${quote}" → "${rendering}" does not name ${name}`);
    }
    expect(citations.length).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('is the sentence the quote falls in, not the whole clause', () => {
    const quote = '规模以上工业企业主要负责人接受清洁生产培训比例超过50%';
    const rendering = quoteRendering(pack.corpus, '2.3.p3', quote)!;
    expect(rendering).toBe(
      'The proportion of chief executives of industrial enterprises above designated size who receive cleaner production training is more than 50%, and enterprises that have passed cleaner production audit assessment account for at least 30%.',
    );
    expect(pack.corpus.rendering('2.3.p3')!.length).toBeGreaterThan(rendering.length * 2);
  });

  it('spans the sentences a quote spans', () => {
    const quote = '清洁生产培训和审核逐步展开。规模以上工业企业主要负责人';
    expect(quoteRendering(pack.corpus, '2.3.p3', quote)).toMatch(/^— Cleaner production training and audits are rolled out step by step\. The proportion of chief executives .* at least 30%\.$/u);
  });

  it('falls back to the whole clause where the sentences do not pair up, or the quote is not the clause’s', () => {
    const clause = pack.corpus.get('2.3.p3')!;
    const oneSentence = 'All of it in one English sentence, 50% and 30%.';
    const corpus = new PlanCorpus(pack.corpus.data, pack.corpus.labels, { '2.3.p3': oneSentence });
    expect(renderingAligned(corpus, '2.3.p3')).toBe(false);
    expect(quoteRendering(corpus, '2.3.p3', '规模以上工业企业主要负责人接受清洁生产培训比例超过50%')).toBe(oneSentence);
    expect(quoteRendering(pack.corpus, '2.3.p3', '不在这一条里')).toBe(pack.corpus.rendering('2.3.p3'));
    expect(quoteRendering(corpus, '1.1.p1', clause.text)).toBeUndefined();
  });

  it('English citations carry it; Chinese ones do not', () => {
    const citations = [{ id: 't1.cod', quote: '化学需氧量[245.6万吨]65万吨' }];
    expect(labelCitations(citations, pack.corpus, 'en')).toEqual([{ id: 't1.cod', quote: '化学需氧量[245.6万吨]65万吨', section: expect.any(String), rendering: 'Chemical oxygen demand — [2,456,000 tonnes], reduction of 650,000 tonnes' }]);
    expect(labelCitations(citations, pack.corpus, 'zh')[0]).not.toHaveProperty('rendering');
  });
});
