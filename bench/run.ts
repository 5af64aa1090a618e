/**
 * `npm run bench`: the raw cost of a rule evaluation, a retrieval query and the whole ask
 * pipeline (in process), then GET /healthz, POST /v1/eligibility, POST /v1/ask and POST
 * /v1/chat/completions over HTTP on loopback under a closed-loop load generator against the
 * real, compiled server (`node dist/server.js`) in a child process, once alone (WORKERS=1)
 * and once with the default workers (one per core): the ratios to the raw costs and to
 * /healthz, ask throughput at C÷C=1, warm starts, and the peak memory of every process (primary and workers).
 *
 *   npm run bench                          # default: about three minutes
 *   npm run bench -- --quick               # smoke run, about a minute
 *   npm run bench -- --soak 300            # and five minutes of asks at C, memory every 30 s
 *   npm run -s bench -- --duration 15 --concurrency 16 --json > bench.json
 *
 * Options: --duration S (measured seconds per endpoint at concurrency C, default 8),
 * --warmup S (per phase, default 1), --server-warmup S (every POST endpoint at C, not measured, before
 * anything is: default 6; without it the JIT's background compiles run on the idle core while C=1 is
 * measured and on a busy one at C, which is neither phase's steady state), --concurrency C (default 8), --rounds N (in-process rounds,
 * default 5), --starts N (warm starts measured per WORKERS setting, default 3), --soak S
 * (default 0), --quick, --data-dir DIR (reuse that index; default a temporary one, removed at
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
import { formatReport, type Machine, type Ratio, type Report, type ScaleFigures, type ServerInfo } from './report.js';
import { killAllChildren, killAllChildrenAndWait, processMemory, startServer } from './server-process.js';
import { formatMs, median } from './stats.js';
import { CHATS, PROFILES, QUESTIONS } from './workload.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));

function parseOptions() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      'server-warmup': { type: 'string' },
      concurrency: { type: 'string' },
      rounds: { type: 'string' },
      starts: { type: 'string' },
      soak: { type: 'string' },
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
    serverWarmupS: number('server-warmup', values['server-warmup'], quick ? 2 : 6, 0, 120),
    concurrency: number('concurrency', values.concurrency, 8, 1, 256, true),
    rounds: number('rounds', values.rounds, quick ? 3 : 5, 1, 50, true),
    starts: number('starts', values.starts, quick ? 1 : 3, 1, 20, true),
    soakS: number('soak', values.soak, 0, 0, 3600),
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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
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

/** Starts the compiled server with `workers`, loads it phase by phase, measures its starts and its memory. */
async function measureServer(
  workers: number,
  options: Options,
  env: Record<string, string | undefined>,
  budgetMs: number,
  rulesVersion: string,
  errors: string[],
): Promise<{ info: ServerInfo; http: LoadResult[] }> {
  const http: LoadResult[] = [];
  // Warm starts (the index is on disk): a few starts and stops first, then the measured server.
  const starts: number[] = [];
  for (let i = 1; i < options.starts; i++) {
    const probe = await startServer({ cwd: REPO, env, workers, readyTimeoutMs: 60_000, maxLifetimeMs: budgetMs + 30_000 });
    starts.push(probe.startupMs);
    await probe.stop();
  }
  progress(`WORKERS=${workers}: starting the server`);
  const running = await startServer({ cwd: REPO, env, workers, readyTimeoutMs: 60_000, maxLifetimeMs: budgetMs + 30_000 });
  starts.push(running.startupMs);
  try {
    progress(`WORKERS=${workers}: server pid ${running.pid} ready on port ${running.port} in ${formatMs(running.startupMs)} (starts: ${starts.map(formatMs).join(', ')})`);
    if (running.version && running.version !== rulesVersion) {
      errors.push(`the server reports rules ${running.version}, this process loaded ${rulesVersion}: the tree changed during the run`);
    }
    // Every worker up before anything is measured (the first 200 comes from the first worker; the others may start after it).
    if (workers > 1) {
      const deadline = performance.now() + 60_000;
      while (!running.output().includes(`with ${workers} workers`) && performance.now() < deadline && !running.exited()) await sleep(50);
      await sleep(500);
    }
    const idleRss = running.memory.mark();

    const eligibilityBodies = PROFILES.map(({ profile, lang }) => ({ profile, lang }));
    await preflight(running.port, '/v1/eligibility', eligibilityBodies, 30_000);
    await preflight(running.port, '/v1/ask', QUESTIONS, 30_000);
    await preflight(running.port, '/v1/chat/completions', CHATS, 30_000);

    // The server brought to its steady state first: every POST endpoint at C, not recorded.
    if (options.serverWarmupS > 0) {
      for (const [path, bodies] of [
        ['/v1/eligibility', eligibilityBodies],
        ['/v1/ask', QUESTIONS],
        ['/v1/chat/completions', CHATS],
      ] as const) {
        progress(`WORKERS=${workers} server warm-up: POST ${path}, C=${options.concurrency}, ${options.serverWarmupS} s`);
        await runLoad({ port: running.port, path, bodies, concurrency: options.concurrency, warmupMs: options.serverWarmupS * 1000, durationMs: 0, maxRequests: 1_000_000, requestTimeoutMs: 10_000, serverPids: running.memory.pids(), shouldStop: () => running.exited() });
      }
    }

    // Per endpoint: unloaded (one request at a time: what HTTP adds without queueing), then loaded.
    const unloadedS = Math.min(options.durationS, options.quick ? 1 : 3);
    const phases: Array<{ path: string; bodies: readonly unknown[]; concurrency: number; durationS: number; warmupS: number }> = [
      { path: '/healthz', bodies: [], concurrency: 1, durationS: unloadedS, warmupS: Math.min(options.warmupS, 0.5) },
    ];
    for (const [path, bodies] of [
      ['/v1/eligibility', eligibilityBodies],
      ['/v1/ask', QUESTIONS],
      ['/v1/chat/completions', CHATS],
    ] as const) {
      if (options.concurrency > 1) phases.push({ path, bodies, concurrency: 1, durationS: unloadedS, warmupS: Math.min(options.warmupS, 0.5) });
      phases.push({ path, bodies, concurrency: options.concurrency, durationS: options.durationS, warmupS: options.warmupS });
    }

    const phasePeakRss: Record<string, number> = {};
    for (const phase of phases) {
      progress(`WORKERS=${workers} load: ${phase.bodies.length ? 'POST' : 'GET'} ${phase.path}, C=${phase.concurrency}, ${phase.warmupS} s warm-up + ${phase.durationS} s`);
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
        serverPids: running.memory.pids(),
        shouldStop: () => running.exited(),
      });
      phasePeakRss[`${phase.path} C=${phase.concurrency}`] = running.memory.mark();
      http.push({ ...result, workers });
      progress(`  ${result.requests} requests, ${result.errors} errors, ${result.throughput.toFixed(0)} req/s, p50 ${formatMs(result.latency.median)}, p99 ${formatMs(result.latency.p99)}`);
      if (result.errors) errors.push(`WORKERS=${workers} ${phase.path} C=${phase.concurrency}: ${result.errors} of ${result.requests} requests failed: ${result.errorSamples.join(' | ')}`);
      if (running.exited()) throw new Error(`the server died under load (${running.exitDescription()}):\n${running.output()}`);
    }

    // Soak: the loaded ask phase again for --soak seconds, the peak of each process every tenth of it.
    const soak: Array<{ atS: number; maxProcessRss: number; totalRss: number }> = [];
    if (options.soakS > 0) {
      progress(`WORKERS=${workers} soak: POST /v1/ask, C=${options.concurrency}, ${options.soakS} s`);
      const slice = options.soakS / 10;
      for (let i = 1; i <= 10; i++) {
        running.memory.mark();
        await runLoad({ port: running.port, path: '/v1/ask', bodies: QUESTIONS, concurrency: options.concurrency, warmupMs: 0, durationMs: slice * 1000, maxRequests: 1_000_000, requestTimeoutMs: 10_000, serverPids: running.memory.pids(), shouldStop: () => running.exited() });
        const pids = running.memory.pids();
        const rss = pids.map((pid) => processMemory(pid).rss ?? 0);
        soak.push({ atS: Math.round(i * slice), maxProcessRss: running.memory.mark(), totalRss: rss.reduce((sum, value) => sum + value, 0) });
      }
    }

    const final = await running.stop();
    return {
      http,
      info: {
        workers,
        pid: running.pid,
        port: running.port,
        startupMs: running.startupMs,
        startsMs: starts,
        ...(running.version ? { version: running.version } : {}),
        idleRss,
        phasePeakRss,
        peakSampledRss: running.memory.peak,
        peakTotalRss: running.memory.peakTotal,
        processes: final.processes.map(({ pid, hwm, rss }) => ({ pid, role: pid === running.pid ? (workers > 1 ? 'primary' : 'server') : 'worker', ...(hwm !== undefined ? { hwm } : {}), ...(rss !== undefined ? { rss } : {}) })),
        ...(final.hwm !== undefined ? { hwm: final.hwm } : {}),
        ...(final.rss !== undefined ? { finalRss: final.rss } : {}),
        samples: running.memory.samples,
        soak,
      },
    };
  } finally {
    await running.stop();
  }
}

