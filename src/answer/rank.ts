import type { ItemKind } from '../rules/schema.js';
import { statedValues } from '../text/figures.js';
import type { Fact, Understanding } from './types.js';

/** Duties before measures: what an enterprise must do leads, what it may claim follows. */
const KIND_ORDER: readonly ItemKind[] = ['audit', 'training', 'role', 'substitution', 'technology', 'target', 'incentive'];

/** How much each reason an item applies for says it is about this enterprise. */
const REASON_WEIGHTS = { ownIndustry: 12, ownName: 4, industryGroup: 8, statedFact: 6, otherFact: 3 } as const;
const KIND_WEIGHT = 1;
/** A duty that binds this enterprise (an audit or training it must do) leads a broad answer. */
const DUTY_WEIGHT = 10;
const DUTIES: readonly ItemKind[] = ['audit', 'training'];
const WORD_WEIGHT = 3;

/**
 * The words of a question that single out what it asks for, in the plan's language: its glossary
 * terms (even of one character: mercury, lead) and its other subject words of two or more,
 * without the ignored ones (too common, or only saying who the user is).
 */
export function questionWords(understanding: Pick<Understanding, 'terms' | 'specificWords'>, ignoredWords: ReadonlySet<string> = new Set()): string[] {
  return [...new Set([...understanding.terms.map((term) => term.entry.zh), ...understanding.specificWords.filter((word) => word.length >= 2)])].filter((word) => !ignoredWords.has(word));
}

/**
 * Passages most relevant first: those that contain more of the question's words, the years it
 * names and the figures it repeats. Stable: equal passages keep retrieval's order.
 */
export function rankPassages<T>(passages: readonly T[], textOf: (passage: T) => string, understanding: Pick<Understanding, 'terms' | 'specificWords' | 'years' | 'searchText'>, ignoredWords: ReadonlySet<string> = new Set()): T[] {
  const words = [...questionWords(understanding, ignoredWords), ...understanding.years.map(String)];
  // A figure the question repeats ("that 80%") is the passage's that states it.
  const years = new Set(understanding.years.map(String));
  const figures = [...new Set(statedValues(understanding.searchText))].filter((value) => !years.has(value));
  const score = (passage: T) => {
    const text = textOf(passage);
    const values = new Set(statedValues(text));
    return words.filter((word) => text.includes(word)).length + figures.filter((value) => values.has(value)).length;
  };
  return passages
    .map((passage, index) => ({ passage, index, score: score(passage) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((entry) => entry.passage);
}

/**
 * Items in the order a reader needs them: those about the user's own industry first, then its
 * groups, then what a fact they stated brings; items that share words with the question rise;
 * duties before measures; measures open to any enterprise last. Stable: equal items keep the
 * rules' order. Words that only say who the user is (profile words) or are too common to
 * single anything out are not counted as shared. A word counts in the item's title, its text,
 * or the titles of the sections that state it (sinter desulphurisation is in the SO2 project).
 */
export function rankItems(
  facts: readonly Fact[],
  understanding: Pick<Understanding, 'terms' | 'specificWords' | 'stated'> & { topics?: readonly ItemKind[]; industryNames?: readonly string[] },
  ignoredWords: ReadonlySet<string> = new Set(),
  /** Where the plan states an item (its quotes' section titles): a question's words found there count too. */
  placeOf: (fact: Fact) => string = () => '',
  /** Words too common to rank by that may still tell alike items apart (the plan's generic terms: "promote"). */
  commonWords: ReadonlySet<string> = new Set(),
): Fact[] {
  const words = questionWords(understanding, ignoredWords);
  const genericAsked = [...new Set(understanding.terms.map((term) => term.entry.zh).filter((word) => commonWords.has(word)))];
  const ownNames = understanding.industryNames ?? [];
  const stated = new Set<string>(understanding.stated);
  // Duties lead unless the question asks about other kinds of item (technologies, funds).
  const topics = understanding.topics ?? [];
  const dutiesLead = topics.length === 0 || topics.some((topic) => DUTIES.includes(topic));
  const score = (fact: Fact) => {
    const because = fact.because ?? [];
    let value = 0;
    if (because.includes('industryLineage')) value += REASON_WEIGHTS.ownIndustry;
    else if (because.includes('industryGroups')) value += REASON_WEIGHTS.industryGroup;
    else if (because.some((reason) => stated.has(reason))) value += REASON_WEIGHTS.statedFact;
    else if (because.length) value += REASON_WEIGHTS.otherFact;
    if (dutiesLead && because.length && DUTIES.includes(fact.itemKind ?? 'incentive')) value += DUTY_WEIGHT;
    const text = `${fact.title.zh} ${fact.text.zh} ${placeOf(fact)}`;
    value += WORD_WEIGHT * words.filter((word) => text.includes(word)).length;
    // About the industry itself, not only its parent ("lead-acid batteries" within "batteries").
    if (ownNames.some((name) => fact.title.zh.includes(name))) value += REASON_WEIGHTS.ownName;
    const kind = KIND_ORDER.indexOf(fact.itemKind ?? 'incentive');
    value += KIND_WEIGHT * (KIND_ORDER.length - (kind < 0 ? KIND_ORDER.length : kind));
    return value;
  };
  // Between items that are otherwise alike, the one whose title uses more of the question's too-common
  // words that few of the items' titles use ("which does the plan promote?": the technologies to
  // promote before those to research).
  const telling = genericAsked.filter((word) => facts.filter((fact) => fact.title.zh.includes(word)).length * 2 <= facts.length);
  const generic = (fact: Fact) => telling.filter((word) => fact.title.zh.includes(word)).length;
  return facts
    .map((fact, index) => ({ fact, index, score: score(fact), generic: generic(fact) }))
    .sort((a, b) => b.score - a.score || b.generic - a.generic || a.index - b.index)
    .map((entry) => entry.fact);
}
