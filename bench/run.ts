/**
 * `npm run bench`: the raw cost of a rule evaluation, a retrieval query and the whole ask
 * pipeline (in process), then `/v1/eligibility`, `/v1/ask` and `/v1/chat/completions` over HTTP on loopback under a
 * closed-loop load generator against the real server in a child process, the ratio of each
 * HTTP latency to the raw costs, and the server's peak memory.
 *
 *   npm run bench                          # default: about a minute
 *   npm run bench -- --quick               # smoke run, about 20 s
 *   npm run -s bench -- --duration 15 --concurrency 16 --json > bench.json
 *
 * Options: --duration S (measured seconds per endpoint at concurrency C, default 8),
 * --warmup S (default 1), --concurrency C (default 8), --rounds N (in-process rounds,
 * default 5), --quick, --data-dir DIR (reuse that index; default a temporary one, removed at
 * the end), --json. Each endpoint is also loaded at C=1 for up to 3 s: latency without
 * queueing. Progress goes to stderr; the report (or JSON) to stdout (`npm run -s` keeps npm's
 * banner out of it). Exit code 1 when anything failed, including any non-200 under load.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';
import { askStatusMix, measureInProcess, type AppLike, type InProcessPlan, type Measurement } from './inprocess.js';
import { preflight, runLoad, type LoadResult } from './load.js';
import { formatReport, type Machine, type Ratio, type Report, type ServerInfo } from './report.js';
import { killAllChildren, killAllChildrenAndWait, processMemory, startServer, type ServerHandle } from './server-process.js';
import { formatMs } from './stats.js';
import { CHATS, PROFILES, QUESTIONS } from './workload.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));

function parseOptions() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      concurrency: { type: 'string' },
      rounds: { type: 'string' },
      'data-dir': { type: 'string' },
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const number = (name: string, raw: string | undefined, fallback: number, min: number, max: number, integer = false) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new Error(`--${name}: expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
  const quick = values.quick;
  return {
    help: values.help,
    quick,
    json: values.json,
    dataDir: values['data-dir'] === undefined ? undefined : resolve(values['data-dir']),
    durationS: number('duration', values.duration, quick ? 2 : 8, 0.2, 120),
    warmupS: number('warmup', values.warmup, quick ? 0.5 : 1, 0, 30),
    concurrency: number('concurrency', values.concurrency, 8, 1, 256, true),
    rounds: number('rounds', values.rounds, quick ? 3 : 5, 1, 50, true),
  };
}

type Options = ReturnType<typeof parseOptions>;

function inProcessPlan(quick: boolean): InProcessPlan {
  return quick
    ? {
        rule: { perRound: 200, warmup: 100 },
        retrieval: { perRound: 30, warmup: 12 },
        ask: { perRound: 24, warmup: 12 },
        appEligibility: { perRound: 100, warmup: 50 },
        appAsk: { perRound: 24, warmup: 12 },
        appGuided: { perRound: 100, warmup: 50 },
        appExportDocx: { perRound: 20, warmup: 10 },
        appBatchCsv: { perRound: 5, warmup: 2 },
      }
    : {
        rule: { perRound: 600, warmup: 300 },
        retrieval: { perRound: 100, warmup: 39 },
        ask: { perRound: 80, warmup: 39 },
        appEligibility: { perRound: 200, warmup: 100 },
        appAsk: { perRound: 40, warmup: 26 },
        appGuided: { perRound: 200, warmup: 100 },
        appExportDocx: { perRound: 40, warmup: 20 },
        appBatchCsv: { perRound: 10, warmup: 3 },
      };
}

function machine(): Machine {
  let git: string | undefined;
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const changed = execFileSync('git', ['status', '--porcelain'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .filter(Boolean).length;
    git = `git ${head}${changed ? ` + ${changed} uncommitted change${changed === 1 ? '' : 's'}` : ''}`;
  } catch {
    // not a git checkout
  }
  return {
    platform: `${os.platform()} ${os.arch()}`,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? os.cpus().length,
    node: process.version,
    totalMemory: os.totalmem(),
    loadAverageStart: os.loadavg(),
    ...(git ? { git } : {}),
  };
}

const t0 = performance.now();
const progress = (message: string) => {
  process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${message}\n`);
};

/**
 * HTTP latency over the in-process costs. At C>1 the p50 includes queueing behind the other
 * requests in flight; at C=1 it does not; server CPU per request includes neither.
 */