/** The issue's figures: eligibility and ask over /healthz (C=1 p50), C÷1 ask throughput per WORKERS, warm start, peak memory. */
function scaleFigures(http: LoadResult[], servers: ServerInfo[], concurrency: number): ScaleFigures[] {
  return servers.map((server) => {
    const find = (path: string, c: number) => http.find((result) => result.workers === server.workers && result.path === path && result.concurrency === c);
    const healthz = find('/healthz', 1)?.latency.median;
    const eligibility = find('/v1/eligibility', 1)?.latency.median;
    const ask = find('/v1/ask', 1);
    const askLoaded = find('/v1/ask', concurrency);
    const divide = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? a / b : undefined);
    const hwms = server.processes.filter((each) => each.role !== 'primary').map((each) => each.hwm ?? 0);
    const primary = server.processes.find((each) => each.role === 'primary');
    return {
      workers: server.workers,
      eligibilityOverHealthz: divide(eligibility, healthz),
      askOverHealthz: divide(ask?.latency.median, healthz),
      throughputRatio: divide(askLoaded?.throughput, ask?.throughput),
      warmStartMs: median(server.startsMs),
      peakServerProcessRss: Math.max(server.peakSampledRss, ...hwms),
      ...(primary?.hwm !== undefined ? { primaryHwm: primary.hwm } : {}),
      peakTotalRss: server.peakTotalRss,
    };
  });
}

