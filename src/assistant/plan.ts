import type { EligibilityItem } from '../rules/engine.js';
import type { ProfileField } from '../rules/profile.js';
import type { RuleSet } from '../rules/rule-set.js';
import { resolveCitations } from '../rules/citations.js';
import {
  checkFacts,
  deciders,
  industriesByRule,
  itemFact,
  itemsForTopics,
  matchTargets,
  periodFact,
  targetFact,
  type AnswerPlan,
  type Fact,
} from './facts.js';
import type { Lexicon } from './lexicon.js';
import type { Understanding } from './understand.js';

/** Retrieval as the planner sees it: clause ids, best first. */
export interface RetrievedClause {
  id: string;
  text: string;
  section: string;
}

const MAX_TARGETS = 8;

/**
 * Decides what an answer says — status, facts, fields to ask for — from the rules and
 * retrieval, before any wording. Deterministic: the same question gives the same plan.
 */
export async function planAnswer(understanding: Understanding, ruleSet: RuleSet, retrieved: readonly RetrievedClause[], lexicon: Lexicon): Promise<AnswerPlan> {
  const { intent, profile, topics } = understanding;
  const base = { intent, profile };
  if (understanding.outOfScope) return { ...base, status: 'out_of_scope', facts: [], note: understanding.outOfScope };
  const period = periodFact(ruleSet);
  const retrievedIds = retrieved.map((clause) => clause.id);

  if (intent === 'check' || intent === 'claim') {
    const targets = matchTargets(understanding, ruleSet, retrievedIds);
    const facts = checkFacts(understanding.figures, targets, understanding.years);
    if (facts.length > 0) return { ...base, status: 'answered', facts: [...facts, period] };
    // A figure we cannot tie to a target: answer about the targets the question names, if any.
  }

  const asksAboutGroup = understanding.groups.length > 0 && topics.length === 0 && understanding.industries.length === 0 && intent === 'general';
  // "Which industries must audit?" is answered from the rules; "which sectors does the COD
  // project cover?" names no duty and is answered from the plan's text below.
  const listsByRule = topics.length > 0 || !understanding.terms.some((term) => term.entry.kind !== 'term');
  if (intent === 'list' || asksAboutGroup) {
    const facts = topics.length === 0 && understanding.groups.length > 0 ? groupFacts(understanding, ruleSet) : listsByRule ? await industriesByRule(ruleSet, topics) : [];
    if (facts.length > 0) return { ...base, status: 'answered', facts };
  }

  // A target question about an industry ("PVC plant here, what mercury targets?") is answered
  // from the targets below; what applies to an industry, from its rules.
  if (intent === 'applicability' || ((intent === 'technology' || intent === 'list') && understanding.industries.length > 0)) {
    const result = await ruleSet.eligibility.evaluate(profile);
    if (!result.industry && profile.industry) {
      return { ...base, status: 'needs_info', facts: [], needs: ['industry'], note: 'unknown-industry' };
    }
    const items = itemsForTopics(result.items, topics);
    const conditional = deciders(result, topics);
    // Without an industry, ask for it unless the question's topic already has an answer.
    if (!result.industry && (topics.length === 0 || items.length === 0)) {
      return {
        ...base,
        status: 'needs_info',
        needs: (['industry', ...conditional.map(({ field }) => field)] as ProfileField[]).slice(0, 3),
        facts: items.map((item) => itemFact(item, ruleSet)),
      };
    }
    if (items.length === 0 && conditional.length > 0) {
      return { ...base, status: 'needs_info', needs: conditional.map(({ field }) => field), facts: [] };
    }
    // "Can we apply to the SME development fund?" names what only an unknown fact would bring.
    const asked = askedOnlyIf(understanding, items, conditional);
    if (asked.length > 0) return { ...base, status: 'needs_info', needs: asked, facts: items.map((item) => itemFact(item, ruleSet)) };
    const facts: Fact[] = items.map((item) => itemFact(item, ruleSet));
    const hasTargets = facts.some((fact) => fact.details?.length);
    return {
      ...base,
      status: 'answered',
      facts: hasTargets ? [...facts, period] : facts,
      ...(items.length === 0 ? { note: 'no-items' as const } : {}),
      conditional: conditional.map(({ field, items: extra }) => ({ field, items: extra.map((item) => itemFact(item, ruleSet)) })),
    };
  }

  if (intent === 'technology') {
    const facts = technologyFacts(understanding, ruleSet);
    if (facts.length > 0) return { ...base, status: 'answered', facts: [...facts, period] };
  }

  if (intent === 'target' || intent === 'technology' || intent === 'check' || intent === 'claim') {
    const targets = matchTargets(understanding, ruleSet, retrievedIds).slice(0, MAX_TARGETS);
    // A question whose best passage carries no target (the 2003–2010 results, say) is answered from that passage.
    const top = retrieved.slice(0, 3).map((clause) => clause.id);
    const topIsTarget = top.length === 0 || ruleSet.targets.some((target) => target.citations.some((citation) => top.includes(citation.id)));
    if (targets.length > 0 && (topIsTarget || intent === 'claim')) return { ...base, status: 'answered', facts: [...targets.map(targetFact), period] };
  }

  // A question about the time before the plan is answered from the sections that describe it first.
  const pastSections = understanding.past ? lexicon.pastSections.sections : [];
  const inPast = (clause: RetrievedClause) => pastSections.some((section) => clause.section === section || clause.section.startsWith(`${section}.`));
  const ordered = [...retrieved.filter(inPast), ...retrieved.filter((clause) => !inPast(clause))];
  const quotes = ordered.slice(0, 3).map(
    (clause): Fact => ({
      id: `quote:${clause.id}`,
      kind: 'quote',
      title: { zh: ruleSet.corpus.sectionTitle(clause.id) ?? clause.section, en: ruleSet.corpus.get(clause.section)?.titleEn ?? clause.section },
      text: { zh: clause.text, en: clause.text },
      citations: [{ id: clause.id, quote: clause.text }],
    }),
  );
  if (quotes.length === 0) return { ...base, status: 'out_of_scope', facts: [], note: 'unrelated' };
  return { ...base, status: 'answered', facts: quotes };
}

