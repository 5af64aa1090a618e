import type { GlossaryEntry } from '../rules/schema.js';
import { findCues } from './lexicon.js';

export interface TermMatch {
  entry: GlossaryEntry;
  /** The words of the question that named it. */
  matched: string;
}

/** Finds glossary terms in a question, by their Chinese name, aliases or English renderings. */
export class GlossaryMatcher {
  private readonly byCue = new Map<string, GlossaryEntry>();
  private readonly cues: string[];

  constructor(readonly entries: readonly GlossaryEntry[]) {
    for (const entry of entries) {
      for (const cue of [entry.zh, ...entry.aliases, ...entry.en]) {
        const key = cue.normalize('NFKC').toLowerCase();
        if (!this.byCue.has(key)) this.byCue.set(key, entry);
      }
    }
    this.cues = [...this.byCue.keys()];
  }

  find(text: string): TermMatch[] {
    const seen = new Set<GlossaryEntry>();
    const matches: TermMatch[] = [];
    for (const match of findCues(text, this.cues)) {
      const entry = this.byCue.get(match.cue)!;
      if (seen.has(entry)) continue;
      seen.add(entry);
      matches.push({ entry, matched: match.cue });
    }
    return matches;
  }
}
