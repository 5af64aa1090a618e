/**
 * The verifier judged on its labelled set (plans/<plan>/tests/verifier/): answers written by
 * hand against frozen evidence snapshots, each labelled faithful or perturbed (with the kind of
 * error), none of them picked by the checker. Each answer is checked by a checker built from
 * its snapshot's evidence (the facts, quotes and numbering the model was shown), not by
 * re-running the pipeline, so the set does not move when retrieval or the rules do.
 *
 *   npx tsx evals/verifier/labelled.ts              rates by kind and language; the mistakes
 *   npx tsx evals/verifier/labelled.ts --kind link  one kind (repeat for more; `faithful` too)
 *   npx tsx evals/verifier/labelled.ts --json       the summary as JSON
 *   npx tsx evals/verifier/labelled.ts --labelled fresh-1   a sealed batch under tests/verifier/fresh/ instead of labelled/
 *
 * Thresholds: every perturbed kind blocked 100%, faithful answers passed >= 98%.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { buildEvidence } from '../../src/answer/evidence.js';
import { periodFact } from '../../src/answer/facts.js';
import { PackRuntime } from '../../src/answer/runtime.js';
import type { Decision, Fact, Understanding } from '../../src/answer/types.js';
import type { AnswerChecker, Problem } from '../../src/answer/verify.js';
import { loadPack } from '../../src/plan/load.js';
import { ITEM_KINDS } from '../../src/plan/schema.js';
import { projectPath } from '../../src/paths.js';
import type { Citation } from '../../src/rules/citations.js';
import type { ProfileField } from '../../src/rules/profile.js';
import { localizedSchema } from '../../src/text/languages.js';

export const VERIFIER_THRESHOLDS = { perturbedBlocked: 1, faithfulPassed: 0.98 } as const;

const language = z.enum(['zh', 'en']);

interface SnapshotFact {
  kind: string;
  title: z.infer<typeof localizedSchema>;
  text: z.infer<typeof localizedSchema>;
  markers: number[];
  check?: Fact['check'] | undefined;
  confirmed?: boolean | undefined;
  details?: SnapshotFact[] | undefined;
  onlyIf?: string | undefined;
}

const factSchema: z.ZodType<SnapshotFact> = z.lazy(() =>
  z
    .object({
      kind: z.string(),
      title: localizedSchema,
      text: localizedSchema,
      markers: z.array(z.number().int().positive()),
      check: z
        .object({
          met: z.boolean(),
          comparator: z.enum(['>', '>=', '=']),
          target: z.object({ value: z.number(), unit: z.string(), year: z.number().int() }),
          reported: z.object({ value: z.number(), unit: z.string() }),
          difference: z.number(),
        })
        .transform((check) => ({ ...check, targetId: '', summary: { zh: '', en: '' } }) as unknown as Fact['check'])
        .optional(),
      confirmed: z.boolean().optional(),
      details: z.array(factSchema).optional(),
      onlyIf: z.string().optional(),
    })
    .strict(),
);

const snapshotSchema = z
  .object({
    id: z.string().min(1),
    language,
    question: z.string(),
    history: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string() }).strict()).optional(),
    profileIndustry: z.string().optional(),
    facts: z.array(factSchema),
    conditional: z.array(factSchema),
    citations: z.array(z.object({ n: z.number().int().positive(), id: z.string(), quote: z.string() }).strict()),
    prompt: z.object({ facts: z.array(z.string()), quotes: z.array(z.string()) }).strict(),
    offlineAnswer: z.string(),
  })
  .strict();
export type Snapshot = z.infer<typeof snapshotSchema>;

const evidenceFileSchema = z.object({ version: z.string(), snapshots: z.array(snapshotSchema) }).strict();

const itemSchema = z
  .object({
    id: z.string().min(1),
    snapshot: z.string().min(1),
    language,
    label: z.enum(['faithful', 'perturbed']),
    kind: z.string().min(1),
    style: z.string().optional(),
    answer: z.string(),
    error: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();
export type LabelledAnswer = z.infer<typeof itemSchema> & { file: string };

const labelledFileSchema = z.object({ items: z.array(itemSchema) }).strict();

function readJson<T>(path: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}

export interface VerifierSet {
  snapshots: Map<string, Snapshot>;
  items: LabelledAnswer[];
}

/** The snapshots and labelled answers of a plan pack, validated; every answer's snapshot exists. */
export function loadVerifierSet(plan: string, labelled = 'labelled'): VerifierSet {
  const dir = projectPath('plans', plan, 'tests', 'verifier');
  const { snapshots } = readJson(join(dir, 'evidence.json'), evidenceFileSchema);
  const byId = new Map(snapshots.map((snapshot) => [snapshot.id, snapshot]));
  const items: LabelledAnswer[] = [];
  const answers = join(dir, labelled);
  for (const file of readdirSync(answers).filter((name) => name.endsWith('.json')).sort()) {
    for (const item of readJson(join(answers, file), labelledFileSchema).items) {
      if (!byId.has(item.snapshot)) throw new Error(`labelled/${file}: ${item.id} refers to snapshot "${item.snapshot}", which evidence.json does not have`);
      items.push({ ...item, file });
    }
  }
  return { snapshots: byId, items };
}

