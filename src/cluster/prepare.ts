import { fork } from 'node:child_process';

/** Set in the environment of the child that prepares the indexes (see `prepareIndexesInChild`). */
export const PREPARE_INDEXES_ENV = 'SERVER_PREPARE_INDEXES';

/**
 * Runs this same entry point (`process.argv[1]`, with this process's Node options) as a child
 * with `PREPARE_INDEXES_ENV` set, and waits for it to exit. The child builds or probes every
 * index and exits; the primary thus never loads LanceDB or the plans, and stays small while it
 * supervises the workers. Rejects when the child fails; `signal` stops it (SIGTERM).
 */
export function prepareIndexesInChild(signal?: AbortSignal): Promise<void> {
  const entry = process.argv[1];
  if (!entry) return Promise.reject(new Error('prepareIndexesInChild: no entry point in process.argv[1]'));
  return new Promise((resolve, reject) => {
    const child = fork(entry, process.argv.slice(2), { env: { ...process.env, [PREPARE_INDEXES_ENV]: '1' }, stdio: 'inherit', ...(signal ? { signal } : {}) });
    // An abort is reported by 'exit' too (killed by SIGTERM).
    child.once('error', (error) => {
      if (error.name !== 'AbortError') reject(error);
    });
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`preparing the indexes failed (${signal ?? `exit code ${code}`})`))));
  });
}
