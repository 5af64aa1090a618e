import type { PlanPack } from '../../src/plan/load.js';
import { chineseNumeralValue, statedValues } from '../../src/text/figures.js';
import { languageData } from '../../src/text/languages.js';
import { containsHan, isLatin } from '../../src/text/normalize.js';
import { PhraseMatcher } from '../../src/text/phrases.js';

/**
 * Checks an English text against the Chinese it renders: the same figures, however each
 * language writes them (65万吨 = 650,000 tonnes, ① a mark not a figure, 一、 and "1." the same
 * heading number), and the plan's industries, technologies and pollutants by their English
 * names (industries.json names and aliases, the glossary's English).
 */

/** A heading's number: "一、", "（一）" in Chinese; "1.", "(1)" in English. */
const CHINESE_ENUMERATOR = /^\s*(?:[（(]([零〇一二两三四五六七八九十]+)[）)]|([零〇一二两三四五六七八九十]+)、)/u;
const ENGLISH_ENUMERATOR = /^\s*(?:\((\d+)\)|(\d+)\.(?!\d))/u;

/** An English number word for a whole number under 100 ("three", "twenty-one"), as a whole-word pattern. */
function numberWord(value: string): RegExp | undefined {
  const words = languageData().en.numberWords;
  const n = Number(value);
  if (!words || !Number.isInteger(n) || n < 0 || n >= 100) return undefined;
  const name = (table: Record<string, number>, wanted: number) => Object.entries(table).find(([, v]) => v === wanted)?.[0];
  const written = n < 20 ? name(words.small, n) : n % 10 === 0 ? name(words.tens, n) : `${name(words.tens, n - (n % 10))}[-\\s]${name(words.small, n % 10)}`;
  return written ? new RegExp(`(?<![a-z])${written}(?![a-z])`, 'iu') : undefined;
}

/** The text with the spans taken out. */
function blank(text: string, spans: ReadonlyArray<{ index: number; end: number }>): string {
  return [...spans].reverse().reduce((rest, span) => `${rest.slice(0, span.index)} ${rest.slice(span.end)}`, text);
}

/** The English names of one term of the plan: an industry, a technology or a pollutant. */
interface Named {
  zh: string;
  en: string[];
}

export class RenderingChecker {
  /** Chinese surfaces of the industries, technologies and pollutants → their English names. */
  private readonly names: PhraseMatcher<Named>;
  /** Chinese surfaces of glossary terms whose Chinese has a numeral (十二五 = 12th Five-Year Plan) → their English names: names, not figures. */
  private readonly numberedNames: PhraseMatcher<string[]>;

  constructor(pack: PlanPack) {
    const named = new Map<string, Named>();
    const add = (surfaces: readonly string[], key: string) => {
      const entry = named.get(key) ?? { zh: key, en: [] };
      for (const surface of surfaces) if (isLatin(surface) && !containsHan(surface) && !entry.en.includes(surface)) entry.en.push(surface);
      named.set(key, entry);
    };
    const zhSurfaces = new Map<string, string>();
    for (const term of pack.glossary.filter((entry) => entry.kind === 'technology' || entry.kind === 'pollutant')) {
      add(term.en, term.zh);
      for (const surface of [term.zh, ...term.aliases, ...term.en].filter(containsHan)) zhSurfaces.set(surface, term.zh);
    }
    for (const industry of pack.industries) {
      add([industry.name.en, ...industry.aliases], industry.name.zh);
      for (const surface of [industry.name.zh, ...industry.aliases].filter(containsHan)) zhSurfaces.set(surface, industry.name.zh);
    }
    this.names = new PhraseMatcher([...zhSurfaces].map(([surface, key]) => [surface, named.get(key)!] as const));
    // A term whose Chinese has a numeral (十二五, 每两年): all its names are masked, however each writes the number.
    const { digits, multipliers } = languageData().zh.numerals!;
    const numeral = new RegExp(`[\\d${[...Object.keys(digits), ...Object.keys(multipliers)].join('')}]`, 'u');
    this.numberedNames = new PhraseMatcher(
      pack.glossary.flatMap((term) => {
        const surfaces = [term.zh, ...term.aliases].filter(containsHan);
        if (!surfaces.some((surface) => numeral.test(surface))) return [];
        const names = term.en.filter((surface) => !containsHan(surface));
        return surfaces.map((surface) => [surface, names] as const);
      }),
    );
  }

  /** Figures of `zh` missing from `en`, and figures `en` adds (as canonical values), after headings' numbers are matched. */
  figures(zh: string, en: string): { missing: string[]; added: string[]; numbering?: string } {
    let source = zh;
    let rendering = en;
    let numbering: string | undefined;
    const zhNumber = CHINESE_ENUMERATOR.exec(source);
    const enNumber = ENGLISH_ENUMERATOR.exec(rendering);
    if (zhNumber || enNumber) {
      const zhValue = zhNumber ? chineseNumeralValue(zhNumber[1] ?? zhNumber[2]!) : undefined;
      const enValue = enNumber ? Number(enNumber[1] ?? enNumber[2]) : undefined;
      if (zhValue !== enValue) numbering = `heading number ${zhValue ?? 'none'} rendered as ${enValue ?? 'none'}`;
      if (zhNumber) source = source.slice(zhNumber[0].length);
      if (enNumber) rendering = rendering.slice(enNumber[0].length);
    }
    // Names with numerals (十二五, "12th Five-Year Plan", SO2) are words in both languages, not figures.
    const exempt = new PhraseMatcher(this.numberedNames.values(source).flat().map((name) => [name, name] as const));
    source = blank(source, this.numberedNames.find(source));
    rendering = blank(rendering, exempt.find(rendering));
    const zhValues = new Set(statedValues(source));
    const enValues = new Set(statedValues(rendering));
    return {
      // A count in Chinese (三项技术) may be a number word before any noun in English ("three technologies").
      missing: [...zhValues].filter((value) => !enValues.has(value) && !numberWord(value)?.test(rendering)),
      added: [...enValues].filter((value) => !zhValues.has(value)),
      ...(numbering ? { numbering } : {}),
    };
  }

  /** Industries, technologies and pollutants `zh` names whose English names `en` does not use. */
  unnamed(zh: string, en: string): string[] {
    return this.names
      .values(zh)
      .filter((name) => name.en.length > 0 && !new PhraseMatcher(name.en.map((surface) => [surface, surface] as const)).test(en))
      .map((name) => `${name.zh} (${name.en[0]})`);
  }

  /** Every problem of one rendering, worded for a test failure; [] when it is faithful. */
  problems(zh: string, en: string): string[] {
    const { missing, added, numbering } = this.figures(zh, en);
    return [
      ...(missing.length ? [`figures missing: ${missing.join(', ')}`] : []),
      ...(added.length ? [`figures added: ${added.join(', ')}`] : []),
      ...(numbering ? [numbering] : []),
      ...this.unnamed(zh, en).map((name) => `not named in English: ${name}`),
    ];
  }
}
