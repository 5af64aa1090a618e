import type { PlanPack } from '../plan/load.js';
import type { Lexicon } from '../plan/schema.js';
import type { UnitPattern } from '../text/figures.js';
import { cueMatcher, PhraseMatcher } from '../text/phrases.js';
import { allLanguages, textUnits } from '../text/languages.js';
import { normalize } from '../text/normalize.js';
import { clauseBreakPattern } from '../text/sentences.js';

export type IntentCue = keyof Lexicon['intents'];

/** The unit the counts of a part and its whole are read in (they are compared with each other only). */
export const COUNT = 'count';
/** Words that may stand between a number and a Latin counter ("1,250 above-size firms"). */
const COUNTER_WORDS = 3;

/**
 * A pack's cue words compiled into matchers once (lexicon.json and profile.json): how the
 * understanding finds them in a question. Chinese cues match anywhere, English cues as whole
 * words.
 */
export class Cues {
  readonly negations: PhraseMatcher<string>;
  readonly intents: Readonly<Record<IntentCue, PhraseMatcher<string>>>;
  readonly topics: ReadonlyArray<{ kind: Lexicon['topics'][number]['kind']; matcher: PhraseMatcher<string> }>;
  readonly scope: Readonly<Record<'strong' | 'otherPlans' | 'chitChat' | 'notCovered' | 'noTarget' | 'industryContext' | 'otherDocuments' | 'documentAsks' | 'planSays' | 'targetWords' | 'actualAsks' | 'actualAfter' | 'actualOutcomes' | 'unnamedMembers' | 'aspirations' | 'listAsks' | 'noTargetAsks', PhraseMatcher<string>>>;
  /** Article references of another document ("article 27"). */
  readonly articles: readonly RegExp[];
  readonly injection: PhraseMatcher<string>;
  readonly notStatements: PhraseMatcher<string>;
  readonly definitional: PhraseMatcher<string>;
  /** Words that ask only what a term means ("mean by"). */
  readonly meaning: PhraseMatcher<string>;
  /** Words that ask for an amount, in every language. */
  readonly amountAsks: PhraseMatcher<string>;
  /** A share's change since, in points ("up 19 points"): rise and fall words, and point words. */
  readonly changes: Readonly<Record<'rise' | 'fall' | 'points' | 'compared' | 'fromPlan' | 'notTheirs', PhraseMatcher<string>>> & { readonly multipliers: PhraseMatcher<number> };
  /** A part and its whole, counted: the words that count (as units of the figure parser), and the words of a total, a part, and a part of. */
  readonly counts: { counters: readonly UnitPattern[]; totals: PhraseMatcher<string>; parts: PhraseMatcher<string>; partOf: PhraseMatcher<string> };
  readonly targetKinds: ReadonlyArray<{ kind: string; weight: number; matcher: PhraseMatcher<string> }>;
  /** Each profile flag's words, with whether they state it (yes) or deny it. */
  readonly flags: ReadonlyArray<{ id: string; matcher: PhraseMatcher<boolean> }>;
  /** Every flag's words in one matcher, so a flag's longer words win over another's shorter ones inside them. */
  readonly flagWords: PhraseMatcher<{ flag: string; yes: boolean }>;
  /** Glossary words too common to single out what a question asks for. */
  readonly genericTerms: ReadonlySet<string>;
  /** Every profile word, both polarities (a glossary term that is a profile word says who, not what). */
  readonly profileWords: readonly string[];
  /** The words by which a question names one rule ("every two years"), to the rule's name. */
  readonly namedRules: PhraseMatcher<string>;
  /** Words that name a listing section (a project) and ask which industries it covers; none for a pack without such sections. */
  readonly sectionLists: { mentions: PhraseMatcher<string>; asks: PhraseMatcher<string> } | undefined;
  /** Requests for the last answer in another language, by the language asked for. */
  readonly languageRequests: ReadonlyArray<{ language: 'zh' | 'en'; matcher: PhraseMatcher<string> }>;
  private readonly checkFrame: { verbs: PhraseMatcher<string>; objects: PhraseMatcher<string>; after: PhraseMatcher<string>; maxGap: number };
  private readonly clauseBreak = clauseBreakPattern();

