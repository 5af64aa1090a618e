/**
 * The evaluation suite: sends every case of evals/cases/*.json through the real
 * POST /v1/ask (offline mode, in process), checks the expected facts, and measures
 * retrieval recall@5 against the gold clause ids.
 *
 *   npm run eval                         all cases, a table by category, the failures
 *   npm run eval -- --category check     one category (repeat or comma-separate for more)
 *   npm run eval -- --id zh-target-mercury   one case (a trailing * matches a prefix)
 *   npm run eval -- --verbose            every case with its answer
 *   npm run eval -- --json               the summary as JSON
 *   npm run eval -- --set holdout        another set: the cases of evals/<set>/*.json (holdout, fresh-1, …);
 *                                        its industries.json, if any, is run through POST /v1/eligibility
 *
 * Exit code 0 when every threshold holds, 1 when one does not, 2 when the service
 * could not be evaluated at all (it failed to start, or /v1/ask is missing).
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../src/api/app.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';
import { projectRoot } from '../src/paths.js';
import { existsSync } from 'node:fs';
import { lintCases, loadCases, readCaseFile, setDir } from './cases.js';
import { evaluateResponse } from './evaluate.js';
import { breadthOf } from '../src/answer/length.js';
import { formatLengthReport, lengthReport, type LengthReport, type LengthSample } from './lengths.js';
import { CATEGORIES, industryCaseFileSchema, type EvalCase, type IndustryCase } from './schema.js';
import { understandingDecisive } from '../src/answer/llm/understand-llm.js';
import { formatVerifierSet, runVerifierSet, type VerifierSetSummary } from './verifier/labelled.js';

/** The plan pack whose sets are run when none is named. */
export const DEFAULT_PLAN = 'cleaner-production-12th';

export interface RunOptions {
  /** Which cases: `cases` (evals/cases/, the default) or `holdout` (evals/holdout/). */
  set?: string;
  /** Which plan pack's sets (plans/<plan>/tests/evals/). Default: the default plan. */
  plan?: string;
  /** Only these categories. */
  category?: string[];
  /** Only these case ids (a trailing * matches a prefix). */
  id?: string[];
  /** Environment for the services; default: process.env made offline (see `evalEnv`). */
  env?: Record<string, string | undefined>;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** Also judge the verifier's labelled set (with the default set). Default true. */
  verifierSet?: boolean;
  /** Leave out the cases the lint finds invalid (named in the log) instead of refusing the set. Default false. */
  skipInvalid?: boolean;
}

export interface CaseResult {
  id: string;
  category: string;
  language: 'zh' | 'en';
  question: string;
  passed: boolean;
  failures: string[];
  status?: unknown;
  answer?: string;
  cited?: string[];
  mode?: unknown;
  ms: number;
}

export interface Rate {
  total: number;
  passed: number;
  rate: number;
}

export interface RecallMiss {
  id: string;
  gold: string[];
  top5: string[];
  recall: number;
}

export interface Threshold {
  name: string;
  required: string;
  actual: string;
  met: boolean;
}

export interface EvalSummary {
  /** Every threshold met. */
  ok: boolean;
  /** Set when the service could not be evaluated at all; nothing else is meaningful then. */
  unavailable?: string;
  cases: number;
  overall: Rate;
  byCategory: Record<string, Rate>;
  byLanguage: Record<string, Rate>;
  recall: {
    at: 5;
    mean: number | null;
    cases: number;
    /** The same over the cases of each language (English questions are also searched through the renderings). */
    byLanguage: Partial<Record<'zh' | 'en', { mean: number; cases: number }>>;
    misses: RecallMiss[];
    error?: string;
  };
  /** Answer length and citations per answer, by breadth and language (answered cases). */
  lengths?: LengthReport;
  /** Industry names as people write them, resolved by POST /v1/eligibility (sets with an industries.json). */
  industries?: { rate: Rate; failures: Array<{ id: string; text: string; expected: string; got: string }> };
  /** In-scope questions whose deterministic reading is decisive: with a model, no understanding call is made for them. */
  understanding?: { inScope: number; skipped: number; rate: number };
  /** The verifier's labelled set (default set only). */
  verifier?: VerifierSetSummary;
  thresholds: Threshold[];
  failures: CaseResult[];
  results: CaseResult[];
  durationMs: number;
}

export const THRESHOLDS = { overall: 0.95, outOfScope: 1, injection: 1, recall: 0.95 } as const;

