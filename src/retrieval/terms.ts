import type { GlossaryEntry } from '../rules/schema.js';
import { containsHan, isLatin, normalize } from '../text/normalize.js';
import { PhraseMatcher } from '../text/phrases.js';

/** A term of the plan (its Chinese spelling) and the other ways a user may write it (English, abbreviations, other Chinese). */
export interface TranslationTerm {
  readonly zh: string;
  readonly en: readonly string[];
}

/** Glossary entries as translation terms: the aliases are matched like the English renderings. */
export function termsFromGlossary(entries: readonly GlossaryEntry[]): TranslationTerm[] {
  return entries.map((entry) => ({ zh: entry.zh, en: [...entry.en, ...entry.aliases] }));
}

/**
 * Finds the plan's terms in a text, in either language. Chinese spellings are found wherever
 * they occur, inside one another too (a term's concept counts wherever its words appear);
 * Latin-script phrases as whole words, longer phrases first ("lead-free solder" rather than
 * "lead"), each phrase standing for every term that shares it.
 */
export class TermMatcher {
  private readonly chinese: PhraseMatcher<string>;
  /** Chinese spellings, longest first without overlaps, to each term's first English name. */
  private readonly chineseToEnglish: PhraseMatcher<string>;
  private readonly latin: PhraseMatcher<string[]>;
  /** Each term's place in the list: concepts are reported in that order (the glossary's, most useful first). */
  private readonly order = new Map<string, number>();

  constructor(terms: readonly TranslationTerm[]) {
    const chinese: Array<[string, string]> = [];
    const english: Array<[string, string]> = [];
    const latin = new Map<string, string[]>();
    for (const term of terms) {
      if (!this.order.has(term.zh)) this.order.set(term.zh, this.order.size);
      const name = term.en.find((surface) => isLatin(surface) && !containsHan(surface));
      if (name) for (const surface of [term.zh, ...term.en].filter(containsHan)) english.push([surface, name]);
      for (const surface of [term.zh, ...term.en]) {
        const text = normalize(surface).trim();
        if (!text) continue;
        if (/[a-z0-9]/u.test(text)) {
          const targets = latin.get(text) ?? [];
          if (!targets.includes(term.zh)) latin.set(text, [...targets, term.zh]);
        } else if (containsHan(text) || text.length > 0) chinese.push([text, term.zh]);
      }
    }
    this.chinese = new PhraseMatcher(chinese, { overlapping: true });
    this.chineseToEnglish = new PhraseMatcher(english);
    this.latin = new PhraseMatcher([...latin.entries()]);
  }

  /** Chinese terms (each term's `zh`) the text mentions in either language, without repeats, in the terms' order. */
  conceptsIn(text: string): string[] {
    const found = new Set<string>(this.chinese.find(text).map((match) => match.value));
    for (const match of this.latin.find(text)) for (const zh of match.value) found.add(zh);
    return [...found].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }

  /** The English names of the terms a text writes in Chinese (the longest term where they overlap), without repeats. */
  englishNamesIn(text: string): string[] {
    return this.chineseToEnglish.values(text);
  }

  /**
   * Replaces every Latin-script phrase that names a term with the term's Chinese spelling, so
   * an English question reads as the plan writes it. Words that name no term stay. The
   * text comes back normalised.
   */
  toChinese(text: string): { text: string; replaced: string[] } {
    const normalized = normalize(text);
    const replaced = new Set<string>();
    let result = '';
    let at = 0;
    for (const match of this.latin.find(normalized)) {
      result += `${normalized.slice(at, match.index)} ${match.value.join(' ')} `;
      for (const zh of match.value) replaced.add(zh);
      at = match.end;
    }
    result += normalized.slice(at);
    return { text: result.replace(/\s+/gu, ' ').trim(), replaced: [...replaced] };
  }
}
