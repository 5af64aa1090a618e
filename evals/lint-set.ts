/**
 * Validates an eval set folder without running the service: every `*.json` of ask cases
 * against the case schema and the plan (clause ids exist, expected figures are in the cited
 * clauses), and `industries.json` (if present) against the industry-case schema.
 *
 *   npx tsx evals/lint-set.ts evals/fresh-1
 */
import { existsSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { loadCorpus, readJsonFile } from '../src/corpus/load.js';
import { lintCases, loadCases } from './cases.js';
import { industryCaseFileSchema } from './schema.js';

const folder = process.argv[2];
if (!folder) {
  console.error('usage: npx tsx evals/lint-set.ts <folder>');
  process.exit(2);
}
const dir = pathToFileURL(`${resolve(folder)}/`);
const askFiles = readdirSync(dir).filter((name) => name.endsWith('.json') && name !== 'industries.json');
let problems: string[] = [];
let count = 0;
if (askFiles.length) {
  try {
    const cases = loadCases(dir, (name) => name !== 'industries.json');
    count = cases.length;
    problems = lintCases(cases, loadCorpus());
  } catch (error) {
    problems.push((error as Error).message);
  }
}
let industries = 0;
const industriesFile = new URL('industries.json', dir);
if (existsSync(industriesFile)) {
  try {
    industries = readJsonFile(industriesFile, (v) => industryCaseFileSchema.parse(v), `${folder}/industries.json`).cases.length;
  } catch (error) {
    problems.push((error as Error).message);
  }
}
for (const problem of problems) console.error(problem);
console.log(`${count} ask cases, ${industries} industry cases, ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
