import type { UnitsFile } from '../plan/schema.js';
import { round } from '../rules/units.js';
import { chineseNumeralValue, englishNumberSource, englishValue, NUMERAL_MARKS } from '../text/figures.js';
import { allLanguages, languageData } from '../text/languages.js';
import { escapeRegExp, normalize } from '../text/normalize.js';

/**
 * Figures as quantities: a number, the magnitude after it ("million", the myriad) and the unit
 * it is counted in, read into the unit family's base unit. "650,000 tonnes", 65 myriad-tonnes and
 * "0.65 million tonnes" are one quantity; "65 tonnes" is another. Units are the plan's
 * (units.json), magnitudes and number words the languages' (languages/*.json).
 */
export interface Quantity {
  /** The number as written, canonical ("1,200" → "1200", "65.0" → "65"). */
  raw: string;
  /** The number with its magnitude and unit applied, in the family's base unit. */
  value: number;
  /** The unit family ("percent", "mass", "count"), when a unit follows; undefined for a bare number. */
  family: string | undefined;
  /** Whether a magnitude word or a unit scaled the number (then `value` is no longer `raw`). */
  scaled: boolean;
  /** Where it is in the normalised text (which keeps the original's offsets); `start` includes a percent prefix. */
  index: number;
  end: number;
  start: number;
}

/** A quantity of something measured (a unit, a share, a magnitude), not a bare number ("Table 1", "8 industries", a year). */
export function isMeasured(quantity: Quantity): boolean {
  return Boolean(quantity.family || quantity.scaled);
}

/** Latin words that may stand between a number and the noun it counts ("the 11 heavy-metal pollution prevention and control industries"). */
const COUNT_REACH = 6;
let countPattern: RegExp | undefined;

/**
 * Whether the bare number ending at `end` of the normalised text counts something: a counter or a
 * measure word right after it, or (in English) a counting noun a few words later.
 */
export function countsSomething(folded: string, end: number): boolean {
  if (!countPattern) {
    const alternatives = (list: readonly string[]) => [...new Set(list.map(normalize))].sort((a, b) => b.length - a.length).map((word) => escapeRegExp(word).replace(/\s+/gu, '\\s+')).join('|');
    const latin = allLanguages((data) => data.counters).filter((word) => /[a-z]/iu.test(word));
    const han = allLanguages((data) => [...data.counters, ...data.verifier.measureWords]).filter((word) => !/[a-z]/iu.test(word));
    // The words between are no numbers ("one of the five projects" counts nothing by its "one").
    const words = englishNumberSource();
    const between = `(?:${words ? `(?!(?:${words})(?![a-z]))` : ''}[a-z][a-z-]*,?\\s+){0,${COUNT_REACH}}`;
    countPattern = new RegExp(`^(?:\\s*(?:${alternatives(han)})|\\s+${between}(?:${alternatives(latin)})(?![a-z]))`, 'u');
  }
  return countPattern.test(folded.slice(end, end + 80));
}

/** A footnote mark among a number's characters. */
const FOOTNOTE_MARK = new RegExp(NUMERAL_MARKS.source, 'u');

interface UnitReading {
  family: string;
  factor: number;
}

/** Reads the quantities of a text with one plan's units. */
export class QuantityReader {
  private readonly pattern: RegExp;
  private readonly units = new Map<string, UnitReading>();
  private readonly magnitudes = new Map<string, number>();
  private readonly percentPrefix: string | undefined;
  private readonly percentFamily: string | undefined;
  /** Chinese numerals with their counter that are articles, not figures (languages' `numerals.indefinite`). */
  private readonly indefinite: readonly string[];

  constructor(file: UnitsFile) {
    const symbols = new Map(file.units.map((unit) => [unit.symbol, unit]));
    const add = (pattern: string, symbol: string, scale = 1) => {
      const unit = symbols.get(symbol);
      if (unit) this.units.set(normalize(pattern), { family: unit.family, factor: unit.factor * scale });
    };
    for (const unit of file.units) add(unit.symbol, unit.symbol);
    for (const pattern of file.patterns) add(pattern.pattern, pattern.unit, pattern.scale);
    for (const [word, factor] of Object.entries(allLanguages((data) => Object.entries(data.magnitudes)).reduce<Record<string, number>>((all, [w, f]) => ({ ...all, [w]: f }), {}))) {
      this.magnitudes.set(normalize(word), factor);
    }
    const zh = languageData().zh.numerals;
    this.indefinite = (zh?.indefinite ?? []).map(normalize);
    this.percentPrefix = zh?.percentPrefix;
    this.percentFamily = this.units.get('%')?.family;
    const numeralChars = zh ? [...Object.keys(zh.digits), ...Object.keys(zh.multipliers)].map(escapeRegExp).join('') : '';
    const alternatives = (keys: Iterable<string>) =>
      [...keys]
        .sort((a, b) => b.length - a.length)
        .map((key) => {
          const body = escapeRegExp(key).replace(/[\s-]+/gu, '[\\s-]+');
          return /[a-z]$/u.test(key) ? `${body}(?![a-z])` : body;
        })
        .join('|');
    const suffixes = allLanguages((data) => data.numberSuffixes).map(escapeRegExp).join('|');
    const digitChars = zh ? Object.keys(zh.digits).map(escapeRegExp).join('') : '';
    const point = zh?.decimalPoint ? `(?:${escapeRegExp(zh.decimalPoint)}[${digitChars}]+)?` : '';
    const words = englishNumberSource();
    const number = `\\d+(?:,\\d{3})*(?:\\.\\d+)?${numeralChars ? `|[${numeralChars}]+${point}` : ''}${words ? `|(?:${words})(?![a-z])` : ''}`;
    const magnitude = this.magnitudes.size ? `(?:[\\s-]*(${alternatives(this.magnitudes.keys())}))?` : '()';
    const suffix = suffixes ? `(?:${suffixes})?` : '';
    const unit = this.units.size ? `(?:[\\s-]*(${alternatives(this.units.keys())}))?` : '()';
    const prefix = this.percentPrefix ? `(${escapeRegExp(this.percentPrefix)})?` : '()';
    // A unit that carries its magnitude (the myriad-tonne) is tried before the magnitude alone.
    this.pattern = new RegExp(`${prefix}(?<![a-z])(?<!\\d[.,]?)(${number})(?:[\\s-]*(${alternatives(this.units.keys())})|${magnitude}${suffix}${unit})`, 'gu');
  }

