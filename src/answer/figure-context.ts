import { normalize } from '../text/normalize.js';
import { PhraseMatcher } from '../text/phrases.js';
import { clauseBreakPattern } from '../text/sentences.js';
import { languageData } from '../text/languages.js';
import { answerKey, bareKeys, evidenceKeys, type Quantity } from './quantities.js';
import type { VerifierLexicon } from './verifier-lexicon.js';

/**
 * A figure with what its words tie to it: how often or over what period it holds (a year, two
 * years, cumulatively), whether it is a ceiling or a floor, and the clause it stands in (its
 * subject). An answer's figure is bound to the evidence's mentions of the same quantity: "638
 * tonnes a month" is not "638吨/年", "below 50%" is not "超过50%".
 */
export interface FigureMention {
  quantity: Quantity;
  /** Keys the figure is found by (an evidence mention's), or looked for by (an answer's, first). */
  keys: string[];
  /** Cadence classes of the words next to it ("cadence:perYear"). */
  cadence: Set<string>;
  comparator: 'atMost' | 'atLeast' | undefined;
  /** The clause it stands in, normalised. */
  clause: string;
}

/** Characters before and after a figure that are read as its own words. */
const BEFORE = 14;
const AFTER = 12;

let comparators: { before: PhraseMatcher<'atMost' | 'atLeast'>; after: PhraseMatcher<'atMost' | 'atLeast'> } | undefined;

function comparatorMatchers() {
  if (!comparators) {
    const entries = (side: 'before' | 'after') =>
      Object.values(languageData()).flatMap((data) =>
        (['atMost', 'atLeast'] as const).flatMap((kind) => data.verifier.figureComparators[kind][side].map((word) => [word, kind] as const)),
      );
    comparators = { before: new PhraseMatcher(entries('before'), { plurals: false }), after: new PhraseMatcher(entries('after'), { plurals: false }) };
  }
  return comparators;
}

/** The figures of a text with their cadence, comparator and clause. `answer` picks the keys an answer's figure is looked for by. */
export function figureMentions(text: string, lexicon: VerifierLexicon, answer = false): FigureMention[] {
  const folded = normalize(text);
  const breaks = clauseBreakPattern();
  const { before, after } = comparatorMatchers();
  return lexicon.quantities.read(text).map((quantity) => {
    let from = 0;
    let to = folded.length;
    for (let i = quantity.start - 1; i >= 0; i--) {
      if (breaks.test(folded[i]!)) {
        from = i + 1;
        break;
      }
    }
    for (let i = quantity.end; i < folded.length; i++) {
      if (breaks.test(folded[i]!)) {
        to = i;
        break;
      }
    }
    const head = folded.slice(Math.max(from, quantity.start - BEFORE), quantity.start);
    const tail = folded.slice(quantity.end, Math.min(to, quantity.end + AFTER));
    const cadence = new Set<string>();
    for (const match of [...lexicon.cues.find(head), ...lexicon.cues.find(tail)]) {
      for (const cue of match.value) if (cue.kind === 'cadence') cadence.add(`cadence:${cue.name}`);
    }
    // The comparator nearest the figure: the last before it, else the first right after it.
    // A comparator between two figures ("29.9%低于30%", "58% is below 60%") compares them; it makes neither a ceiling.
    const last = before.find(head).at(-1);
    const compares = last !== undefined && /[\d%]\s*(?:[\p{Script=Han}a-z]{1,6}\s*)?$/u.test(head.slice(0, last.index)) && lexicon.quantities.read(head.slice(0, last.index)).length > 0;
    const next = after.find(tail).find((match) => match.index <= 2);
    const comparator = next?.value ?? (last && !compares && head.length - last.end <= 3 ? last.value : undefined);
    return {
      quantity,
      keys: answer ? [answerKey(quantity), ...bareKeys(quantity)] : evidenceKeys(quantity),
      cadence,
      comparator,
      clause: folded.slice(from, to),
    };
  });
}
