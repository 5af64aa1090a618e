import { quoteRendering } from '../plan/quote-rendering.js';
import { format } from '../plan/template.js';
import { resolveCitations } from '../rules/citations.js';
import type { ResolvedTarget } from '../rules/rule-set.js';
import { round, writeNumber } from '../rules/units.js';
import type { EligibilityItem, EligibilityResult } from '../rules/engine.js';
import type { ProfileField } from '../rules/profile.js';
import type { Industry, IndustryGroup } from '../rules/schema.js';
import { clauseBreakPattern, listSeparator, negatedAt } from '../text/sentences.js';
import { normalize } from '../text/normalize.js';
import { saysOtherCadence } from './cadence.js';
import { checkFacts, deciders, inPastSection, industriesByRule, itemFact, itemsForTopics, kindAsked, localized, matchTargets, periodFact, targetFact } from './facts.js';
import type { PackRuntime } from './runtime.js';
import { definitionsOf } from './definitions.js';
import { subjectsOf } from './glossary.js';
import { midSentence } from './lines.js';
import { bareTitle, inSectionOf, sectionPassages, sectionsNamed } from './named-sections.js';
import { sectionListFacts } from './section-lists.js';
import type { Decision, Fact, RetrievedClause, RuleResults, Understanding } from './types.js';

const MAX_TARGETS = 8;
/** Subjects a comparison weighs at most ("COD, ammonia nitrogen and NOx: which cut is largest?"). */
const MAX_COMPARED = 4;
/** Targets given when the user asks for every one ("list them all"): a whole table. */
const MAX_TARGETS_ALL = 20;
/** Passages quoted for a question the rules do not answer; a named section's outline may have more. */
const QUOTES = 3;
const MAX_OUTLINE = 6;

/** Whether deciding needs the eligibility rules run over the profile (the pipeline's rules step). */
export function needsEligibility(understanding: Understanding): boolean {
  const { intent } = understanding;
  const industryNamed = understanding.industries.length > 0 || Boolean(understanding.industryCandidates);
  return !understanding.outOfScope && (intent === 'applicability' || ((intent === 'technology' || intent === 'list') && industryNamed));
}

/**
 * Decides what an answer says — status, facts, fields to ask for — from the rules and
 * retrieval, before any wording. Deterministic: the same question gives the same decision.
 */
export function decide(understanding: Understanding, runtime: PackRuntime, rules: RuleResults | undefined, retrieved: readonly RetrievedClause[], ownTargets: ReadonlySet<string> = new Set()): Decision {
  const decision = decideAll(understanding, runtime, rules, retrieved, ownTargets);
  return understanding.excluded?.length ? withoutExcluded(decision, understanding.excluded) : decision;
}

/**
 * "Apart from solder": facts that name what the question sets aside give way to the others, where
 * others remain (the plan period's note aside).
 */
function withoutExcluded(decision: Decision, excluded: readonly string[]): Decision {
  const names = (fact: Fact) => excluded.some((word) => fact.title.zh.includes(word) || fact.text.zh.includes(word));
  const kept = decision.facts.filter((fact) => fact.kind === 'period' || !names(fact));
  if (!kept.some((fact) => fact.kind !== 'period') || kept.length === decision.facts.length) return decision;
  return { ...decision, facts: kept };
}

