import { randomUUID } from 'node:crypto';
import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { IndexLockTimeoutError } from './errors.js';

export interface FileLockOptions {
  /** Give up after this long. Default 120,000 ms (a remote-embeddings build of the plan takes seconds). */
  timeoutMs?: number;
  /** A lock older than this is taken to be left by a crashed process. Default 600,000 ms. */
  staleMs?: number;
  /** Pause between attempts. Default 100 ms. */
  pollMs?: number;
}

const lockContentSchema = z.object({ token: z.string(), pid: z.number().int(), host: z.string(), createdAt: z.number() });
type LockContent = z.infer<typeof lockContentSchema>;

/** A held lock; `release()` removes the file only if it is still ours. */
export interface HeldLock {
  release(): Promise<void>;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(path: string): Promise<LockContent | undefined> {
  try {
    const parsed = lockContentSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function isStale(path: string, content: LockContent | undefined, staleMs: number): Promise<boolean> {
  if (content) {
    if (Date.now() - content.createdAt > staleMs) return true;
    return content.host === hostname() && !processIsAlive(content.pid);
  }
  // Unreadable: a holder between creating and writing the file, or one that crashed there; only age tells.
  try {
    return Date.now() - (await stat(path)).mtimeMs > staleMs;
  } catch {
    return false; // gone already: the next attempt will take it
  }
}

/**
 * An exclusive lock between processes on one machine (or a shared disk), by creating a file
 * with O_EXCL. A lock whose process has died, or that is older than `staleMs`, is broken.
 * Breaking a stale lock can race with a second waiter breaking it too; the index build it
 * guards stays correct even then, because a build only becomes visible through an atomic
 * manifest rename.
 */
export async function acquireFileLock(path: string, options: FileLockOptions = {}): Promise<HeldLock> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const staleMs = options.staleMs ?? 600_000;
  const pollMs = options.pollMs ?? 100;
  const content: LockContent = { token: randomUUID(), pid: process.pid, host: hostname(), createdAt: Date.now() };
  const started = Date.now();
  for (;;) {
    try {
      await writeFile(path, JSON.stringify(content), { flag: 'wx' });
      return {
        release: async () => {
          const current = await readLock(path);
          if (current?.token === content.token) await unlink(path).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readLock(path);
    if (await isStale(path, holder, staleMs)) {
      await unlink(path).catch(() => undefined);
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) throw new IndexLockTimeoutError(path, waited);
    await sleep(pollMs);
  }
}
