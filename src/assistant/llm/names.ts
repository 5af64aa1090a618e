import type { RuleSet } from '../../rules/rule-set.js';

export interface GuardedName {
  name: string;
  kind: 'industry' | 'technology';
}

/**
 * Words that name a technology in the glossary but are everyday words in an answer
 * ("substitutes", "catalyst"): guarding them would reject faithful answers.
 */
const TOO_GENERIC = new Set(['替代品', 'substitutes', 'substitute products', 'alternatives', '触媒', 'catalyst', 'stillage', 'urea process', 'urea method']);

const cache = new WeakMap<RuleSet, GuardedName[]>();

/**
 * Names an answer may use only when its evidence has them: every industry name and alias of
 * the catalog, every technology of the rules and every technology term of the glossary.
 * Longest first, so that a long name is found before the short one inside it.
 */
export function guardedNames(ruleSet: RuleSet): GuardedName[] {
  const cached = cache.get(ruleSet);
  if (cached) return cached;
  const names = new Map<string, GuardedName['kind']>();
  const add = (name: string, kind: GuardedName['kind']) => {
    const key = fold(name);
    if ([...key].length < 2 || TOO_GENERIC.has(key) || names.has(key)) return;
    names.set(key, kind);
  };
  for (const industry of ruleSet.catalog.industries) {
    for (const name of [industry.name.zh, industry.name.en, ...industry.aliases]) add(name, 'industry');
  }
  for (const rule of ruleSet.data.rules) {
    for (const technology of rule.event.params.technologies) {
      add(technology.zh, 'technology');
      add(technology.en, 'technology');
    }
  }
  for (const entry of ruleSet.glossary) {
    if (entry.kind !== 'technology') continue;
    for (const name of [entry.zh, ...entry.aliases, ...entry.en]) add(name, 'technology');
  }
  const list = [...names].map(([name, kind]) => ({ name, kind })).sort((a, b) => b.name.length - a.name.length);
  cache.set(ruleSet, list);
  return list;
}

export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
const patterns = new Map<string, RegExp>();

/** Where `name` (folded) occurs in `folded` text: Chinese as a substring, Latin as whole words. */
function pattern(name: string): RegExp {
  let regex = patterns.get(name);
  if (!regex) {
    regex = /[a-z0-9]/u.test(name) ? new RegExp(`(?<![a-z0-9])${escape(name)}(?![a-z0-9])`, 'gu') : new RegExp(escape(name), 'gu');
    patterns.set(name, regex);
  }
  regex.lastIndex = 0;
  return regex;
}

/**
 * Guarded names a text uses, longest first, without overlaps (so "lead-acid batteries"
 * is one name, not also "batteries"). `folded` is `fold(text)`.
 */
export function namesIn(folded: string, names: readonly GuardedName[]): GuardedName[] {
  const taken = new Array<boolean>(folded.length).fill(false);
  const found: GuardedName[] = [];
  for (const entry of names) {
    for (const match of folded.matchAll(pattern(entry.name))) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.slice(start, end).some(Boolean)) continue;
      taken.fill(true, start, end);
      if (!found.includes(entry)) found.push(entry);
    }
  }
  return found;
}
