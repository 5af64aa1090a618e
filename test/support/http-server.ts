import type { AppOptions } from '../../src/api/app.js';
import { listen } from '../../src/api/listen.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/observability/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import { serve } from '../../src/serve.js';
import { TEST_ENV, testApp } from './services.js';

export interface TestServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  close: () => Promise<void>;
}

/**
 * The real service over HTTP in this process, as each `npm start` process serves it
 * (`serve`: the services, the app with the config's security options and limits, `listen`
 * with its timeouts and connection cap), on 127.0.0.1, port 0. Offline, with the index in the
 * temp DATA_DIR shared by all test files; `env` overrides (e.g. ALLOWED_ORIGINS, RATE_LIMIT_PER_MIN).
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const merged = { ...TEST_ENV, ...env };
  const running = await serve(loadConfig({ ...merged, PORT: '0', HOST: '127.0.0.1' }), merged, { logger: silentLogger(), metrics: new Metrics() });
  return { url: running.url, close: () => running.shutdown(0) };
}

/** An app over the shared test services (built once per worker) on a real HTTP port: cheaper than `startTestServer` when only the app's options differ. */
export async function serveTestApp(options: AppOptions = {}): Promise<TestServer> {
  const app = await testApp(options);
  const running = await listen(app.fetch, { port: 0, hostname: '127.0.0.1' });
  return { url: running.url, close: () => running.close({ force: true }) };
}
