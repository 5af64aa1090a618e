import { escapeRegExp, normalize } from './normalize.js';

/** One occurrence of a phrase in a text. */
export interface PhraseMatch<T> {
  /** The phrase as it was registered. */
  phrase: string;
  /** What the phrase stands for. */
  value: T;
  /** Where it starts and ends in the text (offsets of the normalised text, which keeps the original's length). */
  index: number;
  end: number;
  /** The words of the text that matched. */
  matched: string;
}

export interface PhraseMatcherOptions {
  /**
   * Latin phrases also match their plural ("tannery" → "tanneries", "cell" → "cells").
   * Default true.
   */
  plurals?: boolean;
  /**
   * Let matches overlap (every phrase found wherever it occurs). Default false: longer phrases
   * are taken first and a shorter one inside them is not reported ("lead-acid batteries" is one
   * name, not also "batteries").
   */
  overlapping?: boolean;
  /**
   * A Latin phrase is not found inside a hyphenated compound ("manganese" is not in
   * "zinc-manganese"): for names of things, where the compound names something else. Default
   * false: a cue or a term still counts inside one ("lead" in "lead-reduction").
   */
  wholeCompounds?: boolean;
  /** A phrase written in capitals ("REACH") matches only in capitals, not the word "reach". Default false. */
  capitalsExact?: boolean;
}

const LATIN = /[a-z0-9]/u;
/** How many texts' matches a matcher keeps. */
const RECENT_TEXTS = 16;

function pluralTolerant(body: string, phrase: string): string {
  if (/[^aeiou]y$/u.test(phrase)) return `${body.slice(0, -1)}(?:y|ies)`;
  return /[a-z]$/u.test(phrase) ? `${body}(?:s|es)?` : body;
}

interface Entry<T> {
  phrase: string;
  needle: string;
  value: T;
  /** A Chinese phrase is its own characters, found by indexOf: only Latin ones carry a pattern. */
  pattern?: RegExp;
  probe: string;
  exact?: RegExp;
}

/**
 * The one way to find names and cue words in text. Chinese phrases match anywhere; Latin
 * phrases match whole words, case-insensitively, with spaces and hyphens alike ("lead free" =
 * "lead-free"). Text and phrases are compared after `normalize` (width and case aside).
 */
export class PhraseMatcher<T> {
  private readonly entries: Array<Entry<T>>;
  /** Entries (their places in `entries`) by the first two characters of their probe; `short` for probes of one. */
  private readonly byStart = new Map<number, number[]>();
  private readonly short: number[] = [];
  /** The matches of the texts read last, oldest first (at most `RECENT_TEXTS`). */
  private readonly recent = new Map<string, ReadonlyArray<PhraseMatch<T>>>();

