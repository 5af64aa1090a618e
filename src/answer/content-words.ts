import { fold } from '../text/normalize.js';
import type { VerifierLexicon } from './verifier-lexicon.js';

/**
 * The content words of a sentence and whether evidence covers them. Chinese is cut into words
 * by the retrieval tokenizer's segmenter (`segmentWords`, ICU); English words are compared by stem, and the plan's English names of its terms
 * stand for the Chinese terms (so an English sentence is covered by the plan's Chinese quotes
 * through the glossary). Function words (languages/*.json and the plan's lexicon) carry no
 * content and are left out, as are figures.
 */
export interface Vocabulary {
  /** Every text, folded, one per line. */
  text: string;
  /** Stems of its English words, and of the English names of the plan's terms it contains. */
  stems: ReadonlySet<string>;
}

export interface Coverage {
  /** Content words counted. */
  total: number;
  /** The ones no evidence covers, as written. */
  uncovered: string[];
}

const LATIN_WORD = /[a-z][a-z'-]*[a-z]|[a-z]/gu;
const HAN = /\p{Script=Han}/u;
const FIGURE = /^[\d.,%]+$/u;

export class ContentWords {
  private readonly names = new Map<string, string[]>();

  constructor(private readonly lexicon: VerifierLexicon) {}

  /** Every name of a Chinese term (its English names), folded. */
  private namesOf(term: string): string[] {
    let names = this.names.get(term);
    if (!names) {
      names = this.lexicon.chinese.find(term).filter((match) => match.matched.length === term.length).flatMap((match) => match.value.map(fold));
      this.names.set(term, names);
    }
    return names;
  }

  /** What a set of texts can cover. */
  vocabulary(texts: readonly string[]): Vocabulary {
    const text = fold(texts.join('\n'));
    const stems = new Set<string>();
    const addWords = (value: string) => {
      for (const word of value.match(LATIN_WORD) ?? []) for (const part of word.split('-')) if (part) stems.add(this.lexicon.contentStem(part));
    };
    addWords(text);
    for (const match of this.lexicon.chinese.find(text)) for (const name of match.value) addWords(fold(name));
    return { text, stems };
  }

  /**
   * The content words of a text, in order, as coverage counts them: Chinese words of two
   * characters or more, stems of English words; function words and figures left out.
   */
  tokens(text: string): string[] {
    const tokens: string[] = [];
    for (const word of this.lexicon.words(fold(text))) {
      if (FIGURE.test(word) || this.lexicon.functionWords.has(word)) continue;
      if (HAN.test(word)) {
        if ([...word].length >= 2) tokens.push(word);
        continue;
      }
      for (const latin of word.match(LATIN_WORD) ?? []) {
        for (const part of latin.split('-')) {
          if (part.length < 2 || this.lexicon.functionWords.has(part)) continue;
          const root = this.lexicon.contentStem(part);
          if (!this.lexicon.functionStems.has(root)) tokens.push(root);
        }
      }
    }
    return tokens;
  }

  /** The content words of a sentence (quotes and markers already taken out) and those `vocabularies` do not cover. */
  coverage(sentence: string, vocabularies: readonly Vocabulary[]): Coverage {
    const covers = (test: (vocabulary: Vocabulary) => boolean) => vocabularies.some(test);
    const uncovered: string[] = [];
    let total = 0;
    let text = fold(sentence);
    // The plan's names of its terms first, in either language: a name is covered when the
    // evidence has the term by any of its names ("POPs" for "persistent organic pollutants").
    const names = [
      ...this.lexicon.english.find(text).map((match) => ({ match, terms: match.value })),
      ...this.lexicon.chinese.find(text).map((match) => ({ match, terms: [match.matched] })),
    ].sort((a, b) => a.match.index - b.match.index || b.match.end - a.match.end);
    let masked = 0;
    for (const { match, terms } of names) {
      if (match.index < masked) continue;
      masked = match.end;
      if (this.lexicon.functionWords.has(fold(match.matched))) continue;
      total += 1;
      const surfaces = [fold(match.matched), ...terms.flatMap((term) => [fold(term), ...this.namesOf(term)])];
      if (!covers((vocabulary) => surfaces.some((surface) => vocabulary.text.includes(surface)))) uncovered.push(match.matched);
      text = text.slice(0, match.index) + ' '.repeat(match.end - match.index) + text.slice(match.end);
    }
    for (const word of this.lexicon.words(text)) {
      if (FIGURE.test(word) || this.lexicon.functionWords.has(word)) continue;
      if (HAN.test(word)) {
        // One character alone says too little to count (and is found anywhere).
        if ([...word].length < 2) continue;
        total += 1;
        if (!covers((vocabulary) => coveredHan(word, vocabulary.text))) uncovered.push(word);
        continue;
      }
      for (const latin of word.match(LATIN_WORD) ?? []) {
        for (const part of latin.split('-')) {
          if (part.length < 2 || this.lexicon.functionWords.has(part)) continue;
          const root = this.lexicon.contentStem(part);
          if (this.lexicon.functionStems.has(root)) continue;
          total += 1;
          if (!covers((vocabulary) => vocabulary.stems.has(root))) uncovered.push(part);
        }
      }
    }
    return { total, uncovered };
  }
}

/** A Chinese word is covered by a text that has it, an abbreviation's full form, or its two halves (an industry name and the word for industry). */
function coveredHan(word: string, text: string): boolean {
  if (text.includes(word) || abbreviated(word, text)) return true;
  const chars = [...word];
  for (let at = 2; at <= chars.length - 2; at++) {
    const head = chars.slice(0, at).join('');
    const tail = chars.slice(at).join('');
    if ((text.includes(head) || abbreviated(head, text)) && (text.includes(tail) || abbreviated(tail, text))) return true;
  }
  return false;
}

/**
 * Whether a short Chinese word is an abbreviation of words the text has: its characters in
 * order, each within two characters of the one before (the two-character short form of a four-character term).
 */
function abbreviated(word: string, text: string): boolean {
  const chars = [...word];
  if (chars.length < 2 || chars.length > 4) return false;
  for (let start = text.indexOf(chars[0]!); start >= 0; start = text.indexOf(chars[0]!, start + 1)) {
    let at = start;
    let found = true;
    for (const char of chars.slice(1)) {
      const next = text.indexOf(char, at + 1);
      if (next < 0 || next - at > 3) {
        found = false;
        break;
      }
      at = next;
    }
    if (found) return true;
  }
  return false;
}
