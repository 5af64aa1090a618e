import { AggregatorRegistry, type Registry } from 'prom-client';
import type { PrimaryChannel, RequestHandler } from './ipc.js';

/**
 * `GET /metrics` of a cluster: whichever worker a scrape reaches, it answers for the whole
 * service. The worker asks the primary, which collects every worker's registry over IPC and
 * sums them (prom-client's `AggregatorRegistry`): counters and histograms add up, so a
 * scrape that lands on another worker next time never sees a counter go back. Process
 * metrics add up too (`process_resident_memory_bytes` is the workers' total).
 */

const REQUEST_TYPE = 'metrics';

/** In a worker: the primary's collections are answered with this registry. */
export function shareMetricsWithPrimary(registry: Registry): void {
  // Constructing one registers prom-client's listener that answers the primary's collection.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}

/** In a worker: renders the whole cluster's metrics (asks the primary; its collection times out after 5 s). */
export function clusterMetricsRenderer(channel: PrimaryChannel, options: { timeoutMs?: number } = {}): () => Promise<string> {
  return () => channel.request<string>(REQUEST_TYPE, null, options.timeoutMs ?? 6_000);
}

/** In the primary: collects and sums the workers' metrics, as a request handler for `answerWorkers`. */
export function hostClusterMetrics(): Record<string, RequestHandler> {
  const aggregator = new AggregatorRegistry();
  return { [REQUEST_TYPE]: () => aggregator.clusterMetrics() };
}
