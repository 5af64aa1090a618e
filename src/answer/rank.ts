import type { ItemKind } from '../rules/schema.js';
import type { Fact, Understanding } from './types.js';

/** Duties before measures: what an enterprise must do leads, what it may claim follows. */
const KIND_ORDER: readonly ItemKind[] = ['audit', 'training', 'role', 'substitution', 'technology', 'target', 'incentive'];

/**
 * Items in the order a reader needs them: those that apply because of what the user said
 * (their industry, a fact they stated) and that share words with the question first; duties
 * before measures; measures open to any enterprise last. Stable: equal items keep the rules'
 * order.
 */
export function rankItems(facts: readonly Fact[], understanding: Understanding, genericWords: ReadonlySet<string> = new Set()): Fact[] {
  const words = [...new Set([...understanding.terms.map((term) => term.entry.zh), ...understanding.specificWords])].filter((word) => word.length >= 2 && !genericWords.has(word));
  const stated = new Set<string>(understanding.stated);
  const score = (fact: Fact) => {
    const text = `${fact.title.zh} ${fact.text.zh}`;
    let value = 0;
    // Applies because of the user's own words: their industry or a fact they stated.
    if (fact.because?.some((reason) => stated.has(reason) || (stated.has('industry') && reason.startsWith('industry')))) value += 10;
    else if (fact.because?.length) value += 4;
    value += 3 * words.filter((word) => text.includes(word)).length;
    const kind = KIND_ORDER.indexOf(fact.itemKind ?? 'incentive');
    value += (KIND_ORDER.length - (kind < 0 ? KIND_ORDER.length : kind)) * 0.5;
    return value;
  };
  return facts
    .map((fact, index) => ({ fact, index, score: score(fact) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((entry) => entry.fact);
}
