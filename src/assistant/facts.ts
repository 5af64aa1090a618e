import { pick, type Language } from '../language.js';
import type { Citation } from '../rules/citations.js';
import type { EligibilityItem, EligibilityResult } from '../rules/engine.js';
import type { Profile, ProfileField } from '../rules/profile.js';
import type { ResolvedTarget, RuleSet } from '../rules/rule-set.js';
import { PROFILE_FLAGS, type ItemKind, type Localized } from '../rules/schema.js';
import { checkTarget, TargetCheckError, type TargetCheck } from '../rules/targets.js';
import type { FigureMention, Understanding } from './understand.js';

/** One rule-checked fact an answer may state, with the quotes that prove it. */
export interface Fact {
  id: string;
  kind: 'item' | 'target' | 'check' | 'claim' | 'list' | 'period' | 'quote';
  itemKind?: ItemKind;
  title: Localized;
  text: Localized;
  citations: Citation[];
  /** Facts shown under this one (a technology's 2015 targets). */
  details?: Fact[];
  check?: TargetCheck;
  /** For claims: whether the plan says what the user said. */
  confirmed?: boolean;
  /** An item whose rule has no condition: a measure open to any enterprise. */
  unconditional?: boolean;
}

export type Status = 'answered' | 'needs_info' | 'out_of_scope';

/** What the answer will say, decided from rules and retrieval before any wording. */
export interface AnswerPlan {
  status: Status;
  intent: Understanding['intent'];
  facts: Fact[];
  needs?: ProfileField[];
  /** Why the plan ended where it did: an empty result, an unknown industry, out of scope. */
  note?: 'no-items' | 'no-targets' | 'unknown-industry' | Understanding['outOfScope'];
  profile: Profile;
  /** Items that would apply if a missing field were true, to mention as conditions. */
  conditional?: Array<{ field: ProfileField; items: Fact[] }>;
}

export const FIELD_NAMES: Record<ProfileField, Localized> = {
  industry: { zh: '所属行业', en: 'your industry' },
  aboveDesignatedSize: { zh: '是否为规模以上工业企业', en: 'whether you are an industrial enterprise above designated size' },
  centralSoe: { zh: '是否为中央企业所属工业企业', en: 'whether you belong to a central state-owned enterprise (central SOE)' },
  stateOwned: { zh: '是否为国有企业', en: 'whether you are a state-owned enterprise' },
  sme: { zh: '是否为中小企业', en: 'whether you are a small or medium-sized enterprise (SME)' },
  provincialPark: { zh: '是否位于省级以上工业园区', en: 'whether you are in a provincial-level or higher industrial park' },
  auditPassed: { zh: '是否已通过清洁生产审核评估', en: 'whether you have passed a cleaner production audit assessment' },
};

export function targetFact(target: ResolvedTarget): Fact {
  return { id: target.id, kind: 'target', title: target.title, text: target.text, citations: target.citations };
}

export function itemFact(item: EligibilityItem, ruleSet: RuleSet): Fact {
  const details = item.targets.flatMap((id) => {
    const target = ruleSet.target(id);
    return target ? [targetFact(target)] : [];
  });
  return {
    id: item.id,
    kind: 'item',
    itemKind: item.kind,
    title: item.title,
    text: item.text,
    citations: item.citations,
    ...(details.length ? { details } : {}),
    ...(item.why.length === 0 ? { unconditional: true } : {}),
  };
}

export function periodFact(ruleSet: RuleSet): Fact {
  const { start, end } = ruleSet.corpus.data.period;
  return {
    id: 'period',
    kind: 'period',
    title: { zh: '规划期', en: 'Plan period' },
    text: {
      zh: `本规划期为${start}—${end}年（“十二五”），所列目标均为${end}年目标。`,
      en: `The plan covers ${start}–${end} (the 12th Five-Year Plan period); its targets were for ${end}.`,
    },
    citations: [],
  };
}

