import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath, projectRoot } from '../../src/paths.js';
import { TEST_PLANS_DIR } from './packs.js';
import type { AppServices } from '../../src/api/context.js';
import { createApp, type AppOptions } from '../../src/api/app.js';
import { loadConfig } from '../../src/config.js';
import { createServices } from '../../src/services.js';

/** Test env: offline (no LLM), the index in a temp dir shared by test files (built once, reused). */
export const TEST_ENV = {
  // One index per checkout: two clones tested at once do not rebuild each other's.
  DATA_DIR: join(tmpdir(), `cleaner-production-test-data-${createHash('sha256').update(projectRoot()).digest('hex').slice(0, 8)}`),
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

/**
 * A plans folder holding the repository's packs and the test pack side by side (links, in a
 * temp folder), as an operator's PLANS_DIR would.
 */
export function plansDirWithTestPack(): string {
  const dir = join(tmpdir(), `cleaner-production-test-plans-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(projectPath('plans'))) symlinkSync(projectPath('plans', name), join(dir, name));
  for (const name of readdirSync(TEST_PLANS_DIR)) symlinkSync(join(TEST_PLANS_DIR, name), join(dir, name));
  return dir;
}

let withTestPack: Promise<AppServices> | undefined;

/** The real services over the repository's packs and the test pack, built once per test worker. */
export function testServicesWithTestPack(): Promise<AppServices> {
  withTestPack ??= (async () => {
    const env = { ...TEST_ENV, PLANS_DIR: plansDirWithTestPack() };
    return createServices(loadConfig(env), env);
  })();
  return withTestPack;
}
