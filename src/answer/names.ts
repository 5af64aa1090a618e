import type { RuleSet } from '../rules/rule-set.js';
import { fold } from '../text/normalize.js';
import { PhraseMatcher } from '../text/phrases.js';

/** The fewest characters a technology's name keeps when its generic last word is taken off. */
const MIN_TECHNOLOGY_STEM = 4;

export interface GuardedName {
  /** Folded (NFKC, lower case). */
  name: string;
  kind: 'industry' | 'technology';
  /** What the name names: `industry:<id>` or `technology:<its name in the plan>`. A name may name several. */
  entities: string[];
}

/**
 * The industries and technologies an answer may name only when its evidence names them:
 * every industry of the catalog (names and aliases), every technology of the rules and every
 * technology term of the glossary, but the pack's too-generic words. Checks are by entity: an
 * answer may call an industry by any of its names as long as the evidence names it in some way.
 */
export class NameIndex {
  private readonly matcher: PhraseMatcher<GuardedName>;
  private readonly byEntity = new Map<string, string[]>();

  /**
   * `genericTerms` are the pack's words too common to name a subject: a technology's name that ends
   * in one ("... technology") is the technology the rest names, so the rules' and the glossary's
   * names of one technology are one entity, and the plan may name it either way.
   */
  constructor(ruleSet: RuleSet, genericNames: readonly string[], genericTerms: readonly string[] = []) {
    const generic = new Set(genericNames.map(fold));
    const suffixes = genericTerms.map(fold).filter((term) => term.length > 0);
    const technology = (zh: string) => {
      const key = fold(zh);
      const suffix = suffixes.find((term) => key.endsWith(term) && [...key].length - [...term].length >= MIN_TECHNOLOGY_STEM);
      return suffix ? key.slice(0, -suffix.length) : key;
    };
    const names = new Map<string, GuardedName>();
    const add = (name: string, kind: GuardedName['kind'], entity: string) => {
      const key = fold(name);
      if ([...key].length < 2 || generic.has(key)) return;
      const entry = names.get(key) ?? { name: key, kind, entities: [] };
      if (!entry.entities.includes(entity)) entry.entities.push(entity);
      names.set(key, entry);
      const list = this.byEntity.get(entity) ?? [];
      if (!list.includes(key)) list.push(key);
      this.byEntity.set(entity, list);
    };
    for (const industry of ruleSet.catalog.industries) {
      for (const name of [industry.name.zh, industry.name.en, ...industry.aliases]) add(name, 'industry', `industry:${industry.id}`);
    }
    for (const rule of ruleSet.rules) {
      for (const { zh, en } of rule.event.params.technologies) {
        for (const name of new Set([zh, technology(zh), en])) add(name, 'technology', `technology:${technology(zh)}`);
      }
    }
    for (const entry of ruleSet.glossary) {
      if (entry.kind !== 'technology') continue;
      for (const name of new Set([entry.zh, technology(entry.zh), ...entry.aliases, ...entry.en])) add(name, 'technology', `technology:${technology(entry.zh)}`);
    }
    this.matcher = new PhraseMatcher([...names.values()].map((entry) => [entry.name, entry] as const), { plurals: false, wholeCompounds: true });
  }

  /** Guarded names a text uses, without overlaps ("lead-acid batteries" is one name, not also "batteries"). */
  namesIn(text: string): GuardedName[] {
    return this.matcher.values(text);
  }

  /** Every name of an entity (folded). */
  namesOf(entity: string): readonly string[] {
    return this.byEntity.get(entity) ?? [];
  }

  /** Whether a folded text names the entity by any of its names. */
  entityIn(entity: string, folded: string): boolean {
    return this.namesOf(entity).some((name) => folded.includes(name));
  }
}
