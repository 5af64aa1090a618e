import { describe, expect, it } from 'vitest';
import { forkFirstWorkerEarly, workerEnvironment, workerExecArgv } from '../src/cluster/fork.js';

describe('what a cluster worker starts with', () => {
  it('keeps V8 collection on the worker thread only when the workers fill the cores, and keeps what the operator set', () => {
    expect(workerExecArgv(2, ['--max-semi-space-size=4'], 2)).toEqual(['--max-semi-space-size=4', '--single-threaded-gc']);
    expect(workerExecArgv(2, [], 4)).toEqual([]);
    expect(workerExecArgv(4, ['--no-single-threaded-gc'], 2)).toEqual(['--no-single-threaded-gc']);
    expect(workerExecArgv(2, ['--single_threaded_gc'], 2)).toEqual(['--single_threaded_gc']);
  });

  it('shares the cores out for LanceDB, at least one thread each, unless set', () => {
    expect(workerEnvironment(2, {}, 2)).toMatchObject({ LANCE_CPU_THREADS: '1', TOKIO_WORKER_THREADS: '1', MALLOC_ARENA_MAX: '2' });
    expect(workerEnvironment(8, {}, 2).LANCE_CPU_THREADS).toBe('1');
    expect(workerEnvironment(2, { LANCE_CPU_THREADS: '4' }, 8)).not.toHaveProperty('LANCE_CPU_THREADS');
    expect(workerEnvironment(2, {}, 8).TOKIO_WORKER_THREADS).toBe('4');
  });

  it('starts no worker early unless WORKERS plainly asks for a cluster', () => {
    for (const WORKERS of ['1', '0', 'lots', '2.5', '65', '-3']) expect(forkFirstWorkerEarly({ WORKERS })).toBeUndefined();
  });
});
