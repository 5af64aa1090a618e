import type { Measurement } from './inprocess.js';
import type { LoadResult } from './load.js';
import { formatMiB, formatMs, formatRatio } from './stats.js';

export interface Machine {
  platform: string;
  cpuModel: string;
  cores: number;
  node: string;
  totalMemory: number;
  loadAverageStart: number[];
  loadAverageEnd?: number[];
  git?: string;
}

export interface ServerInfo {
  /** WORKERS it ran with. */
  workers: number;
  pid: number;
  port: number;
  startupMs: number;
  /** Every warm start measured with these WORKERS (spawn to the first 200 from GET /healthz), the measured server's last. */
  startsMs: number[];
  version?: string;
  /** RSS once ready, before any load. */
  idleRss?: number;
  /** Peak sampled RSS per load phase (`<path> C=<c>`). */
  phasePeakRss: Record<string, number>;
  peakSampledRss: number;
  /** Highest sum of the processes' RSS at one sample. */
  peakTotalRss: number;
  /** Each process at the end: VmHWM (the kernel's peak RSS over its life) and RSS. */
  processes: Array<{ pid: number; role: 'server' | 'primary' | 'worker'; hwm?: number; rss?: number }>;
  /** The soak's series (--soak): at each tenth, the peak RSS of any one process in that tenth and the total RSS then. */
  soak: Array<{ atS: number; maxProcessRss: number; totalRss: number }>;
  /** VmHWM at the end: the kernel's own peak RSS over the server's life. */
  hwm?: number;
  finalRss?: number;
  samples: number;
}

export interface Ratio {
  label: string;
  numerator: string;
  denominator: string;
  value: number;
}

/** The issue's figures for one WORKERS setting. */
export interface ScaleFigures {
  workers: number;
  /** p50 of POST /v1/eligibility ÷ p50 of GET /healthz, both one request at a time. */
  eligibilityOverHealthz?: number;
  askOverHealthz?: number;
  /** Ask throughput at C ÷ at C=1. */
  throughputRatio?: number;
  /** Median warm start to the first 200. */
  warmStartMs: number;
  /** The highest RSS any serving process (a worker, or the server alone) reached. */
  peakServerProcessRss: number;
  primaryHwm?: number;
  peakTotalRss: number;
}

export interface Report {
  startedAt: string;
  wallSeconds: number;
  machine: Machine;
  settings: Record<string, unknown>;
  dataDir: { path: string; temporary: boolean; indexBuildMs: number; builtByThisRun: boolean };
  rulesVersion: string;
  askStatusMix: Record<string, number>;
  inProcess: Measurement[];
  inProcessError?: string;
  http: LoadResult[];
  servers: ServerInfo[];
  ratios: Ratio[];
  scale: ScaleFigures[];
  errors: string[];
  ok: boolean;
}

