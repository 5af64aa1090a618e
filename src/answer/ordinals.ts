import { chineseNumeralValue } from '../text/figures.js';
import { languageData, type LanguageData } from '../text/languages.js';
import { containsHan, escapeRegExp } from '../text/normalize.js';
import { clauseBreakPattern, splitSentences } from '../text/sentences.js';

/**
 * A follow-up that points at an item of the list the answer before gave ("the second one",
 * "the third industry" in Chinese): which words point, at which position, and the item they mean. The words are the
 * languages' data (languages/*.json, `ordinals`); this module only reads lists.
 */

/** Where a question points at a position, and which (-1: the last). */
export interface OrdinalReference {
  index: number;
  end: number;
  position: number;
}

/** An item this long or longer is cut at a clause: it stands in a question for what it names. */
const MAX_ITEM_LENGTH = 60;
/** Citation markers a client or this service writes after a sentence ("[1]", "[t1.demo]", lenticular brackets). */
const MARKERS = /\[[^\]\n]{1,24}\]|\u3014[^\u3015\n]{1,24}\u3015|\u3010[^\u3011\n]{1,24}\u3011|\*\*/gu;

interface Patterns {
  positions: RegExp[];
  words: Map<string, number>;
  conjunctions: RegExp;
  enumerated: RegExp | undefined;
  leads: RegExp;
  figures: RegExp;
}
let memo: Patterns | undefined;

function patterns(): Patterns {
  if (memo) return memo;
  const data = Object.values(languageData()) as LanguageData[];
  const alternatives = (list: readonly string[]) => [...list].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const positions: RegExp[] = [];
  const words = new Map<string, number>();
  for (const { ordinals, numerals } of data) {
    for (const [word, position] of Object.entries(ordinals.words)) words.set(word.toLowerCase(), position);
    const after = ordinals.after.length ? alternatives(ordinals.after) : '';
    if (ordinals.prefix && numerals) {
      // A prefix, a numeral (digits or the language's own) and a counter; a numeral right after it is another number ("the second five-year").
      const numeral = `[${escapeRegExp([...Object.keys(numerals.digits), ...Object.keys(numerals.multipliers)].join(''))}]{1,3}|\\d{1,2}`;
      const own = `[${escapeRegExp(Object.keys(numerals.digits).join(''))}\\d]`;
      positions.push(new RegExp(`${escapeRegExp(ordinals.prefix)}(?<numeral>${numeral})(?:${after})(?!${own})`, 'gu'));
    }
    const entries = Object.keys(ordinals.words);
    const latin = entries.filter((word) => /^[a-z0-9]/iu.test(word));
    const other = entries.filter((word) => !/^[a-z0-9]/iu.test(word));
    if (latin.length) {
      const lead = ordinals.lead.length ? `(?:(?<lead>${alternatives(ordinals.lead)})\\s+)?` : '';
      const noun = after ? `(?:\\s+(?<noun>${after}))?` : '';
      positions.push(new RegExp(`(?<![a-z0-9])${lead}(?<word>${alternatives(latin)})${noun}(?![a-z0-9])`, 'giu'));
    }
    if (other.length) positions.push(new RegExp(`(?<word>${alternatives(other)})`, 'gu'));
  }
  const conjunctions = data.flatMap((language) => language.ordinals.conjunctions);
  const enumerating = data.map((language) => language.ordinals.enumerating).find(Boolean);
  const numerals = data.find((language) => language.numerals)?.numerals;
  const zhDigits = Object.keys(numerals?.digits ?? {}).join('');
  const zhNumeral = escapeRegExp([...Object.keys(numerals?.digits ?? {}), ...Object.keys(numerals?.multipliers ?? {})].join(''));
  const enumerators = new Set(data.flatMap((language) => language.enumerators));
  const leadMarks = data.flatMap((language) => language.listMarks).filter((mark) => !enumerators.has(mark)).join('');
  const counters = data.flatMap((language) => language.counters);
  memo = {
    positions,
    words,
    conjunctions: new RegExp(`\\s*(?:${conjunctions.map((word) => (/^[a-z]/iu.test(word) ? `\\s${escapeRegExp(word)}\\s` : escapeRegExp(word))).join('|') || '(?!)'})\\s*`, 'giu'),
    enumerated: enumerating && zhDigits ? new RegExp(`(?<![${escapeRegExp(zhDigits)}])([${zhNumeral}]{1,2})${escapeRegExp(enumerating)}`, 'gu') : undefined,
    // A list's lead ends at a list mark that is not an enumeration comma (the colon of "Industries: ...").
    leads: leadMarks ? new RegExp(`[${escapeRegExp(leadMarks)}]`, 'u') : /(?!)/u,
    figures: new RegExp(`\\d[\\d.,]*\\s*(?:${alternatives(counters)})?`, 'giu'),
  };
  return memo;
}

