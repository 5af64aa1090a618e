import http from 'node:http';
import { processCpuMs } from './server-process.js';
import { summarize, type Summary } from './stats.js';

export interface LoadOptions {
  port: number;
  path: string;
  /** JSON bodies, sent in rotation (POST); none: GET. */
  bodies: readonly unknown[];
  /** Requests in flight at once (closed loop: each worker sends its next request when the last one ends). */
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Upper bound on requests in the measured window, whatever the duration. */
  maxRequests: number;
  /** A request taking longer than this is abandoned and counted as an error. */
  requestTimeoutMs: number;
  /** The server's processes (a cluster's primary and workers), for their CPU time. */
  serverPids: readonly number[];
  /** Stop early (the server died, the user pressed ^C). */
  shouldStop?: () => boolean;
}

export interface LoadResult {
  path: string;
  /** The server's WORKERS (set by the caller). */
  workers?: number;
  concurrency: number;
  requests: number;
  errors: number;
  /** A few distinct error descriptions (status and start of body, or the socket error). */
  errorSamples: string[];
  /** Measured window, from the first request sent to the last response read. */
  elapsedMs: number;
  throughput: number;
  latency: Summary;
  /** Server CPU time (user + system) per request in the window, ms; and as a share of one core. */
  serverCpuMsPerRequest?: number;
  serverCpuCores?: number;
  /** This process's (the load generator's) CPU, as a share of one core. */
  clientCpuCores: number;
  bytesPerResponse: number;
}

interface Outcome {
  status: number;
  bytes: number;
  error?: string;
  body?: string;
}

/** POST `body` as JSON, or GET without one. */
function post(agent: http.Agent, port: number, path: string, body: Buffer | undefined, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path,
        method: body ? 'POST' : 'GET',
        headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {},
        timeout: timeoutMs,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        let bytes = 0;
        let head = '';
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (status !== 200 && head.length < 300) head += chunk.toString('utf8');
        });
        response.on('end', () => resolve({ status, bytes, ...(status !== 200 ? { body: head.slice(0, 300) } : {}) }));
        response.on('error', (error) => resolve({ status, bytes, error: error.message }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no response within ${timeoutMs} ms`)));
    request.on('error', (error) => resolve({ status: 0, bytes: 0, error: error.message }));
    request.end(body);
  });
}

/** Sends every body once, one at a time; throws unless each is answered 200. */
export async function preflight(port: number, path: string, bodies: readonly unknown[], timeoutMs: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (const body of bodies) {
      const outcome = await post(agent, port, path, Buffer.from(JSON.stringify(body)), timeoutMs);
      if (outcome.status !== 200) {
        throw new Error(`preflight POST ${path} ${JSON.stringify(body)}: ${outcome.error ?? `status ${outcome.status}: ${outcome.body}`}`);
      }
    }
  } finally {
    agent.destroy();
  }
}

/**
 * A closed-loop load generator on one keep-alive agent: `concurrency` workers, each sending
 * the next body in rotation as soon as its previous response is read. A warm-up run first
 * (not recorded), then the measured run; both end by themselves at their deadline or at
 * `maxRequests`.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const bodies: Array<Buffer | undefined> = options.bodies.length ? options.bodies.map((body) => Buffer.from(JSON.stringify(body))) : [undefined];
  let next = 0;

  const run = async (durationMs: number, record: boolean) => {
    const latencies: number[] = [];
    let errors = 0;
    let bytes = 0;
    const errorSamples = new Set<string>();
    let sent = 0;
    const deadline = performance.now() + durationMs;
    const worker = async () => {
      while (performance.now() < deadline && sent < options.maxRequests && !options.shouldStop?.()) {
        sent++;
        const body = bodies[next++ % bodies.length]!;
        const t0 = process.hrtime.bigint();
        const outcome = await post(agent, options.port, options.path, body, options.requestTimeoutMs);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (!record) continue;
        latencies.push(ms);
        bytes += outcome.bytes;
        if (outcome.status !== 200 || outcome.error) {
          errors++;
          if (errorSamples.size < 5) errorSamples.add(outcome.error ?? `status ${outcome.status}: ${outcome.body ?? ''}`);
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    return { latencies, errors, bytes, errorSamples: [...errorSamples] };
  };

  try {
    if (options.warmupMs > 0) await run(options.warmupMs, false);
    const serverCpu = () => {
      let sum = 0;
      for (const pid of options.serverPids) {
        const ms = processCpuMs(pid);
        if (ms === undefined) return undefined;
        sum += ms;
      }
      return sum;
    };
    const serverCpu0 = serverCpu();
    const clientCpu0 = process.cpuUsage();
    const t0 = performance.now();
    const measured = await run(options.durationMs, true);
    const elapsedMs = performance.now() - t0;
    const serverCpu1 = serverCpu();
    const clientCpu = process.cpuUsage(clientCpu0);
    const requests = measured.latencies.length;
    const serverCpuMs = serverCpu0 !== undefined && serverCpu1 !== undefined ? serverCpu1 - serverCpu0 : undefined;
    return {
      path: options.path,
      concurrency: options.concurrency,
      requests,
      errors: measured.errors,
      errorSamples: measured.errorSamples,
      elapsedMs,
      throughput: (requests / elapsedMs) * 1000,
      latency: summarize(measured.latencies),
      ...(serverCpuMs !== undefined && requests > 0 ? { serverCpuMsPerRequest: serverCpuMs / requests, serverCpuCores: serverCpuMs / elapsedMs } : {}),
      clientCpuCores: (clientCpu.user + clientCpu.system) / 1000 / elapsedMs,
      bytesPerResponse: requests ? measured.bytes / requests : 0,
    };
  } finally {
    agent.destroy();
  }
}
