import type { Industry, IndustryGroup } from '../rules/schema.js';
import { detectLanguage, type Language } from '../language.js';
import type { Profile, ProfileField } from '../rules/profile.js';
import { PROFILE_FLAGS, type ItemKind, type ProfileFlag, type Unit } from '../rules/schema.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { GlossaryMatcher, TermMatch } from './glossary-matcher.js';
import { findCues, hasCue, type Lexicon } from './lexicon.js';

export type Intent = 'applicability' | 'target' | 'technology' | 'list' | 'check' | 'claim' | 'general';
export type OutOfScopeReason = 'other-period' | 'other-plan' | 'chit-chat' | 'unrelated';

export interface FigureMention {
  value: number;
  unit: Unit;
  /** The words of the question, e.g. "45%". */
  text: string;
  /** reported: a figure the user measured; claimed: what the user says the plan says. */
  role: 'reported' | 'claimed';
}

export interface HistoryTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface Understanding {
  language: Language;
  intent: Intent;
  topics: ItemKind[];
  /** Request profile, overridden by facts stated in earlier user turns, then in the question. */
  profile: Profile;
  /** Profile fields stated in the conversation's words (not in the request's profile). */
  stated: ProfileField[];
  /** Industries named in the question, in order. */
  industries: Industry[];
  /** Industry groups named in the question (重点行业, heavy-metal industries). */
  groups: IndustryGroup[];
  terms: TermMatch[];
  figures: FigureMention[];
  /**
   * The question's own subject words: glossary terms that are not profile words, and names
   * like 中小企业发展基金. A measure only an unknown fact brings, named here, makes the
   * answer turn on that fact.
   */
  specificWords: string[];
  /** Years the question names (a claim about 2020 is not a claim about the plan's 2015). */
  years: number[];
  /** The question asks about the time before the plan ("by 2010", "此前", "累计"). */
  past: boolean;
  outOfScope?: OutOfScopeReason;
  injection: boolean;
  /** What retrieval searches for (it carries English terms to Chinese itself). */
  searchText: string;
}

export interface UnderstandingInput {
  question: string;
  history?: readonly HistoryTurn[];
  profile?: Profile;
}

const NEGATION_WINDOW = 6;

/** Profile flags stated in one text, with negation ("不是央企", "not an SME") honoured. */
export function statedFlags(text: string, lexicon: Lexicon): Partial<Record<ProfileFlag, boolean>> {
  const found: Partial<Record<ProfileFlag, boolean>> = {};
  let lower = text.normalize('NFKC').toLowerCase();
  for (const phrase of findCues(lower, lexicon.notStatements)) lower = lower.slice(0, phrase.index) + ' '.repeat(phrase.end - phrase.index) + lower.slice(phrase.end);
  const negations = findCues(lower, lexicon.negations);
  for (const { flag, yes, no } of lexicon.profileFlags) {
    for (const match of findCues(lower, [...yes, ...no])) {
      const negated = negations.some((negation) => negation.end <= match.index && match.index - negation.end <= NEGATION_WINDOW && !/[，。,.;；!?！？]/u.test(lower.slice(negation.end, match.index)));
      const positive = yes.includes(match.cue);
      found[flag] = positive !== negated;
    }
  }
  for (const { if: cause, then } of lexicon.implications) {
    if (found[cause] === true && found[then] === undefined) found[then] = true;
  }
  return found;
}

/** Numbers with units in a question ("45%", "638吨", "0.2万吨"). */
export function findFigures(text: string, lexicon: Lexicon, role: FigureMention['role']): FigureMention[] {
  const units = [...lexicon.units].sort((a, b) => b.pattern.length - a.pattern.length);
  const pattern = new RegExp(
    `(\\d+(?:[.,]\\d+)?)\\s*(${units.map((u) => u.pattern.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&')).join('|')})`,
    'giu',
  );
  const figures: FigureMention[] = [];
  const normalized = text.normalize('NFKC');
  const { ignoreBefore, ignoreAfter } = lexicon.figureContexts;
  for (const match of normalized.matchAll(pattern)) {
    const before = normalized.slice(Math.max(0, match.index - 4), match.index);
    const after = normalized.slice(match.index + match[0].length, match.index + match[0].length + 12).toLowerCase();
    if (ignoreBefore.some((cue) => before.endsWith(cue)) || ignoreAfter.some((cue) => after.trimStart().startsWith(cue))) continue;
    const unit = units.find((u) => u.pattern.toLowerCase() === match[2]!.toLowerCase())!;
    const value = Number(match[1]!.replace(',', '.')) * (unit.scale ?? 1);
    if (Number.isFinite(value)) figures.push({ value, unit: unit.unit, text: match[0], role });
  }
  return figures;
}

export function yearsIn(text: string): number[] {
  return [...text.matchAll(/(?<!\d)(19\d\d|20\d\d)(?!\d)/gu)].map((match) => Number(match[1]));
}

function outOfScope(text: string, inScope: boolean, claimed: boolean, lexicon: Lexicon): OutOfScopeReason | undefined {
  if (hasCue(text, lexicon.scope.otherPlans)) return 'other-plan';
  if (hasCue(text, lexicon.scope.notCovered)) return 'unrelated';
  const years = yearsIn(text);
  // "规划要求到2020年…，对吗？" is a false premise about this plan, corrected, not refused.
  const otherYear = years.some((year) => year >= lexicon.scope.firstYearOutside || year <= lexicon.scope.lastYearBefore);
  if (otherYear && !(claimed && inScope)) return 'other-period';
  if (inScope) return undefined;
  return hasCue(text, lexicon.scope.chitChat) ? 'chit-chat' : 'unrelated';
}