const itemKinds = new Set<string>(ITEM_KINDS.filter((kind) => kind !== 'target'));

/**
 * The checker for answers written from one snapshot: its facts and quotes rebuilt as the
 * pipeline's decision (the same citations, in the same order) and given to `buildEvidence`, so
 * markers mean what they meant when the answers were written. The question is read again only
 * for the terms the user named (names a sentence citing nothing may repeat).
 */
export async function checkerForSnapshot(snapshot: Snapshot, runtime: PackRuntime): Promise<AnswerChecker> {
  const citations: Citation[] = [...snapshot.citations].sort((a, b) => a.n - b.n).map(({ id, quote }) => ({ id, quote }));
  let serial = 0;
  const toFact = (fact: SnapshotFact): Fact => {
    const kind = itemKinds.has(fact.kind) ? 'item' : (fact.kind as Fact['kind']);
    return {
      id: `${snapshot.id}:${++serial}`,
      kind,
      ...(kind === 'item' ? { itemKind: fact.kind as Fact['itemKind'] } : {}),
      title: fact.title,
      text: fact.text,
      citations: fact.markers.map((n) => citations[n - 1]!),
      ...(fact.details?.length ? { details: fact.details.map(toFact) } : {}),
      ...(fact.check ? { check: fact.check } : {}),
      ...(fact.confirmed !== undefined ? { confirmed: fact.confirmed } : {}),
    };
  };
  const conditional = new Map<ProfileField, Fact[]>();
  for (const item of snapshot.conditional) {
    const field = item.onlyIf as ProfileField;
    conditional.set(field, [...(conditional.get(field) ?? []), toFact(item)]);
  }
  const understood = await runtime.understander.understand({ question: snapshot.question, ...(snapshot.history ? { history: snapshot.history } : {}) });
  const understanding: Understanding = { ...understood, language: snapshot.language };
  const decision: Decision = {
    status: 'answered',
    intent: understanding.intent,
    facts: [...snapshot.facts.map(toFact), periodFact(runtime.pack)],
    profile: snapshot.profileIndustry ? { industry: snapshot.profileIndustry } : {},
    ...(conditional.size ? { conditional: [...conditional].map(([field, items]) => ({ field, items })) } : {}),
  };
  return buildEvidence(decision, understanding, { answer: snapshot.offlineAnswer, citations }, runtime, { question: snapshot.question, history: snapshot.history }).checker;
}

export interface Tally {
  total: number;
  /** Faithful answers passed, or perturbed answers blocked. */
  right: number;
  rate: number;
}

export interface VerifierMistake {
  id: string;
  file: string;
  label: 'faithful' | 'perturbed';
  kind: string;
  style?: string | undefined;
  error?: string | undefined;
  problems: string[];
  answer: string;
}