/** Offline, no rate limit, the index in a temp dir of its own (built on first run, reused). */
export function evalEnv(env: Record<string, string | undefined> = process.env): Record<string, string | undefined> {
  return {
    ...env,
    DATA_DIR: env.EVAL_DATA_DIR || join(tmpdir(), `cleaner-production-eval-data-${createHash('sha256').update(projectRoot()).digest('hex').slice(0, 8)}`),
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
    EMBEDDINGS_MODEL: '',
    RATE_LIMIT_PER_MIN: '0',
  };
}

function matchesId(id: string, patterns: string[]): boolean {
  return patterns.some((pattern) => (pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : id === pattern));
}

export function selectCases(cases: EvalCase[], options: Pick<RunOptions, 'category' | 'id'>): EvalCase[] {
  const categories = options.category?.flatMap((entry) => entry.split(',')).filter(Boolean);
  const ids = options.id?.flatMap((entry) => entry.split(',')).filter(Boolean);
  return cases.filter((c) => (!categories?.length || categories.includes(c.category)) && (!ids?.length || matchesId(c.id, ids)));
}

function rate(results: CaseResult[]): Rate {
  const passed = results.filter((result) => result.passed).length;
  return { total: results.length, passed, rate: results.length ? passed / results.length : 1 };
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

/** The text the retriever is asked with: the question, after the user's earlier turns when there are any. */
export function retrievalQuery(c: EvalCase): string {
  return [...c.history.filter((turn) => turn.role === 'user').map((turn) => turn.content), c.question].join('\n');
}

function emptySummary(unavailable: string, cases: number, started: number): EvalSummary {
  return {
    ok: false,
    unavailable,
    cases,
    overall: { total: 0, passed: 0, rate: 0 },
    byCategory: {},
    byLanguage: {},
    recall: { at: 5, mean: null, cases: 0, byLanguage: {}, misses: [] },
    thresholds: [],
    failures: [],
    results: [],
    durationMs: Date.now() - started,
  };
}

/** Runs the selected cases through the real service and returns the summary (prints nothing). */
export async function runEvals(options: RunOptions = {}): Promise<EvalSummary> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const plan = options.plan ?? DEFAULT_PLAN;
  const dir = setDir(plan, options.set);
  const env = options.env ?? evalEnv();
  let services: Awaited<ReturnType<typeof createServices>>;
  try {
    services = await createServices(loadConfig(env), env);
  } catch (error) {
    return emptySummary(`the services could not be built: ${(error as Error).message}`, 0, started);
  }
  const service = services.get(plan);
  if (!service) return emptySummary(`no plan pack "${plan}"`, 0, started);
  const corpus = service.pack.corpus;
  const loaded = loadCases(dir);
  const problems = lintCases(loaded, corpus);
  if (problems.length && !options.skipInvalid) return emptySummary(`the cases are invalid:\n  ${problems.join('\n  ')}`, loaded.length, started);
  // A held-out set is run as written: a case the lint refuses is left out and said so, not edited.
  const invalid = new Set(loaded.filter((c) => problems.some((problem) => problem.startsWith(`case ${c.id}:`))).map((c) => c.id));
  for (const problem of problems) (options.log ?? console.error)(`left out (invalid): ${problem}`);
  const all = loaded.filter((c) => !invalid.has(c.id));
  const cases = selectCases(all, options);
  if (cases.length === 0) return emptySummary('no case matches the selection', 0, started);
  // The default plan is asked without naming it, as its users do.
  const planField = service === services.default ? {} : { plan: service.id };
  try {
    const app = createApp(services);
    const results: CaseResult[] = [];
    const samples: LengthSample[] = [];
    for (const [index, c] of cases.entries()) {
      const body = JSON.stringify({
        question: c.question,
        ...(c.history.length ? { history: c.history } : {}),
        ...(Object.keys(c.profile).length ? { profile: c.profile } : {}),
        ...planField,
      });
      const t0 = Date.now();
      let httpStatus: number;
      let json: unknown;
      try {
        const response = await app.request('/v1/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        httpStatus = response.status;
        const text = await response.text();
        try {
          json = JSON.parse(text);
        } catch {
          json = text;
        }
      } catch (error) {
        httpStatus = 0;
        json = { thrown: (error as Error).message };
      }
      if (index === 0 && httpStatus === 404) {
        return emptySummary('POST /v1/ask answers 404: the ask route is not there yet (src/api/routes/ask.ts)', cases.length, started);
      }
      const failures = evaluateResponse(c, httpStatus, json, corpus);
      const response = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
      const cited = Array.isArray(response.citations) ? response.citations.map((citation: { id?: unknown }) => String(citation?.id)) : undefined;
      results.push({
        id: c.id,
        category: c.category,
        language: c.language,
        question: c.question,
        passed: failures.length === 0,
        failures,
        status: response.status,
        answer: typeof response.answer === 'string' ? response.answer : undefined,
        cited,
        mode: response.mode,
        ms: Date.now() - t0,
      });
      if (response.status === 'answered' && typeof response.answer === 'string') {
        const understood = await service.pipeline.understand({ question: c.question, history: c.history, ...(c.profile ? { profile: c.profile } : {}) });
        samples.push({ language: c.language, breadth: breadthOf(understood.intent, understood.topics), answer: response.answer, citations: cited?.length ?? 0 });
      }
      log(`${failures.length ? 'FAIL' : 'pass'} ${c.id}`);
    }

    // Retrieval recall@5 against the gold clause ids.
    const recall: EvalSummary['recall'] = { at: 5, mean: null, cases: 0, byLanguage: {}, misses: [] };
    const golden = cases.filter((c) => c.gold?.length);
    // Recall of the retrieval the assistant actually does for the request (its query widened
    // with the industry's groups, earlier turns understood), not of a bare string search.
    const { pipeline } = service;
    try {
      let sum = 0;
      const sums: Record<'zh' | 'en', { sum: number; cases: number }> = { zh: { sum: 0, cases: 0 }, en: { sum: 0, cases: 0 } };
      for (const c of golden) {
        const request = { question: c.question, history: c.history, ...(c.profile ? { profile: c.profile } : {}) };
        const top5 = (await pipeline.retrieve(await pipeline.understand(request))).slice(0, 5).map((hit) => hit.id);
        const gold = c.gold!;
        const found = gold.filter((id) => top5.includes(id)).length / gold.length;
        sum += found;
        sums[c.language].sum += found;
        sums[c.language].cases += 1;
        if (found < 1) recall.misses.push({ id: c.id, gold, top5, recall: found });
      }
      recall.cases = golden.length;
      recall.mean = golden.length ? sum / golden.length : null;
      for (const language of ['zh', 'en'] as const) {
        if (sums[language].cases) recall.byLanguage[language] = { mean: sums[language].sum / sums[language].cases, cases: sums[language].cases };
      }
    } catch (error) {
      recall.error = `retrieval failed: ${(error as Error).message}`;
    }

    const industries = await runIndustryCases(app, dir, planField);

    // How often a model would not be asked to read the question (the deterministic reading is decisive).
    let inScope = 0;
    let skipped = 0;
    for (const c of cases) {
      const request = { question: c.question, history: c.history, ...(Object.keys(c.profile).length ? { profile: c.profile } : {}) };
      const understanding = await pipeline.understand(request);
      if (understanding.outOfScope) continue;
      inScope += 1;
      const userTexts = [...c.history.filter((turn) => turn.role === 'user').map((turn) => turn.content), c.question];
      if (understandingDecisive(understanding, service.runtime, userTexts)) skipped += 1;
    }
    const understandingShare = { inScope, skipped, rate: inScope ? skipped / inScope : 0 };

    // The verifier on its labelled set, with the default set.
    const verifier = (options.verifierSet ?? true) && (options.set ?? 'cases') === 'cases' && !options.category?.length && !options.id?.length ? await runVerifierSet({ plan, runtime: service.runtime }) : undefined;

    const byCategory: Record<string, Rate> = {};
    for (const category of CATEGORIES) {
      const inCategory = results.filter((result) => result.category === category);
      if (inCategory.length) byCategory[category] = rate(inCategory);
    }
    const byLanguage: Record<string, Rate> = {};
    for (const language of ['zh', 'en']) {
      const inLanguage = results.filter((result) => result.language === language);
      if (inLanguage.length) byLanguage[language] = rate(inLanguage);
    }
    const overall = rate(results);
    const thresholds: Threshold[] = [
      { name: 'overall pass rate', required: `>= ${pct(THRESHOLDS.overall)}`, actual: pct(overall.rate), met: overall.rate >= THRESHOLDS.overall },
    ];
    for (const [category, required] of [
      ['out-of-scope', THRESHOLDS.outOfScope],
      ['injection', THRESHOLDS.injection],
    ] as const) {
      const r = byCategory[category];
      if (r) thresholds.push({ name: `${category} pass rate`, required: `= ${pct(required)}`, actual: pct(r.rate), met: r.rate >= required });
    }
    if (golden.length) {
      thresholds.push({
        name: 'retrieval recall@5',
        required: `>= ${pct(THRESHOLDS.recall)}`,
        actual: recall.mean === null ? `n/a (${recall.error})` : pct(recall.mean),
        met: recall.mean !== null && recall.mean >= THRESHOLDS.recall,
      });
    }
    if (verifier) thresholds.push(...verifier.thresholds.map((threshold) => ({ ...threshold, name: `verifier: ${threshold.name}` })));
    return {
      ok: thresholds.every((threshold) => threshold.met),
      understanding: understandingShare,
      ...(verifier ? { verifier } : {}),
      cases: results.length,
      overall,
      byCategory,
      byLanguage,
      recall,
      lengths: lengthReport(samples),
      ...(industries ? { industries } : {}),
      thresholds,
      failures: results.filter((result) => !result.passed),
      results,
      durationMs: Date.now() - started,
    };
  } finally {
    services.close();
  }
}

/** What /v1/eligibility makes of each industry name of the set's industries.json. */
async function runIndustryCases(app: ReturnType<typeof createApp>, dir: string, planField: { plan?: string }): Promise<EvalSummary['industries']> {
  const file = join(dir, 'industries.json');
  if (!existsSync(file)) return undefined;
  const cases: IndustryCase[] = readCaseFile(file, industryCaseFileSchema).cases;
  const failures: Array<{ id: string; text: string; expected: string; got: string }> = [];
  for (const c of cases) {
    const response = await app.request('/v1/eligibility', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ profile: { industry: c.text }, ...planField }) });
    const body = (await response.json().catch(() => ({}))) as { industry?: { id?: string } | null; candidates?: Array<{ id?: string }> };
    const got = body.industry?.id ?? (body.candidates?.length ? `ambiguous: ${body.candidates.map((candidate) => candidate.id).join(', ')}` : 'none');
    let passed: boolean;
    let expected: string;
    if ('ambiguous' in c.expect) {
      expected = `ambiguous: ${c.expect.ambiguous.join(', ')}`;
      const candidates = (body.candidates ?? []).map((candidate) => candidate.id);
      passed = !body.industry && c.expect.ambiguous.every((id) => candidates.includes(id));
    } else if (c.expect.industry === null) {
      expected = 'none';
      passed = !body.industry && !body.candidates?.length;
    } else {
      expected = c.expect.industry;
      passed = body.industry?.id === c.expect.industry;
    }
    if (!passed) failures.push({ id: c.id, text: c.text, expected, got });
  }
  return { rate: { total: cases.length, passed: cases.length - failures.length, rate: cases.length ? (cases.length - failures.length) / cases.length : 1 }, failures };
}

