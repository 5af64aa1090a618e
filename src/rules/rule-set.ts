import type { PlanPack } from '../plan/load.js';
import { PackError } from '../plan/errors.js';
import { CitationError, resolveCitations, type Citation } from './citations.js';
import { EligibilityEngine } from './engine.js';
import { IndustryCatalog } from './industries.js';
import { flagIds } from './profile.js';
import type { Target } from './schema.js';
import { UnitTable } from './units.js';

export type ResolvedTarget = Target & { citations: Citation[] };

/** A pack's rules made evaluable: industries, eligibility engine, targets with their quotes, units. */
export class RuleSet {
  readonly catalog: IndustryCatalog;
  readonly eligibility: EligibilityEngine;
  readonly targets: readonly ResolvedTarget[];
  readonly units: UnitTable;
  readonly flags: readonly string[];
  private readonly targetsById: Map<string, ResolvedTarget>;

  constructor(readonly pack: PlanPack) {
    const resolve = (file: string, where: string, refs: Parameters<typeof resolveCitations>[0]) => {
      try {
        return resolveCitations(refs, pack.corpus, where);
      } catch (error) {
        if (error instanceof CitationError) throw new PackError(pack.id, file, [error.message]);
        throw error;
      }
    };
    this.catalog = new IndustryCatalog(pack.industries, pack.groups, pack.naming);
    this.units = new UnitTable(pack.units);
    this.flags = flagIds(pack.profile);
    for (const entry of [...pack.industries, ...pack.groups]) resolve('rules/industries.json', entry.id, entry.citations);
    this.targets = pack.targets.map((target) => ({ ...target, citations: resolve('rules/targets.json', `target ${target.id}`, target.citations) }));
    this.targetsById = new Map(this.targets.map((target) => [target.id, target]));
    this.eligibility = new EligibilityEngine(
      pack.rules.map((rule) => ({ rule, citations: resolve('rules/eligibility.json', `rule ${rule.name}`, rule.event.params.citations) })),
      this.catalog,
      this.flags,
      pack.profile.flags.filter((flag) => !flag.role).map((flag) => flag.id),
    );
  }

  get version(): string {
    return this.pack.version;
  }

  get corpus() {
    return this.pack.corpus;
  }

  get glossary() {
    return this.pack.glossary;
  }

  get rules() {
    return this.pack.rules;
  }

  target(id: string): ResolvedTarget | undefined {
    return this.targetsById.get(id);
  }
}
