import { allLanguages, languageData } from './languages.js';
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
  /** An English number in words ("forty-five", "a hundred and five"), as a pattern's source. */
  englishNumber: string;
  chinese: RegExp | undefined;
  chineseNumeral: string;
}

let patterns: NumberWordPatterns | undefined;

function numberWordPatterns(): NumberWordPatterns {
  if (patterns) return patterns;
  const { zh, en } = languageData();
  let english: RegExp | undefined;
  let englishNumber = '';
  if (en.numberWords) {
    const { small, tens, multipliers, article, joiner } = en.numberWords;
    const alternatives = (list: readonly string[]) => [...list].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    const ones = alternatives(Object.keys(small));
    const under100 = `(?:(?:${alternatives(Object.keys(tens))})(?:[-\\s]+(?:${ones}))?|${ones})`;
    const and = joiner.length ? `(?:(?:${alternatives(joiner)})\\s+)?` : '';
    const part = `(?:(?:${under100}|${alternatives(article)})\\s+(?:${alternatives(Object.keys(multipliers))})(?:\\s+${and}${under100})?|${under100})`;
    const number = `${part}(?:\\s+${and}${part})*`;
    englishNumber = number;
    const modifiers = en.counterModifiers.length ? `(?:(?:${en.counterModifiers.map(escapeRegExp).join('|')})\\s+)?` : '';
    const counters = [...en.counters].sort((a, b) => b.length - a.length).map((counter) => escapeRegExp(counter).replace(/\s+/gu, '\\s+'));
    english = new RegExp(`(?<![a-z-])(${number})\\s+${modifiers}(?:${counters.join('|')})(?![a-z])`, 'giu');
  }
  let chinese: RegExp | undefined;
  let chineseNumeral = '';
  if (zh.numerals) {
    const { digits, multipliers, myriads, percentPrefix } = zh.numerals;
    const first = [...Object.keys(digits), ...Object.keys(multipliers).filter((m) => multipliers[m]! <= 100)].map(escapeRegExp).join('');
    const rest = [...Object.keys(digits), ...Object.keys(multipliers)].map(escapeRegExp).join('');
    // A myriad inside the numeral only when more numerals follow it ("ten myriad and five thousand"):
    // a numeral followed by the myriad unit is read with the unit, as digits are.
    const myriad = Object.keys(myriads).map(escapeRegExp).join('|');
    chineseNumeral = myriad ? `[${first}][${rest}]*(?:(?:${myriad})[${rest}]+)?` : `[${first}][${rest}]*`;
    const counters = [...zh.counters].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    chinese = new RegExp(`${escapeRegExp(percentPrefix)}(${chineseNumeral})|(${chineseNumeral})(?:${counters})`, 'gu');
  }
  patterns = { english, englishNumber, chinese, chineseNumeral };
  return patterns;
}

/** An English number in words as a pattern's source ("forty-five", "six hundred and five"); empty when the language has none. */
export function englishNumberSource(): string {
  return numberWordPatterns().englishNumber;
}

/** The value of English number words ("forty-five", "six hundred and five", "a thousand"), or undefined. */
export function englishValue(words: string): number | undefined {
  const numberWords = languageData().en.numberWords;
  if (!numberWords) return undefined;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const part of words.toLowerCase().split(/[-\s]+/u).filter(Boolean)) {
    if (part in numberWords.small) current += numberWords.small[part]!;
    else if (part in numberWords.tens) current += numberWords.tens[part]!;
    else if (numberWords.article.includes(part)) current += 1;
    else if (part in numberWords.multipliers) {
      const multiplier = numberWords.multipliers[part]!;
      if (multiplier >= 1000) {
        total += (current || 1) * multiplier;
        current = 0;
      } else current = (current || 1) * multiplier;
    } else if (numberWords.joiner.includes(part)) continue;
    else return undefined;
    seen = true;
  }
  return seen ? total + current : undefined;
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

interface DigitPatterns {
  /** Chinese: percentages in words, fractions, tenths of a whole, and a numeral before a counter. */
  chinese?: { percentWords: RegExp; fractions: RegExp; tenths: RegExp; beforeCounter: RegExp };
  /** Words for a share ("half", a Chinese word for most) with their percentage, longest first within each language. */
  shareWords: Array<[RegExp, number]>;
  /** English: two number words joined as a share ("three out of every five"); the groups are the part and the whole. */
  englishFractions?: RegExp;
  /** The languages' target nouns, lower-cased: "2/3 of the target" is progress towards one, no share. */
  targetNouns: readonly string[];
}
let digitPatternsMemo: DigitPatterns | undefined;

