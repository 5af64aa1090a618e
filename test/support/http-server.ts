import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/api/app.js';
import { loadConfig } from '../../src/config.js';
import { createServices } from '../../src/services.js';
import { TEST_ENV } from './services.js';

export interface TestServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  close: () => Promise<void>;
}

/**
 * The real service over HTTP, as `npm start` builds it: `createServices(loadConfig(env))` and
 * `createApp` with the config's security options, served by @hono/node-server on 127.0.0.1,
 * port 0. Offline, with the index in the temp DATA_DIR shared by all test files; `env`
 * overrides (e.g. ALLOWED_ORIGINS, RATE_LIMIT_PER_MIN).
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const merged = { ...TEST_ENV, ...env };
  const config = loadConfig(merged);
  const services = await createServices(config, merged);
  const app = createApp(services, {
    allowedOrigins: config.ALLOWED_ORIGINS,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MIN,
    trustProxy: config.TRUST_PROXY,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server && typeof server.closeAllConnections === 'function') server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
