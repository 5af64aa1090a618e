import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acquireFileLock,
  EmbedderConfigError,
  EmbeddingError,
  embedderFromEnv,
  IndexLockTimeoutError,
  LocalEmbedder,
  OpenAIEmbedder,
  reciprocalRankFusion,
  TermMatcher,
  tokenize,
} from '../src/retrieval/index.js';

describe('tokenize', () => {
  it('segments Chinese, lower-cases Latin words, keeps numbers, drops punctuation, emoji and stop-words', () => {
    expect(tokenize('电镀行业推广什么技术？')).toEqual(['电镀', '行业', '推广', '技术']);
    expect(tokenize('不含全氟辛烷磺酸盐（PFOS）的铬雾')).toEqual(expect.arrayContaining(['磺酸', 'pfos', '铬', '雾']));
    expect(tokenize('汞使用量——638吨')).toEqual(expect.arrayContaining(['汞', '使用量', '638', '吨']));
    expect(tokenize('😀！？   ')).toEqual([]);
    expect(tokenize('What is the target?')).toEqual(['target']);
  });
});

describe('TermMatcher', () => {
  const matcher = new TermMatcher([
    { zh: '铅', en: ['lead', 'Pb'] },
    { zh: '无铅焊料', en: ['lead-free solder'] },
    { zh: '中小企业', en: ['SME', 'small and medium-sized enterprises'] },
    { zh: '六价铬', en: ['Cr(VI)'] },
  ]);

  it('prefers the longer phrase, matches whole words, plurals and spacing variants', () => {
    expect(matcher.toChinese('Lead free solders and lead').text).toBe('无铅焊料 and 铅');
    expect(matcher.toChinese('SMEs, leadership').text).toBe('中小企业 , leadership');
    expect(matcher.toChinese('Cr(VI) limits').text).toBe('六价铬 limits');
  });

  it('maps a phrase that names two terms to both', () => {
    const shared = new TermMatcher([
      { zh: '镀铬', en: ['chrome plating'] },
      { zh: '电镀', en: ['chrome plating', 'electroplating'] },
    ]);
    expect(shared.toChinese('chrome plating').text).toBe('镀铬 电镀');
  });

  it('finds concepts in either language', () => {
    expect(matcher.conceptsIn('推广无铅焊料').sort()).toEqual(['无铅焊料', '铅'].sort());
    expect(matcher.conceptsIn('small and medium-sized enterprises')).toEqual(['中小企业']);
  });
});

describe('LocalEmbedder', () => {
  const embedder = new LocalEmbedder({ terms: [{ zh: '汞', en: ['mercury'] }] });

  it('is deterministic, normalised, and links an English term to its Chinese one', async () => {
    const [a, b, english, other, empty] = await embedder.embed(['汞使用量', '汞使用量', 'mercury', '绿色信贷', '']);
    expect(a).toEqual(b);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 6);
    const cosine = (x: number[], y: number[]) => x.reduce((sum, value, index) => sum + value * y[index]!, 0);
    expect(cosine(english!, a!)).toBeGreaterThan(cosine(english!, other!) + 0.2);
    expect(empty!.every((value) => value === 0)).toBe(true);
  });
});

describe('reciprocalRankFusion', () => {
  it('rewards agreement between lists and records each rank', () => {
    const fused = reciprocalRankFusion({ fullText: ['a', 'b', 'c'], vector: ['b', 'd'] });
    expect(fused.map((result) => result.id)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused[0]!.ranks).toEqual({ fullText: 2, vector: 1 });
  });
});

describe('acquireFileLock', () => {
  const directory = mkdtempSync(join(tmpdir(), 'retrieval-lock-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('waits for a live holder and then times out', async () => {
    const path = join(directory, 'held.lock');
    const held = await acquireFileLock(path);
    await expect(acquireFileLock(path, { timeoutMs: 150, pollMs: 20 })).rejects.toBeInstanceOf(IndexLockTimeoutError);
    await held.release();
    const again = await acquireFileLock(path, { timeoutMs: 150 });
    await again.release();
  });

  it('takes over a lock its holder stopped refreshing, whatever process id it may record', async () => {
    const path = join(directory, 'stale.lock');
    // A lock directory as proper-lockfile leaves it when its holder is gone: not touched for a minute.
    mkdirSync(path);
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(path, minuteAgo, minuteAgo);
    const lock = await acquireFileLock(path, { timeoutMs: 1_000 });
    await lock.release();
    expect(existsSync(path)).toBe(false);
  });
});

describe('OpenAIEmbedder against a local OpenAI-compatible server', () => {
  let server: Server;
  let baseURL: string;
  const requests: Array<{ input: string[]; encoding_format?: string; model: string }> = [];

  beforeAll(async () => {
    server = createServer(async (request: IncomingMessage, response) => {
      let body = '';
      for await (const chunk of request) body += chunk;
      const payload = JSON.parse(body) as { input: string[]; encoding_format?: string; model: string };
      requests.push(payload);
      if (payload.model === 'broken') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ index: 0 }] }));
        return;
      }
      // Answer out of order, as the API may: the embedder must sort by index.
      const data = payload.input.map((text, index) => ({ object: 'embedding', index, embedding: [text.length, index, 1] })).reverse();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: payload.model }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks for floats, batches, keeps order and learns the vector size', async () => {
    const embedder = new OpenAIEmbedder({ model: 'test-model', baseURL, batchSize: 2, maxRetries: 0 });
    expect(embedder.dimensions).toBe(0);
    const vectors = await embedder.embed(['a', 'bb', 'ccc']);
    expect(vectors).toEqual([[1, 0, 1], [2, 1, 1], [3, 0, 1]]);
    expect(embedder.dimensions).toBe(3);
    expect(requests.slice(-2).map((request) => [request.input.length, request.encoding_format])).toEqual([[2, 'float'], [1, 'float']]);
    expect(embedder.id).toContain('test-model');
  });

  it('turns a malformed answer into an EmbeddingError', async () => {
    const embedder = new OpenAIEmbedder({ model: 'broken', baseURL, maxRetries: 0 });
    await expect(embedder.embed(['x'])).rejects.toBeInstanceOf(EmbeddingError);
  });

  it('is chosen by EMBEDDINGS_MODEL, with the base URL and key fallbacks', () => {
    expect(embedderFromEnv({}, [])).toBeInstanceOf(LocalEmbedder);
    const remote = embedderFromEnv({ EMBEDDINGS_MODEL: 'bge-m3', OPENAI_BASE_URL: baseURL }, []);
    expect(remote).toBeInstanceOf(OpenAIEmbedder);
    expect(remote.id).toBe(`openai-compatible:bge-m3@${baseURL}`);
    expect(() => embedderFromEnv({ EMBEDDINGS_MODEL: 'text-embedding-3-small' }, [])).toThrow(EmbedderConfigError);
    expect(() => embedderFromEnv({ EMBEDDINGS_MODEL: 'm', EMBEDDINGS_BASE_URL: 'not a url' }, [])).toThrow(EmbedderConfigError);
  });
});
