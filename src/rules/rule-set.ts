import type { PlanCorpus } from '../corpus/load.js';
import { resolveCitations, type Citation } from './citations.js';
import { EligibilityEngine } from './engine.js';
import { IndustryCatalog } from './industries.js';
import type { RuleSetData } from './load.js';
import type { Target } from './schema.js';

export type ResolvedTarget = Target & { citations: Citation[] };

/** The plan as evaluable data: industries, eligibility engine, targets, glossary. */
export class RuleSet {
  readonly catalog: IndustryCatalog;
  readonly eligibility: EligibilityEngine;
  readonly targets: readonly ResolvedTarget[];
  private readonly targetsById: Map<string, ResolvedTarget>;

  constructor(
    readonly data: RuleSetData,
    readonly corpus: PlanCorpus,
  ) {
    this.catalog = new IndustryCatalog(data.industries, data.groups);
    this.targets = data.targets.map((target) => ({
      ...target,
      citations: resolveCitations(target.citations, corpus, `rules/targets.json: target ${target.id}`),
    }));
    this.targetsById = new Map(this.targets.map((target) => [target.id, target]));
    this.eligibility = new EligibilityEngine(
      data.rules.map((rule) => ({ rule, citations: resolveCitations(rule.event.params.citations, corpus, `rules/eligibility.json: rule ${rule.name}`) })),
      this.catalog,
    );
  }

  get version(): string {
    return `${this.data.version}-${this.corpus.data.sourceHash.slice(0, 8)}`;
  }

  get glossary() {
    return this.data.glossary;
  }

  target(id: string): ResolvedTarget | undefined {
    return this.targetsById.get(id);
  }
}
