import type { PlanPack } from '../plan/load.js';
import type { ProfileFlagSpec } from '../plan/schema.js';
import { format } from '../plan/template.js';
import { resolveCitations } from '../rules/citations.js';
import type { EligibilityItem, EligibilityResult } from '../rules/engine.js';
import type { ProfileField } from '../rules/profile.js';
import type { ResolvedTarget, RuleSet } from '../rules/rule-set.js';
import type { ItemKind, LeafCondition, RuleData } from '../rules/schema.js';
import { checkTarget, TargetCheckError, type ReportedFigure } from '../rules/targets.js';
import { round } from '../rules/units.js';
import { LANGUAGES, pick, type Language, type Localized } from '../text/languages.js';
import { listSeparator, sentenceEndPattern } from '../text/sentences.js';
import { midSentence } from './lines.js';
import type { Cues } from './cues.js';
import type { Fact, FigureMention, Understanding } from './types.js';

/** Whether a section of the plan is one of those that describe the time before it (the lexicon's `pastSections`). */
export function inPastSection(pack: PlanPack, section: string): boolean {
  return pack.lexicon.pastSections.sections.some((past) => section === past || section.startsWith(`${past}.`));
}

/** A text in every language, from a function of the language. */
export function localized(make: (language: Language) => string): Localized {
  return Object.fromEntries(LANGUAGES.map((language) => [language, make(language)])) as Localized;
}

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
    ...(item.why.length === 0 ? { unconditional: true } : { because: [...new Set(item.why.map((reason) => reason.fact))] }),
  };
}

/** The plan period, said with every target: the plan's targets were for its last year. */
export function periodFact(pack: PlanPack): Fact {
  const { start, end } = pack.meta.period;
  return {
    id: 'period',
    kind: 'period',
    title: localized((language) => pack.messages[language].answer.periodTitle),
    text: localized((language) => format(pack.messages[language].answer.period, { start, end })),
    citations: [],
  };
}

const WORDS = /[\p{Script=Han}]{2,}|[a-z0-9]{3,}/gu;

/** Han character pairs of a text, figures aside: how much two texts talk of the same thing. */
function hanBigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (const run of text.match(/\p{Script=Han}+/gu) ?? []) for (let i = 0; i + 1 < run.length; i += 1) grams.add(run.slice(i, i + 2));
  return grams;
}

/** What a follow-up's own plan term adds to a target that states it. */
const OWN_WORDS_WEIGHT = 2;
/** A target the rules set for the enterprise described weighs as much as one set for its industry. */
const OWN_TARGET_WEIGHT = 4;
/** What a target of the industry the enterprise gave earlier adds, when the question names none: less than one named now. */
const PROFILE_INDUSTRY_WEIGHT = 2;
/** What a plan word in a reported figure's own clause adds: it says whose figure it is. */
const FIGURE_CLAUSE_WEIGHT = 4;
/** Taken off a target that names none of the pollutants a question names (lead's figures asked, mercury's use is not). */
const OTHER_POLLUTANT_PENALTY = 2;
/**
 * Taken off a target a reported figure could be checked against that names none of the question's
 * own plan words, when another target names one: 2,000 firms with trained heads is no count of
 * demonstration enterprises, though both count firms.
 */
const UNNAMED_TARGET_PENALTY = 10;
/** How far below the best another group's target of the same kind may score and still be given beside it. */
const GROUP_MARGIN = 3;
/** How far below the best a target may score and still answer another part of the question (one the plan states beside a chosen target). */
const PART_MARGIN = 3;

/**
 * The plan words that only the sentence a reported figure stands in names, up to the figure:
 * what the figure is of, when the question names other things too ("recovery is at 62%; the
 * catalyst not counted yet").
 */
function termsBeforeFigure(understanding: Understanding, terms: readonly string[]): string[] {
  const text = understanding.searchText;
  const figure = understanding.figures.find((mention) => mention.role === 'reported');
  const at = figure ? text.indexOf(figure.text) : -1;
  if (at < 0) return [];
  const clause = text.slice(0, at).split(sentenceEndPattern()).at(-1) ?? '';
  const rest = `${text.slice(0, at - clause.length)} ${text.slice(at)}`;
  const own = terms.filter((term) => clause.includes(term) && !rest.includes(term));
  return own.length > 0 && terms.some((term) => rest.includes(term)) ? own : [];
}

