/**
 * The verifier on its labelled set (evals/verifier): answers built with the offline
 * pipeline from the eval cases and our own questions — faithful ones (the offline answer
 * and paraphrases keeping every figure and marker) and ones with one perturbed claim.
 * It must pass every faithful answer and block every perturbed one, in both languages.
 *
 *   npx tsx evals/verifier/report.ts     the same rates, by kind and language
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { formatVerifierSummary, runVerifierEval, type VerifierEvalSummary } from '../evals/verifier/report.js';
import { testServices } from './support/services.js';

let summary: VerifierEvalSummary;

beforeAll(async () => {
  const { assistant } = await testServices();
  summary = await runVerifierEval({ assistant });
  console.log(formatVerifierSummary(summary));
});

describe('the answer verifier on the labelled set', () => {
  it('has at least 100 faithful and 100 perturbed answers, in both languages', () => {
    expect(summary.faithful.total).toBeGreaterThanOrEqual(100);
    expect(summary.perturbed.total).toBeGreaterThanOrEqual(100);
    for (const language of ['zh', 'en'] as const) {
      expect(summary.byLanguage[language]!.faithful.total).toBeGreaterThanOrEqual(50);
      expect(summary.byLanguage[language]!.perturbed.total).toBeGreaterThanOrEqual(50);
    }
    for (const kind of ['number', 'percentage', 'tonnage', 'year', 'spelled-number', 'marker', 'industry', 'technology', 'language']) {
      expect(summary.byKind[kind]!.total, kind).toBeGreaterThanOrEqual(10);
    }
  });

  it('passes 100% of the faithful answers', () => {
    expect(summary.mistakes.filter((m) => m.label === 'faithful').map((m) => `${m.id}: ${m.problems.join('; ')}`)).toEqual([]);
    expect(summary.faithful.rate).toBe(1);
  });

  it('blocks 100% of the perturbed answers', () => {
    expect(summary.mistakes.filter((m) => m.label === 'perturbed').map((m) => `${m.id} (${m.change})`)).toEqual([]);
    expect(summary.perturbed.rate).toBe(1);
  });

  it('blocks some of the harder swaps (a figure for another figure of the same evidence), reported apart', () => {
    expect(summary.hard.total).toBeGreaterThan(0);
    expect(summary.hard.rate).toBeGreaterThan(0.3);
  });
});
