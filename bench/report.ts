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
  pid: number;
  port: number;
  startupMs: number;
  version?: string;
  /** RSS once ready, before any load. */
  idleRss?: number;
  /** Peak sampled RSS per load phase (`<path> C=<c>`). */
  phasePeakRss: Record<string, number>;
  peakSampledRss: number;
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
  server?: ServerInfo;
  ratios: Ratio[];
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

  if (report.http.length && report.server) {
    const server = report.server;
    out.push('');
    out.push(
      `HTTP on 127.0.0.1:${server.port} (server pid ${server.pid}, ready in ${formatMs(server.startupMs)}; closed loop, keep-alive; load generator in this process, on the same cores)`,
    );
    out.push(
      table(
        ['endpoint', 'C', 'requests', 'errors', 'req/s', 'p50', 'p99', 'mean', 'C÷(req/s)', 'server CPU/req', 'server CPU', 'client CPU'],
        report.http.map((r) => [
          `POST ${r.path}`,
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
    out.push('(CPU as % of one core; C÷(req/s) is the mean latency Little’s law predicts for a saturated closed loop)');
    for (const r of report.http) {
      if (r.errorSamples.length) out.push(`errors on POST ${r.path} C=${r.concurrency}: ${r.errorSamples.join(' | ')}`);
    }

    out.push('');
    out.push(
      `Server memory: RSS ${formatMiB(server.idleRss)} when ready; peak sampled RSS ${formatMiB(server.peakSampledRss)} (every 100 ms, ${server.samples} samples: ` +
        Object.entries(server.phasePeakRss)
          .map(([phase, peak]) => `${phase} ${formatMiB(peak)}`)
          .join(', ') +
        `); VmHWM (peak RSS over its life) ${formatMiB(server.hwm)}`,
    );
  }

  if (report.ratios.length) {
    out.push('');
    out.push('Ratios (HTTP ÷ in-process)');
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
