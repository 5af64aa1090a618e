import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { PREPARE_INDEXES_ENV } from './prepare.js';

/**
 * Starting a cluster's workers. Kept apart from the primary (and light: node built-ins only),
 * so that the entry point can start the first worker before it loads anything else.
 */

/**
 * The environment a worker starts with, besides the primary's own: the threads LanceDB's
 * native library starts per process (its compute pool, `LANCE_CPU_THREADS`; its async
 * runtime, `TOKIO_WORKER_THREADS`) shared out among the workers instead of each starting one
 * per core, and glibc's malloc held to two arenas (`MALLOC_ARENA_MAX`; one per thread that
 * allocates, up to eight per core, each keeping its freed memory). What the operator sets is
 * kept.
 */
export function workerEnvironment(workers: number, env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): Record<string, string> {
  const threads = String(Math.max(1, Math.floor(cores / Math.max(1, workers))));
  const defaults: Record<string, string> = { LANCE_CPU_THREADS: threads, TOKIO_WORKER_THREADS: threads, MALLOC_ARENA_MAX: '2' };
  return Object.fromEntries(Object.entries(defaults).filter(([name]) => !env[name]));
}

/**
 * The Node flags a worker starts with: the primary's own, and, when there are no more cores
 * than workers, V8's garbage collection kept on the worker's own thread
 * (`--single-threaded-gc`). Its helper threads would run on the cores the other workers are
 * busy on: on two cores with two workers under load they cost CPU for no gain, measured in
 * the bench as a lower server CPU per ask. A flag the operator set either way is kept.
 */
export function workerExecArgv(workers: number, execArgv: readonly string[] = process.execArgv, cores = availableParallelism()): string[] {
  const setByOperator = execArgv.some((flag) => /^--(no-)?single[-_]threaded[-_]gc$/u.test(flag));
  return workers >= cores && !setByOperator ? [...execArgv, '--single-threaded-gc'] : [...execArgv];
}

/** Starts the worker of `slot`; the first (`prepareIndexes`) probes or builds the indexes before it listens. */
export function forkWorker(workers: number, slot: number, prepareIndexes: boolean): Worker {
  cluster.setupPrimary({ execArgv: workerExecArgv(workers) });
  return cluster.fork({ ...workerEnvironment(workers), SERVER_WORKER_SLOT: String(slot), ...(prepareIndexes ? { [PREPARE_INDEXES_ENV]: '1' } : {}) });
}

/**
 * In a primary whose `WORKERS` plainly asks for a cluster (unset on a machine with several
 * cores, or a whole number from 2 to 64): the first worker, started at once. Its start (most
 * of the time to the first 200) then runs while the primary loads and validates its own
 * configuration, instead of after. Anything else (1, a value the configuration will reject)
 * starts nothing here; the configuration decides, and the primary stops this worker if it
 * does not adopt it (`startPrimary`'s `firstWorker`).
 */
export function forkFirstWorkerEarly(env: NodeJS.ProcessEnv = process.env): Worker | undefined {
  if (!cluster.isPrimary) return undefined;
  const raw = env.WORKERS?.trim();
  const workers = raw ? Number(raw) : availableParallelism();
  if (!Number.isInteger(workers) || workers < 2 || workers > 64) return undefined;
  return forkWorker(workers, 0, true);
}