function decideAll(understanding: Understanding, runtime: PackRuntime, rules: RuleResults | undefined, retrieved: readonly RetrievedClause[], ownTargets: ReadonlySet<string> = new Set()): Decision {
  const { ruleSet, pack } = runtime;
  const { intent, profile } = understanding;
  // A technology question that names no kind of duty asks for technologies (and substitutions).
  const topics = intent === 'technology' && understanding.topics.length === 0 ? (['technology'] as const) : understanding.topics;
  const base = { intent, profile };
  if (understanding.outOfScope) return { ...base, status: 'out_of_scope', facts: [], note: understanding.outOfScope };
  const period = periodFact(pack);
  const retrievedIds = retrieved.map((clause) => clause.id);

  // A claim about the plan's account of the past ("SO2 cut 2003-2010 was 1.39 million tonnes?") is no claim about a target:
  // it is answered from the passages that give the past's figures, below.
  // Only a claim about a period of the past ("2003 to 2010"): "900,000 tonnes compared with 2010" still claims a target.
  const { lastPastYear } = pack.lexicon.pastSections;
  const pastAccount = understanding.past && understanding.years.length >= 2 && understanding.years.every((year) => year <= lastPastYear);
  const targetClaim = intent === 'claim' && !pastAccount;
  if (intent === 'check' || targetClaim) {
    const facts = figureFacts(understanding, runtime, retrievedIds, ownTargets);
    if (facts.length > 0) return { ...base, status: 'answered', facts: [...facts, period] };
    // A figure we cannot tie to a target: answer about the targets the question names, if any.
  }

  // "COD or ammonia nitrogen: which cut is larger?": each subject's target, and how they compare.
  if (understanding.compares) {
    const facts = comparisonFacts(understanding, runtime, retrievedIds, ownTargets);
    if (facts.length > 0) return { ...base, intent: 'target', status: 'answered', facts: [...facts, period] };
  }

  // "Is ceramics one of the key industries?" with its industry named is answered by the group's members too.
  const asksAboutGroup =
    understanding.groups.length > 0 && topics.length === 0 && ((understanding.industries.length === 0 && intent === 'general') || (understanding.industries.length > 0 && Boolean(understanding.asksMembership)));
  // "Which industries must audit?" is answered from the rules; a list question that names no
  // duty but a pollutant, a technology or another plan term is answered from the plan's text below.
  // A plan term of its own ("cleaner production centres") makes it a question about the text too.
  const listsByRule = topics.length > 0 || !understanding.terms.some((term) => term.entry.kind !== 'term' || !runtime.cues.genericTerms.has(term.entry.zh));
  // "Which industries does the mercury project cover?": the industries the project's clauses name.
  if (['list', 'general', 'technology', 'target', 'applicability'].includes(intent)) {
    const facts = sectionListFacts(understanding, runtime);
    if (facts.length > 0) return { ...base, intent: 'list', status: 'answered', facts };
  }
  // "Coking is one of the 11, so every above-scale coking enterprise audits?", asked of an industry, not of the asker's
  // own enterprise: whether the industry is in the group is the answer, then what of the kind asked applies to it;
  // nothing is asked. (Without a kind of duty asked, the group's list below answers it.)
  if (understanding.namesMembership && understanding.industries.length > 0 && topics.length > 0 && !understanding.self) {
    const items = rules ? itemsForTopics(rules.result.items, topics) : [];
    // What would apply with more facts is said too ("if you belong to a central SOE: one round"): nothing is asked.
    const conditional = rules ? deciders(rules.result, topics).map(({ field, items: more }) => ({ field, items: more.map((item) => itemFact(item, ruleSet)) })) : [];
    const itemFacts = items.map((item) => itemFact(item, ruleSet));
    // "…so cement plants audit every two years?": a cadence none of what applies has makes the claim as put not the plan's.
    const otherCadence = saysOtherCadence(understanding, itemFacts, runtime);
    // "…so no audits are needed?" while an audit applies: the claim as put is not the plan's either.
    const dutyApplies = Boolean(understanding.asksExemption) && itemFacts.length > 0;
    const memberships = membershipFacts(understanding, runtime).map((fact) => ((otherCadence || dutyApplies) && fact.kind === 'claim' ? { ...fact, confirmed: false } : fact));
    const note = dutyApplies ? ('duty-applies' as const) : otherCadence ? ('other-cadence' as const) : undefined;
    return { ...base, intent: 'list', status: 'answered', facts: [...memberships, ...itemFacts], conditional, ...(note ? { note } : {}) };
  }
  if (intent === 'list' || asksAboutGroup) {
    const facts = topics.length === 0 && understanding.groups.length > 0 ? groupFacts(understanding, runtime) : listsByRule ? ofNamedGroups(onlyNamed(industriesByRule(ruleSet, runtime.ruleMembers, topics), understanding.namedRules), understanding, runtime) : [];
    // Answered as the group's list, not as what applies to the enterprise.
    if (facts.length > 0) return { ...base, intent: 'list', status: 'answered', facts: [...amountAsked(understanding, runtime, retrievedIds), ...facts] };
  }

  // "Which technologies for nitrogen fertilizer and for rare earth?", asked of two or more industries and not of the asker's
  // own enterprise: each industry's technologies and substitutions, each once. Only a technology question (a target or a
  // broad question has more to say than technologies), only industries the question names itself, none of them denied or
  // set aside ("cement, not steel", "apart from steel"), and no figure, group or claim of the question's own.
  if (intent === 'technology' && understanding.industries.length >= 2 && eachIndustryNamed(understanding, runtime)) {
    const kinds = new Set<string>(['technology', 'substitution']);
    const rules = understanding.industries.flatMap((industry) => ruleSet.rules.filter((rule) => kinds.has(rule.event.type) && runtime.ruleMembers.get(rule.name)?.has(industry.id)));
    const facts = [...new Set(rules)].map((rule) => itemFact(ruleSet.eligibility.itemOf(rule.name)!, ruleSet));
    const { industry: _first, ...others } = profile;
    if (facts.length > 0) return { ...base, profile: others, intent: 'technology', status: 'answered', facts: [...facts, period] };
  }

  // A target question about an industry is answered from the targets below; what applies to an industry, from its rules.
  if (rules) {
    const { result } = rules;
    // Someone in a role the plan addresses (an authority, an association) is told their part, and asked for no industry.
    // ("a provincial textile association": the industry it names is its members', not its own).
    const roles = pack.profile.flags.filter((flag) => flag.role && profile[flag.id] === true);
    if (roles.length > 0 && (!profile.industry || understanding.organisation)) {
      const items = result.items.filter((item) => (topics.length ? itemsForTopics([item], topics).length > 0 : item.kind === 'role'));
      if (items.length > 0) return { ...base, status: 'answered', facts: items.map((item) => itemFact(item, ruleSet)) };
    }
    // An organisation that is not an enterprise (a park's management, an office) is asked no
    // enterprise fact: what holds for it is answered, or else the targets and the text below.
    const ask = !understanding.organisation;
    // A question that names a rule ("every two years?") is answered about that rule alone.
    const named = understanding.namedRules;
    const focus = (list: EligibilityItem[]) => (named.length ? list.filter((item) => named.includes(item.id)) : list);
    // Which industry the user is in decides the answer: ask, with the plan's candidates.
    // Without a plan industry yet, what would apply with more facts counts too (a fertiliser plant
    // may make nitrogen fertiliser, whose above-scale makers audit); a broad name's sub-industries
    // count for what applies only.
    const itemsAsked = (found: EligibilityResult) =>
      [
        ...focus(itemsForTopics(found.items, topics)).map((item) => item.id),
        ...(result.industry ? [] : deciders(found, topics).flatMap(({ field, items: more }) => focus(more).map((item) => `${field}:${item.id}`))),
      ]
        .sort()
        .join(' ');
    // A sector's members are asked about only when the sector itself gets nothing of what was asked.
    const sectorAnswers = itemsAsked(result) !== '';
    // The question's own words settle which is meant: a candidate fewer of whose items name them
    // than another's is not ("the battery industry's mercury-free technologies" are not lead-acid's).
    const ownWords = understanding.specificWords.filter((word) => word.length >= 2);
    const namingItems = (found: EligibilityResult) => focus(itemsForTopics(found.items, topics)).filter((item) => ownWords.some((word) => itemNames(item, word)));
    const naming = rules.alternatives.map((alternative) => namingItems(alternative.result).length);
    const most = Math.max(namingItems(result).length, ...naming);
    const candidates = rules.alternatives.filter((_, index) => naming[index] === most);
    // When the question's words name items, only those are what it asks: a textile mill asking about PVA
    // sizing is not asked whether it also dyes, when the PVA item is the same either way.
    const askedOf = (found: EligibilityResult) => (most > 0 ? namingItems(found).map((item) => item.id).sort().join(' ') : itemsAsked(found));
    // A broad name's one narrower reading alone has items naming what the question asks (PVA sizing is textile dyeing's): those items answer it.
    const [onlyReading] = candidates;
    // Not for a name with no settled industry (PVC without its route): that is asked.
    if (most > 0 && candidates.length === 1 && onlyReading && result.industry && !understanding.industryCandidates && namingItems(result).length === 0) {
      // Said as that reading's: the lead names whose items they are.
      return { ...base, profile: { ...profile, industry: onlyReading.industry.id }, status: 'answered', facts: namingItems(onlyReading.result).map((item) => itemFact(item, ruleSet)) };
    }
    // A broad name said of the industry, not of the user's enterprise ("the battery industry's mercury work?"), is that industry: nothing to ask.
    const aboutOwnEnterprise = Boolean(understanding.self) || Boolean(understanding.industryCandidates) || understanding.stated.some((field) => field !== 'industry');
    if (ask && aboutOwnEnterprise && candidates.some((alternative) => !(alternative.sectorMember && sectorAnswers) && askedOf(alternative.result) !== askedOf(result))) {
      const name = rules.name ?? (result.industry ? result.industry.name[understanding.language] : '');
      return { ...base, status: 'needs_info', facts: [], needs: ['industry'], note: 'which-industry', choices: { name, industries: rules.alternatives.map((alternative) => alternative.industry) } };
    }
    // An industry the plan does not name settles the industry's rules (none apply): answer what applies whatever the industry.
    const industryNone = !result.industry && ((Boolean(profile.industry) && !result.candidates?.length) || Boolean(understanding.industryRuledOut));
    const items = focus(itemsForTopics(result.items, topics));
    // The facts that decide most about what was asked come first (asked for first): those whose items state the question's figures or words.
    const askedWords = [...understanding.figures.map((figure) => String(figure.value)), ...understanding.terms.map((term) => term.entry.zh), ...understanding.specificWords];
    const relevance = (more: readonly EligibilityItem[]) => askedWords.filter((word) => more.some((item) => itemNames(item, word))).length;
    const conditional = deciders(result, topics)
      .map(({ field, items: more }) => ({ field, items: focus(more) }))
      .filter(({ items: more }) => more.length > 0)
      .map((entry, index) => ({ entry, index, score: relevance(entry.items) }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .map(({ entry }) => entry);
    const facts: Fact[] = items.map((item) => itemFact(item, ruleSet));
    const extra = { ...(industryNone ? { unknownIndustry: true } : {}) };
    if (!result.industry && !industryNone) {
      // What the user said about the enterprise already decides some items: answer them, and say the industry may add more.
      const statedItems = result.items.filter((item) => item.why.some((reason) => understanding.stated.includes(reason.fact)));
      const fromStated = focus(itemsForTopics(statedItems, topics));
      if (fromStated.length > 0 && understanding.stated.some((field) => field !== 'industry')) {
        // A follow-up naming another measure ("and bank loans?") gets that measure first, whoever the enterprise is.
        const ownWords = (understanding.ownTerms ?? []).map((term) => term.entry.zh).filter((word) => !runtime.cues.genericTerms.has(word));
        const namedNow = focus(itemsForTopics(result.items, topics)).filter((item) => !fromStated.includes(item) && ownWords.some((word) => itemNames(item, word)));
        return { ...base, status: 'answered', facts: [...namedNow, ...fromStated].map((item) => itemFact(item, ruleSet)), industryMayAdd: true };
      }
      // Without an industry, ask for it unless the question's topic already has an answer, or
      // every industry the name may mean gives the same answer.
      if (ask && (topics.length === 0 || items.length === 0) && rules.alternatives.length === 0) {
        // A rule named that does not turn on the industry is answered without it.
        const industryDecides = named.length === 0 || named.some((name) => runtime.ruleMembers.has(name));
        if (industryDecides) return { ...base, status: 'needs_info', needs: (['industry', ...conditional.map(({ field }) => field)] as ProfileField[]).slice(0, 3), facts };
      }
    }
    // Facts the user stated about the enterprise (not above designated size) that already answer "no"
    // are answered, with what would change it; otherwise the unknown fact is asked.
    // Read only when nothing applies yet something would: a rule of the industry's, of the kind asked, that neither applies nor waits on an unknown fact.
    const industryRuleRuledOut = () =>
      ruleSet.rules.some((rule) => {
        const open = result.items.some((item) => item.id === rule.name) || conditional.some((entry) => entry.items.some((item) => item.id === rule.name));
        return Boolean(runtime.ruleMembers.get(rule.name)?.has(profile.industry!)) && kindAsked(rule.event.type, topics) && !open;
      });
    const statedSettles = () => Boolean(profile.industry) && understanding.stated.some((field) => field !== 'industry' && !conditional.some((entry) => entry.field === field)) && industryRuleRuledOut();
    if (ask && items.length === 0 && conditional.length > 0 && !statedSettles()) {
      return { ...base, ...extra, status: 'needs_info', needs: conditional.map(({ field }) => field), facts: [] };
    }
    // A question naming what only an unknown fact would bring (a fund for SMEs) turns on that fact.
    const asked = askedOnlyIf(understanding, items, conditional);
    if (ask && asked.length > 0) return { ...base, ...extra, status: 'needs_info', needs: asked, facts };
    if (items.length === 0 && ask) {
      // "No" is cited too: the plan's duties of that kind, and whom they are for.
      const owners = onlyNamed(industriesByRule(ruleSet, runtime.ruleMembers, topics), named);
      if (named.length > 0) {
        // The rule named does not apply: say so, whom it is for, and what of its kind applies or would.
        const others = itemsForTopics(result.items, topics).map((item) => itemFact(item, ruleSet));
        const otherConditional = deciders(result, topics).map(({ field, items: more }) => ({ field, items: more.map((item) => itemFact(item, ruleSet)) }));
        // "Cement is one of the 8 heavy-metal industries, so…?": which of the plan's groups the industry is in, with the group's definition.
        const industry = ruleSet.catalog.get(profile.industry ?? '');
        const memberships = industry ? groupFacts({ ...understanding, groups: planGroupsOf([industry], runtime), industries: [industry] }, runtime) : [];
        return { ...base, ...extra, status: 'answered', facts: [...owners, ...memberships, ...others], note: 'rule-not-applicable', conditional: otherConditional };
      }
      return { ...base, ...extra, status: 'answered', facts: owners, note: 'no-items', conditional: conditional.map(({ field, items: more }) => ({ field, items: more.map((item) => itemFact(item, ruleSet)) })) };
    }
    const hasTargets = facts.some((fact) => fact.details?.length);
    if (items.length > 0) return {
      ...base,
      ...extra,
      status: 'answered',
      facts: hasTargets ? [...facts, period] : facts,
      conditional: conditional.map(({ field, items: more }) => ({ field, items: more.map((item) => itemFact(item, ruleSet)) })),
    };
  }

  if (intent === 'technology') {
    const facts = technologyFacts(understanding, runtime);
    if (facts.length > 0) return { ...base, status: 'answered', facts: [...facts, period] };
  }

  if (intent === 'target' || intent === 'technology' || intent === 'check' || targetClaim) {
    let targets = matchTargets(understanding, ruleSet, runtime.cues, retrievedIds, ownTargets).slice(0, understanding.exhaustive ? MAX_TARGETS_ALL : MAX_TARGETS);
    // "The main targets in a nutshell": with no subject named, the targets of the part of the plan the question names.
    const askedText = understanding.ownText ?? understanding.searchText;
    const asked = intent === 'target' && runtime.cues.scope.targetWords.test(askedText) ? sectionsNamed(askedText, pack.corpus, understanding.terms.map((term) => term.entry.zh)) : [];
    const otherSubjects = subjectsOf(understanding.terms, runtime.cues.genericTerms).filter((term) => !asked.some((heading) => heading.text.includes(term.entry.zh)));
    const sections = otherSubjects.length === 0 ? asked : [];
    const citesSection = (target: ResolvedTarget) => target.citations.some((citation) => sections.some((heading) => inSectionOf(heading, citation.id)));
    const ofSections = sections.length ? (targets.some(citesSection) ? targets.filter(citesSection) : ruleSet.targets.filter(citesSection).slice(0, MAX_TARGETS_ALL)) : [];
    if (ofSections.length > 0) targets = ofSections;
    // A question whose best passage carries no target (the results before the plan, say) is answered from that passage.
    const top = retrieved.slice(0, 3).map((clause) => clause.id);
    const topIsTarget = top.length === 0 || ofSections.length > 0 || ruleSet.targets.some((target) => target.citations.some((citation) => top.includes(citation.id)));
    // A target set for the industry the question names answers it, whatever passage ranks first ("the target for nitrogen fertilizer?").
    const lineage = ruleSet.catalog.lineageIds(understanding.industries.map((industry) => industry.id));
    const industryTarget = intent === 'target' && !understanding.past && understanding.industries.length === 1 && understanding.figures.length === 0 && targets.some((target) => target.industries.some((id) => lineage.has(id)));
    if (targets.length > 0 && (topIsTarget || industryTarget || targetClaim)) {
      // How far the target asked (the best one's indicator) is from its baseline: one line, first.
      const gaps = understanding.gap ? targets.filter((target) => target.indicator === targets[0]!.indicator).flatMap((target) => baselineGapFact(target, runtime)).slice(0, 1) : [];
      const facts = [...gaps, ...targets.map(targetFact)];
      const leftOut = wordsLeftOut(understanding, facts, retrieved, pack);
      // Targets that name none of the question's own words ("raise the emission standards of
      // industries above which penetration?") do not answer it: the passage that names them does.
      // Its own words: not those a follow-up carries from the turn before, nor the plan's own name ("12th five-year").
      const ownTerms = understanding.ownTerms ? new Set(understanding.ownTerms.map((term) => term.entry.zh)) : undefined;
      const own = understanding.specificWords.filter((word) => word.length >= 2 && !runtime.cues.scope.strong.test(word) && (!ownTerms || ownTerms.has(word)));
      const namesAsked = own.length === 0 || targets.some((target) => own.some((word) => targetNames(target, word)));
      // An industry named is what its targets answer ("and for sugar?").
      if (!namesAsked && leftOut.length > 0 && understanding.industries.length === 0) return { ...base, intent: 'general', status: 'answered', facts: leftOut };
      return { ...base, status: 'answered', facts: [...facts, ...leftOut, period] };
    }
  }

  // A question about the time before the plan is answered from the sections that describe it first.
  const inPast = (clause: RetrievedClause) => understanding.past && inPastSection(pack, clause.section);
  // A heading, or a table row without a figure (a header, a group's name), tells a reader nothing alone.
  const readable = (clause: RetrievedClause) => clause.kind !== 'heading' && (clause.kind !== 'table-row' || /\d/u.test(clause.text));
  // "What are the basic principles?": the section the question names by its heading, in the plan's order, before what retrieval found.
  const { corpus } = pack;
  const planWords = understanding.terms.map((term) => term.entry.zh);
  const named = intent === 'general' || intent === 'list' ? sectionsNamed(understanding.ownText ?? understanding.searchText, corpus, planWords) : [];
  // "The voluntary agreement section 5 mentions": a plan word besides the section's own title asks about something in it,
  // which retrieval found there; only a question about the section itself gets its outline.
  const askedWords = [...new Set([...understanding.specificWords, ...subjectsOf(understanding.terms, runtime.cues.genericTerms).map((term) => term.entry.zh)])];
  const within = askedWords.filter((word) => !named.some((heading) => heading.text.includes(word) || word.includes(bareTitle(heading.text))));
  const inSection = (clause: RetrievedClause) => named.some((heading) => inSectionOf(heading, clause.section));
  // In the section's own order, those passages first that name a plan word of the question besides the section's title
  // ("which industries had cleaner production centres, according to the current-status section?").
  const ownWords = planWords.filter((word) => !runtime.cues.genericTerms.has(word) && !named.some((heading) => heading.text.includes(word)));
  const namesOwn = (clause: RetrievedClause) => ownWords.some((word) => clause.text.includes(word));
  const passages = named.flatMap((heading) => sectionPassages(heading, corpus));
  const outline = within.length ? retrieved.filter(inSection) : [...passages.filter(namesOwn), ...passages.filter((clause) => !namesOwn(clause))];
  // "What is eco-design?", "how does the plan describe cleaner production?": where the plan says what the term is, first.
  const asked = understanding.ownText ?? understanding.searchText;
  // Only when the question names nothing else ("what are the problems of cleaner production?" is not asking what it is).
  const definitions = (() => {
    if (intent !== 'general' || !runtime.cues.definitional.test(asked)) return [];
    const byWord = [...new Set(understanding.terms.map((term) => term.entry.zh))].map((word) => ({ word, passages: definitionsOf(word, corpus, pack.lexicon.definitional.copulas) }));
    const namesOther = byWord.some(({ word, passages }) => passages.length === 0 && !runtime.cues.genericTerms.has(word));
    return namesOther ? [] : byWord.flatMap(({ passages }) => passages);
  })();
  // The passages the question quotes come first: they are what it asks about.
  const quoted = (understanding.quoted ?? []).map((id) => corpus.get(id)).filter((clause) => clause !== undefined).map((clause) => ({ ...clause, score: 1 }));
  const found = [...quoted, ...outline, ...definitions, ...retrieved].filter((clause, index, all) => all.findIndex((other) => other.id === clause.id) === index);
  const ordered = [...found.filter(inPast), ...found.filter((clause) => !inPast(clause))].filter(readable);
  const quotes = ordered.slice(0, Math.max(QUOTES, Math.min(outline.length, MAX_OUTLINE))).map((clause) => quoteFact(clause, pack));
  if (quotes.length === 0) return { ...base, status: 'out_of_scope', facts: [], note: 'unrelated' };
  return { ...base, status: 'answered', facts: quotes, ...(outline.length ? { note: 'outline' as const } : {}) };
}

/** Whether a target's title, text or technology (in the plan's words) names a word. */
function targetNames(target: ResolvedTarget, word: string): boolean {
  return target.title.zh.includes(word) || target.text.zh.includes(word) || (target.technology?.zh.includes(word) ?? false);
}

/** Whether an item's title or text (in the plan's words) names a word. */
function itemNames(item: EligibilityItem, word: string): boolean {
  return item.title.zh.includes(word) || item.text.zh.includes(word);
}

/** A passage of the plan as a fact, quoted. */
function quoteFact(clause: Pick<RetrievedClause, 'id' | 'text' | 'section'>, pack: PackRuntime['pack']): Fact {
  return {
    id: `quote:${clause.id}`,
    kind: 'quote',
    title: { zh: pack.corpus.sectionTitle(clause.id) ?? clause.section, en: pack.corpus.sectionTitleEn(clause.id) ?? clause.section },
    // In English the plan's unofficial rendering, where there is one: what an English reader is shown if the wording fails.
    text: { zh: clause.text, en: pack.corpus.rendering(clause.id) ?? clause.text },
    citations: [{ id: clause.id, quote: clause.text }],
  };
}

/**
 * The passage for what else the question asks ("the lamps' mercury content, and the rate?"):
 * the first passage, among those the facts cite and those retrieved, naming a word of the
 * question's own that no fact states.
 */
function wordsLeftOut(understanding: Understanding, facts: readonly Fact[], retrieved: readonly RetrievedClause[], pack: PackRuntime['pack']): Fact[] {
  const stated = facts.map((fact) => `${fact.title.zh} ${fact.text.zh}`).join(' ');
  const missing = understanding.specificWords.filter((word) => word.length >= 2 && !stated.includes(word));
  if (missing.length === 0) return [];
  const cited = facts.flatMap((fact) => fact.citations.map((citation) => citation.id));
  const candidates = [...cited.map((id) => pack.corpus.get(id)).filter((clause) => clause !== undefined), ...retrieved.slice(0, 3)];
  const clause = candidates.find((candidate) => candidate.kind === 'paragraph' && missing.some((word) => candidate.text.includes(word)));
  return clause ? [quoteFact(clause, pack)] : [];
}

/**
 * Each figure checked against the targets it is about. Several figures in one question
 * ("training 45%, audits 28%") are each read with the words around them, up to the next
 * figure, so each is checked against its own indicator; one figure is read with the whole
 * question.
 */
function figureFacts(understanding: Understanding, runtime: PackRuntime, retrievedIds: readonly string[], ownTargets: ReadonlySet<string>): Fact[] {
  const { ruleSet, cues, glossary } = runtime;
  const whole = () => checkFacts(understanding.figures, matchTargets(understanding, ruleSet, cues, retrievedIds, ownTargets), ruleSet, understanding.years);
  if (understanding.figures.length < 2) return whole();
  const text = understanding.searchText;
  const spans: Array<{ start: number; end: number }> = [];
  let from = 0;
  for (const figure of understanding.figures) {
    const start = text.indexOf(figure.text, from);
    if (start < 0) return whole();
    spans.push({ start, end: start + figure.text.length });
    from = start + figure.text.length;
  }
  const facts: Fact[] = [];
  const breaks = clauseBreakPattern();
  // "The plan requires 80%, we're only at 60%": a figure whose words name no indicator is the one the figure before it named.
  let lastTargets: ReturnType<typeof matchTargets> = [];
  understanding.figures.forEach((figure, index) => {
    const span = spans[index]!;
    // The clause the figure stands in; when it names nothing, the words up to the figures around it, and the targets of the figure before.
    const before = text.slice(0, span.start).split(breaks).at(-1) ?? '';
    const after = text.slice(span.end).split(breaks)[0] ?? '';
    const clause = `${before}${figure.text}${after}`;
    const named = glossary.find(clause).some((term) => !cues.genericTerms.has(term.entry.zh));
    const words = named ? clause : text.slice(index === 0 ? 0 : spans[index - 1]!.end, spans[index + 1]?.start ?? text.length);
    const own = { ...understanding, figures: [figure], searchText: words, terms: glossary.find(words) };
    const matched = matchTargets(own, ruleSet, cues, [], ownTargets);
    const targets = named || lastTargets.length === 0 ? matched : lastTargets;
    if (targets.length > 0) lastTargets = targets;
    facts.push(...checkFacts([figure], targets, ruleSet, understanding.years));
  });
  // Figures whose words name no indicator of their own fall back to the whole question's reading.
  return facts.length > 0 ? facts.filter((fact, index) => facts.findIndex((other) => other.id === fact.id) === index) : whole();
}

/**
 * The targets of each subject a comparison names (a pollutant, a technology, an indicator),
 * one per indicator, led by how they compare when they measure the same kind of quantity: the
 * larger and by how much for two, largest first for more. Nothing when fewer than two are found.
 */
function comparisonFacts(understanding: Understanding, runtime: PackRuntime, retrievedIds: readonly string[], ownTargets: ReadonlySet<string>): Fact[] {
  const { ruleSet, cues, pack } = runtime;
  const subjects = subjectsOf(understanding.terms, cues.genericTerms);
  // Without an industry or group named, the plan-wide figure (Table 1's) is the one meant.
  const planWide = understanding.industries.length === 0 && understanding.groups.length === 0;
  let picked: ResolvedTarget[] = [];
  for (const term of subjects.slice(0, MAX_COMPARED)) {
    const own = { ...understanding, terms: [term], specificWords: [term.entry.zh], ownTerms: [] };
    const candidates = matchTargets(own, ruleSet, cues, retrievedIds, ownTargets).filter(
      (candidate) => targetNames(candidate, term.entry.zh) && !picked.some((other) => other.indicator === candidate.indicator),
    );
    const target = (planWide ? candidates.find((candidate) => candidate.kind === 'table1') : undefined) ?? candidates[0];
    if (target) picked.push(target);
  }
  // "Papermaking or sugar: whose penetration target is higher?": the industries named are the subjects,
  // each with the one target of what is asked the plan sets it (an industry with several is not compared).
  if (picked.length < 2 && understanding.industries.length >= 2) {
    picked = [];
    for (const industry of understanding.industries.slice(0, MAX_COMPARED)) {
      const own = { ...understanding, industries: [industry], profile: { ...understanding.profile, industry: industry.id } };
      const candidates = matchTargets(own, ruleSet, cues, retrievedIds, ownTargets).filter((candidate) => candidate.industries.includes(industry.id));
      if (new Set(candidates.map((candidate) => candidate.indicator)).size !== 1) return [];
      picked.push(candidates[0]!);
    }
  }
  const { units } = ruleSet;
  // "Which pollutant has the biggest reduction target?": nothing named to compare, so the plan-wide targets the
  // question is about, of the kind of quantity most of them measure (tonnes cut, not shares), ranked.
  if (picked.length < 2 && subjects.length === 0 && planWide) {
    const found = matchTargets(understanding, ruleSet, cues, retrievedIds, ownTargets).filter((candidate) => candidate.kind === 'table1');
    const perIndicator = found.filter((candidate, index) => found.findIndex((other) => other.indicator === candidate.indicator) === index);
    const familyOf = (candidate: ResolvedTarget) => units.family(candidate.target.unit) ?? candidate.target.unit;
    const families = [...new Set(perIndicator.map(familyOf))].map((family) => perIndicator.filter((candidate) => familyOf(candidate) === family));
    const largest = families.sort((a, b) => b.length - a.length)[0] ?? [];
    if (largest.length >= 3) picked = largest.slice(0, MAX_TARGETS_ALL);
  }
  if (picked.length < 2) return [];
  // Compared, and the difference written, in the finest unit among them (2,000 tonnes written in ten-thousands and 638 tonnes differ by 1,362 tonnes).
  const size = (unit: string) => units.convert(1, unit, picked[0]!.target.unit) ?? Number.POSITIVE_INFINITY;
  const unit = picked.map((target) => target.target.unit).reduce((finest, next) => (size(next) < size(finest) ? next : finest));
  const values = picked.map((target) => units.convert(target.target.value, target.target.unit, unit));
  const targets = picked.map(targetFact);
  if (values.some((value) => value === undefined)) return targets;
  const ranked = picked.map((target, index) => ({ target, value: values[index]! })).sort((a, b) => b.value - a.value);
  const year = Math.max(...picked.map((target) => target.target.year));
  const text = localized((language) => {
    const messages = pack.messages[language];
    // Every template names the indicators mid-sentence.
    const name = (target: ResolvedTarget) => {
      const written = pack.indicators[target.indicator]?.[language] ?? target.title[language];
      return language === 'en' ? midSentence(written) : written;
    };
    // Each figure as its target states it; the difference in the first one's unit.
    const figure = (value: number) => units.write(value, unit, language);
    const stated = (target: ResolvedTarget) => units.write(target.target.value, target.target.unit, language);
    const amount = (value: number) => (units.family(unit) === 'percent' ? format(messages.check.percentPoints, { n: writeNumber(value, language) }) : figure(value));
    if (ranked.length > 2) {
      const items = ranked.map(({ target }) => format(messages.facts.comparisonItem, { name: name(target), value: stated(target) }));
      return format(messages.facts.comparisonOrder, { year, items: items.join(listSeparator(language)) });
    }
    const [larger, smaller] = ranked as [(typeof ranked)[number], (typeof ranked)[number]];
    if (larger.value === smaller.value) return format(messages.facts.comparisonEqual, { year, first: name(larger.target), second: name(smaller.target), value: stated(larger.target) });
    return format(messages.facts.comparisonLarger, { year, larger: name(larger.target), largerValue: stated(larger.target), smaller: name(smaller.target), smallerValue: stated(smaller.target), difference: amount(round(larger.value - smaller.value)) });
  });
  const comparison: Fact = {
    id: `comparison:${picked.map((target) => target.id).join('+')}`,
    kind: 'target',
    title: text,
    text,
    citations: picked.map((target) => target.citations[0]!),
  };
  return [comparison, ...targets];
}

/**
 * How far a share's target is from its baseline ("from 44.3% in 2010 to above 60%: a rise of more
 * than 15.7 points"), arithmetic on the two figures the target cites. Only for shares, whose
 * baseline is a level: a baseline of tonnes is what was cut before, not where the cut starts.
 */
function baselineGapFact(target: ResolvedTarget, runtime: PackRuntime): Fact[] {
  const { baseline, target: goal } = target;
  const { units } = runtime.ruleSet;
  if (!baseline || baseline.unit !== goal.unit || units.family(goal.unit) !== 'percent') return [];
  const points = round(goal.value - baseline.value);
  if (points <= 0) return [];
  const text = localized((language) => {
    const messages = runtime.pack.messages[language];
    const name = runtime.pack.indicators[target.indicator]?.[language] ?? target.title[language];
    return format(messages.facts.baselineGap, {
      name,
      fromYear: baseline.year,
      from: units.write(baseline.value, baseline.unit, language),
      toYear: goal.year,
      goal: format(messages.check.goal, { comparator: messages.check.comparators[goal.comparator], figure: units.write(goal.value, goal.unit, language) }),
      rise: `${messages.facts.riseComparators[goal.comparator]}${format(messages.check.percentPoints, { n: writeNumber(points, language) })}`,
    });
  });
  return [{ id: `gap:${target.id}`, kind: 'target', title: text, text, citations: target.citations }];
}

/**
 * "How many demonstration enterprises, and from which industries?": a list question that also
 * asks an amount gets the target that names what it counts (the question's own words in its title).
 */
function amountAsked(understanding: Understanding, runtime: PackRuntime, retrievedIds: readonly string[]): Fact[] {
  if (!runtime.cues.amountAsks.test(understanding.ownText ?? understanding.searchText)) return [];
  const words = understanding.specificWords.filter((word) => word.length >= 2);
  const target = matchTargets(understanding, runtime.ruleSet, runtime.cues, retrievedIds).find((candidate) => words.some((word) => candidate.title.zh.includes(word)));
  return target ? [targetFact(target)] : [];
}

/** The rule listings of rules for the groups a question names ("we are one of the 11 industries"), or all when it names none or none is theirs. */
function ofNamedGroups(listings: Fact[], understanding: Understanding, runtime: PackRuntime): Fact[] {
  if (understanding.groups.length === 0) return listings;
  const members = new Set(understanding.groups.flatMap((group) => runtime.ruleSet.catalog.membersOf(group.id).map((industry) => industry.id)));
  const kept = listings.filter((fact) => [...(runtime.ruleMembers.get(fact.id.replace(/^list:/u, '')) ?? [])].some((industry) => members.has(industry)));
  return kept.length > 0 ? kept : listings;
}

/** The rule listings of the rules a question names, or all of them when it names none of those listed. */
function onlyNamed(listings: Fact[], named: readonly string[]): Fact[] {
  const kept = listings.filter((fact) => named.some((name) => fact.id === `list:${name}`));
  return kept.length > 0 ? kept : listings;
}

/**
 * Profile fields whose conditional items share a word with the question (a glossary term or a
 * name containing a profile word) that no applying item has: the question turns on them.
 */
function askedOnlyIf(understanding: Understanding, items: readonly EligibilityItem[], conditional: ReturnType<typeof deciders>): ProfileField[] {
  const words = understanding.specificWords;
  const textOf = (item: EligibilityItem) => [item.title.zh, item.text.zh, ...item.citations.map((citation) => citation.quote)].join(' ');
  const applied = items.map(textOf).join(' ');
  const specific = words.filter((word) => !applied.includes(word));
  // Or an item that would apply names more of the question's words than any that does ("priority for special funds" is for audited projects).
  const named = (item: EligibilityItem) => words.filter((word) => textOf(item).includes(word)).length;
  const appliedBest = Math.max(0, ...items.map(named));
  return conditional
    .filter(({ items: extra }) => extra.some((item) => specific.some((word) => textOf(item).includes(word)) || named(item) > Math.max(1, appliedBest)))
    .map(({ field }) => field);
}

/** The member industries of each group the question names. */
function groupFacts(understanding: Understanding, runtime: PackRuntime): Fact[] {
  const { ruleSet, pack } = runtime;
  const named = understanding.industries;
  return understanding.groups.map((group) => {
    const members = ruleSet.catalog.membersOf(group.id);
    // A member through a group this one includes (fermentation is a key industry as one of the 11) is cited from that group's definition too.
    const through = ruleSet.catalog.groups.filter((other) => group.includes.includes(other.id) && named.some((industry) => ruleSet.catalog.groupsOf(industry.id).includes(other.id)));
    const citations = resolveCitations([...group.citations, ...through.flatMap((other) => other.citations.slice(0, 1))], pack.corpus, `group ${group.id}`);
    const definition = citations[0]!.quote;
    return {
      id: `group:${group.id}`,
      kind: 'list',
      title: group.name,
      text: localized((language) => {
        const messages = pack.messages[language].facts;
        // "Is coking one of the 11?": the answer to that first.
        const groupName = language === 'en' ? midSentence(group.name.en) : group.name.zh;
        const membership = named.map((industry) =>
          format(ruleSet.catalog.groupsOf(industry.id).includes(group.id) ? messages.groupMember : messages.groupNotMember, { industry: industry.name[language], group: groupName }),
        );
        // The definition in the answer's language: the clause's English rendering in English.
        // A definition that names every member itself is not followed by the same names again (long on a phone).
        const namesAll = members.every((industry) => definition.includes(industry.name.zh));
        const defined = format(namesAll && messages.groupDefinitionNamed ? messages.groupDefinitionNamed : messages.groupDefinition, {
          definition: language === 'zh' ? definition : (quoteRendering(pack.corpus, citations[0]!.id, definition) ?? definition),
          members: members.map((industry) => industry.name[language]).join(listSeparator(language)),
        });
        return [...membership, defined].join(language === 'zh' ? '' : ' ');
      }),
      citations,
    };
  });
}

/**
 * Whether every industry of a question naming two or more is named in its own words and not denied there, and the
 * question sets none aside and states no claim, group or figure of its own, nor speaks of the asker's enterprise.
 */
function eachIndustryNamed(understanding: Understanding, runtime: PackRuntime): boolean {
  const ownText = understanding.ownText ?? understanding.searchText;
  if (understanding.excluded?.length || understanding.self || understanding.groups.length || understanding.figures.length || runtime.cues.intents.claim.test(ownText)) return false;
  const mentioned = runtime.ruleSet.catalog.mentions(ownText).industries;
  const negations = runtime.cues.negations.find(ownText);
  const folded = normalize(ownText);
  return understanding.industries.every((industry) => mentioned.some((mention) => mention.industry.id === industry.id && !negatedAt(folded, negations, mention.index)));
}

/** The plan's groups (not sector families) the industries are in, through their parents too. */
function planGroupsOf(industries: readonly Industry[], runtime: PackRuntime): IndustryGroup[] {
  const { catalog } = runtime.ruleSet;
  const ids = new Set(industries.flatMap((industry) => catalog.lineage(industry.id).flatMap((entry) => entry.groups)));
  return [...ids].flatMap((id) => catalog.groups.filter((group) => group.id === id && group.kind === 'plan'));
}

/**
 * The answer to "is X one of group G?": for each group named, a claim confirmed when every industry
 * named is in it; then the plan's other groups the industries are in ("electroplating is not one of
 * the 11; it is one of the 8"), with their definitions.
 */
function membershipFacts(understanding: Understanding, runtime: PackRuntime): Fact[] {
  const { catalog } = runtime.ruleSet;
  const named = understanding.groups.map((group) => group.id);
  const claims = groupFacts(understanding, runtime).map((fact, index) => {
    const group = understanding.groups[index]!;
    const members = understanding.industries.every((industry) => catalog.groupsOf(industry.id).includes(group.id));
    return { ...fact, kind: 'claim' as const, confirmed: understanding.namesMembership === 'isNot' ? !members : members };
  });
  const own = planGroupsOf(understanding.industries, runtime).filter((group) => !named.includes(group.id));
  return [...claims, ...(own.length ? groupFacts({ ...understanding, groups: own }, runtime) : [])];
}

/** Technology and substitution rules whose technologies mention the question's terms. */
function technologyFacts(understanding: Understanding, runtime: PackRuntime): Fact[] {
  const { ruleSet } = runtime;
  // Only technology and pollutant words pick technologies; generic words would pick them all.
  const terms = understanding.terms.filter((term) => term.entry.kind === 'technology' || term.entry.kind === 'pollutant').map((term) => term.entry.zh);
  if (terms.length === 0) return [];
  const rules = ruleSet.rules.filter((rule) => rule.event.type === 'technology' || rule.event.type === 'substitution');
  const names = (rule: (typeof rules)[number]) => terms.some((term) => rule.event.params.technologies.some((technology) => technology.zh.includes(term)));
  // A technology listed under a pollutant's heading ("NOx reduction technologies: in steel, low-NOx combustion") is of that pollutant too.
  const listedUnder = (rule: (typeof rules)[number]) => terms.some((term) => rule.event.params.citations.some((citation) => runtime.pack.corpus.get(citation.id)?.text.includes(term)));
  // The enterprise's industry, said before ("the same industry"), keeps only its own.
  const industry = understanding.profile.industry;
  if (industry) return rules.filter((rule) => runtime.ruleMembers.get(rule.name)?.has(industry) && (names(rule) || listedUnder(rule))).map((rule) => itemFact(ruleSet.eligibility.itemOf(rule.name)!, ruleSet));
  return rules.filter(names).map((rule) => itemFact(ruleSet.eligibility.itemOf(rule.name)!, ruleSet));
}
