/** Latency statistics: per-round summaries, and the median over rounds that the report shows. */

export interface Summary {
  n: number;
  /** Milliseconds. */
  median: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    n: sorted.length,
    median: median(Array.from(sorted)),
    p99: percentile(sorted, 99),
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    min: sorted.length ? sorted[0]! : Number.NaN,
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

/** Several rounds of one measurement: the median of each statistic over rounds (robust to one noisy round). */
export interface RoundsSummary {
  rounds: number;
  perRound: number;
  median: number;
  p99: number;
  mean: number;
  /** Each round's median, in order: their spread shows how noisy the machine was. */
  roundMedians: number[];
}

export function combineRounds(rounds: readonly Summary[]): RoundsSummary {
  return {
    rounds: rounds.length,
    perRound: rounds[0]?.n ?? 0,
    median: median(rounds.map((round) => round.median)),
    p99: median(rounds.map((round) => round.p99)),
    mean: median(rounds.map((round) => round.mean)),
    roundMedians: rounds.map((round) => round.median),
  };
}

/** Milliseconds with a unit that keeps three significant digits: `412 µs`, `4.77 ms`, `1.23 s`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  return `${ratio < 10 ? ratio.toFixed(2) : ratio < 100 ? ratio.toFixed(1) : ratio.toFixed(0)}×`;
}

export function formatMiB(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes) ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}