  /** The quantities of a text, in order. Chinese numerals count only with a unit or magnitude (sixty-five myriad-tonnes in numerals), or after the percent prefix. */
  read(text: string): Quantity[] {
    const haystack = normalize(text);
    const found: Quantity[] = [];
    this.pattern.lastIndex = 0;
    for (const match of haystack.matchAll(this.pattern)) {
      const [whole, percent, written, unitFirst, magnitudeWord, unitWord] = match;
      // A footnote mark (a circled numeral, which the normaliser reads as its digit) is no figure.
      if (FOOTNOTE_MARK.test(text.slice(match.index + (percent?.length ?? 0), match.index + (percent?.length ?? 0) + written!.length))) continue;
      const digits = /^\d/u.test(written!);
      const spelled = /^[a-z]/u.test(written!);
      const unitText = unitFirst ?? unitWord;
      // Numbers in words are figures with a unit or magnitude, or (English) before a noun they count ("eleven ... industries").
      if (!digits && !percent && !unitText && !magnitudeWord && !(spelled && countsSomething(haystack, match.index + whole.length))) continue;
      const number = digits ? Number(written!.replace(/,/gu, '')) : spelled ? englishValue(written!) : numeralValue(written!);
      if (number === undefined || !Number.isFinite(number)) continue;
      // "one round" is "a round": a count of one in words is an article, not a figure.
      if (spelled && number === 1 && !unitText && !magnitudeWord) continue;
      // So is a Chinese numeral one with its counter and nothing more, one of the language's indefinite phrases ("an enterprise").
      if (!digits && !spelled && !percent && this.indefinite.includes(whole)) continue;
      const magnitude = magnitudeWord ? (this.magnitudes.get(magnitudeWord.replace(/[\s-]+/gu, ' ')) ?? this.magnitudes.get(magnitudeWord) ?? 1) : 1;
      const unit = unitText ? this.units.get(unitText.replace(/[\s-]+/gu, ' ')) ?? this.units.get(unitText) : undefined;
      const family = percent ? this.percentFamily : unit?.family;
      const value = round(number * magnitude * (percent ? 1 : (unit?.factor ?? 1)));
      found.push({ raw: String(number), value, family, scaled: value !== number, index: match.index + (percent?.length ?? 0), end: match.index + whole.length, start: match.index });
    }
    return found;
  }
}

/** A Chinese numeral's value, with the digits after its decimal point ("twenty-three point four"). */
function numeralValue(text: string): number | undefined {
  const numerals = languageData().zh.numerals;
  const [whole, fraction] = numerals?.decimalPoint ? text.split(numerals.decimalPoint) : [text];
  const value = chineseNumeralValue(whole!);
  if (value === undefined || fraction === undefined) return value;
  const digits = [...fraction].map((char) => numerals!.digits[char]);
  if (digits.some((digit) => digit === undefined)) return undefined;
  return Number(`${value}.${digits.join('')}`);
}

/** The keys an evidence quantity is found by: its number as written, and its value (in its family, and in any). */
export function evidenceKeys(quantity: Quantity): string[] {
  const keys = [`raw:${quantity.raw}`];
  if (quantity.family) keys.push(`${quantity.family}:${quantity.value}`);
  if (isMeasured(quantity)) keys.push(`any:${quantity.value}`);
  return keys;
}

/**
 * The key an answer's quantity is looked for by: its value in its family when it has a unit
 * (65 tonnes is not 65 myriad-tonnes), its value when a magnitude made it, else the number as written.
 */
export function answerKey(quantity: Quantity): string {
  if (quantity.family) return `${quantity.family}:${quantity.value}`;
  return quantity.scaled ? `any:${quantity.value}` : `raw:${quantity.raw}`;
}

/** Other keys that support a bare number: the same value written with a magnitude or unit ("60,000" for six myriad enterprises). */
export function bareKeys(quantity: Quantity): string[] {
  return isMeasured(quantity) ? [] : [`any:${quantity.value}`];
}