function ratios(inProcess: Measurement[], http: LoadResult[], loadedConcurrency: number): Ratio[] {
  const raw = (key: string) => inProcess.find((m) => m.key === key);
  const out: Ratio[] = [];
  const add = (label: string, numerator: string, numeratorMs: number | undefined, key: string) => {
    const measurement = raw(key);
    if (numeratorMs === undefined || !measurement) return;
    out.push({ label, numerator: `${numerator} ${formatMs(numeratorMs)}`, denominator: `${key} median ${formatMs(measurement.median)}`, value: numeratorMs / measurement.median });
  };
  for (const result of http) {
    const tag = `C=${result.concurrency}`;
    const eligibility = result.path === '/v1/eligibility';
    const keys = eligibility ? ['rule'] : ['ask', 'retrieval'];
    for (const key of keys) add(`${result.path} p50 (${tag}) ÷ ${key}`, 'p50', result.latency.median, key);
    if (result.concurrency === 1) add(`${result.path} p50 (${tag}) ÷ app.request`, 'p50', result.latency.median, eligibility ? 'appEligibility' : 'appAsk');
    if (result.concurrency === loadedConcurrency) add(`${result.path} server CPU/req (${tag}) ÷ ${keys[0]}`, 'CPU/req', result.serverCpuMsPerRequest, keys[0]!);
  }
  add('app.request /v1/eligibility ÷ rule', 'median', raw('appEligibility')?.median, 'rule');
  add('app.request /v1/ask ÷ ask', 'median', raw('appAsk')?.median, 'ask');
  return out;
}

