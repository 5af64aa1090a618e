import { createApp, type AppOptions } from './api/app.js';
import { listen, type ListenOptions } from './api/listen.js';
import type { Config } from './config.js';
import { createLogger, routeConsoleTo } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import { createServices } from './services.js';

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

/**
 * The service as `npm start` and `policy-assistant serve` run it: the plan packs and their
 * indexes loaded (built on first start), the app with the configured security and limits,
 * listening until SIGINT or SIGTERM.
 */
export async function startServer(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const started = Date.now();
  const logger = createLogger({ level: config.LOG_LEVEL });
  // Every line the process writes is structured and, inside a request, carries its id.
  routeConsoleTo(logger);
  const metrics = new Metrics({ processMetrics: true });
  const services = await createServices(config, env, { logger, metrics });
  const app = createApp(services, appOptionsOf(config));
  const running = await listen(app.fetch, { ...listenOptionsOf(config), onConnectionRefused: () => metrics.connectionsRefused.inc() });
  const mode = config.OPENAI_API_KEY || config.OPENAI_BASE_URL ? `LLM mode (${config.OPENAI_MODEL ?? 'default model'}${config.OPENAI_BASE_URL ? ` at ${config.OPENAI_BASE_URL}` : ''})` : 'offline mode';
  logger.info(
    { url: running.url, mode, readyMs: Date.now() - started, plans: services.all.map((service) => `${service.id}@${service.pack.version}`), apiKeys: config.API_KEYS.length > 0 },
    `listening on ${running.url} (${mode})`,
  );

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void running.close().then(() => process.exit(0)));
  }
}
