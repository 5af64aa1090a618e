import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { projectPath } from '../../src/paths.js';
import { TEST_ENV } from './services.js';

/** A free port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** The JSON log lines written so far. */
  logs(): Array<Record<string, unknown>>;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process group if still running (for cleanup). */
  kill(): void;
}

/** Ids of the processes whose parent is `pid` (from /proc). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/u)) if (task) out.push(Number(task));
  } catch {
    // gone
  }
  return out;
}

/** Whether a process is still there (not a zombie). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * The real server in its own process group, as an operator starts it: `node dist/server.js`
 * (compiled; see test/support/build-dist.ts) or `npm start`. Resolves once GET /healthz says 200.
 */
export async function startServerProcess(options: { env?: Record<string, string>; command?: 'node' | 'npm'; readyTimeoutMs?: number } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const env = { ...process.env, ...TEST_ENV, LOG_LEVEL: 'info', ...options.env, PORT: String(port), HOST: '127.0.0.1' };
  const [command, args] = options.command === 'npm' ? ['npm', ['start', '--silent']] : [process.execPath, [projectPath('dist', 'server.js')]];
  const child = spawn(command, args, { cwd: projectPath(), env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const handle: ServerProcess = {
    child,
    url,
    exited,
    logs: () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    kill: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  let done = false;
  void exited.then(() => (done = true));
  for (;;) {
    if (done) throw new Error(`the server exited before it was ready:\n${output.slice(-3000)}`);
    if (Date.now() > deadline) {
      handle.kill();
      throw new Error(`the server was not ready in time:\n${output.slice(-3000)}`);
    }
    const status = await fetch(`${url}/healthz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return handle;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
