import type { AppServices } from '../src/api/context.js';
import { combineRounds, summarize, type RoundsSummary } from './stats.js';
import { PROFILES, QUESTIONS, SEARCH_QUERIES } from './workload.js';

export interface InProcessPlan {
  /** Operations timed per round, and untimed warm-up operations before the first round. */
  rule: { perRound: number; warmup: number };
  retrieval: { perRound: number; warmup: number };
  ask: { perRound: number; warmup: number };
  /** The Hono app called in process (`app.request`, no socket): what HTTP adds on top of the handler. */
  appEligibility: { perRound: number; warmup: number };
  appAsk: { perRound: number; warmup: number };
  /** The guided check's next question, the checklist as DOCX, a batch check of a 1,000-row CSV. */
  appGuided: { perRound: number; warmup: number };
  appExportDocx: { perRound: number; warmup: number };
  appBatchCsv: { perRound: number; warmup: number };
}

export interface Measurement extends RoundsSummary {
  key: string;
  label: string;
  /** Wall time spent measuring it, in ms (warm-up included). */
  wallMs: number;
}

type Op = (index: number) => Promise<unknown>;

/**
 * Times `op` one call at a time with `process.hrtime.bigint()`: `warmup` untimed calls, then
 * `rounds` rounds of `perRound` timed calls. The mix rotates through the workload and keeps
 * rotating across rounds, so every round sees the whole mix.
 */
async function measure(key: string, label: string, rounds: number, plan: { perRound: number; warmup: number }, op: Op): Promise<Measurement> {
  const started = performance.now();
  let index = 0;
  for (let i = 0; i < plan.warmup; i++) await op(index++);
  const summaries = [];
  for (let round = 0; round < rounds; round++) {
    const samples = new Float64Array(plan.perRound);
    for (let i = 0; i < plan.perRound; i++) {
      const t0 = process.hrtime.bigint();
      await op(index++);
      samples[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    }
    summaries.push(summarize(samples));
  }
  return { key, label, ...combineRounds(summaries), wallMs: performance.now() - started };
}

const pick = <T>(items: readonly T[], index: number): T => items[index % items.length]!;

export interface AppLike {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}

/** The raw costs, measured in this process on services built exactly as the server builds them. */
export async function measureInProcess(
  services: AppServices,
  app: AppLike | undefined,
  rounds: number,
  plan: InProcessPlan,
  progress: (message: string) => void,
): Promise<Measurement[]> {
  const { ruleSet, retriever, pipeline } = services.default;
  const results: Measurement[] = [];

  progress('in-process: rule evaluation');
  results.push(await measure('rule', 'rule evaluation (EligibilityEngine.evaluate)', rounds, plan.rule, (i) => ruleSet.eligibility.evaluate(pick(PROFILES, i).profile)));

  progress('in-process: retrieval');
  results.push(await measure('retrieval', 'retrieval query (Retriever.search)', rounds, plan.retrieval, (i) => retriever.search(pick(SEARCH_QUERIES, i))));

  progress('in-process: pipeline.ask');
  results.push(await measure('ask', 'whole ask pipeline (AnswerPipeline.ask)', rounds, plan.ask, (i) => pipeline.ask(pick(QUESTIONS, i))));

  if (app) {
    const post = async (path: string, body: unknown) => {
      const response = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (response.status !== 200) throw new Error(`app.request ${path}: status ${response.status}: ${(await response.text()).slice(0, 300)}`);
      return response.text();
    };
    progress('in-process: app.request /v1/eligibility');
    results.push(await measure('appEligibility', 'app.request POST /v1/eligibility (no socket)', rounds, plan.appEligibility, (i) => post('/v1/eligibility', pick(PROFILES, i))));
    progress('in-process: app.request /v1/eligibility/next, /v1/eligibility/export, /v1/targets/check (CSV)');
    // The guided check refuses an industry the plan does not name (the eligibility mix has one).
    const known = PROFILES.filter(({ profile }) => !profile.industry || ruleSet.catalog.resolve(String(profile.industry)));
    results.push(await measure('appGuided', 'app.request POST /v1/eligibility/next (no socket)', rounds, plan.appGuided, (i) => post('/v1/eligibility/next', pick(known, i))));
    results.push(await measure('appExportDocx', 'app.request POST /v1/eligibility/export?format=docx (no socket)', rounds, plan.appExportDocx, (i) => post('/v1/eligibility/export?format=docx', pick(PROFILES, i))));
    const csv = batchCsv(services, 1000);
    results.push(
      await measure('appBatchCsv', 'app.request POST /v1/targets/check, a 1,000-row CSV (no socket)', rounds, plan.appBatchCsv, async () => {
        const response = await app.request('/v1/targets/check', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
        if (response.status !== 200) throw new Error(`batch check: status ${response.status}`);
        return response.text();
      }),
    );
    progress('in-process: app.request /v1/ask');
    results.push(await measure('appAsk', 'app.request POST /v1/ask (no socket)', rounds, plan.appAsk, (i) => post('/v1/ask', pick(QUESTIONS, i))));
  }
  return results;
}

/** A table of `rows` figures over the plan's targets, one row in ten bad (a value that is no number). */
function batchCsv(services: AppServices, rows: number): string {
  const targets = services.default.ruleSet.targets;
  const lines = ['region,indicator,value,unit'];
  for (let i = 0; i < rows; i++) {
    const target = targets[i % targets.length]!;
    lines.push(`region-${i % 31},${target.id},${i % 10 === 9 ? 'n/a' : (target.target.value * (0.5 + (i % 7) / 6)).toFixed(2)},${target.target.unit}`);
  }
  return lines.join('\n');
}

/** What the ask mix answers (answered / needs_info / out_of_scope): shows the mix exercises every path. */
export async function askStatusMix(services: AppServices): Promise<Record<string, number>> {
  const mix: Record<string, number> = {};
  for (const request of QUESTIONS) {
    const { status, mode } = await services.default.pipeline.ask(request);
    if (mode !== 'offline') throw new Error(`assistant answered in ${mode} mode: the benchmark must run offline`);
    mix[status] = (mix[status] ?? 0) + 1;
  }
  return mix;
}
