import { Engine, type RuleResult } from 'json-rules-engine';
import type { Localized } from '../text/languages.js';
import type { Citation } from './citations.js';
import type { IndustryCatalog } from './industries.js';
import type { Profile, ProfileField } from './profile.js';
import { factsUsed, INDUSTRY_FACTS, type ItemKind, type RuleData } from './schema.js';

/** One condition that held, as json-rules-engine reported it: why an item applies. */
export interface Reason {
  fact: string;
  operator: string;
  value: unknown;
  factResult: unknown;
}

export interface EligibilityItem {
  id: string;
  kind: ItemKind;
  stage?: 'research' | 'promote' | 'demonstrate';
  title: Localized;
  text: Localized;
  technologies: Localized[];
  targets: string[];
  citations: Citation[];
  why: Reason[];
}

export interface EligibilityResult {
  industry: { id: string; name: Localized; lineage: string[]; groups: string[] } | null;
  /** The profile's industry text when it named no known industry. */
  unrecognizedIndustry?: string;
  /** The industries the profile's industry text may mean, when it fits them on one reading only. */
  candidates?: Array<{ id: string; name: Localized }>;
  items: EligibilityItem[];
  /** Profile fields not given that would change the result. */
  missing: ProfileField[];
  /** For each missing flag: the items that would apply if it were true. */
  wouldApplyIf: Array<{ field: ProfileField; items: EligibilityItem[] }>;
}

/** What a rule's event carries once its citations are resolved. */
export interface ResolvedRule {
  rule: RuleData;
  citations: Citation[];
}

type Facts = Record<string, unknown>;

const KIND_ORDER: ItemKind[] = ['audit', 'training', 'technology', 'substitution', 'target', 'incentive'];

/** Walks json-rules-engine's condition results (nested all/any) for the conditions that held. */
function reasons(node: unknown, out: Reason[] = [], negated = false): Reason[] {
  if (!node || typeof node !== 'object') return out;
  const condition = node as { all?: unknown[]; any?: unknown[]; not?: unknown; fact?: string; operator?: string; value?: unknown; factResult?: unknown; result?: boolean };
  for (const child of condition.all ?? []) reasons(child, out, negated);
  for (const child of condition.any ?? []) reasons(child, out, negated);
  // Under a `not` that held, the conditions that failed are the reasons ("not a central SOE").
  if (condition.not && condition.result) reasons(condition.not, out, !negated);
  if (condition.fact && condition.result === !negated) {
    out.push({ fact: condition.fact, operator: `${negated ? 'not ' : ''}${condition.operator ?? ''}`, value: condition.value, factResult: condition.factResult });
  }
  return out;
}

/**
 * The eligibility engine: json-rules-engine over the rule data, with per-run facts built
 * from a profile. Keeps "not given" apart from "no": unknown facts fail their conditions,
 * and each is retried as true to find what is `missing`.
 */
export class EligibilityEngine {
  private readonly engine: Engine;
  /** For each flag, an engine of only the rules that test it: a "what if it were true" run needs no others. */
  private readonly flagEngines = new Map<string, Engine>();
  private readonly byName: Map<string, ResolvedRule>;
  private readonly industryRules: boolean;

  constructor(
    rules: readonly ResolvedRule[],
    private readonly catalog: IndustryCatalog,
    /** The pack's profile flags, in its order. */
    private readonly flags: readonly string[],
    /** The flags a missing answer is asked for (`missing`, `wouldApplyIf`); default all. */
    private readonly askable: readonly string[] = flags,
  ) {
    const toEngineRule = ({ rule }: ResolvedRule) => ({ name: rule.name, priority: rule.priority ?? 1, conditions: rule.conditions, event: { type: rule.event.type } });
    this.engine = new Engine(rules.map(toEngineRule), { allowUndefinedFacts: true });
    for (const flag of flags) {
      const testing = rules.filter(({ rule }) => factsUsed(rule.conditions).has(flag));
      if (testing.length) this.flagEngines.set(flag, new Engine(testing.map(toEngineRule), { allowUndefinedFacts: true }));
    }
    this.byName = new Map(rules.map((resolved) => [resolved.rule.name, resolved]));
    this.industryRules = rules.some(({ rule }) => INDUSTRY_FACTS.some((fact) => factsUsed(rule.conditions).has(fact)));
  }

  private factsFor(profile: Profile, industryId: string | undefined): Facts {
    const facts: Facts = {};
    for (const flag of this.flags) if (profile[flag] !== undefined) facts[flag] = profile[flag];
    if (industryId) {
      facts.industryLineage = this.catalog.lineage(industryId).map((industry) => industry.id);
      facts.industryGroups = this.catalog.groupsOf(industryId);
    }
    return facts;
  }

  async evaluate(profile: Profile): Promise<EligibilityResult> {
    const resolution = profile.industry ? this.catalog.resolveName(profile.industry) : undefined;
    const industry = resolution?.kind === 'industry' ? resolution.industry : undefined;
    const facts = this.factsFor(profile, industry?.id);
    const run = await this.engine.run(facts);
    const applied = new Set(run.results.map((result) => result.name));

    const missing: ProfileField[] = [];
    const wouldApplyIf: EligibilityResult['wouldApplyIf'] = [];
    for (const flag of this.askable) {
      const flagEngine = this.flagEngines.get(flag);
      if (profile[flag] !== undefined || !flagEngine) continue;
      const hypothetical = await flagEngine.run({ ...facts, [flag]: true });
      const extra = hypothetical.results.filter((result) => !applied.has(result.name));
      if (extra.length) {
        missing.push(flag);
        wouldApplyIf.push({ field: flag, items: extra.map((result) => this.toItem(result)) });
      }
    }
    if (!industry && this.industryRules) missing.unshift('industry');

    const items = run.results.map((result) => this.toItem(result));
    items.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
    const lineage = industry ? this.catalog.lineage(industry.id).map((entry) => entry.id) : [];
    return {
      industry: industry ? { id: industry.id, name: industry.name, lineage, groups: this.catalog.groupsOf(industry.id) } : null,
      ...(profile.industry && !industry ? { unrecognizedIndustry: profile.industry } : {}),
      ...(resolution?.kind === 'ambiguous' ? { candidates: resolution.candidates.map((candidate) => ({ id: candidate.id, name: candidate.name })) } : {}),
      items,
      missing,
      wouldApplyIf,
    };
  }

  /** The resolved citations of a rule, by name. */
  citationsOf(name: string): Citation[] {
    return this.byName.get(name)?.citations ?? [];
  }

  /** A rule's item as data, without a run (no reasons): for listing what a rule says. */
  itemOf(name: string): EligibilityItem | undefined {
    return this.byName.has(name) ? this.item(name, []) : undefined;
  }

  private toItem(result: RuleResult): EligibilityItem {
    return this.item(result.name, reasons(result.conditions));
  }

  private item(name: string, why: Reason[]): EligibilityItem {
    const { rule, citations } = this.byName.get(name)!;
    const { params } = rule.event;
    return {
      id: rule.name,
      kind: rule.event.type,
      ...(params.stage ? { stage: params.stage } : {}),
      title: params.title,
      text: params.text,
      technologies: params.technologies,
      targets: params.targets,
      citations,
      why,
    };
  }
}
