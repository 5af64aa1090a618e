import type { PlanCorpus } from '../plan/corpus.js';
import { splitSentences } from '../text/sentences.js';
import type { RetrievedClause } from './types.js';

const memo = new WeakMap<PlanCorpus, Map<string, RetrievedClause[]>>();

/**
 * The passages where the plan says what a term is: a sentence that opens with the term and a
 * copula ("\u6E05\u6D01\u751F\u4EA7\u662F\u2026", "\u751F\u6001\u8BBE\u8BA1\u662F\u2026"). A question asking what a term is, or how the plan
 * describes it, is answered from these before what retrieval ranks first.
 */
export function definitionsOf(term: string, corpus: PlanCorpus, copulas: readonly string[]): RetrievedClause[] {
  let byTerm = memo.get(corpus);
  if (!byTerm) memo.set(corpus, (byTerm = new Map()));
  let found = byTerm.get(term);
  if (!found) {
    const openings = copulas.map((copula) => `${term}${copula}`);
    found = corpus.clauses
      .filter((clause) => clause.kind === 'paragraph' && splitSentences(clause.text).some((sentence) => openings.some((opening) => sentence.trimStart().startsWith(opening))))
      .map((clause) => ({ id: clause.id, text: clause.text, section: clause.section, kind: clause.kind }));
    byTerm.set(term, found);
  }
  return found;
}