/** The first place a question points at an item by its position. */
export function findOrdinal(question: string): OrdinalReference | undefined {
  const { positions, words } = patterns();
  const found: OrdinalReference[] = [];
  for (const pattern of positions) {
    pattern.lastIndex = 0;
    for (const match of question.matchAll(pattern)) {
      const groups = match.groups ?? {};
      let position: number | undefined;
      if (groups['numeral'] !== undefined) position = /\d/u.test(groups['numeral']) ? Number(groups['numeral']) : chineseNumeralValue(groups['numeral']);
      else if (groups['word'] !== undefined) {
        position = words.get(groups['word'].toLowerCase());
        // "The second" needs "the" or a noun to point ("second, the targets" does not); alone it stands before no other word ("the second round").
        const latin = /^[a-z0-9]/iu.test(groups['word']);
        const rest = question.slice(match.index + match[0].length);
        if (latin && !groups['noun'] && (!groups['lead'] || /^\s*[a-z]/iu.test(rest))) position = undefined;
      }
      if (position !== undefined && position !== 0) found.push({ index: match.index, end: match.index + match[0].length, position });
    }
  }
  return found.sort((a, b) => a.index - b.index)[0];
}

/** Numbered lines ("1. ...", "2) ...", a Chinese parenthesised numeral), numbered from one; a heading's quoted text after its colon left out. */
function numberedLines(text: string): string[] {
  const items: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(?:(\d{1,2})\s*[.)\u3001\uFF0E]|[(\uFF08](\p{Script=Han}{1,2})[)\uFF09])\s*(\S.*)$/u.exec(line);
    if (!match) continue;
    const number = match[1] !== undefined ? Number(match[1]) : chineseNumeralValue(match[2]!);
    if (number === items.length + 1) items.push(match[3]!.split(/[:\uFF1A]\s*[\u201C"\u300C]/u)[0]!.trim());
  }
  return items;
}

/** Clauses enumerated in a sentence (the Chinese "first is ...; second is ..."), in order from one. */
function enumeratedClauses(text: string): string[] {
  const { enumerated } = patterns();
  if (!enumerated) return [];
  const marks = [...text.matchAll(enumerated)].map((match) => ({ value: chineseNumeralValue(match[1]!), index: match.index, end: match.index + match[0].length }));
  const items: string[] = [];
  let from = -1;
  for (const [at, mark] of marks.entries()) {
    if (mark.value !== items.length + 1) continue;
    const next = marks.slice(at + 1).find((later) => later.value === items.length + 2);
    const sentenceEnd = splitSentences(text.slice(mark.end))[0] ?? '';
    const end = next ? next.index : mark.end + sentenceEnd.length;
    if (mark.index < from) break;
    items.push(text.slice(mark.end, end).replace(/[\p{P}\s]+$/u, ''));
    from = end;
  }
  return items;
}

/** The longest inline list of a sentence: items between enumeration commas or commas, the last two joined by a conjunction. */
function inlineList(text: string): string[] {
  const { conjunctions, leads } = patterns();
  let best: string[] = [];
  // Sentences as a list ends them: a semicolon separates items ("Chromium salts; Electroplating; Leather").
  for (const sentence of text.split(/(?<!\d)\.(?!\d)|[\n!?\u3002\uFF01\uFF1F]/u)) {
    const separator = containsHan(sentence) ? /\u3001/u : /[,;]\s*/u;
    const pieces = sentence.split(separator).map((piece) => piece.trim()).filter(Boolean);
    // What leads the list ("Industries: ...") is not its first item.
    if (pieces[0]) pieces[0] = pieces[0].split(leads).at(-1)!.trim();
    const last = pieces.pop() ?? '';
    conjunctions.lastIndex = 0;
    const joined = [...last.matchAll(conjunctions)].at(-1);
    const items = joined ? [...pieces, last.slice(0, joined.index).trim(), last.slice(joined.index + joined[0].length).trim()] : [...pieces, last];
    if (items.length >= 3 || (joined && items.length >= 2)) {
      if (items.length > best.length) best = items.filter(Boolean);
    }
  }
  return best;
}

/** An item as words a question can carry: its clauses without figures (or, when every clause has one, without the figures), cut when long. */
function asWords(item: string): string {
  const { figures } = patterns();
  const clauses = item.split(clauseBreakPattern()).map((clause) => clause.trim()).filter(Boolean);
  const plain = clauses.filter((clause) => !/\d/u.test(clause));
  figures.lastIndex = 0;
  const text = plain.length ? plain.join(' ') : item.replace(figures, '');
  const words = text.replace(/[(\uFF08][\s\p{P}]*[)\uFF09]/gu, '').replace(/[\p{P}\s]+$/u, '').trim();
  return words.length > MAX_ITEM_LENGTH ? words.slice(0, MAX_ITEM_LENGTH) : words;
}

/**
 * The question with its pointer replaced by the item it points at, from the list the answer
 * before gave (numbered lines first, then enumerated clauses, then an inline list); undefined
 * when it points at nothing there.
 */
export function resolveOrdinal(question: string, previousAnswer: string | undefined): string | undefined {
  if (!previousAnswer) return undefined;
  const reference = findOrdinal(question);
  if (!reference) return undefined;
  const text = previousAnswer.replace(MARKERS, '');
  for (const items of [numberedLines(text), enumeratedClauses(text), inlineList(text)]) {
    const item = reference.position === -1 ? items.at(-1) : items[reference.position - 1];
    if (items.length < 2 || item === undefined) continue;
    const words = asWords(item);
    if (!words) continue;
    return `${question.slice(0, reference.index)}${words}${question.slice(reference.end)}`;
  }
  return undefined;
}
