import { segmentWords } from '../retrieval/tokenize.js';
import { fold } from '../text/normalize.js';
import { stem, type VerifierLexicon } from './verifier-lexicon.js';

/**
 * The content words of a sentence and whether evidence covers them. Chinese is cut into words
 * by jieba; English words are compared by stem, and the plan's English names of its terms
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
  constructor(private readonly lexicon: VerifierLexicon) {}

  /** What a set of texts can cover. */
  vocabulary(texts: readonly string[]): Vocabulary {
    const text = fold(texts.join('\n'));
    const stems = new Set<string>();
    const addWords = (value: string) => {
      for (const word of value.match(LATIN_WORD) ?? []) for (const part of word.split('-')) if (part) stems.add(stem(part));
    };
    addWords(text);
    for (const match of this.lexicon.chinese.find(text)) for (const name of match.value) addWords(fold(name));
    return { text, stems };
  }

  /** The content words of a sentence (quotes and markers already taken out) and those `vocabularies` do not cover. */
  coverage(sentence: string, vocabularies: readonly Vocabulary[]): Coverage {
    const covers = (test: (vocabulary: Vocabulary) => boolean) => vocabularies.some(test);
    const uncovered: string[] = [];
    let total = 0;
    let text = fold(sentence);
    // The plan's English names first: a name is covered when the evidence has its Chinese term or the name itself.
    for (const match of this.lexicon.english.find(text)) {
      if (this.lexicon.functionWords.has(fold(match.matched))) continue;
      total += 1;
      const name = fold(match.matched);
      if (!covers((vocabulary) => vocabulary.text.includes(name) || match.value.some((zh) => vocabulary.text.includes(fold(zh))))) uncovered.push(match.matched);
      text = text.slice(0, match.index) + ' '.repeat(match.end - match.index) + text.slice(match.end);
    }
    for (const word of segmentWords(text)) {
      if (FIGURE.test(word) || this.lexicon.functionWords.has(word)) continue;
      if (HAN.test(word)) {
        // One character alone says too little to count (and is found anywhere).
        if ([...word].length < 2) continue;
        total += 1;
        if (!covers((vocabulary) => vocabulary.text.includes(word) || abbreviated(word, vocabulary.text))) uncovered.push(word);
        continue;
      }
      for (const latin of word.match(LATIN_WORD) ?? []) {
        for (const part of latin.split('-')) {
          if (part.length < 2 || this.lexicon.functionWords.has(part)) continue;
          const root = stem(part);
          if (this.lexicon.functionStems.has(root)) continue;
          total += 1;
          if (!covers((vocabulary) => vocabulary.stems.has(root))) uncovered.push(part);
        }
      }
    }
    return { total, uncovered };
  }
}

/**
 * Whether a short Chinese word is an abbreviation of words the text has: its characters in
 * order, each within two characters of the one before ("技改" in "技术改造").
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
