import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';

/** Children still running: killed on exit, however the benchmark ends. */
const live = new Set<ChildProcess>();
export function killAllChildren(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
}

/** Kills the children and waits (at most `timeoutMs`) until they are gone, so that this process reaps them. */
export async function killAllChildrenAndWait(timeoutMs = 2_000): Promise<void> {
  const waiting = [...live].map((child) => new Promise<void>((resolve) => child.once('exit', () => resolve())));
  killAllChildren();
  await Promise.race([Promise.all(waiting), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
}

/** A free port on 127.0.0.1: listen on 0, note the port, close. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Linux clock ticks per second (`getconf CLK_TCK`); 100 on every Linux a Node 20 runs on. */
const CLOCK_TICKS = 100;

/** CPU time (user + system) a process has used so far, in ms; undefined off Linux or once it is gone. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "pid (comm) ": state is field 3, utime field 14, stime field 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** VmRSS and VmHWM (peak RSS) of a process, in bytes, from /proc/<pid>/status. */
export function processMemory(pid: number): { rss?: number; hwm?: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name: string) => {
      const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
      return match ? Number(match[1]) * 1024 : undefined;
    };
    return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
  } catch {
    return {};
  }
}

/** The processes under `pid` (children, their children…), from /proc. */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    let children: number[] = [];
    try {
      children = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim().split(/\s+/u).filter(Boolean).map(Number);
    } catch {
      // gone
    }
    out.push(...children);
    queue.push(...children);
  }
  return out;
}

/**
 * Samples the RSS of a process and of every process under it (a cluster's primary, its
 * workers) every `intervalMs`: the peak of each process, overall and since
 * the last `mark()`.
 */
export class MemorySampler {
  /** Highest RSS any one process reached. */
  peak = 0;
  phasePeak = 0;
  /** Highest sum over the processes at one sample. */
  peakTotal = 0;
  samples = 0;
  /** Peak RSS per process id. */
  readonly peaks = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Starts a new phase; returns the peak RSS of any one process in the phase that ended. */
  mark(): number {
    this.sample();
    const peak = this.phasePeak;
    this.phasePeak = 0;
    return peak;
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }

  /** The processes now: the root and everything under it. */
  pids(): number[] {
    return [this.pid, ...descendants(this.pid)];
  }

  private sample(): void {
    let total = 0;
    let any = false;
    for (const pid of this.pids()) {
      const { rss } = processMemory(pid);
      if (rss === undefined) continue;
      any = true;
      total += rss;
      this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, rss));
      this.peak = Math.max(this.peak, rss);
      this.phasePeak = Math.max(this.phasePeak, rss);
    }
    if (!any) return;
    this.samples++;
    this.peakTotal = Math.max(this.peakTotal, total);
  }
}

export interface ServerHandle {
  pid: number;
  port: number;
  /** From spawn to the first 200 from GET /healthz. */
  startupMs: number;
  /** X-Plan-Version the server reports. */
  version: string | undefined;
  memory: MemorySampler;
  /** The server's last lines of output (for error messages). */
  output(): string;
  /** Whether the process has exited; `exitDescription` says how. */
  exited(): boolean;
  exitDescription(): string;
  /** VmHWM (the kernel's peak RSS) of each process now, then SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<{ hwm?: number; rss?: number; processes: Array<{ pid: number; hwm?: number; rss?: number }> }>;
}

function getStatus(port: number, path: string, timeoutMs: number): Promise<{ status: number; version?: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, version: response.headers['x-plan-version']?.toString() }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What `npm start` sets (package.json's `start` script, `[NAME=value ...] exec node FLAGS dist/server.js`):
 * the environment (glibc's malloc arenas) and the heap sizes that bound each process's memory,
 * so that the bench measures what operators run.
 */
export function startCommand(cwd: string): { env: Record<string, string>; flags: string[] } {
  const manifest = z.object({ scripts: z.object({ start: z.string() }) }).parse(JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')));
  const groups = /^(?<env>(?:[A-Z_][A-Z0-9_]*=\S* )*)exec node (?<flags>(?:--\S+ )*)dist\/server\.js$/u.exec(manifest.scripts.start)?.groups;
  if (!groups) throw new Error(`package.json: the start script is not "[NAME=value ...] exec node [--flags] dist/server.js": ${manifest.scripts.start}`);
  const env = Object.fromEntries(
    groups.env!
      .split(' ')
      .filter(Boolean)
      .map((assignment) => [assignment.slice(0, assignment.indexOf('=')), assignment.slice(assignment.indexOf('=') + 1)]),
  );
  return { env, flags: groups.flags!.split(' ').filter(Boolean) };
}

/**
 * Starts the real, compiled server (`node dist/server.js` with the flags `npm start` passes) as a direct
 * child, so its pid is the server's own (memory and CPU are read from /proc, its workers' too),
 * and waits for GET /healthz to say 200. `workers` sets WORKERS.
 */
export async function startServer(options: {
  cwd: string;
  env: Record<string, string | undefined>;
  readyTimeoutMs: number;
  maxLifetimeMs: number;
  workers?: number;
}): Promise<ServerHandle> {
  const port = await freePort();
  const watchdog = new URL('./child-watchdog.mjs', import.meta.url).href;
  const started = performance.now();
  const start = startCommand(options.cwd);
  const child = spawn(process.execPath, [...start.flags, '--import', watchdog, 'dist/server.js'], {
    cwd: options.cwd,
    env: {
      ...options.env,
      ...start.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BENCH_SERVER_MAX_LIFETIME_MS: String(options.maxLifetimeMs),
      ...(options.workers !== undefined ? { WORKERS: String(options.workers) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  live.add(child);
  child.on('exit', () => live.delete(child));
  // The IPC channel is only the child's tripwire (see child-watchdog.ts): it must not keep this process alive.
  child.channel?.unref();
  child.unref();

  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const exitDescription = () => (child.signalCode ? `killed by ${child.signalCode}` : `exit code ${child.exitCode}`);
  const spawnError = new Promise<never>((_, reject) => child.on('error', reject));
  spawnError.catch(() => {});

  const pid = child.pid;
  if (pid === undefined) throw await spawnError;

  const memory = new MemorySampler(pid);
  memory.start();

  const stop = async (graceMs = 3_000) => {
    const final = processMemory(pid);
    const processes = memory.pids().map((each) => ({ pid: each, ...processMemory(each) }));
    memory.stop();
    if (!exited()) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    }
    return { ...final, processes };
  };

  const deadline = performance.now() + options.readyTimeoutMs;
  let version: string | undefined;
  for (;;) {
    if (exited()) throw new Error(`the server exited before it was ready (${exitDescription()}):\n${output}`);
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`the server was not ready within ${options.readyTimeoutMs} ms:\n${output}`);
    }
    try {
      const health = await getStatus(port, '/healthz', 1_000);
      if (health.status === 200) {
        version = health.version;
        break;
      }
    } catch {
      // not listening yet
    }
    // Often enough that the start time is measured to a few tens of ms.
    await sleep(20);
  }

  return {
    pid,
    port,
    startupMs: performance.now() - started,
    version,
    memory,
    output: () => output,
    exited,
    exitDescription,
    stop,
  };
}
