import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCorpus } from '../src/plan/corpus.js';
import { stripWhitespace } from '../src/text/normalize.js';
import { mainPack } from './support/packs.js';

const pack = mainPack();
const raw = readFileSync(`${pack.dir}/corpus/plan.txt`, 'utf8');
const corpus = pack.corpus;
const text = (id: string) => corpus.get(id)!.text;

// The debris the extraction left, named here independently of the builder's repairs.
const PAGE_NUMBER_LINES = ['7', '16'];

describe('corpus fidelity: the cleaned clauses are the raw text, debris aside', () => {
  const rawLines = raw.split('\n');
  const rawWithoutPages = stripWhitespace(rawLines.filter((line) => !PAGE_NUMBER_LINES.includes(line.trim())).join(''));
  const cleaned = corpus.clauses.map((clause) => clause.text).join('');

  it('the raw text has exactly the page-number debris lines expected', () => {
    const numberLines = rawLines.map((line) => line.trim()).filter((line) => /^\d+$/u.test(line));
    expect(numberLines).toEqual(PAGE_NUMBER_LINES);
  });

  it('loses no character and adds none: same characters, same count', () => {
    expect(cleaned.length).toBe(rawWithoutPages.length);
    const sorted = (s: string) => [...s].sort().join('');
    expect(sorted(cleaned)).toBe(sorted(rawWithoutPages));
  });

  it('is the raw text in order once the footnote block and the spliced table row are put back', () => {
    const moved = ['fn1', 'fn2', 'fn3', 't1.demo'].map(text);
    const strip = (s: string) => moved.reduce((acc, piece) => {
      expect(acc.split(piece).length - 1).toBe(1); // each moved piece occurs exactly once
      return acc.replace(piece, '');
    }, s);
    expect(strip(cleaned)).toBe(strip(rawWithoutPages));
  });

  it('repairs the splices: 国家 is whole, the audit sentence is whole, no page numbers inside sentences', () => {
    expect(text('3.2.p1')).toContain('充分运用国家科技重大专项');
    expect(text('2.3.p3')).toContain('以及中央企业所属工业企业完成一轮清洁生产审核。');
    expect(text('2.3.p3')).not.toContain('①');
    expect(text('4.6.p2').endsWith('73万吨/年。')).toBe(true);
    expect(text('4.7.p1').startsWith('针对铅污染')).toBe(true);
    expect(text('t1.demo')).toBe('培育清洁生产示范企业——[500家]');
    expect(corpus.clauses.findIndex((c) => c.id === 't1.demo')).toBe(corpus.clauses.findIndex((c) => c.id === 't1.note') - 1);
    for (const clause of corpus.clauses) expect(clause.text, clause.id).not.toMatch(/[。；，](?:7|16)(?![\d年万%.个吨])/u);
  });

  it('every sentence of the raw text is in a clause, the moved pieces whole', () => {
    const moved = ['fn1', 'fn2', 'fn3', 't1.demo'].map(text);
    const rest = moved.reduce((acc, piece) => acc.replace(piece, ''), rawWithoutPages);
    const rawSentences = rest.split(/(?<=[。；])/u).filter((sentence) => sentence.length > 0);
    expect(rawSentences.length).toBeGreaterThan(150);
    const cleanedRest = moved.reduce((acc, piece) => acc.replace(piece, ''), cleaned);
    const lost = rawSentences.filter((sentence) => !cleanedRest.includes(sentence));
    expect(lost.map((s) => s.slice(0, 40))).toEqual([]);
    for (const piece of moved) expect(corpus.clauses.some((clause) => clause.text === piece)).toBe(true);
  });

  it('has unique ids following the plan numbering, and is what the builder makes of the raw text', () => {
    const ids = corpus.clauses.map((clause) => clause.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['preface.p1', '1.1.p2', '2.3.p3', 'fn1', 'fn2', 'fn3', 't1.training', 't1.hg', '3.2.p8', '4.5.p2', '4.7.p2', '5.4.p3', '6.p4']) {
      expect(ids).toContain(id);
    }
    expect(buildCorpus(raw, pack.segments)).toEqual(corpus.data);
  });
});