function table(header: string[], rows: string[][], rightAlign: (column: number) => boolean): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (rightAlign(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const range = (values: number[]) => (values.length ? `${formatMs(Math.min(...values))} – ${formatMs(Math.max(...values))}` : 'n/a');

export function formatReport(report: Report): string {
  const { machine } = report;
  const out: string[] = [];
  out.push(`policy assistant benchmark · ${report.startedAt} · ${report.wallSeconds.toFixed(0)} s`);
  out.push(
    `machine: ${machine.cores} cores (${machine.cpuModel}), ${formatMiB(machine.totalMemory)} RAM, ${machine.platform}, node ${machine.node}; ` +
      `load average ${machine.loadAverageStart.map((value) => value.toFixed(2)).join(' ')} at start` +
      (machine.loadAverageEnd ? `, ${machine.loadAverageEnd.map((value) => value.toFixed(2)).join(' ')} at end` : ''),
  );
  if (machine.git) out.push(`tree: ${machine.git}; rules ${report.rulesVersion}`);
  out.push(
    `index: ${report.dataDir.temporary ? 'temporary ' : ''}DATA_DIR ${report.dataDir.path} (${report.dataDir.builtByThisRun ? 'built' : 'reused'}; services ready in ${formatMs(report.dataDir.indexBuildMs)})`,
  );
  out.push(`ask mix: ${Object.entries(report.askStatusMix).map(([status, count]) => `${count} ${status}`).join(', ')}`);

  out.push('');
  const rounds = report.inProcess[0]?.rounds ?? 0;
  out.push(`In process, one call at a time (${rounds} rounds; median = median of round medians; p99 and mean: median over rounds)`);
  out.push(
    table(
      ['operation', 'calls/round', 'median', 'p99', 'mean', 'round medians (min – max)'],
      report.inProcess.map((m) => [m.label, String(m.perRound), formatMs(m.median), formatMs(m.p99), formatMs(m.mean), range(m.roundMedians)]),
      (column) => column >= 1 && column <= 4,
    ),
  );
  if (report.inProcessError) out.push(`(in-process app rows unavailable: ${report.inProcessError})`);

  for (const server of report.servers) {
    const results = report.http.filter((r) => r.workers === server.workers);
    out.push('');
    out.push(
      `HTTP, WORKERS=${server.workers}, on 127.0.0.1:${server.port} (compiled server pid ${server.pid}; warm starts ${server.startsMs.map(formatMs).join(', ')}; closed loop, keep-alive; load generator in this process, on the same cores; ${report.settings.serverWarmupS ? `each POST endpoint first run ${report.settings.serverWarmupS} s at C=${report.settings.concurrency}, not measured` : 'no server warm-up'})`,
    );
    out.push(
      table(
        ['endpoint', 'C', 'requests', 'errors', 'req/s', 'p50', 'p99', 'mean', 'C÷(req/s)', 'server CPU/req', 'server CPU', 'client CPU'],
        results.map((r) => [
          `${r.path === '/healthz' ? 'GET' : 'POST'} ${r.path}`,
          String(r.concurrency),
          String(r.requests),
          String(r.errors),
          r.throughput.toFixed(0),
          formatMs(r.latency.median),
          formatMs(r.latency.p99),
          formatMs(r.latency.mean),
          formatMs((r.concurrency / r.throughput) * 1000),
          r.serverCpuMsPerRequest !== undefined ? formatMs(r.serverCpuMsPerRequest) : 'n/a',
          r.serverCpuCores !== undefined ? `${(r.serverCpuCores * 100).toFixed(0)}%` : 'n/a',
          `${(r.clientCpuCores * 100).toFixed(0)}%`,
        ]),
        (column) => column >= 1,
      ),
    );
    out.push('(CPU as % of one core, all the server\'s processes together; C÷(req/s) is the mean latency Little’s law predicts for a saturated closed loop)');
    for (const r of results) {
      if (r.errorSamples.length) out.push(`errors on ${r.path} C=${r.concurrency}: ${r.errorSamples.join(' | ')}`);
    }
    out.push(
      `Memory: peak sampled RSS of any one process ${formatMiB(server.peakSampledRss)} (every 100 ms, ${server.samples} samples: ` +
        Object.entries(server.phasePeakRss)
          .map(([phase, peak]) => `${phase} ${formatMiB(peak)}`)
          .join(', ') +
        `); all processes together at most ${formatMiB(server.peakTotalRss)}; VmHWM per process: ` +
        server.processes.map((each) => `${each.role} ${formatMiB(each.hwm)}`).join(', '),
    );
    if (server.soak.length) {
      out.push(`Soak (POST /v1/ask): ${server.soak.map((point) => `${point.atS} s ${formatMiB(point.maxProcessRss)}/${formatMiB(point.totalRss)}`).join(', ')} (peak of any one process / total)`);
    }
  }

  if (report.scale.length) {
    out.push('');
    out.push('Scale (the issue\'s figures; latencies are p50 one request at a time)');
    const ratio = (value: number | undefined) => (value === undefined ? 'n/a' : formatRatio(value));
    const loaded = report.settings.concurrency as number;
    out.push(
      table(
        ['WORKERS', 'eligibility ÷ healthz', 'ask ÷ healthz', `ask req/s C=${loaded} ÷ C=1`, 'warm start', 'peak RSS per server process', 'primary', 'all processes'],
        report.scale.map((figures) => [
          String(figures.workers),
          ratio(figures.eligibilityOverHealthz),
          ratio(figures.askOverHealthz),
          ratio(figures.throughputRatio),
          formatMs(figures.warmStartMs),
          formatMiB(figures.peakServerProcessRss),
          formatMiB(figures.primaryHwm),
          formatMiB(figures.peakTotalRss),
        ]),
        (column) => column >= 1,
      ),
    );
  }

  if (report.ratios.length) {
    out.push('');
    out.push('Ratios (HTTP with WORKERS=1 ÷ in-process)');
    out.push(
      table(
        ['ratio', 'value', 'numerator', 'denominator'],
        report.ratios.map((ratio) => [ratio.label, formatRatio(ratio.value), ratio.numerator, ratio.denominator]),
        (column) => column === 1,
      ),
    );
  }

  if (report.errors.length) {
    out.push('');
    out.push('PROBLEMS');
    for (const error of report.errors) out.push(`- ${error}`);
  }
  return out.join('\n');
}
