import { languageData } from './languages.js';
import { escapeRegExp, normalize } from './normalize.js';

/**
 * The one figure parser: numbers written with digits, Chinese numerals or English words, and
 * quantities with their units. Number words and units are data (languages/*.json and each
 * plan's units); this module only knows how numerals compose.
 */

const NUMBER = /\d+(?:\.\d+)?/gu;

/** "65.0" and "65" are the same number; "1,200" is 1200. */
function canonicalNumber(text: string): string {
  return String(Number(text.replace(/,/gu, '')));
}

/** Every number written with digits, canonical ("1,200" → "1200", "65.0" → "65"). */
export function numbersIn(text: string): string[] {
  return (text.normalize('NFKC').replace(/(\d),(\d{3})/gu, '$1$2').match(NUMBER) ?? []).map(canonicalNumber);
}

interface NumberWordPatterns {
  english: RegExp | undefined;
  chinese: RegExp | undefined;
  chineseNumeral: string;
}

let patterns: NumberWordPatterns | undefined;

function numberWordPatterns(): NumberWordPatterns {
  if (patterns) return patterns;
  const { zh, en } = languageData();
  let english: RegExp | undefined;
  if (en.numberWords) {
    const { small, tens, hundred } = en.numberWords;
    const word = `(?:${[...hundred.map((h) => h.replace(/\s+/gu, '\\s+')), ...Object.keys(tens), ...Object.keys(small)].join('|')})`;
    const modifiers = en.counterModifiers.length ? `(?:(?:${en.counterModifiers.map(escapeRegExp).join('|')})\\s+)?` : '';
    const counters = [...en.counters].sort((a, b) => b.length - a.length).map((counter) => escapeRegExp(counter).replace(/\s+/gu, '\\s+'));
    english = new RegExp(`(?<![a-z-])(${word}(?:[-\\s]+(?:${Object.keys(small).join('|')}))?)\\s+${modifiers}(?:${counters.join('|')})(?![a-z])`, 'giu');
  }
  let chinese: RegExp | undefined;
  let chineseNumeral = '';
  if (zh.numerals) {
    const { digits, multipliers, percentPrefix } = zh.numerals;
    const first = [...Object.keys(digits), ...Object.keys(multipliers).filter((m) => multipliers[m]! <= 100)].map(escapeRegExp).join('');
    const rest = [...Object.keys(digits), ...Object.keys(multipliers)].map(escapeRegExp).join('');
    // No myriad inside: a numeral followed by the myriad unit ("sixty-five myriad tonnes") is read with the unit, as digits are.
    chineseNumeral = `[${first}][${rest}]*`;
    const counters = [...zh.counters].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    chinese = new RegExp(`${escapeRegExp(percentPrefix)}(${chineseNumeral})|(${chineseNumeral})(?:${counters})`, 'gu');
  }
  patterns = { english, chinese, chineseNumeral };
  return patterns;
}

function englishValue(words: string): number | undefined {
  const numberWords = languageData().en.numberWords;
  if (!numberWords) return undefined;
  const folded = words.toLowerCase().replace(/\s+/gu, ' ').trim();
  if (numberWords.hundred.includes(folded)) return 100;
  let value = 0;
  for (const part of folded.split(/[-\s]+/u).filter(Boolean)) {
    if (part in numberWords.tens) value += numberWords.tens[part]!;
    else if (part in numberWords.small) value += numberWords.small[part]!;
    else return undefined;
  }
  return value;
}