/** Targets a question is about: by industry, glossary terms, kind words and unit, best first. */
export function matchTargets(understanding: Understanding, ruleSet: RuleSet, cues: Cues, retrievedIds: readonly string[] = [], ownTargets: ReadonlySet<string> = new Set()): ResolvedTarget[] {
  const lineageIds = ruleSet.catalog.lineageIds(understanding.industries.map((industry) => industry.id));
  // The enterprise's industry, said in an earlier turn, when this one names none ("and the rate?" after "we are a tannery").
  const profileLineage = ruleSet.catalog.lineageIds(understanding.industries.length === 0 && understanding.profile.industry ? [understanding.profile.industry] : []);
  const terms = understanding.terms.filter((term) => term.entry.kind !== 'term').map((term) => term.entry.zh);
  // Plain terms count too, for less: they say whose target it is (parks, principal managers).
  const plainTerms = understanding.terms.filter((term) => term.entry.kind === 'term' && !cues.genericTerms.has(term.entry.zh)).map((term) => term.entry.zh);
  const groupNames = understanding.groups.flatMap((group) => [group.name.zh, ...group.aliases]);
  const pollutants = understanding.terms.filter((term) => term.entry.kind === 'pollutant').map((term) => term.entry.zh);
  // Technologies and pollutants tell apart targets of one kind (an industry's two technologies); indicator words do not.
  const figureTerms = termsBeforeFigure(understanding, understanding.terms.filter((term) => term.entry.kind === 'technology' || term.entry.kind === 'pollutant').map((term) => term.entry.zh));
  const figureFamilies = new Set(understanding.figures.map((figure) => ruleSet.units.family(figure.unit)));
  const question = understanding.searchText.normalize('NFKC').toLowerCase();
  const kindWeights = cues.targetKinds.filter((entry) => entry.matcher.test(question));
  const rank = new Map(retrievedIds.map((id, index) => [id, index]));
  const questionGrams = hanBigrams(understanding.searchText);
  // A target set for the named industry alone says more about it than one it shares with other industries (a project's total).
  const scored = ruleSet.targets.map((target) => {
    let score = 0;
    const shared = [...hanBigrams(target.title.zh)].filter((gram) => questionGrams.has(gram)).length;
    score += Math.min(3, shared * 0.2);
    if (target.industries.some((id) => lineageIds.has(id))) score += target.industries.every((id) => lineageIds.has(id)) ? 5 : 4;
    else if (lineageIds.size > 0 && target.industries.length > 0) score -= 4;
    else if (target.industries.some((id) => profileLineage.has(id))) score += PROFILE_INDUSTRY_WEIGHT;
    // Where the plan states it counts too: a penetration rate stated in the mercury project is part of what "the mercury reduction" asks.
    const places = target.citations.map((citation) => ruleSet.pack.corpus.sectionTitle(citation.id) ?? '').join(' ');
    const haystack = `${target.title.zh} ${target.indicator} ${target.technology?.zh ?? ''} ${target.text.zh} ${places}`;
    for (const term of terms) if (haystack.includes(term)) score += 2;
    if (pollutants.length > 0 && !pollutants.some((term) => haystack.includes(term))) score -= OTHER_POLLUTANT_PENALTY;
    // A reported figure is of what its own clause names ("recovery is at 62%, the catalyst not yet counted").
    const named = `${target.title.zh} ${target.technology?.zh ?? ''}`;
    for (const term of figureTerms) if (named.includes(term)) score += FIGURE_CLAUSE_WEIGHT;
    for (const term of plainTerms) if (haystack.includes(term)) score += 1;
    // A follow-up's own words ("what about provincial parks?") outweigh what it carries from the turn before.
    const ownWords = (understanding.ownTerms ?? []).filter(({ entry }) => !cues.genericTerms.has(entry.zh) && haystack.includes(entry.zh)).length;
    score += ownWords * OWN_WORDS_WEIGHT;
    // A group the question names picks the targets set for that group.
    if (groupNames.some((name) => haystack.includes(name))) score += 3;
    for (const word of `${target.title.en} ${target.technology?.en ?? ''}`.toLowerCase().match(WORDS) ?? []) {
      if (question.includes(word)) score += 0.25;
    }
    for (const entry of kindWeights) if (target.kind === entry.kind) score += entry.weight;
    if (figureFamilies.size > 0) score += figureFamilies.has(ruleSet.units.family(target.target.unit)) ? 1 : -10;
    const ranks = target.citations.map((citation) => rank.get(citation.id)).filter((value) => value !== undefined);
    if (ranks.length) score += 1 / (1 + Math.min(...ranks));
    return { target, score, haystack, ownWords };
  });
  if (understanding.figures.length > 0) {
    // Named: set for the industry asked about, or stating one of the question's own plan words.
    const asked = understanding.terms.map((term) => term.entry.zh).filter((word) => word.length >= 2 && !cues.genericTerms.has(word));
    const names = (entry: (typeof scored)[number]) => entry.target.industries.some((id) => lineageIds.has(id)) || asked.some((word) => entry.haystack.includes(word));
    if (scored.some(names)) for (const entry of scored) if (!names(entry)) entry.score -= UNNAMED_TARGET_PENALTY;
  }
  // Of the targets of the kind asked for, one the rules set for the enterprise described (its
  // industry's group, its park) is the one meant: 90% of a key industry's heads trained, not 50% of all.
  const top = scored.reduce((a, b) => (b.score > a.score ? b : a));
  // A Table 1 row is of the kind of the text's target that measures the same (training, audits).
  const kindOf = (target: ResolvedTarget) => (target.kind !== 'table1' ? target.kind : (ruleSet.targets.find((other) => other.indicator === target.indicator && other.kind !== 'table1')?.kind ?? target.kind));
  const sameKind = (target: ResolvedTarget) => kindOf(target) === kindOf(top.target);
  // A follow-up that names whose target it asks now ("and provincial parks?") is not about the enterprise described before.
  const namesWhose = scored.some((entry) => entry.ownWords > 0);
  for (const entry of scored) {
    if (!namesWhose && sameKind(entry.target) && entry.target.industries.length === 0 && ownTargets.has(entry.target.id)) entry.score += OWN_TARGET_WEIGHT;
  }
  const best = Math.max(...scored.map((entry) => entry.score));
  if (best < 2) return [];
  // A figure is checked against the best-matching targets only; a question gets the near ones too.
  const margin = understanding.figures.length > 0 ? 0.25 : 1;
  // A question that says nothing of whom the enterprise is gets each group's target of the kind asked (50% of all above-scale heads trained, 90% of key industries').
  const groupWide = (entry: (typeof scored)[number]) =>
    understanding.figures.length === 0 && ownTargets.size === 0 && top.target.industries.length === 0 && sameKind(entry.target) && entry.target.industries.length === 0 && entry.score >= best - GROUP_MARGIN;
  const chosen = scored.filter((entry) => entry.score >= best - margin || groupWide(entry)).sort((a, b) => b.score - a.score).map((entry) => entry.target);
  // Targets measuring the same thing go together (a table's row and the sentence that states it too).
  const indicators = new Set(chosen.map((target) => target.indicator));
  const together = [...chosen, ...ruleSet.targets.filter((target) => indicators.has(target.indicator) && !chosen.includes(target))];
  return [...together, ...otherParts(understanding, scored, together, terms, best)];
}

