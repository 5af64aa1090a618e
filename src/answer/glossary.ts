import { TermMatcher, termsFromGlossary } from '../retrieval/terms.js';
import type { GlossaryEntry } from '../rules/schema.js';
import type { TermMatch } from './types.js';

/** Finds glossary terms in a question, by their Chinese name, aliases or English renderings. */
export class GlossaryMatcher {
  private readonly matcher: TermMatcher;
  private readonly byZh: Map<string, GlossaryEntry>;

  constructor(readonly entries: readonly GlossaryEntry[]) {
    this.matcher = new TermMatcher(termsFromGlossary(entries));
    this.byZh = new Map(entries.map((entry) => [entry.zh, entry]));
  }

  find(text: string): TermMatch[] {
    return this.matcher.conceptsIn(text).flatMap((zh) => {
      const entry = this.byZh.get(zh);
      return entry ? [{ entry }] : [];
    });
  }
}

/**
 * The subjects a question names (pollutants, technologies, indicators), generic words aside, one
 * per name: a term inside another ("training" inside "training rate") is the same subject.
 */
export function subjectsOf(terms: readonly TermMatch[], genericTerms: ReadonlySet<string>): TermMatch[] {
  const named = terms.filter((term) => term.entry.kind !== 'term' && !genericTerms.has(term.entry.zh));
  return named.filter((term) => !named.some((other) => other !== term && other.entry.zh.includes(term.entry.zh)));
}
