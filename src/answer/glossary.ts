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