/** The patterns `digitsForWords` reads with, built once from languages/*.json (they were built for every text read). */
function digitPatterns(): DigitPatterns {
  if (digitPatternsMemo) return digitPatternsMemo;
  const { zh, en } = languageData();
  let chinese: DigitPatterns['chinese'];
  if (zh.numerals) {
    const { percentPrefix, fractionInfix, tenths, decimalPoint, digits, half } = zh.numerals;
    const { chineseNumeral } = numberWordPatterns();
    const digitClass = `[${Object.keys(digits).map(escapeRegExp).join('')}]`;
    const counters = [...new Set(zh.counters)].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    chinese = {
      percentWords: new RegExp(`${escapeRegExp(percentPrefix)}(${chineseNumeral})(?:${escapeRegExp(decimalPoint)}(${digitClass}+))?`, 'gu'),
      fractions: new RegExp(`(${chineseNumeral})${escapeRegExp(fractionInfix)}(${chineseNumeral})`, 'gu'),
      tenths: new RegExp(`(${digitClass})${escapeRegExp(tenths)}(${digitClass}${half ? `|${escapeRegExp(half)}` : ''})?`, 'gu'),
      beforeCounter: new RegExp(`(${chineseNumeral})(?=${counters})`, 'gu'),
    };
  }
  const shareWords: Array<[RegExp, number]> = [];
  for (const language of [zh, en]) {
    for (const [word, value] of Object.entries(language.fractionWords).sort(([a], [b]) => b.length - a.length)) {
      const pattern = /[a-z]/iu.test(word) ? new RegExp(`(?<![a-z-])${escapeRegExp(word).replace(/\s+/gu, '\\s+')}(?![a-z-])`, 'giu') : new RegExp(escapeRegExp(word), 'gu');
      shareWords.push([pattern, value]);
    }
  }
  const { englishNumber } = numberWordPatterns();
  const joiners = [...en.fractionJoiners].sort((a, b) => b.length - a.length).map((joiner) => escapeRegExp(joiner).replace(/\s+/gu, '\\s+'));
  const englishFractions = englishNumber && joiners.length ? new RegExp(`(?<![a-z-])(${englishNumber})\\s+(?:${joiners.join('|')})\\s+(${englishNumber})(?![a-z-])`, 'giu') : undefined;
  const targetNouns = allLanguages((data) => data.verifier.targetNouns).map((noun) => noun.toLowerCase());
  digitPatternsMemo = { ...(chinese ? { chinese } : {}), shareWords, ...(englishFractions ? { englishFractions } : {}), targetNouns };
  return digitPatternsMemo;
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
    // The numeral one with its counter and nothing more ("an enterprise") is an article: it states no figure.
    const articles = languageData().zh.numerals?.indefinite ?? [];
    chinese.lastIndex = 0;
    for (const match of normalized.matchAll(chinese)) {
      if (articles.includes(match[0])) continue;
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

/**
 * The text with numbers written in words as digits, so that one pattern reads every figure:
 * percentages in words, fractions and tenths of a whole as percentages, numerals and English
 * number words before a counter or unit as digits, share words ("half") as percentages.
 * Words that are not numbers are left as they are; the result is for reading figures, not
 * for showing.
 */
export function digitsForWords(text: string): string {
  const { zh } = languageData();
  const patterns = digitPatterns();
  let out = text.normalize('NFKC');
  const percent = (value: number) => `${Math.round(value * 100) / 100}%`;
  if (zh.numerals && patterns.chinese) {
    const { digits, indefinite, half } = zh.numerals;
    const { percentWords, fractions, tenths, beforeCounter } = patterns.chinese;
    const decimals = (numerals: string | undefined) => (numerals ? `.${[...numerals].map((char) => digits[char]).join('')}` : '');
    out = out
      .replace(percentWords, (whole, numeral: string, fraction?: string) => {
        const value = chineseNumeralValue(numeral);
        return value === undefined ? whole : `${value}${decimals(fraction)}%`;
      })
      .replace(fractions, (whole, denominator: string, numerator: string) => {
        const d = chineseNumeralValue(denominator);
        const n = chineseNumeralValue(numerator);
        return d && n !== undefined && n <= d ? percent((n / d) * 100) : whole;
      })
      .replace(tenths, (whole, numeral: string, rest?: string) => {
        const value = digits[numeral];
        if (value === undefined || value === 0) return whole;
        // "Six tenths and a half": 65%.
        const more = rest === undefined ? 0 : rest === half ? 5 : (digits[rest] ?? 0);
        return `${value * 10 + more}%`;
      });
    out = out.replace(beforeCounter, (whole, numeral: string, offset: number, all: string) => {
      if (indefinite.some((phrase) => all.startsWith(phrase, offset))) return whole;
      const value = chineseNumeralValue(numeral);
      return value === undefined ? whole : String(value);
    });
  }
  // "Over half, about 55%": a word for a share yields to a percentage the text writes out.
  const writesPercent = /\d\s*(?:%|per\s*cent|percent)/iu.test(out);
  if (!writesPercent) {
    if (patterns.englishFractions) {
      out = out.replace(patterns.englishFractions, (whole, part: string, all: string) => {
        const [numerator, denominator] = [englishValue(part), englishValue(all)];
        return numerator !== undefined && denominator && numerator <= denominator ? percent((numerator / denominator) * 100) : whole;
      });
    }
    // "2/3 of them", "2/3\u7684\u4F01\u4E1A": a share of a whole written with a slash (a date or a ratio has no "of" after it).
    // "2/3 of the SO2 target" is progress towards a target, not the indicator's value: left as written.
    const { targetNouns } = patterns;
    out = out.replace(/(?<![\d./])([1-9])\/([2-9]|10)(?![\d./])(?=\s*(?:of(?![a-z])|\u7684))/giu, (whole, part: string, all: string, offset: number, text: string) => {
      const clause = text.slice(offset + whole.length).split(/[,.;:!?\n\u3002\uFF0C\uFF1B\uFF1A\uFF01\uFF1F]/u)[0]!.toLowerCase();
      if (targetNouns.some((noun) => clause.includes(noun))) return whole;
      return Number(part) < Number(all) ? percent((Number(part) / Number(all)) * 100) : whole;
    });
    for (const [pattern, value] of patterns.shareWords) out = out.replace(pattern, percent(value));
  }
  const { english } = numberWordPatterns();
  if (english) {
    english.lastIndex = 0;
    out = out.replace(english, (whole, words: string) => {
      const value = englishValue(words);
      return value === undefined ? whole : whole.replace(words, String(value));
    });
  }
  return out;
}

/** A unit as a plan writes quantities: its symbol, and the ways people write it. */
export interface UnitPattern {
  /** How it is written in text ("%", "tonnes", "million tonnes"). */
  pattern: string;
  /** The unit symbol of the plan's figures it stands for. */
  unit: string;
  /** Multiply the number by this to get the figure in `unit` ("million tonnes" in 10-kilotonne units: 100). */
  scale?: number;
  /** Words that may stand between the number and a counting noun ("512 demonstration enterprises"). */
  wordsBetween?: number;
}

/** A quantity found in text. */
export interface QuantityMention {
  value: number;
  unit: string;
  /** The words of the text, with numbers in words read as digits, e.g. "45%". */
  text: string;
  /** Where it stands in `reading` (the text as `findQuantities` read it). */
  index: number;
  /** The words it was read from where the value is converted from them (a decimal share, a figure per month). */
  written?: string;
}

export interface QuantityOptions {
  units: readonly UnitPattern[];
  /** Words right before a number that make it no result ("daily output 3000 t"). */
  ignoreBefore?: readonly string[];
  /** Words right after a quantity that make it no result ("a day"). */
  ignoreAfter?: readonly string[];
  /** Figures given per period the targets are not set for ("per month"): words close before the number or right after the quantity, and the factor to the targets' period (12). */
  periods?: ReadonlyArray<{ before: readonly string[]; after: readonly string[]; factor: number }>;
  /** Read a bare decimal below one ("0.62") as a share (62%): set where a share is being checked. Default false. */
  decimalShares?: boolean;
}

/** How far before a number a period word may stand ("per month cut 10,000 t"). */
const PERIOD_WINDOW = 6;

/** A number with digits: thousands separated by commas ("1,200"), decimals with a point. */
const DIGITS = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;

/**
 * Numbers with units, in text order, with the text they were read from (numbers in words
 * turned into digits first: "six hundred tonnes", "forty-five per cent", "two thirds").
 */
export function findQuantities(text: string, options: QuantityOptions): { quantities: QuantityMention[]; reading: string } {
  const reading = digitsForWords(text);
  // Longer units first; a counting noun after words only when no unit follows the number directly.
  const units = [...options.units].sort((a, b) => Number(Boolean(a.wordsBetween)) - Number(Boolean(b.wordsBetween)) || b.pattern.length - a.pattern.length);
  if (units.length === 0) return { quantities: [], reading };
  // A Latin unit stands as a word ("45 t" but not "45 to 50"); a counting noun may follow a few words later.
  const unitPattern = units
    .map((unit) => {
      const words = unit.wordsBetween ? `(?:[a-z][a-z-]*\\s+){0,${unit.wordsBetween}}` : '';
      return `${words}${escapeRegExp(unit.pattern)}${/[a-z]$/iu.test(unit.pattern) ? '(?![a-z])' : ''}`;
    })
    .join('|');
  // A comma before the digits is a thousands separator only after a digit (a Chinese comma folds to one).
  const pattern = new RegExp(`(?<![\\d.]|\\d,)(${DIGITS})\\s*(${unitPattern})`, 'giu');
  const found: QuantityMention[] = [];
  for (const match of reading.matchAll(pattern)) {
    const before = reading.slice(Math.max(0, match.index - 4), match.index);
    const after = normalize(reading.slice(match.index + match[0].length, match.index + match[0].length + 12)).trimStart();
    if ((options.ignoreBefore ?? []).some((cue) => before.endsWith(cue)) || (options.ignoreAfter ?? []).some((cue) => after.startsWith(normalize(cue)))) continue;
    const written = normalize(match[2]!);
    const unit = units.find((candidate) => written === normalize(candidate.pattern) || (candidate.wordsBetween !== undefined && written.endsWith(` ${normalize(candidate.pattern)}`)))!;
    // A year before a few words and a counting noun ("by 2015 all enterprises") is no count.
    if (written !== normalize(unit.pattern) && /^(?:19|20)\d\d$/u.test(match[1]!)) continue;
    // "10,000 tonnes per month": the period's words and the figure, as the user wrote them.
    let perPeriod: { factor: number; words: string } | undefined;
    const close = options.periods?.length ? normalize(reading.slice(Math.max(0, match.index - PERIOD_WINDOW), match.index)) : '';
    for (const entry of options.periods ?? []) {
      const lead = entry.before.find((cue) => close.includes(normalize(cue)));
      const trail = entry.after.find((cue) => after.startsWith(normalize(cue)));
      if (lead || trail) {
        perPeriod = { factor: entry.factor, words: lead ? `${lead}${match[0]}` : `${match[0]} ${trail}` };
        break;
      }
    }
    const value = Number(match[1]!.replace(/,/gu, '')) * (unit.scale ?? 1) * (perPeriod?.factor ?? 1);
    if (Number.isFinite(value)) found.push({ value, unit: unit.unit, text: match[0], index: match.index, ...(perPeriod ? { written: perPeriod.words } : {}) });
  }
  if (options.decimalShares) {
    // "0.62" with no unit after it: a share written as a fraction of one.
    for (const match of reading.matchAll(/(?<![\d.,])0\.(\d{1,3})(?![\d.])/gu)) {
      if (found.some((quantity) => quantity.index <= match.index && match.index < quantity.index + quantity.text.length)) continue;
      const value = Number(match[0]) * 100;
      if (value > 0) found.push({ value: Number(value.toFixed(1)), unit: '%', text: match[0], index: match.index, written: match[0] });
    }
    found.sort((a, b) => a.index - b.index);
  }
  return { quantities: found, reading };
}

/** Years written in digits (1900–2099). */
export function yearsIn(text: string): number[] {
  return [...text.matchAll(/(?<!\d)(19\d\d|20\d\d)(?!\d)/gu)].map((match) => Number(match[1]));
}

/** A year or a span of years a text names ("2015", "2003-2010"), and where. */
export interface YearPeriod {
  from: number;
  to: number;
  index: number;
  end: number;
}

let yearRangePattern: RegExp | undefined;

/**
 * The years and year ranges of a text, in order: "2003 to 2010" (a counter after the first year
 * allowed, as Chinese writes it) is one period, a year alone another. Digits inside a longer number
 * ("2015.5", "2015,000") are no year.
 */
export function yearPeriods(text: string): YearPeriod[] {
  yearRangePattern ??= new RegExp(
    `(?<!\\d|\\d\\.)((?:19|20)\\d\\d)(?:\\s*(?:\\p{Script=Han}\\s*)?(?:${allLanguages((data) => data.rangeConnectors).map(escapeRegExp).join('|')})\\s*((?:19|20)\\d\\d))?(?!\\d|\\.\\d|,\\d{3}(?!\\d))`,
    'giu',
  );
  yearRangePattern.lastIndex = 0;
  return [...text.matchAll(yearRangePattern)].map((match) => {
    const from = Number(match[1]);
    const to = match[2] ? Number(match[2]) : from;
    return { from: Math.min(from, to), to: Math.max(from, to), index: match.index, end: match.index + match[0].length };
  });
}

/** Whether two periods share a year: the 2010 column holds the 2003-2010 totals; 2015 is not 2010. */
export function periodsOverlap(a: { from: number; to: number }, b: { from: number; to: number }): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** Circled and parenthesised numerals mark footnotes (NFKC would read them as digits): they state no figure. */
export const NUMERAL_MARKS = /[\u2460-\u24ff\u2776-\u2793]/gu;

let magnitudePattern: { pattern: RegExp; sizes: ReadonlyMap<string, number> } | undefined;

/** Words that scale the number right before them: the Chinese myriads and the English multipliers of a thousand and more. */
function magnitudes(): { pattern: RegExp; sizes: ReadonlyMap<string, number> } {
  if (!magnitudePattern) {
    const { zh, en } = languageData();
    const sizes = new Map<string, number>([
      ...Object.entries(zh.numerals?.myriads ?? {}),
      ...Object.entries(en.numberWords?.multipliers ?? {}).filter(([, size]) => size >= 1000),
    ]);
    const words = [...sizes.keys()].sort((a, b) => b.length - a.length).map((word) => (/[a-z]/iu.test(word) ? `\\s+${escapeRegExp(word)}(?![a-z])` : escapeRegExp(word)));
    magnitudePattern = { pattern: new RegExp(`(?<![\\d.a-z]|\\d,)(${DIGITS})(${words.join('|') || '(?!)'})?`, 'giu'), sizes };
  }
  return magnitudePattern;
}

/** Canonical like `numbersIn`: float noise rounded away. */
const canonicalValue = (value: number) => String(Math.round(value * 1e6) / 1e6);

/**
 * Every number a text writes with digits, as a value whatever the language: thousands
 * separators read ("650,000"), a magnitude word after the digits multiplied out (65 and the
 * Chinese myriad → 650000, 1.6 billion → 1600000000); footnote marks (circled numerals) and
 * digits inside a symbol (SO2, NH3-N) left out. In text order.
 */
export function digitValues(text: string): string[] {
  const { pattern, sizes } = magnitudes();
  const plain = text.replace(NUMERAL_MARKS, ' ').normalize('NFKC');
  pattern.lastIndex = 0;
  return [...plain.matchAll(pattern)].map((match) => canonicalValue(Number(match[1]!.replace(/,/gu, '')) * (match[2] ? (sizes.get(match[2].trim().toLowerCase()) ?? 1) : 1)));
}

/**
 * Every figure a text states, whatever the language writes it in: `digitValues`, then numbers
 * in words before a counter ("two years", a Chinese numeral before its counter, not one that
 * is an article). For comparing a text with its translation: the same figures read the same,
 * however each language writes them.
 */
export function statedValues(text: string): string[] {
  const plain = text.replace(NUMERAL_MARKS, ' ').normalize('NFKC');
  // A numeral that is an article ("an important task") states no figure.
  const articles = languageData().zh.numerals?.indefinite ?? [];
  const withoutArticles = articles.reduce((rest, article) => rest.replaceAll(article, ' '), plain);
  return [...digitValues(text), ...spelledNumbers(withoutArticles)];
}
