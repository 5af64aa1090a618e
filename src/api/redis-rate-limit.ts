import { RedisStore } from '@hono-rate-limiter/redis';
import type { Store } from 'hono-rate-limiter';
import type { AppEnv } from './context.js';
import type { RateLimitStoreFactory } from './rate-limit.js';

export interface RedisRateLimitOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://` (TLS). */
  url: string;
  /** Prepended to every key, so that several services can share one Redis. Default `"policy-assistant:rl:"`. */
  prefix?: string;
  /** How long the start waits for the first connection. Default 2,000 ms. */
  connectWaitMs?: number;
  /** Told when the connection fails or comes back (at most once a minute for the same failure). */
  onStatus?: (status: 'connected' | 'error', detail?: string) => void;
}

export interface RedisRateLimit {
  /** The stores, one per allowance, all on the one connection. */
  stores: RateLimitStoreFactory;
  /** Closes the connection. */
  close(): Promise<void>;
}

/** What @hono-rate-limiter/redis calls on its client (the shape of Upstash's client, not node-redis's). */
interface ScriptClient {
  scriptLoad(script: string): Promise<string>;
  evalsha<TArgs extends unknown[], TData = unknown>(sha1: string, keys: string[], args: TArgs): Promise<TData>;
  decr(key: string): Promise<number>;
  del(key: string): Promise<number>;
}

/**
 * Rate-limit counts in Redis (@hono-rate-limiter/redis over a node-redis client), so that
 * every instance behind a proxy enforces one limit. Offline commands are refused at once (no
 * queue): while Redis is unreachable a call fails fast, and `withFallbackStores` counts in
 * memory meanwhile. The client reconnects by itself (every 0.2 s to 5 s). The `redis` package
 * is loaded only here, when `REDIS_URL` is set.
 */
export async function redisRateLimit(options: RedisRateLimitOptions): Promise<RedisRateLimit> {
  const { createClient } = await import('redis');
  const client = createClient({
    url: options.url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2_000, reconnectStrategy: (retries: number) => Math.min(200 * (retries + 1), 5_000) },
  });
  let lastError: { message: string; at: number } | undefined;
  client.on('error', (error: Error) => {
    const message = error?.message ?? String(error);
    if (lastError?.message === message && Date.now() - lastError.at < 60_000) return;
    lastError = { message, at: Date.now() };
    options.onStatus?.('error', message);
  });
  client.on('ready', () => {
    lastError = undefined;
    options.onStatus?.('connected');
  });
  // Waited for until connected, the first failure or `connectWaitMs`: an unreachable Redis does
  // not hold the start (counting is in memory until it answers).
  const settled = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, options.connectWaitMs ?? 2_000);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    client.once('ready', done);
    client.once('error', done);
  });
  client.connect().catch(() => undefined);
  await settled;

  const adapter: ScriptClient = {
    scriptLoad: (script) => client.scriptLoad(script),
    evalsha: (sha1, keys, args) => client.evalSha(sha1, { keys, arguments: args.map(String) }) as never,
    decr: (key) => client.decr(key),
    del: (key) => client.del(key),
  };
  const prefix = options.prefix ?? 'policy-assistant:rl:';
  return {
    stores: () => {
      const store = new RedisStore({ client: adapter, prefix });
      // It loads its scripts in its constructor and awaits them only when counting (and loads
      // them again if that fails): a failure meanwhile (Redis not up yet) must not become an
      // unhandled rejection. The promises still reject for the calls that await them.
      store.incrementScriptSha.catch(() => undefined);
      store.getScriptSha.catch(() => undefined);
      return store as unknown as Store<AppEnv>;
    },
    close: async () => {
      if (client.isOpen) await client.close().catch(() => client.destroy());
      else client.destroy();
    },
  };
}
