import { LRUCache } from 'lru-cache';

export interface ResponseMemoOptions {
  /** Most memory the memo may hold (bodies and keys, counted as UTF-16). Default 4 MiB per process. */
  maxBytes?: number;
  /** Most entries. Default 1,000. */
  maxEntries?: number;
}

/**
 * JSON bodies of responses that are a pure function of their key (a plan version, a language,
 * a validated request), kept serialised in a bounded LRU (lru-cache): a repeated request costs
 * a lookup instead of evaluating, building the view and serialising it again. The bound is in
 * bytes, so large bodies cannot make it grow past it, whatever keys clients send.
 */
export class ResponseMemo {
  private readonly cache: LRUCache<string, string>;

  constructor(options: ResponseMemoOptions = {}) {
    this.cache = new LRUCache<string, string>({
      max: options.maxEntries ?? 1_000,
      maxSize: options.maxBytes ?? 4 * 1024 * 1024,
      sizeCalculation: (body, key) => (body.length + key.length) * 2 || 1,
    });
  }

  /** The JSON text for `key`, computed (and kept) by `compute` the first time. */
  async json(key: string, compute: () => unknown | Promise<unknown>): Promise<string> {
    const kept = this.cache.get(key);
    if (kept !== undefined) return kept;
    const body = JSON.stringify(await compute());
    this.cache.set(key, body);
    return body;
  }

  get size(): number {
    return this.cache.size;
  }
}

/** A stable key for a flat object (a profile): the same fields in any order give the same key. */
export function stableKey(value: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(value).sort().map((key) => [key, value[key]]));
}
