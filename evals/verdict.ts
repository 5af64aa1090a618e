/**
 * Reading an answer the way a person does, for judging it: what verdict it gives on a
 * figure (negations counted: "并非未达到" says it was reached, "has not been met" that it
 * was not), and the figures it states in words (百分之五十五, "fifty per cent", 两年).
 * Evaluation code only: the service never uses it.
 */

const ZH_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ZH_SCALES: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** The value of a Chinese numeral (十二, 两千五百, 二〇一五), or undefined. */
export function zhNumber(text: string): number | undefined {
  if (![...text].some((char) => char in ZH_SCALES || char === '万')) {
    if (![...text].every((char) => char in ZH_DIGITS)) return undefined;
    return Number([...text].map((char) => ZH_DIGITS[char]).join(''));
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const char of text) {
    if (char in ZH_DIGITS) digit = ZH_DIGITS[char];
    else if (char in ZH_SCALES) {
      section += (digit ?? 1) * ZH_SCALES[char]!;
      digit = undefined;
    } else if (char === '万') {
      total += (section + (digit ?? 0)) * 10_000;
      section = 0;
      digit = undefined;
    } else return undefined;
  }
  return total + section + (digit ?? 0);
}

const EN_SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const EN_TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const EN_WORD = `(?:${[...Object.keys(EN_TENS), ...Object.keys(EN_SMALL)].join('|')})(?:[- ](?:${Object.keys(EN_SMALL).join('|')}))?`;

function enNumber(words: string): number | undefined {
  let value = 0;
  for (const part of words.toLowerCase().split(/[- ]+/u)) {
    if (part in EN_TENS) value += EN_TENS[part]!;
    else if (part in EN_SMALL) value += EN_SMALL[part]!;
    else return undefined;
  }
  return value;
}

const ZH_NUMERAL = '[零〇一二两三四五六七八九十百千]+';
const ZH_COUNTERS = '个百分点|万吨|吨|年|轮|个行业|家|倍|项|次';

/**
 * The text with number words written as digits: 百分之五十五 → 55%, 两年 → 2年, 六十五万吨 →
 * 65万吨, "fifty per cent" → 50%, "two years" → 2 years. Other words are left as they are.
 */
export function digitsForNumberWords(text: string): string {
  return text
    .replace(new RegExp(`百分之(${ZH_NUMERAL}(?:点[零〇一二三四五六七八九]+)?)`, 'gu'), (whole, numeral: string) => {
      const [integer, fraction] = numeral.split('点');
      const value = zhNumber(integer!);
      if (value === undefined) return whole;
      return `${value}${fraction ? `.${[...fraction].map((char) => ZH_DIGITS[char]).join('')}` : ''}%`;
    })
    .replace(new RegExp(`(${ZH_NUMERAL})(?=${ZH_COUNTERS})`, 'gu'), (whole, numeral: string) => {
      const value = zhNumber(numeral);
      return value === undefined ? whole : String(value);
    })
    .replace(new RegExp(`\\b(${EN_WORD})(?=\\s+(?:per\\s*cent|percent|percentage points?|years?|tonnes?|tons?|rounds?|industries|enterprises|times)\\b)`, 'giu'), (whole, words: string) => {
      const value = enNumber(words);
      return value === undefined ? whole : String(value);
    });
}

// ---- verdicts ------------------------------------------------------------------------------

/** Words that state a figure met its target; preceded by a negation they state it did not. */
const ZH_MET = ['达到了目标', '达到规划目标', '达到目标', '已经达到', '已达到', '达到了', '已达标', '达标', '已完成', '完成了', '已实现', '实现了', '符合要求', '满足要求'];
/** Words that on their own state a figure fell short (regular expressions). */
const ZH_SHORT = ['未达到', '没有达到', '没达到', '尚未达到', '未能达到', '并未达到', '还差', '差(?=\\s*\\d)', '差距', '低于目标', '低于规划目标', '不达标', '未达标', '不够', '未完成', '未实现'];
const ZH_NEGATIONS = ['尚未', '并未', '没有', '未能', '并非', '不是', '未', '没', '不', '非'];
/** Negations that a shortfall word already contains: not counted again before it. */
const EN_MET = ['met', 'meets', 'achieved', 'achieves', 'reached', 'reaches', 'on target', 'on track', 'attained', 'satisfies', 'satisfied'];
const EN_SHORT = ['short of', 'short by', 'falls short', 'fell short', 'below the target', 'below target', 'missed', 'misses', 'under the target', 'falls below'];
const EN_NEGATIONS = ['not', "n't", 'never', 'no', 'nor', 'yet to be', 'fails to', 'failed to', 'fail to'];

