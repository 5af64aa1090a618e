import type { ClientRateLimitInfo, Store } from 'hono-rate-limiter';
import type { AppEnv } from './context.js';
import type { Allowance, RateLimitStoreFactory } from './rate-limit.js';

export interface FallbackStoreOptions {
  /** A call to the shared store that takes longer than this counts as a failure. Default 500 ms. */
  timeoutMs?: number;
  /** After a failure, the shared store is left alone this long (calls go to the fallback at once). Default 1,000 ms. */
  retryAfterMs?: number;
  /** Told of each failure that sends counting to the fallback (not of the calls skipped while waiting to retry). */
  onFailure?: (allowance: Allowance, error: unknown) => void;
}

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A store that counts in a shared store (Redis, the cluster's primary) and, while that one
 * fails or does not answer in time, in a fallback store instead (this process's memory), so
 * that a rate-limited request is never failed or held up by the store: the limit then holds
 * per process rather than for everyone, until the shared store answers again.
 */
class FallbackStore implements Store<AppEnv> {
  private brokenUntil = 0;

  constructor(
    private readonly allowance: Allowance,
    private readonly shared: Store<AppEnv>,
    private readonly fallback: Store<AppEnv>,
    private readonly options: Required<Omit<FallbackStoreOptions, 'onFailure'>> & Pick<FallbackStoreOptions, 'onFailure'>,
  ) {}

  init(options: Parameters<NonNullable<Store<AppEnv>['init']>>[0]): void {
    this.shared.init?.(options);
    this.fallback.init?.(options);
  }

  increment(key: string): Promise<ClientRateLimitInfo> {
    return this.call((store) => store.increment(key));
  }

  async decrement(key: string): Promise<void> {
    await this.call((store) => store.decrement(key));
  }

  async resetKey(key: string): Promise<void> {
    await this.call((store) => store.resetKey(key));
  }

  async shutdown(): Promise<void> {
    await Promise.allSettled([this.shared.shutdown?.(), this.fallback.shutdown?.()]);
  }

  private async call<T>(operation: (store: Store<AppEnv>) => T | Promise<T>): Promise<T> {
    if (Date.now() >= this.brokenUntil) {
      try {
        return await withTimeout(Promise.resolve().then(() => operation(this.shared)), this.options.timeoutMs);
      } catch (error) {
        this.brokenUntil = Date.now() + this.options.retryAfterMs;
        this.options.onFailure?.(this.allowance, error);
      }
    }
    return operation(this.fallback);
  }
}

/** Stores from `shared`, each falling back to its own from `fallback` (see `FallbackStore`). */
export function withFallbackStores(shared: RateLimitStoreFactory, fallback: RateLimitStoreFactory, options: FallbackStoreOptions = {}): RateLimitStoreFactory {
  const settings = { timeoutMs: options.timeoutMs ?? 500, retryAfterMs: options.retryAfterMs ?? 1_000, onFailure: options.onFailure };
  return (allowance, windowMs) => new FallbackStore(allowance, shared(allowance, windowMs), fallback(allowance, windowMs), settings);
}