export interface VerifierSetSummary {
  ok: boolean;
  snapshots: number;
  faithful: Tally;
  perturbed: Tally;
  /** Kind → language → tally (`faithful` is a kind here too). */
  byKind: Record<string, Record<string, Tally>>;
  /** Faithful answers by style. */
  byStyle: Record<string, Tally>;
  /**
   * Perturbed answers blocked that would be blocked even with their error taken out (the text
   * of `error` removed): blocked for something else, so their block says nothing of the error.
   */
  blockedElsewhere: number;
  thresholds: Array<{ name: string; required: string; actual: string; met: boolean }>;
  mistakes: VerifierMistake[];
  durationMs: number;
}

const tally = (right: number, total: number): Tally => ({ total, right, rate: total ? right / total : 1 });
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

/** Judges every labelled answer (or those of `kinds`) with its snapshot's checker. */
export async function runVerifierSet(
  options: {
    plan?: string;
    kinds?: string[];
    runtime?: PackRuntime;
    /** Also count blocks that do not depend on the error (checks each blocked answer again). Default true. */
    elsewhere?: boolean;
    /** The folder of labelled answers under tests/verifier/. Default `labelled` (the calibration set); a sealed batch is under `fresh/<name>`. */
    labelled?: string;
  } = {},
): Promise<VerifierSetSummary> {
  const started = Date.now();
  const plan = options.plan ?? 'cleaner-production-12th';
  const runtime = options.runtime ?? (await PackRuntime.create(loadPack(projectPath('plans', plan))));
  const set = loadVerifierSet(plan, options.labelled);
  const items = options.kinds?.length ? set.items.filter((item) => options.kinds!.includes(item.kind)) : set.items;
  const checkers = new Map<string, AnswerChecker>();
  const counts = new Map<string, { right: number; total: number }>();
  const count = (key: string, right: boolean) => {
    const entry = counts.get(key) ?? { right: 0, total: 0 };
    entry.total += 1;
    if (right) entry.right += 1;
    counts.set(key, entry);
  };
  const mistakes: VerifierMistake[] = [];
  let blockedElsewhere = 0;
  for (const item of items) {
    let checker = checkers.get(item.snapshot);
    if (!checker) {
      checker = await checkerForSnapshot(set.snapshots.get(item.snapshot)!, runtime);
      checkers.set(item.snapshot, checker);
    }
    const problems: Problem[] = checker.checkAnswer(item.answer);
    const right = item.label === 'faithful' ? problems.length === 0 : problems.length > 0;
    count(`side\t${item.label}`, right);
    count(`kind\t${item.kind}\t${item.language}`, right);
    if (item.label === 'faithful') count(`style\t${item.style ?? 'plain'}`, right);
    if ((options.elsewhere ?? true) && item.label === 'perturbed' && right && item.error && item.answer.includes(item.error) && checker.checkAnswer(item.answer.replace(item.error, '')).length > 0) blockedElsewhere += 1;
    if (!right) {
      mistakes.push({
        id: item.id,
        file: item.file,
        label: item.label,
        kind: item.kind,
        style: item.style,
        error: item.error,
        problems: problems.map((problem) => `${problem.code}: ${problem.detail}`),
        answer: item.answer,
      });
    }
  }
  const get = (key: string) => {
    const entry = counts.get(key) ?? { right: 0, total: 0 };
    return tally(entry.right, entry.total);
  };
  const byKind: VerifierSetSummary['byKind'] = {};
  const byStyle: VerifierSetSummary['byStyle'] = {};
  for (const key of [...counts.keys()].sort()) {
    const [group, name, lang] = key.split('\t') as [string, string, string | undefined];
    if (group === 'kind') (byKind[name] ??= {})[lang!] = get(key);
    if (group === 'style') byStyle[name] = get(key);
  }
  for (const languages of Object.values(byKind)) {
    const all = Object.values(languages);
    languages.all = tally(all.reduce((sum, entry) => sum + entry.right, 0), all.reduce((sum, entry) => sum + entry.total, 0));
  }
  const faithful = get('side\tfaithful');
  const perturbed = get('side\tperturbed');
  const thresholds: VerifierSetSummary['thresholds'] = [];
  if (faithful.total) thresholds.push({ name: 'faithful answers passed', required: `>= ${pct(VERIFIER_THRESHOLDS.faithfulPassed)}`, actual: pct(faithful.rate), met: faithful.rate >= VERIFIER_THRESHOLDS.faithfulPassed });
  for (const [kind, languages] of Object.entries(byKind)) {
    if (kind === 'faithful') continue;
    thresholds.push({ name: `${kind} blocked`, required: `= ${pct(VERIFIER_THRESHOLDS.perturbedBlocked)}`, actual: pct(languages.all!.rate), met: languages.all!.rate >= VERIFIER_THRESHOLDS.perturbedBlocked });
  }
  return {
    ok: thresholds.every((threshold) => threshold.met),
    snapshots: set.snapshots.size,
    faithful,
    perturbed,
    byKind,
    byStyle,
    blockedElsewhere,
    thresholds,
    mistakes,
    durationMs: Date.now() - started,
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...row[column]!].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}

