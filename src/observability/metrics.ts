import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricsOptions {
  /** Also export the process's own metrics (CPU, memory, event-loop lag, handles). Default false. */
  processMetrics?: boolean;
  /**
   * Where the exposition text comes from. Default: this registry. A cluster worker renders the
   * whole cluster's instead (see src/cluster/metrics.ts).
   */
  render?: (registry: Registry) => Promise<string>;
}

/**
 * The operator's numbers, in Prometheus text format at `GET /metrics` (prom-client). One
 * registry per instance, so that several apps in one process (tests) do not share counters.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = this.counter('http_requests_total', 'HTTP requests by method, route (the matched pattern, "unmatched" for none) and status', ['method', 'route', 'status']);

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to the response headers (for a stream, to its first byte), by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
    registers: [this.registry],
  });

  readonly answers = this.counter('answers_total', 'Answers to /v1/ask and /v1/ask/stream by plan, status, mode (offline, llm) and search (index, degraded)', ['plan', 'status', 'mode', 'search']);

  readonly llmCalls = this.counter('llm_calls_total', 'Calls to the chat model by kind (complete, json, stream) and outcome (ok or the LLM error reason)', ['kind', 'outcome']);

  readonly llmFallbacks = this.counter('llm_fallbacks_total', "Answers served deterministically although a model was configured, by the first reason the model's answer was not served", ['reason']);

  readonly verifierRejections = this.counter('verifier_rejections_total', "Model answers the verifier rejected, by problem code (first attempts and repairs)", ['reason']);

  readonly indexBuilds = this.counter('index_builds_total', 'Retrieval index builds by plan and reason (missing, changed, broken)', ['plan', 'reason']);

  readonly indexDegraded = new Gauge({
    name: 'index_degraded',
    help: '1 while a plan is searched in memory because its index is broken and being rebuilt',
    labelNames: ['plan'] as const,
    registers: [this.registry],
    // Summed over a cluster's workers, a 0/1 gauge would count workers: the highest says it.
    aggregator: 'max',
  });

  readonly rateLimited = this.counter('rate_limited_total', 'Requests refused with 429, by allowance (ask, rules)', ['allowance']);

  readonly connectionsRefused = this.counter('connections_refused_total', 'Connections closed on arrival because their client address already holds the most allowed', []);

  readonly rateLimitStoreFailures = this.counter('rate_limit_store_failures_total', 'Calls to the shared rate-limit store (Redis, the cluster primary) that failed or timed out; counting went to this process meanwhile', ['allowance']);

  private counter<Label extends string>(name: string, help: string, labelNames: readonly Label[]): Counter<Label> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private readonly renderText: (registry: Registry) => Promise<string>;

  constructor(options: MetricsOptions = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
    this.renderText = options.render ?? ((registry) => registry.metrics());
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.renderText(this.registry) };
  }
}
