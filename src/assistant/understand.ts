import type { Industry, IndustryGroup } from '../rules/schema.js';
import { detectLanguage, type Language } from '../language.js';
import type { Profile, ProfileField } from '../rules/profile.js';
import { PROFILE_FLAGS, type ItemKind, type ProfileFlag, type Unit } from '../rules/schema.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { GlossaryMatcher, TermMatch } from './glossary-matcher.js';
import { findCues, hasCue, type Lexicon } from './lexicon.js';
import { escapeRegExp } from '../corpus/text.js';

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

/**
 * Numbers with units in a question ("45%", "638吨", "0.2万吨"). A figure whose own clause says
 * it is the plan's ("规划要求…达到80%") is claimed whatever the question's other words; the
 * others take the role given.
 */
export function findFigures(text: string, lexicon: Lexicon, role: FigureMention['role'], claimLead: readonly string[] = []): FigureMention[] {
  const units = [...lexicon.units].sort((a, b) => b.pattern.length - a.pattern.length);
  const pattern = new RegExp(
    `(\\d+(?:[.,]\\d+)?)\\s*(${units.map((u) => escapeRegExp(u.pattern)).join('|')})`,
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
    const clause = normalized.slice(0, match.index).split(/[，。；！？,;!?]/u).at(-1) ?? '';
    const own = hasCue(clause, claimLead) ? 'claimed' : role;
    if (Number.isFinite(value)) figures.push({ value, unit: unit.unit, text: match[0], role: own });
  }
  return figures;
}

/** The text with the given names blanked out, so that the words inside them are not read as cues. */
function maskNames(text: string, names: readonly string[]): string {
  let masked = text.normalize('NFKC');
  for (const name of names) {
    const folded = name.normalize('NFKC');
    if (!folded) continue;
    const index = masked.toLowerCase().indexOf(folded.toLowerCase());
    if (index >= 0) masked = masked.slice(0, index) + ' '.repeat(folded.length) + masked.slice(index + folded.length);
  }
  return masked;
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
    const industryMentions = catalog.findInText(question);
    const industries = industryMentions.map((mention) => mention.industry);
    const groups = catalog.findGroupsInText(question);
    const terms = this.glossary.find(question);
    // Words inside a name are not cues: "closely related to major-pollutant reduction" names a
    // group and asks for no reduction target.
    const cueText = maskNames(question, [
      ...industryMentions.map((mention) => mention.matched),
      ...groups.flatMap((group) => [group.name.zh, group.name.en, ...group.aliases]),
    ]);
    const topicsOf = (text: string) => lexicon.topics.filter((topic) => hasCue(text, topic.cues)).map((topic) => topic.kind);
    let topics = topicsOf(cueText);
    const injection = hasCue(question, lexicon.injection);
    // A figure is a result to check when someone reports it ("我省…45%") or asks whether it
    // meets the target; a claim about what the plan says ("规划要求…80%", "目标是45%吗", "say the
    // target is 999 t") is corrected against the plan; any other figure ("高于60%的行业") is words.
    const checking = hasCue(cueText, lexicon.intents.check) || hasCue(cueText, lexicon.intents.reporter);
    const claimCue = hasCue(cueText, lexicon.intents.claim) || injection;
    let figures = checking || claimCue ? findFigures(question, lexicon, checking ? 'reported' : 'claimed', lexicon.intents.claimLead) : [];
    const previousUserTurn = [...(input.history ?? [])].reverse().find((turn) => turn.role === 'user')?.content;
    let searchText = question;
    let carriedTerms: TermMatch[] = [];
    // "这个比例达到规划目标了吗？" / "Our county is at 40%. Does that meet it?" check against what
    // the turn before was about (and, without a figure here, its figure).
    const namesSubject = terms.some((term) => term.entry.kind !== 'term' && !lexicon.genericTerms.includes(term.entry.zh)) || industries.length > 0;
    if (hasCue(cueText, lexicon.intents.check) && previousUserTurn && (figures.length === 0 || !namesSubject)) {
      if (figures.length === 0) figures = findFigures(previousUserTurn, lexicon, 'reported', lexicon.intents.claimLead);
      searchText = `${previousUserTurn} ${question}`;
      carriedTerms = this.glossary.find(previousUserTurn);
    }
    const claimed = figures.some((figure) => figure.role === 'claimed');
    const statedHere = Object.keys(statedFlags(question, lexicon)).length > 0;
    const applicability = hasCue(cueText, lexicon.intents.applicability);
    // "我们" from an association or an office is not an enterprise asking what applies to it.
    const self = hasCue(cueText, lexicon.intents.self) && !hasCue(cueText, lexicon.intents.notEnterprise);
    const years = yearsIn(question);
    const past = hasCue(cueText, lexicon.intents.past) || years.some((year) => year <= lexicon.pastSections.lastPastYear);

    const inScope =
      searchText !== question ||
      industries.length > 0 ||
      groups.length > 0 ||
      hasCue(question, lexicon.scope.strong) ||
      terms.some((term) => term.entry.kind !== 'term') ||
      (topics.length > 0 && (applicability || statedHere || self || Boolean(input.profile?.industry)));
    const scope = outOfScope(question, inScope, claimed || claimCue, lexicon);

    // A question about "us" is about what applies; a profile word in a question about a
    // target ("above-scale enterprises' share") only says whose target it is. "多少" asks for
    // a target only when no duty is named ("审核频次是多少" asks how often to audit).
    const asksTarget =
      hasCue(cueText, lexicon.intents.target) ||
      (hasCue(cueText, lexicon.intents.reduction) && groups.length === 0) ||
      (hasCue(cueText, lexicon.intents.weakTarget) && topics.length === 0);
    let intent: Intent;
    if (figures.length > 0) intent = claimed ? 'claim' : 'check';
    else if (hasCue(cueText, lexicon.intents.list)) intent = 'list';
    else if (self || ((statedHere || (applicability && industries.length > 0)) && !asksTarget)) intent = 'applicability';
    else if (hasCue(cueText, lexicon.intents.how)) intent = 'general';
    else if (hasCue(cueText, lexicon.intents.technology)) intent = 'technology';
    else if (asksTarget && !past) intent = 'target';
    else if (industries.length > 0 && topics.length > 0) intent = 'applicability';
    else if (groups.length > 0) intent = 'list';
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
      years,
      past,
      specificWords: [
        ...terms
          .map((term) => term.entry.zh)
          .filter((word) => word.length >= 2 && !lexicon.genericTerms.includes(word) && !profileWords.some((cue) => cue.includes(word) || word.includes(cue))),
        ...findCues(question, lexicon.notStatements).map((match) => match.cue),
      ],
      ...(scope ? { outOfScope: scope } : {}),
      injection,
      searchText,
    };
  }
}