/** Deterministic understanding of a question in its conversation. */
export class Understander {
  constructor(
    private readonly ruleSet: RuleSet,
    private readonly lexicon: Lexicon,
    private readonly glossary: GlossaryMatcher,
  ) {}

  understand(input: UnderstandingInput): Understanding {
    const { question } = input;
    const lexicon = this.lexicon;
    const catalog = this.ruleSet.catalog;
    const profileWords = lexicon.profileFlags.flatMap((flag) => [...flag.yes, ...flag.no]);
    const language = detectLanguage(question);

    // Facts carry over from earlier user turns; later statements override earlier ones.
    const profile: Profile = { ...(input.profile ?? {}) };
    const stated = new Set<ProfileField>();
    const userTurns = [...(input.history ?? []).filter((turn) => turn.role === 'user').map((turn) => turn.content), question];
    for (const text of userTurns) {
      const flags = statedFlags(text, lexicon);
      for (const flag of PROFILE_FLAGS) {
        if (flags[flag] !== undefined) {
          profile[flag] = flags[flag];
          stated.add(flag);
        }
      }
      const mentioned = catalog.findInText(text)[0];
      if (mentioned) {
        profile.industry = mentioned.industry.id;
        stated.add('industry');
      }
    }
    const industries = catalog.findInText(question).map((mention) => mention.industry);
    const groups = catalog.findGroupsInText(question);
    const terms = this.glossary.find(question);
    const topicsOf = (text: string) => lexicon.topics.filter((topic) => hasCue(text, topic.cues)).map((topic) => topic.kind);
    let topics = topicsOf(question);
    const injection = hasCue(question, lexicon.injection);
    // A figure is a result to check when someone reports it ("我省…45%") or asks whether it
    // meets the target; a claim about what the plan says ("目标是45%吗", "say the target is
    // 999 t") is corrected against the plan; any other figure ("高于60%的行业") is just words.
    const checking = hasCue(question, lexicon.intents.check) || hasCue(question, lexicon.intents.reporter);
    const claimed = !checking && (hasCue(question, lexicon.intents.claim) || injection);
    let figures = checking || claimed ? findFigures(question, lexicon, claimed ? 'claimed' : 'reported') : [];
    const previousUserTurn = [...(input.history ?? [])].reverse().find((turn) => turn.role === 'user')?.content;
    let searchText = question;
    // "这个比例达到规划目标了吗？" checks the figure the user gave a turn earlier.
    if (figures.length === 0 && hasCue(question, lexicon.intents.check) && previousUserTurn) {
      figures = findFigures(previousUserTurn, lexicon, 'reported');
      if (figures.length > 0) searchText = `${previousUserTurn} ${question}`;
    }
    const statedHere = Object.keys(statedFlags(question, lexicon)).length > 0;
    const applicability = hasCue(question, lexicon.intents.applicability);
    const self = hasCue(question, lexicon.intents.self);
    const carriedTerms = searchText === question ? [] : this.glossary.find(previousUserTurn ?? '');

    const inScope =
      searchText !== question ||
      industries.length > 0 ||
      groups.length > 0 ||
      hasCue(question, lexicon.scope.strong) ||
      terms.some((term) => term.entry.kind !== 'term') ||
      (topics.length > 0 && (applicability || statedHere || self || Boolean(input.profile?.industry)));
    const scope = outOfScope(question, inScope, claimed, lexicon);

    // A question about "us" is about what applies; a profile word in a question about a
    // target ("above-scale enterprises' share") only says whose target it is.
    const asksTarget = hasCue(question, lexicon.intents.target);
    let intent: Intent;
    const past = hasCue(question, lexicon.intents.past);
    if (figures.length > 0) intent = claimed ? 'claim' : 'check';
    else if (hasCue(question, lexicon.intents.list)) intent = 'list';
    else if (self || ((statedHere || (applicability && industries.length > 0)) && !asksTarget)) intent = 'applicability';
    else if (hasCue(question, lexicon.intents.how)) intent = 'general';
    else if (hasCue(question, lexicon.intents.technology)) intent = 'technology';
    else if (asksTarget && !past) intent = 'target';
    else if (industries.length > 0 || applicability) intent = 'applicability';
    else intent = 'general';

    // "我们是皮革企业。" answering "which industry?" keeps the topic of the question it answers.
    if (topics.length === 0 && previousUserTurn && intent === 'applicability' && terms.length === 0) {
      const previousTopics = topicsOf(previousUserTurn);
      if (previousTopics.length > 0) {
        topics = previousTopics;
        searchText = `${previousUserTurn} ${question}`;
      }
    }

    // "And for ammonia nitrogen?" asks the previous question again about something else.
    if (intent === 'general' && previousUserTurn && [...question].length <= 40 && !scope) {
      const previous = this.understand({ question: previousUserTurn, ...(input.profile ? { profile: input.profile } : {}) });
      if (previous.intent !== 'general' && previous.intent !== 'check' && previous.intent !== 'claim') intent = previous.intent;
    }

    return {
      language,
      intent,
      topics,
      profile,
      stated: [...stated],
      industries,
      groups,
      terms: [...terms, ...carriedTerms.filter((carried) => !terms.some((term) => term.entry === carried.entry))],
      figures,
      years: yearsIn(question),
      past: past || yearsIn(question).some((year) => year <= lexicon.pastSections.lastPastYear),
      specificWords: [
        ...terms.map((term) => term.entry.zh).filter((word) => word.length >= 2 && !profileWords.some((cue) => cue.includes(word) || word.includes(cue))),
        ...findCues(question, lexicon.notStatements).map((match) => match.cue),
      ],
      ...(scope ? { outOfScope: scope } : {}),
      injection,
      searchText,
    };
  }
}
