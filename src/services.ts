import { AnswerPipeline } from './answer/pipeline.js';
import { PackRuntime } from './answer/runtime.js';
import type { Config } from './config.js';
import { chatModelFromConfig } from './llm/index.js';
import { instrumentChatModel } from './observability/instrument-llm.js';
import { silentLogger, type Logger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import { noteDegraded } from './observability/request-notes.js';
import { loadPacks } from './plan/registry.js';
import type { PlanPack } from './plan/load.js';
import { embedderFromEnv, openRetriever, termsFromGlossary, type Retriever, type RetrieverEvent, type TranslationTerm } from './retrieval/index.js';
import type { RuleSet } from './rules/rule-set.js';

/** One plan pack, ready to answer: its rules and cue words, its retrieval index, its pipeline. */
export interface PlanService {
  readonly id: string;
  readonly pack: PlanPack;
  readonly runtime: PackRuntime;
  readonly ruleSet: RuleSet;
  readonly retriever: Retriever;
  readonly pipeline: AnswerPipeline;
}

/** Every plan the service answers for, the default first, and where they report to. */
export class PlanServices {
  private readonly byId: Map<string, PlanService>;
  constructor(
    readonly all: readonly PlanService[],
    /** Structured logs (the app's access lines too, unless it is given its own). */
    readonly logger: Logger = silentLogger(),
    /** Counters and histograms served at `GET /metrics`. */
    readonly metrics: Metrics = new Metrics(),
  ) {
    if (all.length === 0) throw new Error('PlanServices: no plan');
    this.byId = new Map(all.map((service) => [service.id, service]));
  }
  get default(): PlanService {
    return this.all[0]!;
  }
  /** The named plan, the default without a name, undefined for an unknown name. */
  get(id?: string): PlanService | undefined {
    return id === undefined ? this.default : this.byId.get(id);
  }
  close(): void {
    for (const service of this.all) service.retriever.close();
  }
}

/** Glossary terms plus industry and group names and aliases: how other spellings reach the plan's words. */
export function translationTerms(ruleSet: RuleSet): TranslationTerm[] {
  return [
    ...termsFromGlossary(ruleSet.glossary),
    ...ruleSet.catalog.industries.map((industry) => ({ zh: industry.name.zh, en: [industry.name.en, ...industry.aliases] })),
    ...ruleSet.catalog.groups.filter((group) => group.kind === 'plan').map((group) => ({ zh: group.name.zh, en: [group.name.en, ...group.aliases] })),
  ];
}

/** The LanceDB table (and manifest) name of a pack's index. */
export function indexName(packId: string): string {
  return `clauses_${packId.replace(/-/gu, '_')}`;
}

export interface ServicesOptions {
  /** Where the services log (index probes, builds, degraded searches). Default: nowhere. */
  logger?: Logger;
  /** Where they count (index builds, LLM calls). Default: a registry of their own. */
  metrics?: Metrics;
  /** The packs, when the caller has loaded them already (the command line reads their flags first). Default: those of PLANS_DIR. */
  packs?: readonly PlanPack[];
  /** Probe each index table before using it (see `ClauseIndexOptions.probe`). Default true. */
  probeIndex?: boolean;
  /**
   * Awaited before the first index is opened: a cluster's worker loads its plans while the
   * primary's child probes or builds the indexes, and opens them once they are ready.
   * Default: none.
   */
  indexesReady?: () => Promise<unknown>;
}

/** Index events as log lines and metrics. */
function reportIndexEvent(plan: string, event: RetrieverEvent, logger: Logger, metrics: Metrics): void {
  switch (event.type) {
    case 'probe_failed':
      logger.warn({ plan, table: event.table, error: event.error }, 'index failed its probe; rebuilding it');
      break;
    case 'built':
      metrics.indexBuilds.inc({ plan, reason: event.reason });
      logger[event.reason === 'broken' ? 'warn' : 'info']({ plan, table: event.table, reason: event.reason, buildMs: event.ms }, 'index built');
      break;
    case 'degraded':
      metrics.indexDegraded.set({ plan }, 1);
      logger.error({ plan, table: event.table, error: event.error }, 'index broken; searching in memory while it is rebuilt');
      break;
    case 'healed':
      metrics.indexDegraded.set({ plan }, 0);
      logger.warn({ plan, table: event.table }, 'index rebuilt; searching it again');
      break;
    case 'heal_failed':
      logger.error({ plan, error: event.error }, 'rebuilding the broken index failed; still searching in memory');
      break;
  }
}

/**
 * Loads every plan pack of PLANS_DIR, their rules and retrieval indexes (built on first start,
 * rebuilt when stale or when a probe finds them broken): all the I/O the app needs, done
 * once at start.
 */
export async function createServices(config: Config, env: Record<string, string | undefined> = process.env, options: ServicesOptions = {}): Promise<PlanServices> {
  const logger = options.logger ?? silentLogger();
  const metrics = options.metrics ?? new Metrics();
  const configured = chatModelFromConfig(config);
  const chatModel = configured ? instrumentChatModel(configured, metrics) : undefined;
  const services: PlanService[] = [];
  let waiting: Promise<unknown> | undefined;
  for (const pack of options.packs ?? loadPacks(config.PLANS_DIR)) {
    const runtime = await PackRuntime.create(pack);
    const { ruleSet } = runtime;
    const terms = translationTerms(ruleSet);
    metrics.indexDegraded.set({ plan: pack.id }, 0);
    await (waiting ??= options.indexesReady?.());
    const retriever = await openRetriever({
      dataDir: config.DATA_DIR,
      name: indexName(pack.id),
      corpus: pack.corpus,
      terms,
      embedder: embedderFromEnv(env, terms),
      onEvent: (event) => reportIndexEvent(pack.id, event, logger, metrics),
      onWarning: (message, error) => logger.warn({ plan: pack.id, error: (error as Error)?.message ?? String(error) }, message),
      // Marks the answer being computed (if any) as served from the in-memory search.
      onDegradedSearch: () => noteDegraded('search'),
      probe: options.probeIndex ?? true,
    });
    const pipeline = new AnswerPipeline({ runtime, searcher: retriever, ...(chatModel ? { chatModel, llmTimeoutMs: config.LLM_TIMEOUT_MS, llmMaxTokens: config.LLM_MAX_TOKENS } : {}) });
    services.push({ id: pack.id, pack, runtime, ruleSet, retriever, pipeline });
  }
  return new PlanServices(services, logger, metrics);
}