/** The value of a Chinese numeral: positional ("2-0-1-5" digits) or with multipliers and myriads. */
export function chineseNumeralValue(text: string): number | undefined {
  const numerals = languageData().zh.numerals;
  if (!numerals) return undefined;
  const { digits, multipliers, myriads } = numerals;
  const chars = [...text];
  if (!chars.some((char) => char in multipliers || char in myriads)) {
    let value = 0;
    for (const char of chars) {
      const digit = digits[char];
      if (digit === undefined) return undefined;
      value = value * 10 + digit;
    }
    return chars.length ? value : undefined;
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const char of chars) {
    if (char in digits) digit = digits[char];
    else if (char in multipliers) {
      section += (digit ?? 1) * multipliers[char]!;
      digit = undefined;
    } else if (char in myriads) {
      total += (section + (digit ?? 0)) * myriads[char]!;
      section = 0;
      digit = undefined;
    } else return undefined;
  }
  return total + section + (digit ?? 0);
}

/** Number words that state a quantity ("two years", a Chinese numeral before a counter), canonical like `numbersIn`. */
export function spelledNumbers(text: string): string[] {
  const { english, chinese } = numberWordPatterns();
  const found: string[] = [];
  const normalized = text.normalize('NFKC');
  if (english) {
    english.lastIndex = 0;
    for (const match of normalized.matchAll(english)) {
      const value = englishValue(match[1]!);
      if (value !== undefined) found.push(String(value));
    }
  }
  if (chinese) {
    chinese.lastIndex = 0;
    for (const match of normalized.matchAll(chinese)) {
      const value = chineseNumeralValue(match[1] ?? match[2]!);
      if (value !== undefined) found.push(String(value));
    }
  }
  return found;
}

/** Every figure a text states: digits and number words with a counter. */
export function claimNumbers(text: string): string[] {
  return [...numbersIn(text), ...spelledNumbers(text)];
}

/** A unit as a plan writes quantities: its symbol, and the ways people write it. */
export interface UnitPattern {
  /** How it is written in text ("%", "tonnes", "million tonnes"). */
  pattern: string;
  /** The unit symbol of the plan's figures it stands for. */
  unit: string;
  /** Multiply the number by this to get the figure in `unit` ("million tonnes" in 10-kilotonne units: 100). */
  scale?: number;
}

/** A quantity found in text. */
export interface QuantityMention {
  value: number;
  unit: string;
  /** The words of the text, e.g. "45%". */
  text: string;
  index: number;
}

export interface QuantityOptions {
  units: readonly UnitPattern[];
  /** Words right before a number that make it no result ("daily output 3000 t"). */
  ignoreBefore?: readonly string[];
  /** Words right after a quantity that make it no result ("a day"). */
  ignoreAfter?: readonly string[];
}

/** Numbers with units ("45%", "638 tonnes", "0.2 myriad-tonnes"), in text order. */
export function findQuantities(text: string, options: QuantityOptions): QuantityMention[] {
  const units = [...options.units].sort((a, b) => b.pattern.length - a.pattern.length);
  if (units.length === 0) return [];
  const pattern = new RegExp(`(\\d+(?:[.,]\\d+)?)\\s*(${units.map((unit) => escapeRegExp(unit.pattern)).join('|')})`, 'giu');
  const normalized = text.normalize('NFKC');
  const found: QuantityMention[] = [];
  for (const match of normalized.matchAll(pattern)) {
    const before = normalized.slice(Math.max(0, match.index - 4), match.index);
    const after = normalize(normalized.slice(match.index + match[0].length, match.index + match[0].length + 12)).trimStart();
    if ((options.ignoreBefore ?? []).some((cue) => before.endsWith(cue)) || (options.ignoreAfter ?? []).some((cue) => after.startsWith(normalize(cue)))) continue;
    const unit = units.find((candidate) => normalize(candidate.pattern) === normalize(match[2]!))!;
    const value = Number(match[1]!.replace(',', '.')) * (unit.scale ?? 1);
    if (Number.isFinite(value)) found.push({ value, unit: unit.unit, text: match[0], index: match.index });
  }
  return found;
}

/** Years written in digits (1900–2099). */
export function yearsIn(text: string): number[] {
  return [...text.matchAll(/(?<!\d)(19\d\d|20\d\d)(?!\d)/gu)].map((match) => Number(match[1]));
}
