import { askingSentences } from '../text/sentences.js';
import type { PackWords } from './pack-words.js';
import type { Fact, Understanding } from './types.js';
import { VerifierLexicon } from './verifier-lexicon.js';

/** The cadence classes of `verifier.cadence` (languages/*.json) that say how often something is done. */
const FREQUENCIES = new Set(['perYear', 'perTwoYears', 'halfYear', 'perMonth', 'perDay']);
/** How near a figure (in characters) a cadence word is its rate ("an annual output of 1 million tonnes", "5,000 tonnes a year"), not how often something is done. */
const RATE_REACH = 1;

/**
 * Whether the question says how often something is done ("every year?", "every two years?") and
 * none of the facts says so: "must central SOEs audit every year?" is not answered "yes" for one
 * round in the period. Read in the sentences that ask, and not right beside a figure (a rate of output).
 */
export function saysOtherCadence(understanding: Understanding, facts: readonly Fact[], words: Pick<PackWords, 'pack' | 'ruleSet'>): boolean {
  const lexicon = VerifierLexicon.of(words.pack, words.ruleSet);
  const frequencies = (text: string) => {
    const figures = lexicon.quantities.read(text);
    // A digit just after the word ("an annual output of 100 tonnes"), or a figure just before it ("5,000 tonnes a year"); not a year or a count further off.
    const rate = (cue: { index: number; end: number }) => /\d/u.test(text.slice(cue.end, cue.end + RATE_REACH + 1)) || figures.some((figure) => figure.end <= cue.index && cue.index - figure.end <= RATE_REACH);
    return new Set(
      lexicon.cues
        .find(text)
        .filter((cue) => !rate(cue))
        .flatMap((cue) => cue.value.filter((value) => value.kind === 'cadence' && FREQUENCIES.has(value.name)).map((value) => value.name)),
    );
  };
  const text = understanding.ownText ?? understanding.searchText;
  const asking = askingSentences(text);
  const asked = frequencies(asking.length ? asking.join('\n') : text);
  if (asked.size === 0) return false;
  const stated = frequencies(facts.flatMap((fact) => [fact.title.zh, fact.title.en, fact.text.zh, fact.text.en]).join('\n'));
  return ![...asked].some((name) => stated.has(name));
}