const WORDS = /[\p{Script=Han}]{2,}|[a-z0-9]{3,}/gu;

/** Chinese character pairs of a text, figures aside: how much two texts talk of the same thing. */
function hanBigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (const run of text.match(/\p{Script=Han}+/gu) ?? []) for (let i = 0; i + 1 < run.length; i += 1) grams.add(run.slice(i, i + 2));
  return grams;
}

/** Targets a question is about: by industry, glossary terms, kind words and unit, best first. */
export function matchTargets(understanding: Understanding, ruleSet: RuleSet, retrievedIds: readonly string[] = []): ResolvedTarget[] {
  const lineageIds = new Set(understanding.industries.flatMap((industry) => ruleSet.catalog.lineage(industry.id).map((entry) => entry.id)));
  const terms = understanding.terms.filter((term) => term.entry.kind !== 'term').map((term) => term.entry.zh);
  const groupNames = understanding.groups.flatMap((group) => [group.name.zh, ...group.aliases]);
  const figureUnits = new Set(understanding.figures.map((figure) => unitFamily(figure.unit)));
  const question = understanding.searchText.normalize('NFKC').toLowerCase();
  const rank = new Map(retrievedIds.map((id, index) => [id, index]));
  const questionGrams = hanBigrams(understanding.searchText);
  const scored = ruleSet.targets.map((target) => {
    let score = 0;
    const shared = [...hanBigrams(target.title.zh)].filter((gram) => questionGrams.has(gram)).length;
    score += Math.min(3, shared * 0.2);
    if (target.industries.some((id) => lineageIds.has(id))) score += 4;
    else if (lineageIds.size > 0 && target.industries.length > 0) score -= 4;
    const haystack = `${target.title.zh} ${target.indicator} ${target.technology?.zh ?? ''} ${target.text.zh}`;
    for (const term of terms) if (haystack.includes(term)) score += 2;
    // A group the question names (重点行业) picks the targets set for that group.
    if (groupNames.some((name) => haystack.includes(name))) score += 3;
    for (const word of `${target.title.en} ${target.technology?.en ?? ''}`.toLowerCase().match(WORDS) ?? []) {
      if (question.includes(word)) score += 0.25;
    }
    if (/普及率|penetration|adoption/iu.test(question) && target.kind === 'penetration') score += 1;
    if (/削减|减少|reduc|cut/iu.test(question) && target.kind === 'reduction') score += 1;
    if (/表1|table 1/iu.test(question) && target.kind === 'table1') score += 2;
    if (figureUnits.size > 0) score += figureUnits.has(unitFamily(target.target.unit)) ? 1 : -10;
    const ranks = target.citations.map((citation) => rank.get(citation.id)).filter((value) => value !== undefined);
    if (ranks.length) score += 1 / (1 + Math.min(...ranks));
    return { target, score };
  });
  const best = Math.max(...scored.map((entry) => entry.score));
  if (best < 2) return [];
  // A figure is checked against the best-matching targets only; a question gets the near ones too.
  const margin = understanding.figures.length > 0 ? 0.25 : 1;
  const chosen = scored.filter((entry) => entry.score >= best - margin).sort((a, b) => b.score - a.score).map((entry) => entry.target);
  // Targets measuring the same thing go together (Table 1's row and 二（三）'s sentence).
  const indicators = new Set(chosen.map((target) => target.indicator));
  return [...chosen, ...ruleSet.targets.filter((target) => indicators.has(target.indicator) && !chosen.includes(target))];
}

function unitFamily(unit: string): string {
  return unit === '%' ? 'percent' : unit === '家' ? 'count' : 'mass';
}

