import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadCorpus } from '../src/corpus/load.js';
import { loadRuleSetData } from '../src/rules/load.js';
import { profileSchema, PROFILE_FIELDS } from '../src/rules/profile.js';
import { RuleSet } from '../src/rules/rule-set.js';
import { itemKindSchema, type Condition, type RuleData } from '../src/rules/schema.js';

/**
 * Data-driven eligibility cases: a profile in, the items that must and must not come out.
 * The cases live in test/cases/eligibility-cases.json; this file only runs them.
 */
const caseSchema = z
  .object({
    name: z.string().min(1),
    profile: profileSchema,
    expect: z
      .object({
        /** The industry the profile resolves to (null: none). */
        industry: z.string().nullable().optional(),
        includes: z.array(z.string()).default([]),
        excludes: z.array(z.string()).default([]),
        /** No item of these kinds. */
        excludeKinds: z.array(itemKindSchema).default([]),
        /** Exactly these missing fields (order aside). */
        missing: z.array(z.enum(PROFILE_FIELDS as [string, ...string[]])).optional(),
        /** Items that must link exactly these targets. */
        itemTargets: z.record(z.string(), z.array(z.string())).default({}),
      })
      .strict(),
  })
  .strict();
const cases = z
  .object({ cases: z.array(caseSchema).min(40) })
  .parse(JSON.parse(readFileSync(new URL('./cases/eligibility-cases.json', import.meta.url), 'utf8'))).cases;

const data = loadRuleSetData();
const ruleSet = new RuleSet(data, loadCorpus());
const engine = ruleSet.eligibility;
const rulesByName = new Map(data.rules.map((rule) => [rule.name, rule]));

function leaves(condition: Condition | { all: Condition[] } | { any: Condition[] }): Array<Extract<Condition, { fact: string }>> {
  if ('fact' in condition) return [condition];
  return ('all' in condition ? condition.all : condition.any).flatMap(leaves);
}
const industryValues = (rule: RuleData) => leaves(rule.conditions).filter((leaf) => leaf.fact === 'industryLineage').map((leaf) => String(leaf.value));

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
    for (const id of e.includes) expect(ids, `includes ${id}`).toContain(id);
    for (const id of e.excludes) expect(ids, `excludes ${id}`).not.toContain(id);
    for (const kind of e.excludeKinds) expect(result.items.filter((item) => item.kind === kind).map((item) => item.id), `no ${kind} items`).toEqual([]);
    if (e.missing) expect([...result.missing].sort()).toEqual([...e.missing].sort());
    for (const [id, targets] of Object.entries(e.itemTargets)) {
      expect(result.items.find((item) => item.id === id)?.targets, `${id} targets`).toEqual(targets);
    }

    // Invariants of every answer.
    const lineage = new Set(result.industry?.lineage ?? []);
    for (const item of result.items) {
      const industries = industryValues(rulesByName.get(item.id)!);
      // nothing that applies only to other industries
      if (industries.length) expect(industries.some((id) => lineage.has(id)), `${item.id} is for ${industries.join('/')}`).toBe(true);
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
