import { spawn } from 'node:child_process';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { startFakeOpenAI, stall, type FakeOpenAI } from './support/fake-openai.js';
import { projectPath } from '../src/paths.js';
import { alive, childPids, startServerProcess, type ServerProcess } from './support/server-process.js';

/** One request on its own connection (no keep-alive), so that the cluster hands each to the next worker. */
function request(url: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : Buffer.from(JSON.stringify(init.body));
    const outgoing = http.request(
      `${url}${path}`,
      { method: init.method ?? 'GET', agent: false, headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {} },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Every process under `pid`, itself included. */
function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...childPids(all[i]!));
  return all;
}

/** Whether any process of the group led by `pid` is alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      const lines = server?.logs().filter((line) => line.msg !== 'request') ?? [];
      throw new Error(`timed out waiting for ${what}; the server said:\n${lines.map((line) => JSON.stringify(line)).join('\n')}`);
    }
    await sleep(50);
  }
}

let server: ServerProcess | undefined;
const workersReady = () => server?.logs().filter((line) => /^worker \d+ ready$/u.test(String(line.msg))).length ?? 0;
let fake: FakeOpenAI | undefined;
afterEach(async () => {
  server?.kill();
  server = undefined;
  await fake?.close();
  fake = undefined;
});

describe('WORKERS: several server processes on one port', () => {
  it('limits one client once across the workers, and GET /metrics counts every worker, whichever answers', async () => {
    server = await startServerProcess({ env: { WORKERS: '2', RATE_LIMIT_PER_MIN: '3' } });
    await until(() => workersReady() === 2, 60_000, 'both workers');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await request(server.url, '/v1/ask', { method: 'POST', body: { question: '什么是产品生态设计？' } })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);

    // The asks were served by both workers (each access line carries its process id)...
    const askLines = () => server!.logs().filter((line) => line.msg === 'request' && line.route === '/v1/ask');
    await until(() => askLines().length === 6, 10_000, 'six access lines');
    expect(new Set(askLines().map((line) => line.pid)).size).toBe(2);

    // ...and each scrape, on a new connection (so another worker), reports all six.
    for (let i = 0; i < 2; i++) {
      const metrics = parsePrometheusTextFormat((await request(server.url, '/metrics')).body);
      const requests = metrics.find((family) => family.name === 'http_requests_total')!;
      const asks = requests.metrics.filter((sample) => sample.labels?.route === '/v1/ask');
      expect(asks.reduce((sum, sample) => sum + Number(sample.value), 0)).toBe(6);
      const limited = metrics.find((family) => family.name === 'rate_limited_total')!;
      expect(Number(limited.metrics.find((sample) => sample.labels?.allowance === 'ask')?.value)).toBe(3);
    }
  }, 120_000);
});

describe('a cluster that cannot start', () => {
  it('exits non-zero naming the bad setting, and leaves no worker behind (the first worker starts before the settings are read)', async () => {
    const child = spawn(process.execPath, [projectPath('dist', 'server.js')], {
      cwd: projectPath(),
      env: { ...process.env, WORKERS: '2', PORT: '0', RATE_LIMIT_PER_MIN: 'lots' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    expect(code).not.toBe(0);
    expect(output).toContain('RATE_LIMIT_PER_MIN');
    // Nothing of its process group (the early worker included) outlives it.
    await until(() => !groupAlive(child.pid!), 10_000, 'the process group to be gone');
  });
});

describe('graceful shutdown of `npm start`', () => {
  it('on SIGTERM finishes the answer in flight, refuses new connections, exits 0 and leaves no process behind', async () => {
    // The model stalls, so that an answer is in flight when the signal comes.
    fake = await startFakeOpenAI(stall(3_000, { content: 'ok' }));
    server = await startServerProcess({
      command: 'npm',
      env: { WORKERS: '2', OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'test', OPENAI_MODEL: 'fake-model', LLM_TIMEOUT_MS: '10000', SHUTDOWN_GRACE_MS: '15000' },
    });
    const npm = server.child.pid!;
    await until(() => workersReady() === 2, 60_000, 'both workers');
    const tree = processTree(npm);
    // npm itself, the primary and two workers.
    expect(tree.length).toBeGreaterThanOrEqual(4);

    const inFlight = request(server.url, '/v1/ask', { method: 'POST', body: { question: '什么是产品生态设计？' } });
    await until(() => fake!.chatRequests().length > 0, 30_000, 'the model to be asked');
    process.kill(npm, 'SIGTERM');

    // The listener closes at once; the answer in flight still arrives.
    await until(() => request(server!.url, '/healthz').then(() => false, (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED'), 15_000, 'the port to close');
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).status).toBeDefined();

    expect(await server.exited).toEqual({ code: 0, signal: null });
    await until(() => tree.every((pid) => !alive(pid)), 10_000, 'every process to exit');
    const stopping = server.logs().filter((line) => line.msg === 'stopping: finishing the requests in flight');
    // The primary and both workers stopped gracefully.
    expect(new Set(stopping.map((line) => line.pid)).size).toBe(3);
  }, 150_000);
});
