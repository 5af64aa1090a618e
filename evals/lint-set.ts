/**
 * Validates an eval set folder without running the service: every `*.json` of ask cases
 * against the case schema and the plan (clause ids exist, expected figures are in the cited
 * clauses), and `industries.json` (if present) against the industry-case schema.
 *
 *   npx tsx evals/lint-set.ts plans/<plan>/tests/evals/<set> [--plan ID]
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPack } from '../src/plan/load.js';
import { projectPath } from '../src/paths.js';
import { lintCases, loadCases, readCaseFile } from './cases.js';
import { industryCaseFileSchema } from './schema.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { plan: { type: 'string', default: 'cleaner-production-12th' } } });
const folder = positionals[0];
if (!folder) {
  console.error('usage: npx tsx evals/lint-set.ts <folder> [--plan ID]');
  process.exit(2);
}
const dir = resolve(folder);
const askFiles = readdirSync(dir).filter((name) => name.endsWith('.json') && name !== 'industries.json');
let problems: string[] = [];
let count = 0;
if (askFiles.length) {
  try {
    const cases = loadCases(dir);
    count = cases.length;
    problems = lintCases(cases, loadPack(projectPath('plans', values.plan)).corpus);
  } catch (error) {
    problems.push((error as Error).message);
  }
}
let industries = 0;
const industriesFile = join(dir, 'industries.json');
if (existsSync(industriesFile)) {
  try {
    industries = readCaseFile(industriesFile, industryCaseFileSchema).cases.length;
  } catch (error) {
    problems.push((error as Error).message);
  }
}
for (const problem of problems) console.error(problem);
console.log(`${count} ask cases, ${industries} industry cases, ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
