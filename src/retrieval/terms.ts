import type { GlossaryEntry } from '../rules/schema.js';
import { escapeRegExp } from '../corpus/text.js';

/** A Chinese term of the plan and the other ways a user may write it (English, abbreviations, other Chinese). */
export interface TranslationTerm {
  readonly zh: string;
  readonly en: readonly string[];
}

/** Glossary entries as translation terms: the aliases are matched like the English renderings. */
export function termsFromGlossary(entries: readonly GlossaryEntry[]): TranslationTerm[] {
  return entries.map((entry) => ({ zh: entry.zh, en: [...entry.en, ...entry.aliases] }));
}

const normalize = (text: string) => text.normalize('NFKC').toLowerCase();
const LATIN = /[a-z0-9]/u;

/**
 * Finds terms in a text. Latin-script phrases match whole words only, case-insensitively,
 * with spaces and hyphens interchangeable and an optional plural "s"/"es" ("SMEs",
 * "lead free solder"); Chinese spellings match anywhere. Where Latin phrases overlap the
 * longer wins ("lead-free solder" rather than "lead").
 */
export class TermMatcher {
  /** One alternation of every Latin phrase, longest first; capture group i + 1 is phrase i. */
  private readonly latinPattern: RegExp | undefined;
  /** The Chinese terms of phrase i: usually one, more when the glossary and an industry share a word. */
  private readonly latinTargets: string[][];
  private readonly chinese: Array<{ text: string; zh: string }>;

  constructor(terms: readonly TranslationTerm[]) {
    const latin = new Map<string, string[]>();
    const chinese: Array<{ text: string; zh: string }> = [];
    for (const term of terms) {
      for (const surface of [term.zh, ...term.en]) {
        const text = normalize(surface).trim();
        if (!text) continue;
        if (LATIN.test(text)) {
          const targets = latin.get(text) ?? [];
          if (!targets.includes(term.zh)) latin.set(text, [...targets, term.zh]);
        } else {
          chinese.push({ text, zh: term.zh });
        }
      }
    }
    const phrases = [...latin.entries()].sort(([a], [b]) => b.length - a.length);
    this.latinTargets = phrases.map(([, zh]) => zh);
    this.chinese = chinese;
    if (phrases.length > 0) {
      const alternatives = phrases.map(([text]) => {
        const body = escapeRegExp(text).replace(/[\s-]+/gu, '[\\s-]*');
        return `(${body}${/[a-z]$/u.test(text) ? '(?:s|es)?' : ''})`;
      });
      // Lookarounds instead of \b: phrases may start or end with "(" or "&" ("cr(vi)", "r&d").
      this.latinPattern = new RegExp(`(?<![a-z0-9])(?:${alternatives.join('|')})(?![a-z0-9])`, 'gu');
    }
  }

  /** Chinese terms (each term's `zh`) the text mentions in either language, without repeats. */
  conceptsIn(text: string): string[] {
    const normalized = normalize(text);
    const found = new Set<string>();
    for (const { text: surface, zh } of this.chinese) if (normalized.includes(surface)) found.add(zh);
    if (this.latinPattern) {
      for (const match of normalized.matchAll(this.latinPattern)) for (const zh of this.targetsOf(match)) found.add(zh);
    }
    return [...found];
  }

  /**
   * Replaces every Latin-script phrase that names a term with the term's Chinese spelling,
   * so "mercury reduction target" becomes "汞 削减 目标". Words that name no term stay
   * (the plan itself writes "PFOS", "ADC", "LJS-FGD"). The text comes back NFKC-normalised
   * and lower-cased.
   */
  toChinese(text: string): { text: string; replaced: string[] } {
    const normalized = normalize(text);
    if (!this.latinPattern) return { text: normalized.trim(), replaced: [] };
    const replaced = new Set<string>();
    const result = normalized.replace(this.latinPattern, (...args: unknown[]) => {
      const targets = this.targetsOf(args);
      for (const zh of targets) replaced.add(zh);
      // Surrounding spaces keep the Chinese term from gluing to a neighbouring Latin word.
      return ` ${targets.join(' ')} `;
    });
    return { text: result.replace(/\s+/gu, ' ').trim(), replaced: [...replaced] };
  }

  private targetsOf(match: ArrayLike<unknown>): string[] {
    for (let group = 1; group <= this.latinTargets.length; group += 1) {
      if (match[group] !== undefined) return this.latinTargets[group - 1]!;
    }
    throw new Error('TermMatcher: a match without a phrase group'); // unreachable: every alternative is a group
  }
}
