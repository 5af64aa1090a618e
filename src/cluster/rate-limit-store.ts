import { MemoryStore, type ClientRateLimitInfo, type Store } from 'hono-rate-limiter';
import type { AppEnv } from '../api/context.js';
import type { Allowance, RateLimitStoreFactory } from '../api/rate-limit.js';
import type { PrimaryChannel, RequestHandler } from './ipc.js';

/**
 * Rate-limit counts of a cluster, kept by the primary: every worker counts against the same
 * numbers, so a client whose connections are spread over the workers gets the limit once, not
 * once per worker. hono-rate-limiter's `MemoryStore` does the counting in the primary; a
 * worker's store forwards each call over the IPC channel (a few tens of µs on loopback).
 * Written here because the maintained cluster store (@express-rate-limit/cluster-memory-store)
 * needs express-rate-limit at run time.
 */

const REQUEST_TYPE = 'rate-limit';

type Operation = 'increment' | 'decrement' | 'resetKey' | 'get';

interface CountRequest {
  store: string;
  windowMs: number;
  operation: Operation;
  key: string;
}

/** As it crosses the channel: the reset time as epoch milliseconds. */
interface WireInfo {
  totalHits: number;
  resetTime?: number;
}

const toWire = (info: ClientRateLimitInfo | undefined): WireInfo | undefined =>
  info && { totalHits: info.totalHits, ...(info.resetTime ? { resetTime: info.resetTime.getTime() } : {}) };
const fromWire = (info: WireInfo | undefined): ClientRateLimitInfo | undefined =>
  info && { totalHits: info.totalHits, ...(info.resetTime !== undefined ? { resetTime: new Date(info.resetTime) } : {}) };

/** A worker's store: forwards to the primary. Rejects when the primary does not answer in time. */
class PrimaryCountsStore implements Store<AppEnv> {
  private windowMs = 60_000;
  readonly localKeys = false;

  constructor(
    private readonly channel: PrimaryChannel,
    private readonly name: string,
    private readonly timeoutMs: number,
  ) {}

  init(options: { windowMs: number }): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const info = fromWire(await this.call('increment', key));
    if (!info) throw new Error('the primary returned no count');
    return info;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return fromWire(await this.call('get', key));
  }

  async decrement(key: string): Promise<void> {
    await this.call('decrement', key);
  }

  async resetKey(key: string): Promise<void> {
    await this.call('resetKey', key);
  }

  private call(operation: Operation, key: string): Promise<WireInfo | undefined> {
    const request: CountRequest = { store: this.name, windowMs: this.windowMs, operation, key };
    return this.channel.request<WireInfo | undefined>(REQUEST_TYPE, request, this.timeoutMs);
  }
}

/** In a worker: stores that count in the primary (which must run `hostRateLimitCounts`). */
export function primaryRateLimitStores(channel: PrimaryChannel, options: { timeoutMs?: number } = {}): RateLimitStoreFactory {
  return (allowance: Allowance) => new PrimaryCountsStore(channel, allowance, options.timeoutMs ?? 1_000);
}

/** In the primary: the counts, one `MemoryStore` per allowance and window, as a request handler for `answerWorkers`. */
export function hostRateLimitCounts(): Record<string, RequestHandler> {
  const stores = new Map<string, MemoryStore<AppEnv>>();
  const storeFor = (name: string, windowMs: number) => {
    const id = `${name}/${windowMs}`;
    let store = stores.get(id);
    if (!store) {
      store = new MemoryStore<AppEnv>();
      store.init({ windowMs } as Parameters<MemoryStore<AppEnv>['init']>[0]);
      stores.set(id, store);
    }
    return store;
  };
  return {
    [REQUEST_TYPE]: async (payload) => {
      const { store: name, windowMs, operation, key } = payload as CountRequest;
      if (typeof name !== 'string' || typeof key !== 'string' || !Number.isInteger(windowMs) || windowMs <= 0) throw new Error('malformed rate-limit request');
      const store = storeFor(name, windowMs);
      switch (operation) {
        case 'increment':
          return toWire(await store.increment(key));
        case 'get':
          return toWire(await store.get(key));
        case 'decrement':
          await store.decrement(key);
          return undefined;
        case 'resetKey':
          await store.resetKey(key);
          return undefined;
        default:
          throw new Error(`unknown rate-limit operation "${String(operation)}"`);
      }
    },
  };
}