async function main(): Promise<number> {
  const options: Options = parseOptions();
  if (options.help) {
    process.stdout.write(
      'usage: npm run bench -- [--quick] [--duration S] [--warmup S] [--server-warmup S] [--concurrency C] [--rounds N] [--starts N] [--soak S] [--data-dir DIR] [--json]\n',
    );
    return 0;
  }
  const startedAt = new Date().toISOString();
  const errors: string[] = [];

  // A run must end by itself: a hard bound well past the planned length.
  // Two server configurations (WORKERS=1 and the default), each: /healthz plus two endpoints at C=1 and at C.
  const loadPhases = 2 * (options.concurrency === 1 ? 3 : 5);
  const budgetMs = 240_000 + loadPhases * (options.durationS + options.warmupS) * 1000 + 2 * 3 * options.serverWarmupS * 1000 + 2 * options.soakS * 1000 + 2 * options.starts * 30_000;
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

  // 2. HTTP under load: the compiled server alone (WORKERS=1), then with the default workers.
  execFileSync(process.execPath, [join(REPO, 'scripts', 'build.mjs'), '--if-stale'], { cwd: REPO, stdio: 'inherit' });
  const http: LoadResult[] = [];
  const servers: ServerInfo[] = [];
  const defaultWorkers = host.cores;
  const configurations = [...new Set([1, defaultWorkers])];
  for (const workers of configurations) {
    try {
      const measured = await measureServer(workers, options, env, budgetMs, rulesVersion, errors);
      servers.push(measured.info);
      http.push(...measured.http);
    } catch (error) {
      errors.push(`HTTP (WORKERS=${workers}): ${(error as Error).message}`);
    }
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
      serverWarmupS: options.serverWarmupS,
      profiles: PROFILES.length,
      questions: QUESTIONS.length,
    },
    dataDir: { path: dataDir, temporary, indexBuildMs, builtByThisRun },
    rulesVersion,
    askStatusMix: mix,
    inProcess,
    ...(inProcessError ? { inProcessError } : {}),
    http,
    servers,
    ratios: ratios(inProcess, http.filter((result) => result.workers === 1), options.concurrency),
    scale: scaleFigures(http, servers, options.concurrency),
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