/**
 * Profile fields whose conditional items share a word with the question (a glossary term or
 * a name such as 中小企业发展基金) that no applying item has: the question turns on them.
 */
function askedOnlyIf(understanding: Understanding, items: readonly EligibilityItem[], conditional: ReturnType<typeof deciders>): ProfileField[] {
  const words = understanding.specificWords;
  const textOf = (item: EligibilityItem) => [item.title.zh, item.text.zh, ...item.citations.map((citation) => citation.quote)].join(' ');
  const applied = items.map(textOf).join(' ');
  const specific = words.filter((word) => !applied.includes(word));
  return conditional.filter(({ items: extra }) => extra.some((item) => specific.some((word) => textOf(item).includes(word)))).map(({ field }) => field);
}

/** The member industries of each group the question names. */
function groupFacts(understanding: Understanding, ruleSet: RuleSet): Fact[] {
  return understanding.groups.map((group) => {
    const members = ruleSet.catalog.membersOf(group.id);
    const citations = resolveCitations(group.citations, ruleSet.corpus, `group ${group.id}`);
    const definition = citations[0]!.quote;
    return {
      id: `group:${group.id}`,
      kind: 'list',
      title: group.name,
      text: {
        zh: `规划的定义是“${definition}”，即：${members.map((industry) => industry.name.zh).join('、')}`,
        en: `The plan defines them as “${definition}”, that is: ${members.map((industry) => industry.name.en).join('; ')}`,
      },
      citations,
    };
  });
}

/** Technology and substitution rules whose technologies mention the question's terms. */
function technologyFacts(understanding: Understanding, ruleSet: RuleSet): Fact[] {
  // Only technology and pollutant words pick technologies; "削减" or "技术" would pick them all.
  const terms = understanding.terms.filter((term) => term.entry.kind === 'technology' || term.entry.kind === 'pollutant').map((term) => term.entry.zh);
  if (terms.length === 0) return [];
  return ruleSet.data.rules
    .filter((rule) => rule.event.type === 'technology' || rule.event.type === 'substitution')
    .filter((rule) => terms.some((term) => rule.event.params.technologies.some((technology) => technology.zh.includes(term))))
    .map((rule) => itemFact(ruleSet.eligibility.itemOf(rule.name)!, ruleSet));
}
