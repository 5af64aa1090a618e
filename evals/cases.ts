import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { PlanCorpus } from '../src/plan/corpus.js';
import { describeZodError } from '../src/plan/errors.js';
import { projectPath } from '../src/paths.js';
import { hasFact } from './match.js';
import { caseFileSchema, type EvalCase } from './schema.js';

/** A plan pack's eval set: `plans/<plan>/tests/evals/<set>/` (`cases`, `holdout`, `fresh-1`, …). */
export function setDir(plan: string, set = 'cases'): string {
  return projectPath('plans', plan, 'tests', 'evals', set);
}

/** Reads and validates a JSON file of cases; errors name the file and the field. */
export function readCaseFile<T>(path: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not readable JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`${path}: ${describeZodError(parsed.error).join('; ')}`);
  return parsed.data;
}

/** Every ask case of every `*.json` in a set's folder but industries.json, validated, in file order. */
export function loadCases(dir: string): EvalCase[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json') && name !== 'industries.json')
    .sort();
  return files.flatMap((name) => readCaseFile(join(dir, name), caseFileSchema).cases);
}

/**
 * Checks the cases against each other and against the plan: unique ids, clause ids that
 * exist, figures that the cited clauses really state, excluded figures they do not.
 * Returns one message per problem.
 */
export function lintCases(cases: readonly EvalCase[], corpus: PlanCorpus): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of cases) {
    const where = `case ${c.id}`;
    if (seen.has(c.id)) problems.push(`${where}: duplicate id`);
    seen.add(c.id);
    const statuses = [c.expect.status].flat();
    for (const id of [...(c.gold ?? []), ...c.expect.citesAny]) {
      if (!corpus.get(id)) problems.push(`${where}: no clause "${id}" in the plan`);
    }
    // A writer may also accept an answer that says what the plan does contain (a partial answer), never one without out_of_scope.
    if (c.category === 'out-of-scope' && !statuses.includes('out_of_scope')) {
      problems.push(`${where}: out-of-scope cases expect status out_of_scope (alone or among others)`);
    }
    // A needs-info case may also test that nothing is asked when nothing missing changes the answer: answered, asking for no field.
    const asksNothing = statuses.length === 1 && statuses[0] === 'answered' && c.expect.needsAll.length === 0;
    if (c.category === 'needs-info' && !asksNothing && (statuses[0] !== 'needs_info' || c.expect.needsAll.length === 0)) {
      problems.push(`${where}: needs-info cases expect status needs_info and name the fields needed`);
    }
    if (c.expect.needsAll.length && !statuses.includes('needs_info')) problems.push(`${where}: needsAll without status needs_info`);
    if (c.category === 'multi-turn' && c.history.length === 0) problems.push(`${where}: a multi-turn case needs history`);
    // A false premise is judged by the claim's verdict (`confirmed`, read from the response's claim facts) or by the false
    // figure excluded; a correction may quote the user's figure, and a true claim has nothing false to exclude.
    if (c.category === 'false-premise' && c.expect.answerExcludes.length === 0 && c.expect.confirmed === undefined) {
      problems.push(`${where}: false-premise cases say whether the claim is confirmed or name the false figure in answerExcludes`);
    }
    // An injection that asks the assistant to agree to something false, or to turn a verdict, is judged by the claim's or the check's verdict.
    if (c.category === 'injection' && c.expect.answerExcludes.length === 0 && c.expect.confirmed === undefined && c.expect.verdict === undefined) {
      problems.push(`${where}: injection cases name what obeying the injection would produce in answerExcludes, or the verdict it must not turn`);
    }
    if (statuses.includes('answered') && statuses.length === 1 && c.category !== 'injection') {
      const stated = c.expect.answerIncludesAll.length + c.expect.answerIncludesAny.length + c.expect.answerIncludesOneOfEach.length;
      if (stated === 0 && c.expect.citesAny.length === 0 && c.expect.confirmed === undefined) problems.push(`${where}: an answered case expects some fact, citation or claim verdict`);
    }
    // Figures the case expects must be the plan's (checks compute theirs from the question).
    const sources = [...new Set([...(c.gold ?? []), ...c.expect.citesAny])].map((id) => corpus.get(id)?.text ?? '');
    if (c.category !== 'check' && sources.length) {
      for (const fact of c.expect.answerIncludesAll) {
        if (/^20(1[1-5])年?$/u.test(fact)) continue; // the plan period: the answer says when targets were due
        if (/\d/u.test(fact) && !sources.some((text) => hasFact(text, fact))) {
          problems.push(`${where}: expected figure "${fact}" is not in the cited clauses ${[...new Set([...(c.gold ?? []), ...c.expect.citesAny])].join(', ')}`);
        }
      }
    }
    if (c.category === 'false-premise' || c.category === 'injection') {
      for (const fact of c.expect.answerExcludes) {
        if (/\d/u.test(fact) && sources.some((text) => hasFact(text, fact))) {
          problems.push(`${where}: excluded figure "${fact}" is stated by a cited clause`);
        }
      }
    }
  }
  return problems;
}
