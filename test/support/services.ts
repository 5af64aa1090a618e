import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppServices } from '../../src/api/context.js';
import { createApp, type AppOptions } from '../../src/api/app.js';
import { loadConfig } from '../../src/config.js';
import { createServices } from '../../src/services.js';

/** Test env: offline (no LLM), the index in a temp dir shared by test files (built once, reused). */
export const TEST_ENV = {
  DATA_DIR: join(tmpdir(), 'cleaner-production-test-data'),
  OPENAI_API_KEY: '',
  OPENAI_BASE_URL: '',
  EMBEDDINGS_MODEL: '',
  RATE_LIMIT_PER_MIN: '0',
};

let shared: Promise<AppServices> | undefined;

/** The real services (rules, LanceDB index, assistant), built once per test worker. */
export function testServices(): Promise<AppServices> {
  shared ??= createServices(loadConfig(TEST_ENV), TEST_ENV);
  return shared;
}

export async function testApp(options: AppOptions = {}) {
  return createApp(await testServices(), options);
}

export const postJson = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
