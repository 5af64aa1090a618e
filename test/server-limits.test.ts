import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/http-server.js';

/**
 * Slow and greedy clients against the real server (`listen`, as `npm start` runs it): a
 * request that stalls is closed within its timeout, a client that asked to close gets its
 * socket closed, and one address cannot hold every socket.
 */

interface Exchange {
  /** Whether the server closed the socket before `waitMs`. */
  closed: boolean;
  ms: number;
  received: string;
}

/** Opens a socket from `localAddress`, writes `text`, waits until the server closes it (or `waitMs`). */
function exchange(url: string, text: string, waitMs: number, localAddress = '127.0.0.1'): Promise<Exchange> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const started = Date.now();
    let received = '';
    const socket = connect({ port: Number(port), host: '127.0.0.1', localAddress });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ closed: false, ms: Date.now() - started, received });
    }, waitMs);
    socket.on('connect', () => socket.write(text));
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, ms: Date.now() - started, received });
    });
  });
}

describe('slow clients', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '2000', KEEP_ALIVE_TIMEOUT_MS: '30000' });
  });
  afterAll(() => server?.close());

  it('closes a request whose body stalls, within the request timeout (408)', async () => {
    // Headers and the start of a 60,000-byte body, then nothing.
    const stalled = await exchange(server.url, 'POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{"question":', 20_000);
    expect(stalled.closed).toBe(true);
    expect(stalled.received).toMatch(/^HTTP\/1\.1 408/u);
    // Within the 2 s timeout and the second the server takes to notice.
    expect(stalled.ms).toBeLessThan(10_000);
  });

  it('closes a connection whose headers stall, within the headers timeout', async () => {
    const stalled = await exchange(server.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', 20_000);
    expect(stalled.closed).toBe(true);
    expect(stalled.ms).toBeLessThan(10_000);
  });

  it('closes the socket after an event stream when the client asked for Connection: close', async () => {
    const body = JSON.stringify({ question: '2015年汞使用量削减目标是多少？' });
    const request = `POST /v1/ask/stream HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
    // The keep-alive timeout is 30 s: a socket kept alive would still be open at 20 s.
    const streamed = await exchange(server.url, request, 20_000);
    expect(streamed.closed).toBe(true);
    expect(streamed.received).toMatch(/^HTTP\/1\.1 200/u);
    expect(streamed.received).toMatch(/\r\nconnection: close\r\n/iu);
    expect(streamed.received).toContain('event: done');
  });
});

describe('greedy clients', () => {
  let server: TestServer;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = await startTestServer({ MAX_CONNECTIONS_PER_CLIENT: '5' });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await server?.close();
  });

  it('caps the connections one address may hold; other addresses are still served', async () => {
    const { port } = new URL(server.url);
    const closed: boolean[] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, index) => {
        const socket = connect({ port: Number(port), host: '127.0.0.1', localAddress: '127.0.0.1' });
        sockets.push(socket);
        closed[index] = false;
        socket.on('error', () => undefined);
        socket.on('close', () => (closed[index] = true));
        return new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      }),
    );
    // Hold them open with half a request each.
    for (const socket of sockets) if (!socket.destroyed) socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(closed.filter((value) => !value)).toHaveLength(5);

    // Another client (another address on the loopback) gets through.
    const other = await exchange(server.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 10_000, '127.0.0.2');
    expect(other.received).toMatch(/^HTTP\/1\.1 200/u);

    // A socket the first client closes frees its place.
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await exchange(server.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 10_000);
    expect(again.received).toMatch(/^HTTP\/1\.1 200/u);
  });
});
