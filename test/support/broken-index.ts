import { readdirSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { acquireFileLock, indexLockPath, type HeldLock } from '../../src/retrieval/index.js';

/**
 * Breaks a retriever's index on disk (its data files truncated) while holding its build lock, so
 * that every search until the lock is released is answered from memory. Release the lock after.
 */
export async function breakIndexHoldingLock(dataDir: string, table: string, name?: string): Promise<HeldLock> {
  const lock = await acquireFileLock(indexLockPath(dataDir, name));
  const data = join(dataDir, 'lancedb', `${table}.lance`, 'data');
  for (const file of readdirSync(data)) truncateSync(join(data, file), 64);
  return lock;
}