  constructor(
    phrases: Iterable<readonly [phrase: string, value: T]>,
    private readonly options: PhraseMatcherOptions = {},
  ) {
    const plurals = options.plurals ?? true;
    const before = options.wholeCompounds ? '(?<![a-z0-9-])' : '(?<![a-z0-9])';
    const after = options.wholeCompounds ? '(?![a-z0-9]|-[a-z])' : '(?![a-z0-9])';
    this.entries = [];
    for (const [phrase, value] of phrases) {
      // A Latin phrase ending in "*" is a prefix ("reduc*" matches "reduce", "reduction").
      const prefix = phrase.endsWith('*');
      const needle = normalize(prefix ? phrase.slice(0, -1) : phrase).replace(/\s+/gu, ' ').trim();
      if (!needle) continue;
      // Most phrases are Chinese, thousands of them across the matchers: a RegExp each would only hold heap.
      const latin = LATIN.test(needle);
      let pattern: RegExp | undefined;
      if (latin) {
        const body = escapeRegExp(needle).replace(/[\s-]+/gu, '[\\s-]*');
        pattern = new RegExp(`${before}${plurals && !prefix ? pluralTolerant(body, needle) : body}${prefix ? '' : after}`, 'gu');
      }
      // An acronym in capitals keeps its case: the text is searched as written.
      const exact = options.capitalsExact && /^[A-Z][A-Z0-9]+$/u.test(phrase.trim()) ? new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(phrase.trim())}(?![A-Za-z0-9])`, 'gu') : undefined;
      // What any match must contain: the whole needle for Chinese; for Latin, its first word less
      // its last letter (plurals and "y"/"ies" aside), so most phrases are ruled out by `includes`.
      const first = needle.split(/[\s-]+/u)[0]!;
      const probe = latin ? (first.length > 2 ? first.slice(0, -1) : first) : needle;
      this.entries.push({ phrase, needle, value, ...(pattern ? { pattern } : {}), probe, ...(exact ? { exact } : {}) });
    }
    // Longest first: where phrases overlap, the longer one is the name.
    this.entries.sort((a, b) => b.needle.length - a.needle.length);
    this.entries.forEach((entry, index) => {
      if (entry.probe.length < 2) this.short.push(index);
      else {
        const key = entry.probe.charCodeAt(0) * 65536 + entry.probe.charCodeAt(1);
        this.byStart.set(key, [...(this.byStart.get(key) ?? []), index]);
      }
    });
  }

  /** Entries (their places in `entries`, in that order) whose probe is in the text. */
  private candidates(haystack: string): number[] {
    // Each entry is looked up by the pairs of characters its probe can start with, rather than
    // tested against the whole text: a matcher of hundreds of phrases reads long evidence texts.
    const found = new Set<number>();
    for (const index of this.short) if (haystack.includes(this.entries[index]!.probe)) found.add(index);
    for (let i = 0; i + 1 < haystack.length; i++) {
      const list = this.byStart.get(haystack.charCodeAt(i) * 65536 + haystack.charCodeAt(i + 1));
      if (list) for (const index of list) if (!found.has(index) && haystack.startsWith(this.entries[index]!.probe, i)) found.add(index);
    }
    return [...found].sort((a, b) => a - b);
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * Every match in the text, in text order. A matcher never changes, so the matches of the texts
   * it read last are kept (frozen) and given again: the verifier reads the same evidence once for
   * each sentence of an answer.
   */
  find(text: string): PhraseMatch<T>[] {
    const known = this.recent.get(text);
    if (known) return [...known];
    const found = this.search(text);
    if (this.recent.size >= RECENT_TEXTS) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(text, found);
    return [...found];
  }

  private search(text: string): ReadonlyArray<PhraseMatch<T>> {
    const haystack = normalize(text);
    const taken = this.options.overlapping ? undefined : new Uint8Array(haystack.length);
    const found: PhraseMatch<T>[] = [];
    // One closure per search, not per entry, and a plain loop over `taken`: this runs for every
    // candidate of every matcher on every text an answer reads.
    const add = (entry: Entry<T>, index: number, end: number) => {
      if (taken) {
        for (let at = index; at < end; at++) if (taken[at]) return;
        taken.fill(1, index, end);
      }
      found.push(Object.freeze({ phrase: entry.phrase, value: entry.value, index, end, matched: text.slice(index, end) }));
    };
    for (const index of this.candidates(haystack)) {
      const entry = this.entries[index]!;
      // A Chinese phrase is its own characters: found by indexOf, without a regular expression.
      if (!entry.pattern) {
        for (let at = haystack.indexOf(entry.needle); at !== -1; at = haystack.indexOf(entry.needle, at + entry.needle.length)) add(entry, at, at + entry.needle.length);
        continue;
      }
      const pattern = entry.exact ?? entry.pattern;
      pattern.lastIndex = 0;
      for (const match of (entry.exact ? text.normalize('NFKC') : haystack).matchAll(pattern)) add(entry, match.index, match.index + match[0].length);
    }
    return found.sort((a, b) => a.index - b.index || b.end - a.end);
  }

  /** The distinct values the text names, in text order. */
  values(text: string): T[] {
    const values: T[] = [];
    for (const match of this.find(text)) if (!values.includes(match.value)) values.push(match.value);
    return values;
  }

  /** Whether the text names any phrase. */
  test(text: string): boolean {
    return this.find(text).length > 0;
  }
}

/** A matcher for a plain list of cue words (the value is the cue itself). */
export function cueMatcher(cues: Iterable<string>, options: PhraseMatcherOptions = { plurals: false }): PhraseMatcher<string> {
  return new PhraseMatcher([...cues].map((cue) => [cue, cue] as const), options);
}

/** The text with the given spans blanked out (same length), so the words inside them are read no further. */
export function maskSpans(text: string, spans: ReadonlyArray<{ index: number; end: number }>): string {
  return blankSpans(normalize(text), spans);
}

/** The text as written (not normalised) with the given spans blanked out, same length. */
export function blankSpans(text: string, spans: ReadonlyArray<{ index: number; end: number }>): string {
  let blanked = text;
  for (const { index, end } of spans) blanked = blanked.slice(0, index) + ' '.repeat(end - index) + blanked.slice(end);
  return blanked;
}
