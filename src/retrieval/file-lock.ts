import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { IndexLockTimeoutError } from './errors.js';

export interface FileLockOptions {
  /** Give up after this long. Default 120,000 ms (a remote-embeddings build of the plan takes seconds). */
  timeoutMs?: number;
  /**
   * A lock its holder has not refreshed for this long is abandoned (the holder crashed, froze,
   * or ran on a machine that is gone) and is taken over. The holder refreshes it every
   * `staleMs / 2`. Default 10,000 ms; at least 2,000.
   */
  staleMs?: number;
  /** Pause between attempts. Default 100 ms. */
  pollMs?: number;
  /** Told when a held lock was lost (taken over as stale, or removed by hand). Default: console.warn. */
  onCompromised?: (error: Error) => void;
}

/** A held lock; `release()` removes it if it is still ours. */
export interface HeldLock {
  release(): Promise<void>;
}

/**
 * An exclusive lock between processes on one machine or a shared disk: a directory created
 * atomically, whose modification time the holder keeps fresh (proper-lockfile). Whether the
 * holder is alive is read from that time, never from a process id, so a recycled PID (PID 1
 * in a container) or a holder on another host cannot keep it forever. Taking over a stale
 * lock can race with a holder that was only frozen; the index build it guards stays correct
 * even then, because a build only becomes visible through an atomic manifest rename.
 */
export async function acquireFileLock(path: string, options: FileLockOptions = {}): Promise<HeldLock> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const pollMs = options.pollMs ?? 100;
  const onCompromised = options.onCompromised ?? ((error: Error) => console.warn(`[lock] ${path}: ${error.message}`));
  const lockOptions = { realpath: false, lockfilePath: path, stale: Math.max(options.staleMs ?? 10_000, 2_000), retries: 0, onCompromised };
  const started = Date.now();
  for (;;) {
    try {
      const release = await lockfile.lock(path, lockOptions);
      return { release: () => release().catch(() => undefined) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) throw new IndexLockTimeoutError(path, waited);
    await sleep(pollMs);
  }
}
