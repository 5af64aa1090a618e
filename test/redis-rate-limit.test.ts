import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/observability/logger.js';
import { Metrics } from '../src/observability/metrics.js';
import { serve, type RunningService } from '../src/serve.js';
import { freePort } from './support/server-process.js';
import { TEST_ENV } from './support/services.js';

/** A throw-away redis-server (Debian's; `.ci/run` installs it) on a free port, nothing persisted. */
async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 15_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run redis-server (apt-get install redis-server): ${error.message}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function startInstance(env: Record<string, string>): Promise<RunningService & { metrics: Metrics }> {
  const merged = { ...TEST_ENV, ...env };
  const metrics = new Metrics();
  const running = await serve(loadConfig({ ...merged, PORT: '0', HOST: '127.0.0.1' }), merged, { logger: silentLogger(), metrics });
  return { ...running, metrics };
}

const ask = (instance: RunningService) =>
  fetch(`${instance.url}/v1/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '什么是产品生态设计？' }) }).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });

const failures = async (instance: { metrics: Metrics }) => {
  const text = (await instance.metrics.render()).body;
  return [...text.matchAll(/^rate_limit_store_failures_total\{[^}]*\} (\d+)/gmu)].reduce((sum, match) => sum + Number(match[1]), 0);
};

describe('REDIS_URL: rate limits shared by several instances', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  const instances: RunningService[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.shutdown(0)));
    await redis?.stop();
  });

  it('limits one client across two instances, and keeps answering (counting per instance) when Redis goes away', async () => {
    const env = { REDIS_URL: redis.url, RATE_LIMIT_PER_MIN: '3' };
    const [first, second] = await Promise.all([startInstance(env), startInstance(env)]);
    instances.push(first, second);

    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await ask(i % 2 === 0 ? first : second));
    // Three questions in all, not three per instance.
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    expect(await failures(first)).toBe(0);

    // Redis gone: never a 5xx; each instance counts on its own meanwhile (its count starts afresh).
    await redis.stop();
    const degraded = [await ask(first), await ask(second), await ask(first)];
    expect(degraded).toEqual([200, 200, 200]);
    expect(await failures(first)).toBeGreaterThan(0);
    expect(await ask(first)).toBe(200);
    expect(await ask(first)).toBe(429);
  }, 120_000);

  it('starts and limits in memory when Redis is unreachable from the start', async () => {
    const instance = await startInstance({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, RATE_LIMIT_PER_MIN: '2' });
    instances.push(instance);
    expect([await ask(instance), await ask(instance), await ask(instance)]).toEqual([200, 200, 429]);
  }, 60_000);
});
