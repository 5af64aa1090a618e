/**
 * The verifier on its labelled set (plans/<plan>/tests/verifier/): answers written by hand
 * against frozen evidence snapshots, none picked by the checker, each judged by a checker built
 * from its snapshot's evidence. The thresholds are 100% of every perturbed kind blocked
 * and at least 98% of faithful answers passed; where the verifier still falls short of 100%,
 * the floor below is what it reached (tests/verifier/README.md), so a regression fails here.
 */
import { describe, expect, it } from 'vitest';
import { checkerForSnapshot, loadVerifierSet, runVerifierSet, VERIFIER_THRESHOLDS } from '../evals/verifier/labelled.js';
import { PackRuntime } from '../src/answer/runtime.js';
import { MAIN_PLAN, mainPack } from './support/packs.js';

/** Faithful answers passed: the share reached (see the README's round 6), above the 98% asked for, held as the floor. */
const FAITHFUL_REACHED = 0.987;

describe('the verifier’s labelled set', () => {
  it('is whole: every answer refers to a snapshot, and every kind has at least 100 answers in each language', () => {
    const set = loadVerifierSet(MAIN_PLAN);
    const count = new Map<string, number>();
    for (const item of set.items) count.set(`${item.kind}/${item.language}`, (count.get(`${item.kind}/${item.language}`) ?? 0) + 1);
    const kinds = new Set(set.items.map((item) => item.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(12);
    for (const kind of kinds) {
      for (const language of ['zh', 'en']) expect(count.get(`${kind}/${language}`) ?? 0, `${kind} ${language}`).toBeGreaterThanOrEqual(100);
    }
  });

  it('a checker rebuilt from a snapshot numbers its evidence as the model was shown it', async () => {
    const runtime = await PackRuntime.create(mainPack());
    const set = loadVerifierSet(MAIN_PLAN);
    const snapshot = set.snapshots.get('zh-check-training-50-boundary')!;
    const checker = await checkerForSnapshot(snapshot, runtime);
    expect(checker.checkAnswer(snapshot.offlineAnswer)).toEqual([]);
    expect(checker.checkAnswer('规划要求培训比例超过50%[7]。').map((problem) => problem.code)).toContain('bad_marker');
  });

  it(
    'passes faithful answers and blocks every kind of error (the issue’s thresholds)',
    async () => {
      const summary = await runVerifierSet({ plan: MAIN_PLAN, runtime: await PackRuntime.create(mainPack()), elsewhere: false });
      expect(summary.faithful.rate).toBeGreaterThanOrEqual(Math.max(FAITHFUL_REACHED, VERIFIER_THRESHOLDS.faithfulPassed));
      // In each language too.
      for (const language of ['zh', 'en']) {
        const faithful = summary.byKind.faithful![language]!;
        expect(faithful.rate, `faithful ${language}: ${faithful.right}/${faithful.total}`).toBeGreaterThanOrEqual(VERIFIER_THRESHOLDS.faithfulPassed);
      }
      for (const [kind, languages] of Object.entries(summary.byKind)) {
        if (kind === 'faithful') continue;
        expect(languages.all!.rate, `${kind}: ${languages.all!.right}/${languages.all!.total}`).toBeGreaterThanOrEqual(VERIFIER_THRESHOLDS.perturbedBlocked);
      }
    },
    180_000,
  );

  it('reads no instruction, penalty or status into faithful English that uses their words otherwise (the review of the fresh-2 changes)', async () => {
    const runtime = await PackRuntime.create(mainPack());
    const set = loadVerifierSet(MAIN_PLAN);
    const audit = await checkerForSnapshot(set.snapshots.get('en-eligibility-electroplating-audit')!, runtime);
    for (const answer of [
      'Meanwhile your industry is one of the 8 heavy-metal pollution prevention and control industries named by the plan [1].',
      'That is fine: your industry is one of the 8 heavy-metal pollution prevention and control industries named by the plan [1].',
    ]) {
      expect(audit.checkAnswer(answer), answer).toEqual([]);
    }
    // Nor an opposite into a Chinese word that modifies what follows it ("推广" then "高效"), nor a status into 提前 "moved forward".
    const pvc = await checkerForSnapshot(set.snapshots.get('zh-technology-pvc-mercury')!, runtime);
    expect(pvc.checkAnswer('电石法聚氯乙烯行业推广低汞触媒技术[1]，并推广高效汞回收技术[1]。')).toEqual([]);
    const ecoDesign = await checkerForSnapshot(set.snapshots.get('zh-general-eco-design')!, runtime);
    expect(ecoDesign.checkAnswer('生态设计把节能治污从消费终端提前到产品开发设计阶段[1]。')).toEqual([]);
    const advanced = await checkerForSnapshot(set.snapshots.get('en-holdout-check-advanced-75')!, runtime);
    const target = 'By 2015, at least 70% of enterprises in key industries were to have reached the advanced cleaner production enterprise level [1].';
    expect(advanced.checkAnswer(target)).toEqual([]);
  });

  it(
    'holds what it reached on the sealed batches after tuning on them: every perturbed answer of both blocked, fresh-2’s faithful ones all passed',
    async () => {
      const runtime = await PackRuntime.create(mainPack());
      for (const batch of ['fresh-1', 'fresh-2']) {
        const summary = await runVerifierSet({ plan: MAIN_PLAN, runtime, labelled: `fresh/${batch}`, elsewhere: false });
        for (const [kind, languages] of Object.entries(summary.byKind)) {
          if (kind !== 'faithful') expect(languages.all!.rate, `${batch} ${kind}: ${languages.all!.right}/${languages.all!.total}`).toBe(1);
        }
        // fresh-1's five refused faithful answers are left (tests/verifier/fresh/fresh-1/FIRST-RUN.md).
        expect(summary.faithful.rate, batch).toBeGreaterThanOrEqual(batch === 'fresh-1' ? 75 / 80 : 1);
      }
    },
    180_000,
  );

  it(
    'holds what fresh-4 reached after tuning on it: every flipped polarity, status claim, inverted verdict and invented obligation blocked, no faithful answer lost',
    async () => {
      const runtime = await PackRuntime.create(mainPack());
      const summary = await runVerifierSet({ plan: MAIN_PLAN, runtime, labelled: 'fresh/fresh-4', elsewhere: false });
      for (const [kind, languages] of Object.entries(summary.byKind)) {
        // Two instructions without a word of instruction are left (tests/verifier/fresh/fresh-4/FIRST-RUN.md).
        if (kind !== 'faithful') expect(languages.all!.right, `fresh-4 ${kind}: ${languages.all!.right}/${languages.all!.total}`).toBe(languages.all!.total - (kind === 'instruction' ? 2 : 0));
      }
      expect(summary.faithful.right).toBeGreaterThanOrEqual(63);
    },
    180_000,
  );

  /** A tuned batch holds what it reached: every perturbed kind blocked but the answers `left`, at least `faithful` faithful ones passed. */
  async function expectTuned(batch: string, left: Record<string, number>, faithful: number) {
    const runtime = await PackRuntime.create(mainPack());
    const summary = await runVerifierSet({ plan: MAIN_PLAN, runtime, labelled: `fresh/${batch}`, elsewhere: false });
    for (const [kind, languages] of Object.entries(summary.byKind)) {
      if (kind !== 'faithful') expect(languages.all!.right, `${batch} ${kind}: ${languages.all!.right}/${languages.all!.total}`).toBe(languages.all!.total - (left[kind] ?? 0));
    }
    expect(summary.faithful.right, batch).toBeGreaterThanOrEqual(faithful);
  }

  it(
    'holds what fresh-5 reached after tuning on it: every inverted verdict and researched technology written as adopted blocked, closings passed',
    // Left (tests/verifier/fresh/fresh-5/FIRST-RUN.md): a negation written as "keep … off", and a duty written as a plain present tense.
    () => expectTuned('fresh-5', { 'flipped-polarity': 1, 'invented-obligation': 1 }, 68),
    180_000,
  );

  it(
    'holds what fresh-6 reached after tuning on it: closings in other words passed',
    // Left (tests/verifier/fresh/fresh-6/FIRST-RUN.md): a duty made optional beside the plan's own word "voluntary", a denial
    // without a negated verb the evidence uses, and a status claimed in plain words ("delivered ahead of time").
    () => expectTuned('fresh-6', { 'flipped-polarity': 2, 'status-claim': 1 }, 68),
    180_000,
  );
});
