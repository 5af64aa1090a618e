import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findQuantities } from '../src/text/figures.js';
import { mainPack } from './support/packs.js';

/**
 * The figure parser reads a figure back exactly however it is written: digits with or without
 * thousands separators, full-width digits, decimals, Chinese numerals, percentages in words,
 * tenths, fractions, English number words and the plan's units. The renderings are written
 * here, apart from the parser.
 */
const units = mainPack().units.patterns;
const read = (text: string) => findQuantities(text, { units }).quantities.map((quantity) => ({ value: Math.round(quantity.value * 100) / 100, unit: quantity.unit }));

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 2500 → 两千五百, 45 → 四十五, 10 → 十, 105 → 一百零五. */
function chinese(value: number): string {
  if (value === 0) return '零';
  const parts: string[] = [];
  const scales: Array<[number, string]> = [[1000, '千'], [100, '百'], [10, '十'], [1, '']];
  let rest = value;
  let zero = false;
  for (const [scale, name] of scales) {
    const digit = Math.floor(rest / scale);
    rest %= scale;
    if (digit === 0) {
      if (parts.length) zero = true;
      continue;
    }
    if (zero) parts.push('零');
    zero = false;
    const word = digit === 2 && scale >= 1000 ? '两' : ZH_DIGITS[digit]!;
    parts.push(scale === 10 && digit === 1 && parts.length === 0 ? name : `${word}${name}`);
  }
  return parts.join('');
}

const EN_SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
/** 645 → six hundred and forty-five. */
function english(value: number): string {
  const under100 = (n: number) => (n < 20 ? EN_SMALL[n]! : `${EN_TENS[Math.floor(n / 10)]}${n % 10 ? `-${EN_SMALL[n % 10]}` : ''}`);
  if (value < 100) return under100(value);
  const hundreds = Math.floor(value / 100);
  const rest = value % 100;
  return `${EN_SMALL[hundreds]} hundred${rest ? ` and ${under100(rest)}` : ''}`;
}

const thousands = (value: number) => value.toLocaleString('en-US');
const fullWidth = (text: string) => text.replace(/[0-9%.,]/gu, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));