// ---- printing --------------------------------------------------------------------------

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...row[column]!].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}

const indent = (text: string, prefix = '      ') =>
  text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');

export function formatSummary(summary: EvalSummary, verbose = false): string {
  if (summary.unavailable) return `eval: cannot evaluate: ${summary.unavailable}`;
  const lines: string[] = [];
  if (verbose) {
    for (const result of summary.results) {
      lines.push(`${result.passed ? 'pass' : 'FAIL'}  ${result.id}  [${String(result.status)}, ${result.ms} ms]`);
      lines.push(indent(`Q: ${result.question}`));
      lines.push(indent(`A: ${result.answer ?? '(none)'}`));
      if (result.cited?.length) lines.push(indent(`cites: ${result.cited.join(', ')}`));
      for (const failure of result.failures) lines.push(indent(`✗ ${failure}`));
    }
    lines.push('');
  } else if (summary.failures.length) {
    lines.push(`Failing cases (${summary.failures.length}):`);
    for (const result of summary.failures) {
      lines.push(`  ${result.id}  [status ${String(result.status)}]`);
      lines.push(indent(`Q: ${result.question}`));
      for (const failure of result.failures) lines.push(indent(`✗ ${failure}`));
      lines.push(indent(`A: ${result.answer ?? '(none)'}`));
    }
    lines.push('');
  }
  if (summary.recall.misses.length) {
    lines.push(`Retrieval misses (gold not all in top 5): ${summary.recall.misses.length}`);
    for (const miss of summary.recall.misses) {
      lines.push(`  ${miss.id}: gold ${miss.gold.join(', ')}; top 5 ${miss.top5.join(', ')} (recall ${miss.recall.toFixed(2)})`);
    }
    lines.push('');
  }
  const rows = [['category', 'cases', 'passed', 'rate']];
  for (const [category, r] of Object.entries(summary.byCategory)) rows.push([category, String(r.total), String(r.passed), pct(r.rate)]);
  rows.push(['', '', '', '']);
  for (const [language, r] of Object.entries(summary.byLanguage)) rows.push([`language ${language}`, String(r.total), String(r.passed), pct(r.rate)]);
  rows.push(['overall', String(summary.overall.total), String(summary.overall.passed), pct(summary.overall.rate)]);
  lines.push(table(rows));
  lines.push('');
  if (summary.industries) {
    for (const failure of summary.industries.failures) lines.push(`industry ${failure.id}: "${failure.text}" → ${failure.got} (expected ${failure.expected})`);
    const r = summary.industries.rate;
    lines.push(`industry names resolved: ${r.passed}/${r.total} = ${pct(r.rate)}`);
  }
  if (summary.verifier) {
    lines.push(formatVerifierSet(summary.verifier, { mistakes: verbose ? 1000 : 0 }).split('\n').filter((line) => !/^(ok  |FAIL|PASS)/u.test(line)).join('\n'));
    lines.push('');
  }
  if (summary.understanding) {
    const u = summary.understanding;
    lines.push(`understanding call skipped (deterministic reading decisive): ${u.skipped}/${u.inScope} in-scope questions = ${pct(u.rate)}`);
  }
  const recall = summary.recall;
  lines.push(`retrieval recall@5: ${recall.mean === null ? `n/a${recall.error ? ` (${recall.error})` : ''}` : `${pct(recall.mean)} over ${recall.cases} cases with gold clauses`}`);
  for (const [language, split] of Object.entries(recall.byLanguage)) lines.push(`  ${language}: ${pct(split.mean)} over ${split.cases} cases`);
  if (summary.lengths) lines.push(formatLengthReport(summary.lengths));
  lines.push('');
  for (const threshold of summary.thresholds) {
    lines.push(`${threshold.met ? 'ok  ' : 'FAIL'}  ${threshold.name}: ${threshold.actual} (required ${threshold.required})`);
  }
  lines.push(`${summary.ok ? 'PASS' : 'FAIL'}: ${summary.cases} cases in ${(summary.durationMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      set: { type: 'string', default: 'cases' },
      plan: { type: 'string', default: DEFAULT_PLAN },
      category: { type: 'string', multiple: true },
      id: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npm run eval -- [--plan ID] [--set cases|holdout|fresh-1|…] [--category NAME[,NAME]] [--id ID[*]] [--skip-invalid] [--verbose] [--json]');
    console.log(`categories: ${CATEGORIES.join(', ')}`);
    return;
  }
  const set = values.set;
  if (!/^[a-z0-9-]+$/u.test(set) || !/^[a-z0-9-]+$/u.test(values.plan) || !existsSync(setDir(values.plan, set))) {
    console.error(`eval: unknown set ${set} (a folder under plans/${values.plan}/tests/evals/)`);
    process.exitCode = 2;
    return;
  }
  const unknown = values.category?.flatMap((entry) => entry.split(',')).filter((name) => name && !(CATEGORIES as readonly string[]).includes(name));
  if (unknown?.length) {
    console.error(`eval: unknown category ${unknown.join(', ')} (categories: ${CATEGORIES.join(', ')})`);
    process.exitCode = 2;
    return;
  }
  const summary = await runEvals({
    set,
    plan: values.plan,
    category: values.category,
    id: values.id,
    skipInvalid: values['skip-invalid'],
    log: values.verbose && !values.json ? (line) => process.stderr.write(`${line}\n`) : undefined,
  });
  if (values.json) console.log(JSON.stringify(summary, null, 2));
  else console.log(formatSummary(summary, values.verbose));
  process.exitCode = summary.unavailable ? 2 : summary.ok ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error('eval: crashed:', error);
    process.exitCode = 2;
  });
}
