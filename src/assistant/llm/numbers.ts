import { numbersIn } from '../verify.js';

/**
 * Numbers written as words, where they state a quantity: "two years", "fifty percent",
 * "每两年", "百分之五十", "一轮", "二〇一五年". Digits are `numbersIn`'s job; this catches
 * a model that writes a changed figure in words. Only number words next to a unit or a
 * counter count, so "one of the industries" or "十二五" are not figures.
 */
const EN_UNITS = String.raw`(?:percent|per\s+cent|percentage\s+points?|tonnes?|tons?|years?|rounds?|industries|industry|enterprises?|companies|firms|times|months?|projects?)`;
const EN_SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const EN_TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const EN_WORD = `(?:${[...Object.keys(EN_TENS), ...Object.keys(EN_SMALL)].join('|')}|hundred|a\\s+hundred|one\\s+hundred)`;
const EN_NUMBER = new RegExp(String.raw`(?<![a-z-])(${EN_WORD}(?:[-\s]+(?:${Object.keys(EN_SMALL).join('|')}))?)\s+(?:more\s+|other\s+|key\s+|major\s+|heavy-metal\s+)?${EN_UNITS}(?![a-z])`, 'giu');

const ZH_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
/** No 万 inside: "六十五万吨" is 65 with the unit 万吨, as `numbersIn` reads "65万吨". */
const ZH_NUMERAL = '[零〇一二两三四五六七八九十百][零〇一二两三四五六七八九十百千]*';
const ZH_UNITS = '(?:个百分点|万吨|吨|年|轮|个行业|个重点行业|家|倍|成|项)';
const ZH_NUMBER = new RegExp(`百分之(${ZH_NUMERAL})|(${ZH_NUMERAL})${ZH_UNITS}`, 'gu');

function englishValue(words: string): number | undefined {
  const parts = words.toLowerCase().replace(/^(a|one)\s+hundred$/u, 'hundred').split(/[-\s]+/u).filter(Boolean);
  if (parts.length === 1 && parts[0] === 'hundred') return 100;
  let value = 0;
  for (const part of parts) {
    if (part in EN_TENS) value += EN_TENS[part]!;
    else if (part in EN_SMALL) value += EN_SMALL[part]!;
    else return undefined;
  }
  return value;
}

/** 两 → 2, 十二 → 12, 五十 → 50, 一百 → 100, 二〇一五 → 2015, 三万 → 30000. */
export function chineseNumeralValue(text: string): number | undefined {
  if (!/[十百千万]/u.test(text)) {
    // Positional digits: 二〇一五.
    let value = 0;
    for (const char of text) {
      const digit = ZH_DIGITS[char];
      if (digit === undefined) return undefined;
      value = value * 10 + digit;
    }
    return value;
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const char of text) {
    if (char in ZH_DIGITS) digit = ZH_DIGITS[char];
    else if (char === '十' || char === '百' || char === '千') {
      const scale = char === '十' ? 10 : char === '百' ? 100 : 1000;
      section += (digit ?? 1) * scale;
      digit = undefined;
    } else if (char === '万') {
      total += (section + (digit ?? 0)) * 10_000;
      section = 0;
      digit = undefined;
    } else return undefined;
  }
  return total + section + (digit ?? 0);
}

/** Number words that state a quantity, as canonical number strings (like `numbersIn`). */
export function spelledNumbers(text: string): string[] {
  const found: string[] = [];
  const normalized = text.normalize('NFKC');
  for (const match of normalized.matchAll(EN_NUMBER)) {
    const value = englishValue(match[1]!);
    if (value !== undefined) found.push(String(value));
  }
  for (const match of normalized.matchAll(ZH_NUMBER)) {
    const numeral = match[1] ?? match[2]!;
    // 十二五 (the plan's name) and 一些/一批 never reach here; "十二五" has no unit after it.
    const value = chineseNumeralValue(numeral);
    if (value !== undefined) found.push(String(value));
  }
  return found;
}

/** Every figure a text states: digits (`numbersIn`) and number words with a unit. */
export function claimNumbers(text: string): string[] {
  return [...numbersIn(text), ...spelledNumbers(text)];
}
