import { readdirSync } from 'node:fs';
import { readJsonFile } from '../src/corpus/load.js';
import type { PlanCorpus } from '../src/corpus/load.js';
import { hasFact } from './match.js';
import { caseFileSchema, type EvalCase } from './schema.js';

export const CASES_DIR = new URL('./cases/', import.meta.url);
/** The held-out set: written apart from the tuning, run with `--set holdout`. */
export const HOLDOUT_DIR = new URL('./holdout/', import.meta.url);

/** Every case of every `*.json` in `dir` (default `evals/cases/`), validated, in file order. */
export function loadCases(dir: URL = CASES_DIR, include: (name: string) => boolean = (name) => name !== 'industries.json'): EvalCase[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json') && include(name))
    .sort();
  const folder = dir.pathname.replace(/\/$/u, '').split('/').pop();
  return files.flatMap((name) => readJsonFile(new URL(name, dir), (v) => caseFileSchema.parse(v), `evals/${folder}/${name}`).cases);
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
    if (c.category === 'out-of-scope' && (statuses.length !== 1 || statuses[0] !== 'out_of_scope')) {
      problems.push(`${where}: out-of-scope cases expect status out_of_scope`);
    }
    if (c.category === 'needs-info' && (statuses[0] !== 'needs_info' || c.expect.needsAll.length === 0)) {
      problems.push(`${where}: needs-info cases expect status needs_info and name the fields needed`);
    }
    if (c.expect.needsAll.length && !statuses.includes('needs_info')) problems.push(`${where}: needsAll without status needs_info`);
    if (c.category === 'multi-turn' && c.history.length === 0) problems.push(`${where}: a multi-turn case needs history`);
    if ((c.category === 'false-premise' || c.category === 'injection') && c.expect.answerExcludes.length === 0) {
      problems.push(`${where}: ${c.category} cases name the false or invented figure in answerExcludes`);
    }
    if (statuses.includes('answered') && statuses.length === 1 && c.category !== 'injection') {
      const stated = c.expect.answerIncludesAll.length + c.expect.answerIncludesAny.length + c.expect.answerIncludesOneOfEach.length;
      if (stated === 0 && c.expect.citesAny.length === 0) problems.push(`${where}: an answered case expects some fact or citation`);
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