  constructor(pack: PlanPack) {
    const { lexicon, profile } = pack;
    this.negations = cueMatcher(lexicon.negations);
    this.intents = Object.fromEntries(Object.entries(lexicon.intents).map(([name, list]) => [name, cueMatcher(list)])) as Record<IntentCue, PhraseMatcher<string>>;
    this.topics = lexicon.topics.map((topic) => ({ kind: topic.kind, matcher: cueMatcher(topic.cues) }));
    this.scope = {
      strong: cueMatcher(lexicon.scope.strong),
      otherPlans: cueMatcher(lexicon.scope.otherPlans),
      chitChat: cueMatcher(lexicon.scope.chitChat),
      notCovered: cueMatcher(lexicon.scope.notCovered),
      noTarget: cueMatcher(lexicon.scope.noTarget),
      noTargetAsks: cueMatcher(lexicon.scope.noTargetAsks),
      industryContext: cueMatcher(lexicon.scope.industryContext),
      otherDocuments: cueMatcher(lexicon.scope.otherDocuments.names, { plurals: false, capitalsExact: true }),
      documentAsks: cueMatcher(lexicon.scope.otherDocuments.asks),
      planSays: cueMatcher(lexicon.scope.otherDocuments.planSays),
      targetWords: cueMatcher(lexicon.scope.targetWords),
      actualAsks: cueMatcher(lexicon.scope.actualResults.asks),
      actualAfter: cueMatcher(lexicon.scope.actualResults.after),
      actualOutcomes: cueMatcher(lexicon.scope.actualResults.outcomes),
      unnamedMembers: cueMatcher(lexicon.scope.unnamedMembers.names),
      aspirations: cueMatcher(lexicon.scope.unnamedMembers.aspirations),
      listAsks: cueMatcher(lexicon.scope.unnamedMembers.listAsks),
    };
    this.articles = lexicon.scope.otherDocuments.articles.map((source) => new RegExp(source, 'iu'));
    this.injection = cueMatcher(lexicon.injection);
    this.notStatements = cueMatcher(profile.notStatements);
    this.definitional = cueMatcher(lexicon.definitional.cues);
    this.meaning = cueMatcher(lexicon.definitional.meaning);
    this.amountAsks = cueMatcher(allLanguages((data) => data.amountAsks));
    const { changes } = lexicon.figureContexts;
    this.changes = {
      rise: cueMatcher(changes.rise),
      fall: cueMatcher(changes.fall),
      points: cueMatcher(changes.points),
      compared: cueMatcher(changes.compared),
      fromPlan: cueMatcher(changes.fromPlan),
      multipliers: new PhraseMatcher(Object.entries(changes.multipliers), { plurals: false }),
      notTheirs: cueMatcher(changes.notTheirs),
    };
    const { counts } = lexicon.figureContexts;
    this.counts = {
      counters: [...counts.counters, ...counts.partOf].map((pattern) => ({ pattern, unit: COUNT, ...(/[a-z]$/iu.test(pattern) ? { wordsBetween: COUNTER_WORDS } : {}) })),
      totals: cueMatcher(counts.totals),
      parts: cueMatcher(counts.parts),
      partOf: cueMatcher(counts.partOf),
    };
    this.targetKinds = lexicon.targetKinds.map((entry) => ({ kind: entry.kind, weight: entry.weight, matcher: cueMatcher(entry.cues) }));
    this.flags = profile.flags.map((flag) => ({
      id: flag.id,
      matcher: new PhraseMatcher([...flag.cues.yes.map((cue) => [cue, true] as const), ...flag.cues.no.map((cue) => [cue, false] as const)], { plurals: false }),
    }));
    this.genericTerms = new Set(lexicon.genericTerms);
    this.profileWords = profile.flags.flatMap((flag) => [...flag.cues.yes, ...flag.cues.no]);
    const words: Array<[string, { flag: string; yes: boolean }]> = profile.flags.flatMap((flag) => [
      ...flag.cues.yes.map((cue): [string, { flag: string; yes: boolean }] => [cue, { flag: flag.id, yes: true }]),
      ...flag.cues.no.map((cue): [string, { flag: string; yes: boolean }] => [cue, { flag: flag.id, yes: false }]),
    ]);
    this.flagWords = new PhraseMatcher(words, { plurals: false });
    this.sectionLists = lexicon.sectionLists ? { mentions: cueMatcher(lexicon.sectionLists.mentions), asks: cueMatcher(lexicon.sectionLists.asks) } : undefined;
    this.languageRequests = lexicon.languageRequests.map((request) => ({ language: request.answerIn, matcher: cueMatcher(request.cues) }));
    this.checkFrame = { verbs: cueMatcher(lexicon.checkFrames.verbs), objects: cueMatcher(lexicon.checkFrames.objects), after: cueMatcher(lexicon.checkFrames.after), maxGap: lexicon.checkFrames.maxGap };
    this.namedRules = new PhraseMatcher(pack.rules.flatMap((rule) => rule.askedBy.map((word) => [word, rule.name] as const)));
  }

  /** Whether a text has an intent's cue; a check is also asked by a verb and its object with words between. */
  asks(name: IntentCue, text: string): boolean {
    if (this.intents[name].test(text)) return true;
    return name === 'check' && this.asksCheckByFrame(text);
  }

  private asksCheckByFrame(text: string): boolean {
    const objects = this.checkFrame.objects.find(text);
    if (objects.length === 0) return false;
    const folded = normalize(text);
    const near = (from: number, to: number) => from <= to && !this.clauseBreak.test(folded.slice(from, to)) && textUnits(folded.slice(from, to)) <= this.checkFrame.maxGap;
    // The verb before its object ("reach the 2015 target"), or a verb of completion after it ("has the target been reached yet").
    return (
      this.checkFrame.verbs.find(text).some((verb) => objects.some((object) => near(verb.end, object.index))) ||
      this.checkFrame.after.find(text).some((verb) => objects.some((object) => near(object.end, verb.index)))
    );
  }

  /** The kinds of duty a text names (audit, training, ...), in the lexicon's order. */
  topicsOf(text: string): Array<Lexicon['topics'][number]['kind']> {
    return this.topics.filter((topic) => topic.matcher.test(text)).map((topic) => topic.kind);
  }
}
