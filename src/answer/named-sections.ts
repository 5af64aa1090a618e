import type { Clause, PlanCorpus } from '../plan/corpus.js';
import { normalize } from '../text/normalize.js';
import type { RetrievedClause } from './types.js';

/** A heading's title without its numbering ("\uFF08\u4E8C\uFF09", "2.2 ", "5. "). */
export function bareTitle(title: string): string {
  return title
    .replace(/^[\u4E00-\u9FFF]{1,3}\u3001/u, '')
    .replace(/^[\uFF08(][^\uFF09)]*[\uFF09)]/u, '')
    .replace(/^\d+(?:\.\d+)*\.?\s+/u, '')
    .trim();
}

const latinWords = (text: string) => normalize(text).match(/[a-z0-9]+/gu) ?? [];

/**
 * The plan's sections a question names by their whole heading ("basic principles", "safeguard measures"):
 * a question about the plan's own structure. The deepest heading named wins over the part that
 * holds it ("main targets" inside "guiding thought, basic principles and main targets").
 */
export function sectionsNamed(question: string, corpus: PlanCorpus): Clause[] {
  const folded = normalize(question);
  const words = ` ${latinWords(question).join(' ')} `;
  const named = corpus.clauses.filter((clause) => {
    if (clause.kind !== 'heading' || clause.id === 'title') return false;
    const zh = normalize(bareTitle(clause.text));
    const en = latinWords(bareTitle(clause.titleEn ?? ''));
    // A heading of one Latin word ("preface") or two Han characters says too little to name a section.
    return (zh.length > 2 && folded.includes(zh)) || (en.length > 1 && words.includes(` ${en.join(' ')} `));
  });
  return named.filter((heading) => !named.some((other) => other !== heading && other.id.startsWith(`${heading.id}.`)));
}

/**
 * A named section's passages, in the plan's order: its own paragraphs, then the first passage of
 * each subsection (its outline, each pointed to by its title).
 */
export function sectionPassages(heading: Clause, corpus: PlanCorpus): RetrievedClause[] {
  const own = corpus.clauses.filter((clause) => clause.section === heading.id && clause.kind !== 'heading');
  const children = corpus.clauses.filter((clause) => clause.kind === 'heading' && clause.id.startsWith(`${heading.id}.`) && !clause.id.slice(heading.id.length + 1).includes('.'));
  const firsts = children.flatMap((child) => corpus.clauses.filter((clause) => clause.section === child.id && clause.kind === 'paragraph').slice(0, 1));
  const passages = [...own.filter((clause) => clause.kind === 'paragraph'), ...firsts];
  return passages.map((clause) => ({ id: clause.id, text: clause.text, section: clause.section, kind: clause.kind }));
}
