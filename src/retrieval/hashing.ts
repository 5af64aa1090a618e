import { createHash } from 'node:crypto';

/** FNV-1a, 32 bits: a fast, stable hash for feature hashing (same value on every platform and run). */
export function fnv1a32(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Hex SHA-256 of a JSON-serialisable value (key order as given), shortened to `length` characters. */
export function contentHash(value: unknown, length = 16): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, length);
}
