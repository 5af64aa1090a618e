/**
 * The verifier's pass rates on its labelled set (./set.ts), for `npm run eval` and for
 * humans:
 *
 *   npx tsx evals/verifier/report.ts            rates by side, kind and language; any mistakes
 *   npx tsx evals/verifier/report.ts --verbose  also every hard-set miss
 *   npx tsx evals/verifier/report.ts --json     the summary as JSON
 *
 * `runVerifierEval()` returns the same summary for the eval runner to print.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Assistant } from '../../src/assistant/assistant.js';
import { loadConfig } from '../../src/config.js';
import { createServices } from '../../src/services.js';
import { loadCases } from '../cases.js';
import { SET_QUESTIONS } from './questions.js';
import { buildVerifierSet, scoreVerifierSet, type SourceQuestion, type VerifierScore } from './set.js';

export interface VerifierEvalSummary {
  /** The verifier passed every faithful answer and blocked every perturbed one. */
  ok: boolean;
  faithful: { total: number; passed: number; rate: number };
  perturbed: { total: number; blocked: number; rate: number };
  byKind: VerifierScore['byKind'];
  byLanguage: VerifierScore['byLanguage'];
  hard: { total: number; blocked: number; rate: number };
  sources: number;
  skipped: number;
  mistakes: Array<{ id: string; label: string; change?: string; problems: string[]; answer: string }>;
  hardMisses: Array<{ id: string; change?: string; answer: string }>;
  durationMs: number;
}

/** The eval cases (every case with its history and profile) and our own questions. */
export function verifierQuestions(): SourceQuestion[] {
  const cases = loadCases().map((c) => ({ id: c.id, question: c.question, history: c.history, profile: c.profile }));
  return [...cases, ...SET_QUESTIONS];
}

/**
 * Builds the labelled set with the offline pipeline and scores the verifier on it. Pass an
 * assistant to reuse one; otherwise services are built offline (index in a temp dir).
 */
export async function runVerifierEval(options: { assistant?: Assistant; env?: Record<string, string | undefined> } = {}): Promise<VerifierEvalSummary> {
  const started = Date.now();
  let assistant = options.assistant;
  if (!assistant) {
    const env = options.env ?? {
      ...process.env,
      DATA_DIR: process.env.EVAL_DATA_DIR || join(tmpdir(), 'cleaner-production-eval-data'),
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      EMBEDDINGS_MODEL: '',
    };
    assistant = (await createServices(loadConfig(env), env)).assistant;
  }
  const set = await buildVerifierSet({ assistant, questions: verifierQuestions() });
  const score = scoreVerifierSet(set);
  return {
    ok: score.faithful.rate === 1 && score.perturbed.rate === 1,
    faithful: { total: score.faithful.total, passed: score.faithful.ok, rate: score.faithful.rate },
    perturbed: { total: score.perturbed.total, blocked: score.perturbed.ok, rate: score.perturbed.rate },
    byKind: score.byKind,
    byLanguage: score.byLanguage,
    hard: { total: score.hard.total, blocked: score.hard.ok, rate: score.hard.rate },
    sources: score.sources,
    skipped: score.skipped,
    mistakes: score.mistakes.map(({ item, problems }) => ({
      id: item.id,
      label: item.label,
      ...(item.change ? { change: item.change } : {}),
      problems: problems.map((problem) => `${problem.code}: ${problem.detail}`),
      answer: item.answer,
    })),
    hardMisses: score.hardMisses.map(({ item }) => ({ id: item.id, ...(item.change ? { change: item.change } : {}), answer: item.answer })),
    durationMs: Date.now() - started,
  };
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

export function formatVerifierSummary(summary: VerifierEvalSummary, verbose = false): string {
  const lines: string[] = [];
  for (const mistake of summary.mistakes) {
    lines.push(`MISTAKE ${mistake.id} (${mistake.label}${mistake.change ? `: ${mistake.change}` : ''})`);
    for (const problem of mistake.problems) lines.push(`    ${problem}`);
    lines.push(`    ${mistake.answer.replaceAll('\n', '\n    ')}`);
  }
  if (verbose) for (const miss of summary.hardMisses) lines.push(`hard miss ${miss.id}: ${miss.change ?? ''}`);
  lines.push(`verifier set: ${summary.sources} answered questions (${summary.skipped} skipped: not answered)`);
  lines.push(`  faithful answers passed:  ${summary.faithful.passed}/${summary.faithful.total} = ${pct(summary.faithful.rate)}`);
  lines.push(`  perturbed answers blocked: ${summary.perturbed.blocked}/${summary.perturbed.total} = ${pct(summary.perturbed.rate)}`);
  for (const [language, sides] of Object.entries(summary.byLanguage)) {
    lines.push(`    ${language}: faithful ${sides.faithful.ok}/${sides.faithful.total}, perturbed ${sides.perturbed.ok}/${sides.perturbed.total}`);
  }
  lines.push(`  by kind: ${Object.entries(summary.byKind).map(([kind, r]) => `${kind} ${r.ok}/${r.total}`).join(', ')}`);
  lines.push(`  hard set (a figure swapped for another figure of the same evidence), blocked: ${summary.hard.blocked}/${summary.hard.total} = ${pct(summary.hard.rate)} (reported, not required)`);
  lines.push(`${summary.ok ? 'PASS' : 'FAIL'} in ${(summary.durationMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, verbose: { type: 'boolean', short: 'v', default: false } } });
  const summary = await runVerifierEval();
  console.log(values.json ? JSON.stringify(summary, null, 2) : formatVerifierSummary(summary, values.verbose));
  process.exitCode = summary.ok ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error('verifier eval: crashed:', error);
    process.exitCode = 2;
  });
}