export function checkFacts(figures: readonly FigureMention[], targets: readonly ResolvedTarget[], years: readonly number[] = []): Fact[] {
  const facts: Fact[] = [];
  for (const figure of figures) {
    for (const target of targets) {
      let check: TargetCheck;
      try {
        check = checkTarget(target, { value: figure.value, unit: figure.unit });
      } catch (error) {
        if (error instanceof TargetCheckError) continue;
        throw error;
      }
      if (figure.role === 'claimed') {
        const sameYear = years.every((year) => year === target.target.year || year < 2011);
        facts.push({ id: `claim:${target.id}`, kind: 'claim', confirmed: check.difference === 0 && sameYear, title: target.title, text: target.text, citations: target.citations });
      } else {
        facts.push({ id: `check:${target.id}`, kind: 'check', title: target.title, text: check.summary, citations: target.citations, check });
      }
    }
  }
  return facts;
}

/** The item kinds a question's topics select; technology questions include substitutions. */
function topicKindsOf(topics: readonly ItemKind[]): Set<ItemKind> {
  const kinds = new Set<ItemKind>(topics);
  if (kinds.has('technology')) kinds.add('substitution');
  return kinds;
}

export function itemsForTopics(items: readonly EligibilityItem[], topics: readonly ItemKind[]): EligibilityItem[] {
  if (topics.length === 0) return [...items];
  const kinds = topicKindsOf(topics);
  return items.filter((item) => kinds.has(item.kind));
}

/** Profile fields whose answer would add items of the question's topics, with those items. */
export function deciders(result: EligibilityResult, topics: readonly ItemKind[]): Array<{ field: ProfileField; items: EligibilityItem[] }> {
  return result.wouldApplyIf
    .map(({ field, items }) => ({ field, items: itemsForTopics(items, topics) }))
    .filter(({ items }) => items.length > 0);
}
/** Rule name → the industries it applies to (every flag true); the rules do not change, so once per rule set. */
const membersByRuleSet = new WeakMap<RuleSet, Promise<Map<string, Set<string>>>>();

function industriesOfRules(ruleSet: RuleSet): Promise<Map<string, Set<string>>> {
  let members = membersByRuleSet.get(ruleSet);
  if (!members) {
    members = (async () => {
      const allFlags = Object.fromEntries(PROFILE_FLAGS.map((flag) => [flag, true]));
      const map = new Map<string, Set<string>>();
      for (const industry of ruleSet.catalog.industries) {
        const result = await ruleSet.eligibility.evaluate({ ...allFlags, industry: industry.id });
        for (const item of result.items) {
          if (!item.why.some((reason) => reason.fact === 'industryLineage' || reason.fact === 'industryGroups')) continue;
          map.set(item.id, (map.get(item.id) ?? new Set()).add(industry.id));
        }
      }
      return map;
    })();
    membersByRuleSet.set(ruleSet, members);
  }
  return members;
}

/** For each rule of the topics that depends on the industry: the industries it applies to. */
export async function industriesByRule(ruleSet: RuleSet, topics: readonly ItemKind[]): Promise<Fact[]> {
  const kinds = topicKindsOf(topics.length ? topics : ['audit']);
  const all = await industriesOfRules(ruleSet);
  const members = new Map([...all].filter(([name]) => kinds.has(ruleSet.data.rules.find((rule) => rule.name === name)!.event.type)));
  const facts: Fact[] = [];
  for (const rule of ruleSet.data.rules) {
    const ids = members.get(rule.name);
    if (!ids) continue;
    // A sub-industry is covered by its parent's listing.
    const listed = [...ids].filter((id) => !ruleSet.catalog.lineage(id).slice(1).some((ancestor) => ids.has(ancestor.id)));
    const names = (language: Language) => listed.map((id) => pick(ruleSet.catalog.get(id)!.name, language)).join(language === 'zh' ? '、' : '; ');
    facts.push({
      id: `list:${rule.name}`,
      kind: 'list',
      itemKind: rule.event.type,
      title: rule.event.params.title,
      text: { zh: `适用行业：${names('zh')}`, en: `Industries: ${names('en')}` },
      citations: ruleSet.eligibility.citationsOf(rule.name),
    });
  }
  return facts;
}
