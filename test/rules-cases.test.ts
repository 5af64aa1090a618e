import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadPacks } from '../src/plan/registry.js';
import { projectPath } from '../src/paths.js';
import { RuleSet } from '../src/rules/rule-set.js';
import { itemKindSchema, leafConditions, type RuleData } from '../src/rules/schema.js';
import { TEST_PLANS_DIR } from './support/packs.js';

/**
 * Data-driven eligibility cases: a profile in, the items that must and must not come out. The
 * cases live beside the rules, in each plan pack's tests/eligibility-cases.json; this file only
 * runs them, for every pack (the repository's and the test pack).
 */
const caseSchema = z
  .object({
    name: z.string().min(1),
    profile: z.object({ industry: z.string().optional() }).catchall(z.boolean()),
    expect: z
      .object({
        /** The industry the profile resolves to (null: none). */
        industry: z.string().nullable().optional(),
        /** The industries an ambiguous name may mean (the user is asked). */
        candidates: z.array(z.string()).optional(),
        includes: z.array(z.string()).default([]),
        excludes: z.array(z.string()).default([]),
        /** No item of these kinds. */
        excludeKinds: z.array(itemKindSchema).default([]),
        /** Exactly these missing fields (order aside). */
        missing: z.array(z.string()).optional(),
        /** Items that must link exactly these targets. */
        itemTargets: z.record(z.string(), z.array(z.string())).default({}),
      })
      .strict(),
  })
  .strict();

const leaves = leafConditions;
const industryValues = (rule: RuleData) => leaves(rule.conditions).filter((leaf) => leaf.fact === 'industryLineage' && leaf.operator === 'contains').map((leaf) => String(leaf.value));
const groupValues = (rule: RuleData) => leaves(rule.conditions).filter((leaf) => leaf.fact === 'industryGroups' && leaf.operator === 'contains').map((leaf) => String(leaf.value));

const packs = [...loadPacks(projectPath('plans')), ...loadPacks(TEST_PLANS_DIR)].filter((pack) => existsSync(join(pack.dir, 'tests', 'eligibility-cases.json')));

describe.each(packs.map((pack) => [pack.id, pack] as const))('plan pack %s', (_id, pack) => {
  const cases = z
    .object({ cases: z.array(caseSchema).min(pack.meta.testData ? 5 : 40) })
    .parse(JSON.parse(readFileSync(join(pack.dir, 'tests', 'eligibility-cases.json'), 'utf8'))).cases;
  const ruleSet = new RuleSet(pack);
  const engine = ruleSet.eligibility;
  const data = { rules: pack.rules, targets: pack.targets };
  const rulesByName = new Map(data.rules.map((rule) => [rule.name, rule]));
  const PROFILE_FIELDS = ['industry', ...ruleSet.flags];

  describe('eligibility cases file', () => {
    it('names only rules and targets that exist (so an exclusion cannot pass by a typo)', () => {
      const targetIds = new Set(data.targets.map((target) => target.id));
      for (const { name, expect: e } of cases) {
        for (const id of [...e.includes, ...e.excludes, ...Object.keys(e.itemTargets)]) expect(rulesByName.has(id), `${name}: rule ${id}`).toBe(true);
        for (const id of Object.values(e.itemTargets).flat()) expect(targetIds.has(id), `${name}: target ${id}`).toBe(true);
        expect(e.includes.filter((id) => e.excludes.includes(id)), name).toEqual([]);
      }
    });

    it('covers every industry that has its own rules, and every profile flag', () => {
      const resolved = new Set(cases.map((c) => c.expect.industry).filter((id): id is string => typeof id === 'string'));
      const withRules = new Set(data.rules.flatMap(industryValues));
      expect([...withRules].filter((id) => !resolved.has(id))).toEqual([]);
      for (const field of PROFILE_FIELDS) expect(cases.some((c) => c.profile[field as keyof typeof c.profile] !== undefined), field).toBe(true);
    });
  });

  describe('eligibility cases', () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, { profile, expect: e }) => {
      const result = await engine.evaluate(profile);
      const ids = result.items.map((item) => item.id);

      if (e.industry !== undefined) expect(result.industry?.id ?? null).toBe(e.industry);
      if (e.candidates) expect((result.candidates ?? []).map((candidate) => candidate.id)).toEqual(e.candidates);
      for (const id of e.includes) expect(ids, `includes ${id}`).toContain(id);
      for (const id of e.excludes) expect(ids, `excludes ${id}`).not.toContain(id);
      for (const kind of e.excludeKinds) expect(result.items.filter((item) => item.kind === kind).map((item) => item.id), `no ${kind} items`).toEqual([]);
      if (e.missing) expect([...result.missing].sort()).toEqual([...e.missing].sort());
      for (const [id, targets] of Object.entries(e.itemTargets)) {
        expect(result.items.find((item) => item.id === id)?.targets, `${id} targets`).toEqual(targets);
      }

      // Invariants of every answer.
      const lineage = new Set(result.industry?.lineage ?? []);
      const groups = new Set(result.industry?.groups ?? []);
      for (const item of result.items) {
        const rule = rulesByName.get(item.id)!;
        const industries = industryValues(rule);
        // nothing that applies only to other industries (or other industries' groups)
        if (industries.length && !groupValues(rule).some((id) => groups.has(id))) expect(industries.some((id) => lineage.has(id)), `${item.id} is for ${industries.join('/')}`).toBe(true);
        expect(item.citations.length, item.id).toBeGreaterThan(0);
        for (const citation of item.citations) expect(citation.quote.length, item.id).toBeGreaterThan(0);
      }
      // a field the profile gave is never "missing" (an industry text naming no known industry is asked for again)
      for (const field of result.missing) {
        if (field === 'industry' && result.industry === null) continue;
        expect(profile[field as keyof typeof profile], `missing ${field}`).toBeUndefined();
      }
    });
  });
});