async function main(): Promise<number> {
  const options: Options = parseOptions();
  if (options.help) {
    process.stdout.write(
      'usage: npm run bench -- [--quick] [--duration S] [--warmup S] [--concurrency C] [--rounds N] [--data-dir DIR] [--json]\n',
    );
    return 0;
  }
  const startedAt = new Date().toISOString();
  const errors: string[] = [];

  // A run must end by itself: a hard bound well past the planned length.
  const loadPhases = options.concurrency === 1 ? 2 : 4;
  const budgetMs = 180_000 + loadPhases * (options.durationS + options.warmupS) * 1000;
  const guard = setTimeout(() => {
    process.stderr.write(`[bench] gave up after ${budgetMs / 1000} s\n`);
    void killAllChildrenAndWait().then(() => process.exit(2));
  }, budgetMs);
  guard.unref();

  const temporary = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(os.tmpdir(), 'policy-bench-'));
  if (temporary) process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));

  // Offline, no rate limit, this run's index: for this process and the server alike.
  const env: Record<string, string | undefined> = {
    ...process.env,
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
    OPENAI_MODEL: '',
    EMBEDDINGS_MODEL: '',
    EMBEDDINGS_BASE_URL: '',
    EMBEDDINGS_API_KEY: '',
    ALLOWED_ORIGINS: '',
    RATE_LIMIT_PER_MIN: '0',
    RULES_RATE_LIMIT_PER_MIN: '0',
    // The load generator opens many sockets from one address.
    MAX_CONNECTIONS_PER_CLIENT: '0',
    DATA_DIR: dataDir,
  };

  const host = machine();
  progress(`${host.cores} cores, node ${host.node}; DATA_DIR ${dataDir}`);

  // 1. In process.
  const buildStart = performance.now();
  const services = await createServices(loadConfig(env), env);
  const indexBuildMs = performance.now() - buildStart;
  const builtByThisRun = services.default.retriever.indexInfo.builtByThisProcess;
  progress(`services ready in ${formatMs(indexBuildMs)} (index ${builtByThisRun ? 'built' : 'reused'})`);

  let app: AppLike | undefined;
  let inProcessError: string | undefined;
  try {
    const { createApp } = await import('../src/api/app.js');
    app = createApp(services);
  } catch (error) {
    inProcessError = `src/api/app.ts did not load: ${(error as Error).message}`;
    errors.push(inProcessError);
  }

  const mix = await askStatusMix(services);
  const inProcess = await measureInProcess(services, app, options.rounds, inProcessPlan(options.quick), progress);
  const rulesVersion = services.default.pack.version;
  services.close();

  // 2. HTTP under load.
  const http: LoadResult[] = [];
  let serverInfo: ServerInfo | undefined;
  let server: ServerHandle | undefined;
  try {
    progress('starting the server');
    server = await startServer({ cwd: REPO, env, readyTimeoutMs: 60_000, maxLifetimeMs: budgetMs + 30_000 });
    const running = server;
    progress(`server pid ${running.pid} ready on port ${running.port} in ${formatMs(running.startupMs)}`);
    if (running.version && running.version !== rulesVersion) {
      errors.push(`the server reports rules ${running.version}, this process loaded ${rulesVersion}: the tree changed during the run`);
    }
    const idleRss = processMemory(running.pid).rss;
    running.memory.mark();

    const eligibilityBodies = PROFILES.map(({ profile, lang }) => ({ profile, lang }));
    await preflight(running.port, '/v1/eligibility', eligibilityBodies, 30_000);
    await preflight(running.port, '/v1/ask', QUESTIONS, 30_000);
    await preflight(running.port, '/v1/chat/completions', CHATS, 30_000);

    // Per endpoint: unloaded (one request at a time: what HTTP adds without queueing), then loaded.
    const phases: Array<{ path: string; bodies: readonly unknown[]; concurrency: number; durationS: number; warmupS: number }> = [];
    for (const [path, bodies] of [
      ['/v1/eligibility', eligibilityBodies],
      ['/v1/ask', QUESTIONS],
      ['/v1/chat/completions', CHATS],
    ] as const) {
      if (options.concurrency > 1) {
        phases.push({ path, bodies, concurrency: 1, durationS: Math.min(options.durationS, options.quick ? 1 : 3), warmupS: Math.min(options.warmupS, 0.5) });
      }
      phases.push({ path, bodies, concurrency: options.concurrency, durationS: options.durationS, warmupS: options.warmupS });
    }

    const phasePeakRss: Record<string, number> = {};
    for (const phase of phases) {
      progress(`load: POST ${phase.path}, C=${phase.concurrency}, ${phase.warmupS} s warm-up + ${phase.durationS} s`);
      running.memory.mark();
      const result = await runLoad({
        port: running.port,
        path: phase.path,
        bodies: phase.bodies,
        concurrency: phase.concurrency,
        warmupMs: phase.warmupS * 1000,
        durationMs: phase.durationS * 1000,
        maxRequests: 1_000_000,
        requestTimeoutMs: 10_000,
        serverPid: running.pid,
        shouldStop: () => running.exited(),
      });
      phasePeakRss[`${phase.path} C=${phase.concurrency}`] = running.memory.mark();
      http.push(result);
      progress(`  ${result.requests} requests, ${result.errors} errors, ${result.throughput.toFixed(0)} req/s, p50 ${formatMs(result.latency.median)}, p99 ${formatMs(result.latency.p99)}`);
      if (result.errors) errors.push(`POST ${phase.path} C=${phase.concurrency}: ${result.errors} of ${result.requests} requests failed: ${result.errorSamples.join(' | ')}`);
      if (running.exited()) throw new Error(`the server died under load (${running.exitDescription()}):\n${running.output()}`);
    }

    const final = await running.stop();
    server = undefined;
    serverInfo = {
      pid: running.pid,
      port: running.port,
      startupMs: running.startupMs,
      ...(running.version ? { version: running.version } : {}),
      ...(idleRss !== undefined ? { idleRss } : {}),
      phasePeakRss,
      peakSampledRss: running.memory.peak,
      ...(final.hwm !== undefined ? { hwm: final.hwm } : {}),
      ...(final.rss !== undefined ? { finalRss: final.rss } : {}),
      samples: running.memory.samples,
    };
  } catch (error) {
    errors.push(`HTTP: ${(error as Error).message}`);
  } finally {
    await server?.stop();
  }

  const report: Report = {
    startedAt,
    wallSeconds: (performance.now() - t0) / 1000,
    machine: { ...host, loadAverageEnd: os.loadavg() },
    settings: {
      quick: options.quick,
      rounds: options.rounds,
      inProcess: inProcessPlan(options.quick),
      concurrency: options.concurrency,
      durationS: options.durationS,
      warmupS: options.warmupS,
      profiles: PROFILES.length,
      questions: QUESTIONS.length,
    },
    dataDir: { path: dataDir, temporary, indexBuildMs, builtByThisRun },
    rulesVersion,
    askStatusMix: mix,
    inProcess,
    ...(inProcessError ? { inProcessError } : {}),
    http,
    ...(serverInfo ? { server: serverInfo } : {}),
    ratios: ratios(inProcess, http, options.concurrency),
    errors,
    ok: errors.length === 0,
  };
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  return report.ok ? 0 : 1;
}

process.once('exit', () => killAllChildren());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`[bench] ${signal}: stopping the server\n`);
    void killAllChildrenAndWait().then(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[bench] failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
