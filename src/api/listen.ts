import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { addressKey, compileTrust, type TrustProxy } from './client-address.js';

/** What serves each request: `app.fetch` of the Hono app. */
export type FetchHandler = Parameters<typeof createAdaptorServer>[0]['fetch'];

export interface ListenOptions {
  port: number;
  hostname: string;
  /** A client must send its request headers within this. Default 10,000 ms. */
  headersTimeoutMs?: number;
  /** A client must send its whole request, body included, within this. Default 30,000 ms. */
  requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this. Default 5,000 ms. */
  keepAliveTimeoutMs?: number;
  /** Open connections one client address (an IPv6 client by its /64) may hold; 0: no cap. Default 100. */
  maxConnectionsPerClient?: number;
  /** Proxies in front (TRUST_PROXY): their connections carry many clients and are not capped. Default false. */
  trustProxy?: TrustProxy;
  /** Told of each connection closed on arrival because its address holds the most allowed. */
  onConnectionRefused?: (address: string) => void;
}

export interface RunningServer {
  server: Server;
  /** `http://host:port` as bound (the real port when 0 was asked). */
  url: string;
  /**
   * Stops accepting and closes idle connections; resolves when the requests in flight have
   * finished. `force` closes those too.
   */
  close(options?: { force?: boolean }): Promise<void>;
}

/**
 * Serves a fetch handler (the Hono app) over HTTP/1.1 with the bounds a public service
 * needs: a slow client is cut off after `headersTimeoutMs` without its headers and after
 * `requestTimeoutMs` without its whole request (Node answers 408 and closes; its timers are
 * checked every second instead of every 30 s), and no one address may hold more than
 * `maxConnectionsPerClient` sockets, so one client cannot take every socket.
 */
export async function listen(fetch: FetchHandler, options: ListenOptions): Promise<RunningServer> {
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? 30_000, headersTimeout);
  const server = createAdaptorServer({
    fetch,
    hostname: options.hostname,
    serverOptions: { headersTimeout, requestTimeout, connectionsCheckingInterval: Math.min(1_000, headersTimeout) },
  }) as Server;
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5_000;

  const cap = options.maxConnectionsPerClient ?? 100;
  if (cap > 0) {
    const trust = compileTrust(options.trustProxy ?? false);
    const open = new Map<string, number>();
    server.on('connection', (socket: Socket) => {
      const address = socket.remoteAddress;
      if (!address || trust(address, 0)) return;
      const key = addressKey(address);
      const count = (open.get(key) ?? 0) + 1;
      if (count > cap) {
        options.onConnectionRefused?.(key);
        socket.destroy();
        return;
      }
      open.set(key, count);
      socket.once('close', () => {
        const left = (open.get(key) ?? 1) - 1;
        if (left > 0) open.set(key, left);
        else open.delete(key);
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: (closing = {}) =>
      new Promise<void>((resolve) => {
        // A keep-alive connection whose request finishes while closing turns idle: closed then too.
        const idle = setInterval(() => server.closeIdleConnections(), 100);
        server.close(() => {
          clearInterval(idle);
          resolve();
        });
        if (closing.force) server.closeAllConnections();
        else server.closeIdleConnections();
      }),
  };
}
