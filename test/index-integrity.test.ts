import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/observability/logger.js';
import { Metrics } from '../src/observability/metrics.js';
import { projectPath } from '../src/paths.js';
import { acquireFileLock, indexLockPath, LocalEmbedder, openClauseIndex, termsFromGlossary } from '../src/retrieval/index.js';
import { createServices, indexName, type PlanServices } from '../src/services.js';
import { MAIN_PLAN, mainPack } from './support/packs.js';
import { postJson, TEST_ENV } from './support/services.js';

/**
 * The retrieval index on disk breaks (a data file truncated or deleted, the full-text index
 * damaged): at start and while serving, the service heals it and answers as a clean index
 * does; meanwhile it never answers 500.
 */

const INDEX = indexName(MAIN_PLAN);
const QUESTIONS = [
  '2015年汞使用量削减目标是多少？',
  '规划对绿色信贷有什么规定？',
  'What does the plan say about lead-free solder?',
  '我们是一家规模以上的电镀企业，多久需要做一次清洁生产审核？',
];
const QUERIES = ['汞使用量削减目标', '绿色信贷', 'lead-free solder', '哪些行业每两年审核一次'];

const temporary: string[] = [];
const temporaryDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};

interface Opened {
  services: PlanServices;
  app: ReturnType<typeof createApp>;
  logs: Array<Record<string, unknown>>;
}

async function open(dataDir: string): Promise<Opened> {
  const env = { ...TEST_ENV, DATA_DIR: dataDir };
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({ destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } });
  const services = await createServices(loadConfig(env), env, { logger, metrics: new Metrics() });
  return { services, app: createApp(services), logs };
}

async function answers(opened: Opened) {
  const replies = [];
  for (const question of QUESTIONS) {
    const response = await opened.app.request('/v1/ask', postJson({ question }));
    replies.push({ status: response.status, degraded: response.headers.get('x-degraded'), body: (await response.json()) as Record<string, unknown> });
  }
  const hits = [];
  for (const query of QUERIES) hits.push(await opened.services.default.retriever.search(query));
  return { replies, hits };
}

/** The directory of the table the manifest points at. */
function tableDir(dataDir: string): string {
  const manifest = JSON.parse(readFileSync(join(dataDir, 'lancedb', `${INDEX}.manifest.json`), 'utf8')) as { table: string };
  return join(dataDir, 'lancedb', `${manifest.table}.lance`);
}

const dataFile = (dataDir: string) => {
  const dir = join(tableDir(dataDir), 'data');
  return join(dir, readdirSync(dir)[0]!);
};

async function metric(opened: Opened, name: string): Promise<string[]> {
  const { body } = await opened.services.metrics.render();
  return body.split('\n').filter((line) => line.startsWith(name));
}

let cleanDir: string;
let clean: Awaited<ReturnType<typeof answers>>;

beforeAll(async () => {
  cleanDir = temporaryDir('index-clean-');
  const opened = await open(cleanDir);
  clean = await answers(opened);
  opened.services.close();
  expect(clean.replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200]);
});

afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('a broken index found at start', () => {
  it.each([
    ['a truncated data file', (dataDir: string) => truncateSync(dataFile(dataDir), Math.floor(statSync(dataFile(dataDir)).size / 2))],
    ['a deleted data file', (dataDir: string) => unlinkSync(dataFile(dataDir))],
    [
      'a damaged full-text index',
      (dataDir: string) => {
        const indices = join(tableDir(dataDir), '_indices');
        for (const index of readdirSync(indices)) for (const file of readdirSync(join(indices, index))) truncateSync(join(indices, index, file), 10);
      },
    ],
  ])('is rebuilt, said so in the log, and answers as a clean index does: %s', async (_label, damage) => {
    const dataDir = temporaryDir('index-damaged-');
    cpSync(cleanDir, dataDir, { recursive: true });
    const before = tableDir(dataDir);
    damage(dataDir);

    const opened = await open(dataDir);
    try {
      expect(tableDir(dataDir)).not.toBe(before);
      const probe = opened.logs.find((line) => line.msg === 'index failed its probe; rebuilding it');
      expect(probe).toMatchObject({ level: 40, plan: MAIN_PLAN });
      expect(opened.logs.find((line) => line.msg === 'index built')).toMatchObject({ plan: MAIN_PLAN, reason: 'broken' });
      expect(await metric(opened, 'index_builds_total{')).toEqual([`index_builds_total{plan="${MAIN_PLAN}",reason="broken"} 1`]);

      const health = await opened.app.request('/healthz');
      expect(await health.json()).toMatchObject({ status: 'ok', plans: [{ id: MAIN_PLAN, index: 'ok' }] });
      expect(await answers(opened)).toEqual(clean);
    } finally {
      opened.services.close();
    }
  });
});