/**
 * A question that asks about several things the plan states in one sentence ("lead dust, lead in
 * wastewater and lead use") gets each part: a target stated in the same passage as one chosen,
 * naming a subject word of the question that the chosen one does not, comes with it.
 */
function otherParts(understanding: Understanding, scored: ReadonlyArray<{ target: ResolvedTarget; score: number; haystack: string }>, chosen: readonly ResolvedTarget[], terms: readonly string[], best: number): ResolvedTarget[] {
  if (understanding.figures.length > 0) return [];
  const found = new Map(scored.map((entry) => [entry.target, entry]));
  const added: ResolvedTarget[] = [];
  for (const target of chosen) {
    const own = found.get(target)?.haystack ?? '';
    const passages = new Set(target.citations.map((citation) => citation.id));
    for (const entry of scored) {
      if (chosen.includes(entry.target) || added.includes(entry.target) || entry.score < best - PART_MARGIN) continue;
      if (!entry.target.citations.some((citation) => passages.has(citation.id))) continue;
      if (terms.some((term) => entry.haystack.includes(term) && !own.includes(term))) added.push(entry.target);
    }
  }
  return added;
}

export function checkFacts(figures: readonly FigureMention[], targets: readonly ResolvedTarget[], ruleSet: RuleSet, years: readonly number[] = []): Fact[] {
  const facts: Fact[] = [];
  const { start } = ruleSet.pack.meta.period;
  // One fact per target: a figure repeated (or a second figure for the same target) adds nothing.
  const seen = new Set<string>();
  for (const figure of figures) {
    if (figure.changeOnly) continue;
    for (const target of targets) {
      const id = `${figure.role === 'claimed' ? 'claim' : 'check'}:${target.id}`;
      if (seen.has(id)) continue;
      const reported = fromBaseline(figure, target, ruleSet);
      if (!reported) continue;
      let check;
      try {
        check = checkTarget(target, reported, ruleSet.units, ruleSet.pack.messages);
      } catch (error) {
        if (error instanceof TargetCheckError) continue;
        throw error;
      }
      seen.add(id);
      if (figure.role === 'claimed') {
        const sameYear = years.every((year) => year === target.target.year || year < start);
        facts.push({ id, kind: 'claim', confirmed: check.difference === 0 && sameYear, title: target.title, text: target.text, citations: target.citations });
      } else {
        facts.push({ id, kind: 'check', title: target.title, text: check.summary, citations: target.citations, check });
      }
    }
  }
  return facts;
}

