import type { RuleSet } from '../../rules/rule-set.js';
import { escapeRegExp } from '../../corpus/text.js';

export interface GuardedName {
  /** Folded (NFKC, lower case). */
  name: string;
  kind: 'industry' | 'technology';
  /** What the name names: `industry:<id>` or `technology:<its Chinese name>`. A name may name several. */
  entities: string[];
}

/**
 * Words that name a technology in the glossary but are everyday words in an answer
 * ("substitutes", "catalyst"): guarding them would reject faithful answers.
 */
const TOO_GENERIC = new Set(['替代品', 'substitutes', 'substitute products', 'alternatives', '触媒', 'catalyst', 'stillage', 'urea process', 'urea method']);

export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}


/**
 * The industries and technologies an answer may name only when its evidence names them:
 * every industry of the catalog (names and aliases), every technology of the rules and
 * every technology term of the glossary. Checks are by entity: an answer may call an
 * industry by any of its names (电子电气产品 = electrical and electronic products) as long
 * as the evidence names it in some way.
 */
export class NameIndex {
  /** Longest first, so that a long name is found before a short one inside it. */
  readonly names: GuardedName[];
  private readonly byEntity = new Map<string, string[]>();
  private readonly patterns = new Map<string, RegExp>();

  constructor(ruleSet: RuleSet) {
    const names = new Map<string, GuardedName>();
    const add = (name: string, kind: GuardedName['kind'], entity: string) => {
      const key = fold(name);
      if ([...key].length < 2 || TOO_GENERIC.has(key)) return;
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
    for (const rule of ruleSet.data.rules) {
      for (const technology of rule.event.params.technologies) {
        add(technology.zh, 'technology', `technology:${technology.zh}`);
        add(technology.en, 'technology', `technology:${technology.zh}`);
      }
    }
    for (const entry of ruleSet.glossary) {
      if (entry.kind !== 'technology') continue;
      for (const name of [entry.zh, ...entry.aliases, ...entry.en]) add(name, 'technology', `technology:${entry.zh}`);
    }
    this.names = [...names.values()].sort((a, b) => b.name.length - a.name.length);
  }

  /** Guarded names a folded text uses, without overlaps ("lead-acid batteries" is one name, not also "batteries"). */
  namesIn(folded: string): GuardedName[] {
    const taken = new Array<boolean>(folded.length).fill(false);
    const found: GuardedName[] = [];
    for (const entry of this.names) {
      if (!folded.includes(entry.name)) continue;
      for (const match of folded.matchAll(this.pattern(entry.name))) {
        const start = match.index;
        const end = start + match[0].length;
        if (taken.slice(start, end).some(Boolean)) continue;
        taken.fill(true, start, end);
        if (!found.includes(entry)) found.push(entry);
      }
    }
    return found;
  }

  /** Every name of an entity (folded). */
  namesOf(entity: string): readonly string[] {
    return this.byEntity.get(entity) ?? [];
  }

  /** Whether a folded text names the entity by any of its names. */
  entityIn(entity: string, folded: string): boolean {
    return this.namesOf(entity).some((name) => folded.includes(name));
  }

  /** Whether a folded text names what `name` names. */
  supported(name: GuardedName, folded: string): boolean {
    return folded.includes(name.name) || name.entities.some((entity) => this.entityIn(entity, folded));
  }

  /** Where `name` occurs in `folded` as a name: Chinese as a substring, Latin as whole words. */
  pattern(name: string): RegExp {
    let regex = this.patterns.get(name);
    if (!regex) {
      regex = /[a-z0-9]/u.test(name) ? new RegExp(`(?<![a-z0-9])${escapeRegExp(name)}(?![a-z0-9])`, 'gu') : new RegExp(escapeRegExp(name), 'gu');
      this.patterns.set(name, regex);
    }
    regex.lastIndex = 0;
    return regex;
  }
}

const cache = new WeakMap<RuleSet, NameIndex>();

export function nameIndex(ruleSet: RuleSet): NameIndex {
  let index = cache.get(ruleSet);
  if (!index) {
    index = new NameIndex(ruleSet);
    cache.set(ruleSet, index);
  }
  return index;
}