export interface VerdictReading {
  /** Statements that the figure met its target. */
  met: number;
  /** Statements that it did not. */
  notMet: number;
}

/** Quoted plan text says what the plan says, not the verdict: leave it out. */
function withoutQuotes(text: string): string {
  return text.replace(/“[^”]*”|「[^」]*」|"[^"]*"/gu, ' ');
}

/** Counts how many negations stand right before position `at` in the clause (zh: within 6 characters; en: within 4 words). */
function negationsBefore(clause: string, at: number, zh: boolean): number {
  if (zh) {
    let window = clause.slice(Math.max(0, at - 6), at);
    let count = 0;
    for (const negation of ZH_NEGATIONS) {
      while (window.includes(negation)) {
        count += 1;
        window = window.replace(negation, ' ');
      }
    }
    return count;
  }
  const words = clause.slice(0, at).toLowerCase().split(/\s+/u).filter(Boolean).slice(-4).join(' ');
  let count = 0;
  for (const negation of EN_NEGATIONS) {
    const pattern = negation === "n't" ? /n't\b/gu : new RegExp(`\\b${negation.replace(/ /gu, '\\s+')}\\b`, 'gu');
    count += words.match(pattern)?.length ?? 0;
  }
  return count;
}

/** The verdicts an answer states, negations read. */
export function readVerdicts(answer: string): VerdictReading {
  const reading: VerdictReading = { met: 0, notMet: 0 };
  const clauses = withoutQuotes(answer.normalize('NFKC')).split(/[，。；！？\n;!?]|,\s|\.\s|\.$/u);
  const lists: Array<{ words: string[]; zh: boolean; positive: boolean }> = [
    { words: ZH_SHORT, zh: true, positive: false },
    { words: EN_SHORT, zh: false, positive: false },
    { words: ZH_MET, zh: true, positive: true },
    { words: EN_MET, zh: false, positive: true },
  ];
  for (const clause of clauses) {
    const lower = clause.toLowerCase();
    const found: Array<{ start: number; end: number; zh: boolean; positive: boolean }> = [];
    for (const { words, zh, positive } of lists) {
      for (const word of words) {
        const pattern = zh ? new RegExp(word, 'gu') : new RegExp(`\\b${word.replace(/ /gu, '\\s+')}\\b`, 'gu');
        for (const match of lower.matchAll(pattern)) found.push({ start: match.index, end: match.index + match[0].length, zh, positive });
      }
    }
    // Longest first where matches overlap, then read in text order.
    found.sort((a, b) => b.end - b.start - (a.end - a.start));
    const kept = found.filter((match, index) => !found.slice(0, index).some((other) => other.start < match.end && match.start < other.end && other.end - other.start > match.end - match.start) && found.findIndex((other) => other.start === match.start && other.end === match.end) === index);
    kept.sort((a, b) => a.start - b.start);
    let from = 0;
    for (const match of kept) {
      // Negations count from the previous verdict word: "未达到（差5个百分点）" is one shortfall, not two that cancel.
      const negated = negationsBefore(lower.slice(from), match.start - from, match.zh) % 2 === 1;
      if (match.positive !== negated) reading.met += 1;
      else reading.notMet += 1;
      from = match.end;
    }
  }
  return reading;
}

/** The verdict an answer gives: met, not_met, mixed (both stated), or none. */
export function answerVerdict(answer: string): 'met' | 'not_met' | 'mixed' | 'none' {
  const { met, notMet } = readVerdicts(answer);
  if (met && notMet) return 'mixed';
  if (met) return 'met';
  if (notMet) return 'not_met';
  return 'none';
}

// ---- cadences --------------------------------------------------------------------------------

/** Cadences an answer states ("every 2 years" → 2): 每N年, N年一轮/一次, every N years, biennial. */
export function cadences(text: string): number[] {
  const digits = digitsForNumberWords(text.normalize('NFKC')).toLowerCase();
  const found: number[] = [];
  for (const match of digits.matchAll(/每(\d+)年|每年|(\d+)年(?:一轮|一次|开展一次|完成一轮)|every\s+(\d+)\s+years?|every\s+year|annually|biennial(?:ly)?|every other year/gu)) {
    const value = match[1] ?? match[2] ?? match[3];
    if (value) found.push(Number(value));
    else if (/biennial|other year/u.test(match[0])) found.push(2);
    else found.push(1);
  }
  return found;
}
