import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Config } from '../config.js';
import type { Logger } from '../observability/logger.js';
import { answerWorkers } from './ipc.js';
import { hostClusterMetrics } from './metrics.js';
import { forkWorker } from './fork.js';
import { INDEXES_READY } from './prepare.js';
import { hostRateLimitCounts } from './rate-limit-store.js';

export interface PrimaryHandle {
  /** Resolves once every worker listens; rejects when the indexes cannot be prepared or a worker fails to start. */
  ready: Promise<void>;
  /**
   * Stops every worker gracefully (each finishes its requests within `graceMs`) and resolves
   * when all have exited. Callable at any time, during the start too.
   */
  shutdown(graceMs: number): Promise<void>;
}
export interface PrimaryOptions {
  /** The first worker, already started by the entry point (`forkFirstWorkerEarly`). Default: the primary starts it. */
  firstWorker?: Worker;
}
/** A worker that crashes is replaced after this long, doubling up to `MAX_RESTART_DELAY_MS` while it keeps crashing. */
const FIRST_RESTART_DELAY_MS = 500;
const MAX_RESTART_DELAY_MS = 30_000;
/** A worker that lived this long was healthy: the next crash starts the delays over. */
const HEALTHY_AFTER_MS = 60_000;
/** Past the grace period, how long workers get to exit before they are killed. */
const EXIT_MARGIN_MS = 3_000;

/**
 * Whether the workers after the first start while it prepares the indexes (when there is a
 * core for each worker besides the first's) or once it listens. On two cores with two workers,
 * starting both at once made the first 200 wait 2.0–2.4 s instead of ~1.1 s.
 */
function overlapStarts(workers: number, cores = availableParallelism()): boolean {
  return cores > workers;
}

/**
 * The primary of `WORKERS` server processes on one port (node:cluster, connections handed out
 * round-robin). It serves nothing itself: the first worker builds or probes every plan's
 * index; the others start once it listens (or meanwhile, with cores to spare: `overlapStarts`)
 * and open the index without probing it again. It replaces a worker that dies, and keeps what the workers share: the rate-limit counts and the
 * sum of their metrics. Its own memory stays small because it loads neither LanceDB nor the app.
 */
export function startPrimary(config: Config, logger: Logger, options: PrimaryOptions = {}): PrimaryHandle {
  let stopping = false;
  // The first worker probes (or builds) the indexes; the others open them once it listens.
  let indexesPrepared: () => void = () => undefined;
  let indexesFailed: (error: unknown) => void = () => undefined;
  const indexes = new Promise<void>((resolve, reject) => {
    indexesPrepared = resolve;
    indexesFailed = reject;
  });
  indexes.catch(() => undefined);
  answerWorkers({ ...hostRateLimitCounts(), ...hostClusterMetrics(), [INDEXES_READY]: () => indexes.then(() => true) });

  const fork = (slot: number, delayMs = FIRST_RESTART_DELAY_MS, prepareIndexes = false, started?: Worker): Promise<Worker> => {
    const worker = started ?? forkWorker(config.WORKERS, slot, prepareIndexes);
    const born = Date.now();
    worker.on('error', (error) => logger.debug({ workerPid: worker.process.pid, error: error.message }, 'worker channel error'));
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      const next = Date.now() - born > HEALTHY_AFTER_MS ? FIRST_RESTART_DELAY_MS : delayMs;
      logger.error({ workerPid: worker.process.pid, code, signal, restartInMs: next }, 'worker exited; starting another');
      setTimeout(() => {
        if (!stopping) void fork(slot, Math.min(next * 2, MAX_RESTART_DELAY_MS)).catch(() => undefined);
      }, next).unref();
    });
    return new Promise<Worker>((resolve, reject) => {
      if (worker.isDead()) return reject(new Error(`worker ${worker.process.pid} exited before listening (code ${worker.process.exitCode})`));
      worker.once('listening', () => resolve(worker));
      worker.once('exit', (code, signal) => reject(new Error(`worker ${worker.process.pid} exited before listening (${signal ?? `code ${code}`})`)));
    });
  };

  const ready = (async () => {
    const killWorkers = () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    };
    const forkOthers = () => Promise.allSettled(Array.from({ length: config.WORKERS - 1 }, (_, slot) => fork(slot + 1)));
    const first = fork(0, FIRST_RESTART_DELAY_MS, true, options.firstWorker);
    // With a core to spare the others start alongside the first; otherwise they would slow it
    // down (the first 200 waits for it) and start once it listens.
    let others = overlapStarts(config.WORKERS) ? forkOthers() : undefined;
    try {
      await first;
    } catch (error) {
      const failure = new Error(`preparing the indexes failed: ${(error as Error).message}`);
      indexesFailed(failure);
      if (!stopping) killWorkers();
      await others;
      throw failure;
    }
    indexesPrepared();
    logger.debug('indexes ready; the other workers open them');
    others ??= stopping ? Promise.resolve([]) : forkOthers();
    const failed = (await others).find((result) => result.status === 'rejected');
    if (failed && !stopping) {
      killWorkers();
      throw (failed as PromiseRejectedResult).reason;
    }
  })();
  // Whoever starts the primary awaits `ready`; a failure after a shutdown began is not news.
  ready.catch(() => undefined);

  let stopped: Promise<void> | undefined;
  return {
    ready,
    shutdown: (graceMs) =>
      (stopped ??= (async () => {
        stopping = true;
        const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
        const exits = workers.map((worker) => new Promise<void>((resolve) => (worker.isDead() ? resolve() : worker.once('exit', () => resolve()))));
        // Each worker closes its listener, finishes what is in flight within the grace period and exits.
        for (const worker of workers) if (!worker.isDead()) worker.process.kill('SIGTERM');
        const timer = setTimeout(() => {
          for (const worker of workers) if (!worker.isDead()) worker.process.kill('SIGKILL');
        }, graceMs + EXIT_MARGIN_MS);
        await Promise.all(exits);
        clearTimeout(timer);
      })()),
  };
}
