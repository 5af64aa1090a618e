import { splitSentences } from '../text/sentences.js';
import type { PackWords } from './pack-words.js';
import type { Fact, Understanding } from './types.js';
import { VerifierLexicon } from './verifier-lexicon.js';

/** The cadence classes of `verifier.cadence` (languages/*.json) that say how often something is done. */
const FREQUENCIES = new Set(['perYear', 'perTwoYears', 'halfYear', 'perMonth', 'perDay']);
/** How near a digit (in characters) a cadence word is a figure's rate ("an output of 2 billion a year", "5,000 tonnes a year"), not how often something is done. */
const RATE_REACH = 4;

/**
 * Whether the question says how often something is done ("every year?", "every two years?") and
 * none of the facts says so: "must central SOEs audit every year?" is not answered "yes" for one
 * round in the period. Read in the sentences that ask, and not beside a figure (a rate of output).
 */
export function saysOtherCadence(understanding: Understanding, facts: readonly Fact[], words: Pick<PackWords, 'pack' | 'ruleSet'>): boolean {
  const lexicon = VerifierLexicon.of(words.pack, words.ruleSet);
  const frequencies = (text: string) =>
    new Set(
      lexicon.cues
        .find(text)
        .filter((cue) => !/\d/u.test(text.slice(Math.max(0, cue.index - RATE_REACH), cue.end + RATE_REACH)))
        .flatMap((cue) => cue.value.filter((value) => value.kind === 'cadence' && FREQUENCIES.has(value.name)).map((value) => value.name)),
    );
  const text = understanding.ownText ?? understanding.searchText;
  const asking = splitSentences(text).filter((sentence) => /[?\uFF1F]\s*$/u.test(sentence));
  const asked = frequencies(asking.length ? asking.join('\n') : text);
  if (asked.size === 0) return false;
  const stated = frequencies(facts.flatMap((fact) => [fact.title.zh, fact.title.en, fact.text.zh, fact.text.en]).join('\n'));
  return ![...asked].some((name) => stated.has(name));
}
