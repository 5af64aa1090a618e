import cluster, { type Worker } from 'node:cluster';
import { INDEXES_READY, INDEXES_READY_TIMEOUT_MS, PREPARE_INDEXES_ENV } from './cluster/prepare.js';
import type { Config } from './config.js';
import { createLogger, routeConsoleTo, type Logger } from './observability/logger.js';

export interface StartOptions {
  /** The first worker, when the entry point started it before loading the configuration (`forkFirstWorkerEarly`). */
  firstWorker?: Worker;
}

/**
 * The service as `npm start` (src/server.ts) and `policy-assistant serve` run it: with
 * WORKERS > 1, this process is the cluster's primary and the workers run the same entry point
 * with the same arguments; with WORKERS=1 it serves alone. SIGTERM or SIGINT stops it
 * gracefully (requests and streams in flight get SHUTDOWN_GRACE_MS to finish) and it exits 0.
 * Each role imports only what it runs, so that the primary stays small.
 */
export async function startServer(config: Config, env: NodeJS.ProcessEnv = process.env, options: StartOptions = {}): Promise<void> {
  const started = Date.now();
  const logger = createLogger({ level: config.LOG_LEVEL });
  // Every line the process writes is structured and, inside a request, carries its id.
  routeConsoleTo(logger);
  const mode = config.OPENAI_API_KEY || config.OPENAI_BASE_URL ? `LLM mode (${config.OPENAI_MODEL ?? 'default model'}${config.OPENAI_BASE_URL ? ` at ${config.OPENAI_BASE_URL}` : ''})` : 'offline mode';
  const apiKeys = config.API_KEYS.length > 0;

  if (config.WORKERS > 1 && cluster.isPrimary) {
    const { startPrimary } = await import('./cluster/primary.js');
    const primary = startPrimary(config, logger, options.firstWorker ? { firstWorker: options.firstWorker } : {});
    onStopSignal(() => primary.shutdown(config.SHUTDOWN_GRACE_MS), config, logger, env);
    await primary.ready;
    const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
    logger.info(
      { url: `http://${host}:${config.PORT}`, workers: config.WORKERS, mode, readyMs: Date.now() - started, apiKeys },
      `listening on http://${host}:${config.PORT} with ${config.WORKERS} workers (${mode})`,
    );
  } else {
    // Started early on a reading of WORKERS that the configuration did not confirm.
    options.firstWorker?.kill();
    const [{ PrimaryChannel }, { clusterMetricsRenderer, shareMetricsWithPrimary }, { primaryRateLimitStores }, { Metrics }, { serve }] = await Promise.all([
      import('./cluster/ipc.js'),
      import('./cluster/metrics.js'),
      import('./cluster/rate-limit-store.js'),
      import('./observability/metrics.js'),
      import('./serve.js'),
    ]);
    // A cluster worker counts rate limits in the primary and reports the whole cluster's metrics.
    const channel = cluster.isWorker ? new PrimaryChannel() : undefined;
    const preparesIndexes = env[PREPARE_INDEXES_ENV] === '1';
    // A message that cannot reach a primary that is gone: the worker exits when its channel closes.
    cluster.worker?.on('error', (error) => logger.debug({ error: error.message }, 'channel to the primary failed'));
    const metrics = new Metrics({ processMetrics: true, ...(channel ? { render: clusterMetricsRenderer(channel) } : {}) });
    if (channel) shareMetricsWithPrimary(metrics.registry);
    let running: Awaited<ReturnType<typeof serve>> | undefined;
    onStopSignal(async () => running?.shutdown(config.SHUTDOWN_GRACE_MS), config, logger, env);
    running = await serve(config, env, {
      logger,
      metrics,
      // In a cluster the first worker probes (or builds) the indexes; the others load their plans meanwhile, then open them.
      probeIndex: !channel || preparesIndexes,
      ...(channel && !preparesIndexes ? { indexesReady: () => channel.request(INDEXES_READY, null, INDEXES_READY_TIMEOUT_MS) } : {}),
      ...(channel ? { localRateLimitStores: primaryRateLimitStores(channel) } : {}),
    });
    const plans = running.services.all.map((service) => `${service.id}@${service.pack.version}`);
    if (channel) logger.info({ url: running.url, worker: cluster.worker?.id, readyMs: Date.now() - started, plans }, `worker ${cluster.worker?.id} ready`);
    else logger.info({ url: running.url, mode, readyMs: Date.now() - started, plans, apiKeys }, `listening on ${running.url} (${mode})`);
  }
}

/**
 * Stops gracefully on SIGTERM or SIGINT, and, when `npm start` launched this process, when npm
 * goes away without passing a signal on (killed with SIGKILL): nothing is left running behind it.
 */
function onStopSignal(stop: () => Promise<void>, config: Config, logger: Logger, env: NodeJS.ProcessEnv): void {
  let stopping = false;
  const stopFor = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'stopping: finishing the requests in flight');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopFor(signal));
  if (env.npm_lifecycle_event === 'start') {
    const parent = process.ppid;
    setInterval(() => process.ppid !== parent && stopFor('parent exited'), 1_000).unref();
  }
}
