import { MemoryStore } from 'hono-rate-limiter';
import { createApp, type AppOptions } from './api/app.js';
import type { AppEnv } from './api/context.js';
import { withFallbackStores } from './api/fallback-store.js';
import { listen, type ListenOptions } from './api/listen.js';
import type { RateLimitStoreFactory } from './api/rate-limit.js';
import { redisRateLimit } from './api/redis-rate-limit.js';
import type { Config } from './config.js';
import type { Logger } from './observability/logger.js';
import type { Metrics } from './observability/metrics.js';
import { createServices, type PlanServices } from './services.js';

/** The app's security and limits as the configuration sets them. */
export function appOptionsOf(config: Config): AppOptions {
  return {
    allowedOrigins: config.ALLOWED_ORIGINS,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MIN,
    rulesRateLimitPerMinute: config.RULES_RATE_LIMIT_PER_MIN,
    trustProxy: config.TRUST_PROXY,
    apiKeys: config.API_KEYS,
  };
}

/** Where and how the server listens, as the configuration sets it. */
export function listenOptionsOf(config: Config): ListenOptions {
  return {
    port: config.PORT,
    hostname: config.HOST,
    headersTimeoutMs: config.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: config.KEEP_ALIVE_TIMEOUT_MS,
    maxConnectionsPerClient: config.MAX_CONNECTIONS_PER_CLIENT,
    trustProxy: config.TRUST_PROXY,
  };
}

export interface ServeOptions {
  logger: Logger;
  metrics: Metrics;
  /**
   * Where rate-limit counts live when `REDIS_URL` is not set, and while Redis does not answer.
   * Default: this process's memory. A cluster worker passes the primary's counts.
   */
  localRateLimitStores?: RateLimitStoreFactory;
  /** Probe the index tables before use (see `ClauseIndexOptions.probe`). Default true. */
  probeIndex?: boolean;
  /** See `ServicesOptions.indexesReady`. Default: none. */
  indexesReady?: () => Promise<unknown>;
}

export interface RunningService {
  url: string;
  services: PlanServices;
  /**
   * Stops accepting connections and lets the requests and streams in flight finish; after
   * `graceMs` the rest are cut. Then releases the index and the Redis connection.
   */
  shutdown(graceMs: number): Promise<void>;
}

const memoryStores: RateLimitStoreFactory = () => new MemoryStore<AppEnv>();

/**
 * One serving process, as `npm start` runs it (alone, or as one of a cluster's workers; see
 * `startServer`): the plans' services, the app with the configured security and limits, and
 * the HTTP listener with its bounds.
 */
export async function serve(config: Config, env: Record<string, string | undefined>, options: ServeOptions): Promise<RunningService> {
  const { logger, metrics } = options;
  const services = await createServices(config, env, {
    logger,
    metrics,
    probeIndex: options.probeIndex ?? true,
    ...(options.indexesReady ? { indexesReady: options.indexesReady } : {}),
  });
  const local = options.localRateLimitStores ?? memoryStores;
  const redis = config.REDIS_URL
    ? await redisRateLimit({
        url: config.REDIS_URL,
        onStatus: (status, detail) =>
          status === 'connected' ? logger.info('rate-limit counts: Redis connected') : logger.warn({ error: detail }, 'rate-limit counts: Redis unreachable; counting in this instance meanwhile'),
      })
    : undefined;
  // A shared store that fails does not fail the request: counting moves to `local` meanwhile.
  const rateLimitStore =
    redis || options.localRateLimitStores
      ? withFallbackStores(redis ? redis.stores : local, redis ? local : memoryStores, { onFailure: (allowance) => metrics.rateLimitStoreFailures.inc({ allowance }) })
      : undefined;
  const app = createApp(services, { ...appOptionsOf(config), ...(rateLimitStore ? { rateLimitStore } : {}) });
  const running = await listen(app.fetch, { ...listenOptionsOf(config), onConnectionRefused: () => metrics.connectionsRefused.inc() });

  let stopping: Promise<void> | undefined;
  return {
    url: running.url,
    services,
    shutdown: (graceMs) =>
      (stopping ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const cut = new Promise<'cut'>((resolve) => {
          timer = setTimeout(() => resolve('cut'), graceMs);
        });
        const drained = await Promise.race([running.close(), cut]);
        clearTimeout(timer);
        if (drained === 'cut') {
          logger.warn({ graceMs }, 'requests still in flight after the grace period; closing them');
          await running.close({ force: true });
        }
        services.close();
        await redis?.close();
      })()),
  };
}