export function formatVerifierSet(summary: VerifierSetSummary, options: { mistakes?: number } = {}): string {
  const lines: string[] = [];
  const shown = summary.mistakes.slice(0, options.mistakes ?? 20);
  for (const mistake of shown) {
    lines.push(`${mistake.label === 'faithful' ? 'REJECTED' : 'PASSED'}  ${mistake.id} (${mistake.file}${mistake.style ? `, ${mistake.style}` : ''})`);
    if (mistake.error) lines.push(`    error: ${mistake.error}`);
    for (const problem of mistake.problems) lines.push(`    ${problem}`);
    lines.push(`    ${mistake.answer.replaceAll('\n', '\n    ')}`);
  }
  if (summary.mistakes.length > shown.length) lines.push(`… and ${summary.mistakes.length - shown.length} more mistakes`);
  if (summary.mistakes.length) lines.push('');
  const rows = [['verifier labelled set', 'zh', 'en', 'all']];
  const cell = (entry: Tally | undefined) => (entry ? `${entry.right}/${entry.total} ${pct(entry.rate)}` : '-');
  for (const [kind, languages] of Object.entries(summary.byKind)) rows.push([kind === 'faithful' ? 'faithful (passed)' : `${kind} (blocked)`, cell(languages.zh), cell(languages.en), cell(languages.all)]);
  lines.push(table(rows));
  lines.push(`perturbed answers blocked even with their error taken out: ${summary.blockedElsewhere}`);
  lines.push(`faithful by style: ${Object.entries(summary.byStyle).map(([style, entry]) => `${style} ${entry.right}/${entry.total}`).join(', ')}`);
  for (const threshold of summary.thresholds) lines.push(`${threshold.met ? 'ok  ' : 'FAIL'}  ${threshold.name}: ${threshold.actual} (required ${threshold.required})`);
  lines.push(`${summary.ok ? 'PASS' : 'FAIL'}: ${summary.faithful.total + summary.perturbed.total} labelled answers over ${summary.snapshots} snapshots in ${(summary.durationMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      plan: { type: 'string', default: 'cleaner-production-12th' },
      kind: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      mistakes: { type: 'string', default: '20' },
      labelled: { type: 'string' },
    },
  });
  const summary = await runVerifierSet({ plan: values.plan, ...(values.kind ? { kinds: values.kind } : {}), ...(values.labelled ? { labelled: `fresh/${values.labelled}` } : {}) });
  console.log(values.json ? JSON.stringify(summary, null, 2) : formatVerifierSet(summary, { mistakes: Number(values.mistakes) }));
  process.exitCode = summary.ok ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error('verifier set: crashed:', error);
    process.exitCode = 2;
  });
}