describe('an index that breaks while serving', () => {
  it('answers from memory, marked degraded (never 500), while it is rebuilt; then as a clean index does', async () => {
    const dataDir = temporaryDir('index-runtime-');
    cpSync(cleanDir, dataDir, { recursive: true });
    const opened = await open(dataDir);
    // Hold the build lock, so that the rebuild waits and the degraded state can be observed.
    const lock = await acquireFileLock(indexLockPath(dataDir, INDEX));
    try {
      truncateSync(dataFile(dataDir), 100);

      for (const question of QUESTIONS) {
        const response = await opened.app.request('/v1/ask', postJson({ question }));
        expect(response.status, question).toBe(200);
        expect(response.headers.get('x-degraded')).toBe('search');
        const body = (await response.json()) as { answer: string; degraded: string[]; citations: Array<{ id: string; quote: string }> };
        expect(body.degraded).toEqual(['search']);
        expect(body.answer.length).toBeGreaterThan(0);
        for (const citation of body.citations) expect(mainPack().corpus.get(citation.id)?.text).toContain(citation.quote);
      }
      const streamed = await (await opened.app.request('/v1/ask/stream', postJson({ question: QUESTIONS[1] }))).text();
      expect(streamed).toMatch(/"degraded":\["search"\]/u);

      const health = await opened.app.request('/healthz');
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'degraded', plans: [{ id: MAIN_PLAN, index: 'degraded' }] });
      expect(await metric(opened, 'index_degraded{')).toEqual([`index_degraded{plan="${MAIN_PLAN}"} 1`]);
      expect(await metric(opened, 'answers_total{')).toContainEqual(expect.stringMatching(/search="degraded"/u));
      expect(opened.logs.find((line) => line.msg === 'index broken; searching in memory while it is rebuilt')).toMatchObject({ level: 50, plan: MAIN_PLAN });
      // Access lines say which answers were degraded, with their request id.
      expect(opened.logs.find((line) => line.msg === 'request' && line.path === '/v1/ask')).toMatchObject({ degraded: ['search'], reqId: expect.any(String) });
    } finally {
      await lock.release();
    }

    let status = '';
    for (let waited = 0; waited < 60_000 && status !== 'ok'; waited += 200) {
      status = ((await (await opened.app.request('/healthz')).json()) as { status: string }).status;
      if (status !== 'ok') await sleep(200);
    }
    expect(status).toBe('ok');
    try {
      expect(await answers(opened)).toEqual(clean);
      expect(await metric(opened, 'index_degraded{')).toEqual([`index_degraded{plan="${MAIN_PLAN}"} 0`]);
      expect(await metric(opened, 'index_builds_total{')).toEqual([`index_builds_total{plan="${MAIN_PLAN}",reason="broken"} 1`]);
    } finally {
      opened.services.close();
    }
  }, 90_000);
});

describe('the build lock', () => {
  let holder: ChildProcess | undefined;
  afterAll(() => holder?.kill('SIGKILL'));

  it('does not block start-up for long when its holder is alive but not working (a recycled PID, a frozen process)', async () => {
    const dataDir = temporaryDir('index-lock-');
    const lockPath = indexLockPath(dataDir);
    // Another process takes the lock the way a build does, then freezes: its PID stays alive.
    const code = [
      `import { mkdirSync } from 'node:fs';`,
      `import { acquireFileLock } from ${JSON.stringify(projectPath('src', 'retrieval', 'file-lock.ts'))};`,
      `mkdirSync(${JSON.stringify(join(dataDir, 'lancedb'))}, { recursive: true });`,
      `await acquireFileLock(${JSON.stringify(lockPath)});`,
      `process.stdout.write('held\\n');`,
      `process.kill(process.pid, 'SIGSTOP');`,
    ].join('\n');
    holder = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', code], { cwd: projectPath(), stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      holder!.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
      holder!.once('exit', (code) => reject(new Error(`the lock holder exited (${code})`)));
    });

    const pack = mainPack();
    const terms = termsFromGlossary(pack.glossary);
    // With the defaults: the lock is taken over once its holder has not refreshed it for 10 s.
    const index = await openClauseIndex({ dataDir, corpus: pack.corpus, embedder: new LocalEmbedder({ terms }), terms });
    expect(index.built).toBe(true);
    index.close();
  }, 60_000);
});
