import { AnswerPipeline } from './answer/pipeline.js';
import { PackRuntime } from './answer/runtime.js';
import type { Config } from './config.js';
import { chatModelFromConfig } from './llm/index.js';
import { loadPacks } from './plan/registry.js';
import type { PlanPack } from './plan/load.js';
import { embedderFromEnv, openRetriever, termsFromGlossary, type Retriever, type TranslationTerm } from './retrieval/index.js';
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

/** Every plan the service answers for, the default first. */
export class PlanServices {
  private readonly byId: Map<string, PlanService>;
  constructor(readonly all: readonly PlanService[]) {
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

/**
 * Loads every plan pack of PLANS_DIR, their rules and retrieval indexes (built on first start,
 * rebuilt when stale): all the I/O the app needs, done once at start.
 */
export async function createServices(config: Config, env: Record<string, string | undefined> = process.env): Promise<PlanServices> {
  const chatModel = chatModelFromConfig(config);
  const services: PlanService[] = [];
  for (const pack of loadPacks(config.PLANS_DIR)) {
    const runtime = await PackRuntime.create(pack);
    const { ruleSet } = runtime;
    const terms = translationTerms(ruleSet);
    const retriever = await openRetriever({ dataDir: config.DATA_DIR, name: indexName(pack.id), corpus: pack.corpus, terms, embedder: embedderFromEnv(env, terms) });
    const pipeline = new AnswerPipeline({ runtime, searcher: retriever, ...(chatModel ? { chatModel, llmTimeoutMs: config.LLM_TIMEOUT_MS, llmMaxTokens: config.LLM_MAX_TOKENS } : {}) });
    services.push({ id: pack.id, pack, runtime, ruleSet, retriever, pipeline });
  }
  return new PlanServices(services);
}
