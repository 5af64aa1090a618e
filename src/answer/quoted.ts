import type { Clause, PlanCorpus } from '../plan/corpus.js';
import { fold } from '../text/normalize.js';
import { quotedPassages } from '../text/sentences.js';

/** A quoted phrase shorter than this (two Han characters, a short word) is found everywhere. */
const MIN_QUOTED = 4;
const MAX_CLAUSES = 3;

type Passage = { clause: Clause; texts: string[] };
/** Each corpus's passages, folded once: a quoted phrase is looked for on every question that quotes. */
const passagesOf = new WeakMap<PlanCorpus, Passage[]>();

function foldedPassages(corpus: PlanCorpus): Passage[] {
  let passages = passagesOf.get(corpus);
  if (!passages) {
    passages = corpus.clauses.filter((clause) => clause.kind !== 'heading').map((clause) => ({ clause, texts: [fold(clause.text), fold(corpus.rendering(clause.id) ?? '')] }));
    passagesOf.set(corpus, passages);
  }
  return passages;
}

/**
 * The plan's passages whose words a question quotes ("what does 'pilots first, steady progress'
 * refer to?"), in the plan's order: in its text or in the clause's English rendering. The
 * question is about them, whatever else it names.
 */
export function clausesQuoted(question: string, corpus: PlanCorpus): Clause[] {
  // Straight quotes open after a space and close before one, so an apostrophe ("plan's") opens none.
  const straight = [...question.matchAll(/(?<=^|[\s(])(['"])([^'"\n]+)\1(?=[\s).,;:?!]|$)/gu)].map((match) => match[2]!);
  const phrases = [...quotedPassages(question).map((passage) => passage.text), ...straight]
    .map((phrase) => fold(phrase).replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, ''))
    .filter((phrase) => phrase.length >= MIN_QUOTED);
  if (phrases.length === 0) return [];
  const passages = foldedPassages(corpus);
  // A phrase found in many passages is a term of the plan, not a passage quoted ("'eco-design'"): retrieval ranks those.
  const found = phrases.map((phrase) => passages.filter(({ texts }) => texts.some((text) => text.includes(phrase)))).filter((hits) => hits.length <= MAX_CLAUSES);
  return passages.filter((passage) => found.some((hits) => hits.includes(passage))).map(({ clause }) => clause).slice(0, MAX_CLAUSES);
}