describe('the figure parser', () => {
  it('reads a percentage written in digits, full-width, in Chinese words and in English words', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), (value) => {
        expect(read(`比例为${value}%`)).toEqual([{ value, unit: '%' }]);
        expect(read(`比例为${fullWidth(`${value}%`)}`)).toEqual([{ value, unit: '%' }]);
        expect(read(`比例为百分之${chinese(value)}`)).toEqual([{ value, unit: '%' }]);
        expect(read(`a rate of ${english(value)} per cent`)).toEqual([{ value, unit: '%' }]);
        expect(read(`a rate of ${english(value)} percent`)).toEqual([{ value, unit: '%' }]);
      }),
      { numRuns: 100 },
    );
  });

  it('reads decimal percentages', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), (tenths) => {
        const value = tenths / 10;
        expect(read(`达到${value}%`)).toEqual([{ value, unit: '%' }]);
        expect(read(`reached ${value} per cent`)).toEqual([{ value, unit: '%' }]);
      }),
      { numRuns: 100 },
    );
  });

  it('reads tonnages with thousands separators, in Chinese numerals, in ten-thousand tonnes and in English words', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), (value) => {
        expect(read(`削减${value}吨`)).toEqual([{ value, unit: '吨' }]);
        expect(read(`cut by ${thousands(value)} tonnes`)).toEqual([{ value, unit: '吨' }]);
        expect(read(`削减${chinese(value)}吨`)).toEqual([{ value, unit: '吨' }]);
        if (value < 1000) expect(read(`cut by ${english(value)} tonnes`)).toEqual([{ value, unit: '吨' }]);
        expect(read(`cut by ${thousands(value * 1000)} t/yr`)).toEqual([{ value: value * 1000, unit: '吨/年' }]);
        expect(read(`削减${value / 10}万吨`)).toEqual([{ value: value / 10, unit: '万吨' }]);
      }),
      { numRuns: 100 },
    );
  });

  it('reads tenths and fractions as percentages', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 9 }), (tens, ones) => {
        expect(read(`普及率${ZH_DIGITS[tens]}成${ones ? ZH_DIGITS[ones] : ''}`)).toEqual([{ value: tens * 10 + ones, unit: '%' }]);
      }),
    );
    for (const [text, value] of [
      ['三分之一的企业', 33.33],
      ['三分之二', 66.67],
      ['四分之三', 75],
      ['过半', 50],
      ['一半', 50],
      ['two thirds of them', 66.67],
      ['three quarters of capacity', 75],
      ['exactly half of the firms', 50],
      ['about two fifths of the heads', 40],
      ['three-tenths of the lines', 30],
      ['a fifth of them', 20],
      ['about 2/3 of them', 66.67],
      ['3/4的企业', 75],
      ['1/10 of the lines', 10],
    ] as const) {
      expect(read(text), text).toEqual([{ value, unit: '%' }]);
    }
    // A slash without "of" after it is a date, a ratio or a schedule, no share.
    for (const text of ['on 2/3 we met', '24/7 of them', 'the ratio 2/3', '3/2 of it']) expect(read(text), text).toEqual([]);
  });

  it('lets a word for a share yield to the percentage the text writes out', () => {
    expect(read('普及率已经过半了，大概55%')).toEqual([{ value: 55, unit: '%' }]);
    expect(read('more than half, 56 percent to be exact')).toEqual([{ value: 56, unit: '%' }]);
    expect(read('普及率已经过半')).toEqual([{ value: 50, unit: '%' }]);
  });

  it('reads a Chinese numeral with a myriad inside as one number, and a myriad before the unit as the unit', () => {
    expect(read('削减十万零五千吨/年')).toEqual([{ value: 105000, unit: '吨/年' }]);
    expect(read('三万二千家企业')).toEqual([{ value: 32000, unit: '家' }]);
    expect(read('削减六十五万吨')).toEqual([{ value: 65, unit: '万吨' }]);
  });

  it('reads a figure given per month as the year the targets are set for, with the pack’s period words', () => {
    const periods = mainPack().lexicon.figureContexts.periods;
    const yearly = (text: string) => findQuantities(text, { units, periods }).quantities.map((quantity) => ({ value: quantity.value, unit: quantity.unit }));
    expect(yearly('氨氮每月削减1万吨')).toEqual([{ value: 12, unit: '万吨' }]);
    expect(yearly('we cut 9,000 tonnes per month')).toEqual([{ value: 108000, unit: '吨' }]);
    expect(yearly('we cut 9,000 tonnes a year')).toEqual([{ value: 9000, unit: '吨/年' }]);
    expect(yearly('氨氮每年削减1万吨')).toEqual([{ value: 1, unit: '万吨' }]);
  });

  it('reads a bare decimal below one as a share only when asked to', () => {
    const shares = (text: string) => findQuantities(text, { units, decimalShares: true }).quantities.map((quantity) => ({ value: quantity.value, unit: quantity.unit }));
    expect(shares('实施率0.62，达标吗')).toEqual([{ value: 62, unit: '%' }]);
    expect(shares('penetration is 0.55, are we there?')).toEqual([{ value: 55, unit: '%' }]);
    expect(shares('削减0.2万吨')).toEqual([{ value: 0.2, unit: '万吨' }]);
    expect(shares('version 1.05 of the form')).toEqual([]);
    expect(read('实施率0.62，达标吗')).toEqual([]);
  });

  it('counts enterprises, and reads no count or year where there is none', () => {
    expect(read('培育480家示范企业')).toEqual([{ value: 480, unit: '家' }]);
    expect(read('培育四百八十家')).toEqual([{ value: 480, unit: '家' }]);
    expect(read('recognised 512 cleaner production demonstration enterprises')).toEqual([{ value: 512, unit: '家' }]);
    expect(read('我们是一家规模以上企业')).toEqual([]);
    expect(read('by 2015 all enterprises')).toEqual([]);
    expect(read('“十二五”期间')).toEqual([]);
    expect(read('12 percent of above-scale industrial enterprises')).toEqual([{ value: 12, unit: '%' }]);
  });
});
