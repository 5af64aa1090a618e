import type { Intent } from '../plan/schema.js';
import type { Citation } from '../rules/citations.js';
import type { Profile, ProfileField } from '../rules/profile.js';
import type { Industry, IndustryGroup, ItemKind, Unit, GlossaryEntry } from '../rules/schema.js';
import type { TargetCheck } from '../rules/targets.js';
import type { EligibilityResult } from '../rules/engine.js';
import type { Language, Localized } from '../text/languages.js';

/** The shapes the steps of the answer pipeline hand each other. */

export type { Intent };
export type OutOfScopeReason = 'other-period' | 'other-plan' | 'other-document' | 'actual-results' | 'unnamed-member' | 'chit-chat' | 'unrelated';
export type Status = 'answered' | 'needs_info' | 'out_of_scope';

export interface HistoryTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** What a question asks, in its conversation (request profile plus facts stated in the user's words). */
export interface AskInput {
  question: string;
  history?: readonly HistoryTurn[] | undefined;
  profile?: Profile | undefined;
}

export interface FigureMention {
  value: number;
  unit: Unit;
  /** The words of the question, e.g. "45%". */
  text: string;
  /** reported: a figure the user measured; claimed: what the user says the plan says. */
  role: 'reported' | 'claimed';
  /** How the user wrote it, where the figure was converted to read it ("0.62", "10,000 tonnes per month"). */
  written?: string;
  /**
   * A change in points from the plan's own figure for a year ("20 points up on the plan's 2010 level"):
   * `value` is the change, signed; the figure checked is the target's baseline of that year plus it.
   */
  fromBaseline?: { year: number };
  /** A rise or fall in points with no base ("up 20 points on last year"): no share of the user's, so nothing is checked. */
  changeOnly?: boolean;
}

export interface TermMatch {
  entry: GlossaryEntry;
}

export interface Understanding {
  language: Language;
  /** The user asks for every item ("list them all"): lists are not cut at the usual few. */
  exhaustive?: boolean;
  /** The user asks which of the targets named is larger, or by how much ("which is larger", "more or less?"); no figure of theirs is given. */
  compares?: boolean;
  /** The plan's terms the question sets aside ("apart from solder"): facts naming them give way to the others. */
  excluded?: string[];
  /** The user asks how far a target is from its baseline ("by how many points did it have to rise?"); no figure of theirs is given. */
  gap?: boolean;
  /** The user speaks of their own enterprise ("we", "our plant"). */
  self?: boolean;
  /** Passages of the plan whose words the question quotes (clause ids, in the plan's order). */
  quoted?: string[];
  /** The sentence naming a group asks whether the speaker (or the industry named) is in it ("are we a key industry?"). */
  asksMembership?: boolean;
  /**
   * …and says membership in words ("coking is one of the 11", "is electronics among the heavy-metal industries?"), or
   * denies it ("coking is not one of the 11, so…?"): the claim that is answered first.
   */
  namesMembership?: 'is' | 'isNot';
  /** The question asks whether a duty may be skipped ("are we exempt from the audit?", "so no audits are needed?"). */
  asksExemption?: boolean;
  intent: Intent;
  topics: ItemKind[];
  /** Request profile, overridden by facts stated in earlier user turns, then in the question. */
  profile: Profile;
  /** Profile fields stated in the conversation's words (not in the request's profile). */
  stated: ProfileField[];
  /** Industries named in the question, in order. */
  industries: Industry[];
  /** The words that named the profile's industry in the conversation, when they did. */
  industryWords?: string;
  /**
   * When the conversation names its industry only by a name that fits an industry on one
   * reading (or the request's profile does): the industries it may mean, and the name used.
   */
  industryCandidates?: { name: string; industries: Industry[] };
  /** The user ruled out every industry their name for it could mean: none of the plan's. */
  industryRuledOut?: boolean;
  /** Industry groups named in the question. */
  groups: IndustryGroup[];
  terms: TermMatch[];
  figures: FigureMention[];
  /**
   * The question's own subject words: glossary terms that are not profile words, and names that
   * contain a profile word without stating it. A measure only an unknown fact brings, named
   * here, makes the answer turn on that fact.
   */
  specificWords: string[];
  /** Rules the question names by their own words ("every two years"): the answer is about them. */
  namedRules: string[];
  /** Years the question names. */
  years: number[];
  /** The question asks about the time before the plan. */
  past: boolean;
  outOfScope?: OutOfScopeReason;
  injection: boolean;
  /**
   * The asker says they are not an enterprise (an authority, an association, a park's
   * management): what the plan asks of enterprises is not asked of them, so no enterprise fact is asked for.
   */
  organisation?: boolean;
  /** The question asks yes or no ("do we need to…?", or a question particle): the answer starts with the yes. */
  yesNo: boolean;
  /** What retrieval searches for (it carries English terms to the plan's words itself). */
  searchText: string;
  /** A follow-up's own words, when searchText also carries the turn before: what it asks anew is searched for on its own too. */
  ownText?: string;
  /** The plan terms of a follow-up's own words (`ownText`), which say what it asks about beside what it carries over. */
  ownTerms?: TermMatch[];
}

/** One rule-checked fact an answer may state, with the quotes that prove it. */
export interface Fact {
  id: string;
  kind: 'item' | 'target' | 'check' | 'claim' | 'list' | 'period' | 'quote';
  itemKind?: ItemKind;
  title: Localized;
  text: Localized;
  citations: Citation[];
  /** Facts shown under this one (a technology's targets). */
  details?: Fact[];
  check?: TargetCheck;
  /** For claims: whether the plan says what the user said. */
  confirmed?: boolean;
  /** An item whose rule has no condition: a measure open to any enterprise. */
  unconditional?: boolean;
  /** For items: the facts that made it apply (profile fields, the industry's lineage or groups). */
  because?: string[];
}

/** What the answer will say, decided from rules and retrieval before any wording. */
export interface Decision {
  status: Status;
  intent: Intent;
  facts: Fact[];
  needs?: ProfileField[];
  /** Why the decision ended where it did: an empty result, an unknown industry, out of scope. */
  /** `outline`: the passages are a section the question names, each shown. */
  note?: 'no-items' | 'rule-not-applicable' | 'no-targets' | 'unknown-industry' | 'which-industry' | 'outline' | 'other-cadence' | 'duty-applies' | OutOfScopeReason;
  profile: Profile;
  /** Items that would apply if a missing field were true, to mention as conditions. */
  conditional?: Array<{ field: ProfileField; items: Fact[] }>;
  /** The user gave an industry that is none of the plan's. */
  unknownIndustry?: boolean;
  /** The answer holds whatever the industry, which may add more (not given). */
  industryMayAdd?: boolean;
  /** When the industry must be chosen: the name the user used and the plan's industries it may mean. */
  choices?: { name: string; industries: Industry[] };
}

/** Retrieval as the decision sees it: clause ids, best first. */
export interface RetrievedClause {
  id: string;
  text: string;
  section: string;
  kind: string;
}

/** Retrieval as the pipeline needs it (the LanceDB retriever fits). */
export interface Searcher {
  /** `language`: the question's; English questions also search the plan's English renderings. */
  search(query: string, options?: { limit?: number; language?: Language }): Promise<RetrievedClause[]>;
}

/** An answer's words and the citations its [n] markers point at. */
export interface Composition {
  answer: string;
  citations: Citation[];
  /**
   * Words of the pack's own messages the answer uses that name things without stating facts
   * (examples of industries when asking for one): the verifier accepts them anywhere.
   */
  trusted?: string[];
}

/** The rules run over the profile, and over each industry the user may mean when that is not settled. */
export interface RuleResults {
  result: EligibilityResult;
  /**
   * The industries the user may mean — a name that fits several on one reading, or an industry
   * with sub-industries — each with its own result, when the answer may turn on which.
   */
  /** What the rules give for each industry the user may mean; `sectorMember`: a member of the sector they named, asked about only when the sector itself gets nothing. */
  alternatives: Array<{ industry: Industry; result: EligibilityResult; sectorMember?: boolean }>;
  /** The name the user used for the industry, when it was not settled. */
  name?: string;
}