/**
 * The figure a mention reports against a target: as given, or, for a change from the plan's own
 * figure of a year ("20 points up on the plan's 2010 level"), the baseline of that year of what the
 * target measures (its own, or another target's of the same indicator: the plan's text states the
 * 2015 goal, its table the 2010 level) plus the change, written as the sum. Nothing without one.
 */
function fromBaseline(figure: FigureMention, target: ResolvedTarget, ruleSet: RuleSet): ReportedFigure | undefined {
  if (!figure.fromBaseline) return { value: figure.value, unit: figure.unit, ...(figure.written ? { written: figure.written } : {}) };
  const { year } = figure.fromBaseline;
  const baseline = target.baseline ?? ruleSet.targets.find((other) => other.indicator === target.indicator && other.baseline?.year === year && other.baseline.unit === figure.unit)?.baseline;
  if (!baseline || baseline.year !== year || baseline.unit !== figure.unit) return undefined;
  const sign = figure.value < 0 ? '-' : '+';
  return { value: round(baseline.value + figure.value), unit: figure.unit, written: `${ruleSet.units.write(baseline.value, baseline.unit, 'zh')} ${sign} ${figure.text}` };
}

/** The item kinds a question's topics select; technology questions include substitutions. */
function topicKindsOf(topics: readonly ItemKind[]): Set<ItemKind> {
  const kinds = new Set<ItemKind>(topics);
  if (kinds.has('technology')) kinds.add('substitution');
  return kinds;
}

/** Whether items of a kind answer a question about these topics (any kind, when none is named). */
export function kindAsked(kind: ItemKind, topics: readonly ItemKind[]): boolean {
  return topics.length === 0 || topicKindsOf(topics).has(kind);
}

export function itemsForTopics(items: readonly EligibilityItem[], topics: readonly ItemKind[]): EligibilityItem[] {
  return items.filter((item) => kindAsked(item.kind, topics));
}

/** Profile fields whose answer would add items of the question's topics, with those items. */
export function deciders(result: EligibilityResult, topics: readonly ItemKind[]): Array<{ field: ProfileField; items: EligibilityItem[] }> {
  return result.wouldApplyIf.map(({ field, items }) => ({ field, items: itemsForTopics(items, topics) })).filter(({ items }) => items.length > 0);
}

/** Rule name → the industries it applies to (every flag true): computed once per pack, at start. */
export async function industriesOfRules(ruleSet: RuleSet): Promise<Map<string, Set<string>>> {
  const allFlags = Object.fromEntries(ruleSet.flags.map((flag) => [flag, true]));
  const map = new Map<string, Set<string>>();
  for (const industry of ruleSet.catalog.industries) {
    const result = await ruleSet.eligibility.evaluate({ ...allFlags, industry: industry.id });
    for (const item of result.items) {
      if (!item.why.some((reason) => reason.fact === 'industryLineage' || reason.fact === 'industryGroups')) continue;
      map.set(item.id, (map.get(item.id) ?? new Set()).add(industry.id));
    }
  }
  return map;
}

/** For each rule of the topics that depends on the industry: the industries it applies to. */
export function industriesByRule(ruleSet: RuleSet, members: ReadonlyMap<string, ReadonlySet<string>>, topics: readonly ItemKind[]): Fact[] {
  const kinds = topicKindsOf(topics.length ? topics : ['audit']);
  const facts: Fact[] = [];
  for (const rule of ruleSet.rules) {
    const ids = members.get(rule.name);
    if (!ids || !kinds.has(rule.event.type)) continue;
    // A sub-industry is covered by its parent's listing.
    const listed = [...ids].filter((id) => !ruleSet.catalog.lineage(id).slice(1).some((ancestor) => ids.has(ancestor.id)));
    const names = (language: Language) => listed.map((id) => pick(ruleSet.catalog.get(id)!.name, language)).join(listSeparator(language));
    // The kind of enterprise the rule is for besides its industries ("above designated size"): a listing without it overstates whom it binds.
    const required = requiredFlags(rule.conditions, ruleSet.pack.profile.flags);
    // A rule for exactly the members of a group the plan names is for that group (unless it binds some kind of
    // enterprise only): said by its name, cited by its note.
    const group = required.length === 0 ? ruleSet.catalog.groups.find((candidate) => candidate.kind !== 'family' && sameMembers(ruleSet.catalog.membersOf(candidate.id).map((industry) => industry.id), listed)) : undefined;
    const citations = ruleSet.eligibility.citationsOf(rule.name);
    const text = (language: Language) => {
      const messages = ruleSet.pack.messages[language].facts;
      if (group && messages.industriesOfGroup) return format(messages.industriesOfGroup, { group: language === 'en' ? midSentence(pick(group.name, language)) : pick(group.name, language), industries: names(language) });
      if (required.length === 0 || !messages.industriesFor) return format(messages.industries, { industries: names(language) });
      return format(messages.industriesFor, { industries: names(language), enterprises: required.map((flag) => pick(flag.yes, language)).join(listSeparator(language)) });
    };
    facts.push({
      id: `list:${rule.name}`,
      kind: 'list',
      itemKind: rule.event.type,
      title: rule.event.params.title,
      text: localized(text),
      citations: [...citations, ...(group ? resolveCitations(group.citations, ruleSet.pack.corpus, `group ${group.id}`).filter((citation) => !citations.some((own) => own.id === citation.id)) : [])],
    });
  }
  return facts;
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

/** Profile flags a rule's top-level "all" requires to be true. */
function requiredFlags(conditions: RuleData['conditions'], flags: readonly ProfileFlagSpec[]): ProfileFlagSpec[] {
  if (!('all' in conditions)) return [];
  const leaves = conditions.all.filter((condition): condition is LeafCondition => 'fact' in condition);
  return flags.filter((flag) => leaves.some((leaf) => leaf.fact === flag.id && leaf.operator === 'equal' && leaf.value === true));
}
