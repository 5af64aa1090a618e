import { segmentWords } from '../retrieval/tokenize.js';
import { periodsOverlap, yearPeriods } from '../text/figures.js';
import { normalize } from '../text/normalize.js';
import { cueMatcher, PhraseMatcher } from '../text/phrases.js';
import { clauseBreakPattern, sentenceEndPattern } from '../text/sentences.js';
import { allLanguages, languageData, type LanguageData } from '../text/languages.js';
import { answerKey, bareKeys, evidenceKeys, isMeasured, type Quantity } from './quantities.js';
import { remember, type VerifierLexicon } from './verifier-lexicon.js';

/**
 * A figure with what its words tie to it: how often or over what period it holds (a year, two
 * years, cumulatively), whether it is a ceiling or a floor, and the clause it stands in (its
 * subject). An answer's figure is bound to the evidence's mentions of the same quantity: "638
 * tonnes a month" is not "638 tonnes a year", "below 50%" is not "over 50%".
 */
export interface FigureMention {
  quantity: Quantity;
  /** Keys the figure is found by (an evidence mention's), or looked for by (an answer's, first). */
  keys: string[];
  /** Cadence classes of the words next to it ("cadence:perYear"). */
  cadence: Set<string>;
  comparator: 'atMost' | 'atLeast' | undefined;
  /** Whether its words make it the gap between two figures ("short by 38 tonnes", "9 percentage points below"). */
  gap: boolean;
  /** The clause it stands in, normalised. */
  clause: string;
  /** Its part of the clause: from the figure before it to the figure after it (list marks break clauses here). */
  window: string;
  /** What its sentence says before its first figure's part: the subject all its figures share ("Table 1: COD — …"). */
  lead: string;
  /** Its whole sentence. */
  sentence: string;
  /**
   * The years or spans of years it is a figure of ("2015", "2003-2010"): those of its own part of
   * the clause, or (in evidence) of the figure before it in its sentence, else of its sentence's
   * lead ("by 2015, cut A by x, B by y"). Empty when nothing says.
   */
  periods: Array<{ from: number; to: number }>;
}

/** Characters before and after a figure that are read as its own words. */
const BEFORE = 14;
/** What joins the two ends of a range ("2500~5000" with a tilde of either width, "2,500-5,000", "2,500 to 5,000"). */
const RANGE_JOIN = /^\s*(?:[~\u301C\uFF5E\-\u2013\u2014\u81F3\u5230]|to)\s*$/u;
const AFTER = 12;
/** Characters before and after a figure read for the words that make it a gap. */
const GAP_SPAN = 28;
/** Letters besides its year a clause may have to be read as giving that year to the figure before it ("for", "in", "by", two Chinese characters). */
const YEAR_CLAUSE = 4;

let conjunctions: PhraseMatcher<string> | undefined;
const conjunctionMatcher = () => (conjunctions ??= cueMatcher(allLanguages((data) => data.verifier.conjunctions)));
let comparators: { before: PhraseMatcher<'atMost' | 'atLeast'>; after: PhraseMatcher<'atMost' | 'atLeast'> } | undefined;

function comparatorMatchers() {
  if (!comparators) {
    const entries = (side: 'before' | 'after') =>
      Object.values(languageData()).flatMap((data) =>
        (['atMost', 'atLeast'] as const).flatMap((kind) => data.verifier.figureComparators[kind][side].map((word) => [word, kind] as const)),
      );
    comparators = { before: new PhraseMatcher(entries('before'), { plurals: false }), after: new PhraseMatcher(entries('after'), { plurals: false }) };
  }
  return comparators;
}

let gapWords: { before: PhraseMatcher<string>; after: PhraseMatcher<string>; afterComparison: PhraseMatcher<string>; markers: PhraseMatcher<string> } | undefined;

function gapMatchers() {
  if (!gapWords) {
    const matcher = (pick: (data: LanguageData) => readonly string[]) => cueMatcher(allLanguages(pick));
    gapWords = {
      before: matcher((data) => data.verifier.figureGaps.before),
      after: matcher((data) => data.verifier.figureGaps.after),
      afterComparison: matcher((data) => data.verifier.figureGaps.afterComparison),
      markers: matcher((data) => data.verifier.comparisonMarkers),
    };
  }
  return gapWords;
}

/** Whether the words right before a figure (`head`, within its clause) or right after it (`tail`) make it a gap. */
function isGap(head: string, tail: string, clauseBefore: string): boolean {
  const words = gapMatchers();
  // Right before the figure: "lower than 50%" is a comparator, not "lower" and a gap.
  const ends = (match: { end: number } | undefined) => match !== undefined && head.trimEnd().length === match.end;
  if (ends(words.before.find(head).at(-1))) return true;
  if (words.after.find(tail).some((match) => match.index <= 2)) return true;
  return ends(words.afterComparison.find(head).at(-1)) && words.markers.find(clauseBefore).length > 0;
}

/** The figures of a text with their cadence, comparator and clause. `answer` picks the keys an answer's figure is looked for by. */
export function figureMentions(text: string, lexicon: VerifierLexicon, answer = false): FigureMention[] {
  if (answer) return readMentions(text, lexicon, true);
  const cached = lexicon.memo.figures.get(text) as FigureMention[] | undefined;
  if (cached) return cached;
  const mentions = readMentions(text, lexicon, false);
  remember(lexicon.memo.figures, text, mentions);
  return mentions;
}

function readMentions(text: string, lexicon: VerifierLexicon, answer: boolean): FigureMention[] {
  const folded = normalize(text);
  const breaks = clauseBreakPattern();
  const { before, after } = comparatorMatchers();
  const quantities = lexicon.quantities.read(text);
  const listBreaks = clauseBreakPattern({ listMarks: true });
  const joins = conjunctionMatcher;
  const sentenceEnd = sentenceEndPattern();
  const windows: Array<{ start: number }> = [];
  // Years are read with the other figures blanked out ("2000 tonnes" is no year); a bare year is
  // no figure between which a figure's words end ("the 2015 target of 60%").
  const isYear = (quantity: Quantity) => !isMeasured(quantity) && /^(?:19|20)\d\d$/u.test(quantity.raw);
  // A year said not to have a figure ("gives no 2010 figure") is no period of one: blanked too.
  const unread = (quantity: Quantity) => !isYear(quantity) || lexicon.endsWithNegation.test(folded.slice(Math.max(0, quantity.start - 8), quantity.start));
  let yearText = folded;
  for (const quantity of quantities) if (unread(quantity)) yearText = yearText.slice(0, quantity.start) + ' '.repeat(quantity.end - quantity.start) + yearText.slice(quantity.end);
  const figureIndexes = quantities.flatMap((quantity, index) => (isYear(quantity) ? [] : [index]));
  // A clause ends at a clause break that is not a thousands separator ("60,000"), and at a full stop that ends a sentence.
  const breakAt = (i: number): boolean => {
    const char = folded[i]!;
    if (char === '.') return /\s/u.test(folded[i + 1] ?? '') && !abbreviationBefore(folded, i);
    return breaks.test(char) && !(char === ',' && /\d/u.test(folded[i - 1] ?? '') && /^\d{3}(?!\d)/u.test(folded.slice(i + 1, i + 5)));
  };
  // A Chinese conjunction is one only as a word of its own: the character inside a word ("penetration rate" written with it) joins nothing.
  const wholeWord = wordBoundaries(folded);
  const mentions = quantities.map((quantity, index) => {
    let from = 0;
    let to = folded.length;
    for (let i = quantity.start - 1; i >= 0; i--) {
      if (breakAt(i)) {
        from = i + 1;
        break;
      }
    }
    for (let i = quantity.end; i < folded.length; i++) {
      if (breakAt(i)) {
        to = i;
        break;
      }
    }
    // Its own words: up to the figures beside it, within the clause. Its unit may say how often (ten-thousand tonnes a year: per year).
    // The upper end of a range ("daily 2,500-5,000 t": the lower end a bare number) has the words before the range's start.
    let first = index;
    while (first > 0 && !isMeasured(quantities[first - 1]!) && RANGE_JOIN.test(folded.slice(quantities[first - 1]!.end, quantities[first]!.start))) first--;
    const head = folded.slice(Math.max(from, quantities[first - 1]?.end ?? 0, quantities[first]!.start - BEFORE), quantity.start);
    let tailEnd = Math.min(to, quantities[index + 1]?.start ?? folded.length, quantity.end + AFTER);
    // A word cut at the edge is read whole ("cumulatively").
    while (tailEnd < to && tailEnd < (quantities[index + 1]?.start ?? folded.length) && /[a-z]/u.test(folded[tailEnd - 1] ?? '') && /[a-z]/u.test(folded[tailEnd]!)) tailEnd++;
    const tail = folded.slice(quantity.end, tailEnd);
    const unit = folded.slice(quantity.index, quantity.end).replace(/^[\d.,\s]+/u, '');
    const cadence = new Set<string>();
    const isCadence = (match: { value: ReadonlyArray<{ kind: string }> }) => match.value.some((cue) => cue.kind === 'cadence');
    // A cadence written onto its unit ("638 t/month") is the figure's, whatever other words near it say.
    const onUnit = [...lexicon.cues.find(unit), ...lexicon.cues.find(tail).filter((match) => /^\s*$/u.test(tail.slice(0, match.index)))].filter(isCadence);
    for (const match of onUnit.length ? onUnit : [...lexicon.cues.find(head), ...lexicon.cues.find(tail), ...lexicon.cues.find(unit)]) {
      for (const cue of match.value) if (cue.kind === 'cadence') cadence.add(`cadence:${cue.name}`);
    }
    // The comparator nearest the figure: the last before it, else the first right after it.
    // A comparator between two figures ("29.9% is below 30%") compares them; it makes neither a ceiling.
    const last = before.find(head).at(-1);
    const headStart = quantity.start - head.length;
    // A year is no figure compared with ("2015 target >70%").
    const prior = quantities.slice(0, index).findLast((other) => !isYear(other));
    const compares = last !== undefined && prior !== undefined && prior.end >= from && headStart + last.index - prior.end <= 8;
    // Gap words and comparators after a unit no plan uses ("2 milligrams or less") are read on a wider span.
    const gapHead = folded.slice(Math.max(from, quantities[index - 1]?.end ?? 0, quantity.start - GAP_SPAN), quantity.start);
    const gapTail = folded.slice(quantity.end, Math.min(to, quantities[index + 1]?.start ?? folded.length, quantity.end + GAP_SPAN));
    const following = after.find(gapTail).find((match) => match.index <= 2 || (!quantity.family && /^\s*[a-z]+\s+$/u.test(gapTail.slice(0, match.index))));
    // A comparator verb with its object before "at" ("capping penetration at 40%") is the figure's too.
    const wide = before.find(gapHead).at(-1);
    const held = wide && /^\s+[a-z]+\s+at\s*$/u.test(gapHead.slice(wide.end)) ? wide.value : undefined;
    const comparator = following?.value ?? (last && !compares && head.length - last.end <= 3 ? last.value : held);
    // The unit read into the figure ("9 percentage points") is where a gap's words after it start ("percentage points below").
    const unitWords = folded.slice(quantity.start, quantity.end).replace(/^[\d.,\s]+/u, '');
    const gap = isGap(gapHead, unitWords && /^\p{L}/u.test(unitWords) ? ` ${unitWords}${gapTail}` : gapTail, folded.slice(from, quantity.start));
    // Between two figures, the words up to the first separator (a list mark, "and") are the
    // first figure's, those after the last the second's: "cut lead dust by 2,000 tonnes a year
    // and lead in wastewater by 60 tonnes".
    const separators = (from_: number, to_: number): Array<{ index: number; end: number }> => [
      ...[...folded.slice(from_, to_)].flatMap((char, i) => (listBreaks.test(char) ? [{ index: from_ + i, end: from_ + i + 1 }] : [])),
      ...joins()
        .find(folded.slice(from_, to_))
        .map((match) => ({ index: from_ + match.index, end: from_ + match.end }))
        .filter((match) => wholeWord(match.index, match.end)),
    ];
    // In an answer, a year between a figure and its words ("low-mercury catalysts: 2015 penetration 60%") does not cut them off.
    const neighbour = (step: number) => {
      let at = index + step;
      while (answer && !isYear(quantity) && quantities[at] && isYear(quantities[at]!)) at += step;
      return quantities[at];
    };
    const previous = neighbour(-1);
    const next = neighbour(1);
    const leading = previous ? separators(previous.end, quantity.start) : [];
    const trailing = next ? separators(quantity.end, next.start) : separators(quantity.end, to);
    // Its words start after the last separator before it and end at the first one after it.
    const start = Math.max(from, leading.length ? Math.max(...leading.map((separator) => separator.end)) : (previous?.end ?? 0));
    const stop = Math.min(to, trailing.length ? Math.min(...trailing.map((separator) => separator.index)) : (next?.start ?? folded.length));
    windows.push({ start });
    // Its years: those of its words as they would be were the years no figures.
    const position = figureIndexes.indexOf(index);
    const figureBefore = position > 0 ? quantities[figureIndexes[position - 1]!] : undefined;
    const figureAfter = position >= 0 ? quantities[figureIndexes[position + 1] ?? -1] : undefined;
    const yearLeading = figureBefore ? separators(figureBefore.end, quantity.start) : separators(from, quantity.start);
    const yearTrailing = figureAfter ? separators(quantity.end, figureAfter.start) : separators(quantity.end, to);
    const yearStart = Math.max(from, yearLeading.length ? Math.max(...yearLeading.map((separator) => separator.end)) : (figureBefore?.end ?? 0));
    const yearStop = Math.min(to, yearTrailing.length ? Math.min(...yearTrailing.map((separator) => separator.index)) : (figureAfter?.start ?? folded.length));
    // A year between two figures, with nothing between it and the next, is the next one's ("60% against a 2015 target of 50%").
    const nearer = (period: { index: number; end: number }): boolean => {
      const offset = yearStart + period.index;
      return !(offset >= quantity.end && figureAfter && separators(yearStart + period.end, figureAfter.start).length === 0);
    };
    return {
      quantity,
      keys: answer ? [answerKey(quantity), ...bareKeys(quantity)] : evidenceKeys(quantity),
      cadence,
      comparator,
      gap,
      clause: folded.slice(from, to),
      window: folded.slice(start, stop),
      lead: '',
      sentence: '',
      periods: yearPeriods(yearText.slice(yearStart, yearStop))
        .filter(nearer)
        .map(({ from: first, to: last }) => ({ from: first, to: last })),
    };
  });
  // Each figure's lead: its sentence up to the part of the sentence's first figure.
  mentions.forEach((mention, index) => {
    let sentenceStart = 0;
    for (let i = mention.quantity.start - 1; i >= 0; i--) {
      if (sentenceEnd.test(folded[i]!) && !/\d/u.test(folded[i + 1] ?? '')) {
        sentenceStart = i + 1;
        break;
      }
    }
    const first = mentions.findIndex((other, at) => at <= index && other.quantity.start >= sentenceStart);
    mention.lead = folded.slice(sentenceStart, first >= 0 ? Math.max(sentenceStart, windows[first]!.start) : sentenceStart);
    let sentenceStop = mention.quantity.end;
    while (sentenceStop < folded.length && !(sentenceEnd.test(folded[sentenceStop]!) && !/\d/u.test(folded[sentenceStop + 1] ?? ''))) sentenceStop++;
    mention.sentence = folded.slice(sentenceStart, sentenceStop);
    if (answer) return;
    // In the evidence, a figure whose own words say no period shares the period (and, if it says none, the
    // cadence) of the figure before it in its sentence ("from 2003 to 2010, cut cumulatively SO2 by x, COD by y"), else its lead's years.
    const previous = first >= 0 ? mentions.slice(first, index).reverse().find((other) => !isYear(other.quantity)) : undefined;
    if (mention.periods.length > 0) return;
    // The lead's years are read up to the part of the sentence's first figure that is no year ("2010: energy use over 70%, ...").
    const firstFigure = mentions.findIndex((other, at) => at <= index && other.quantity.start >= sentenceStart && !isYear(other.quantity));
    const leadEnd = firstFigure >= 0 ? Math.max(sentenceStart, windows[firstFigure]!.start) : sentenceStart;
    mention.periods = previous ? [...previous.periods] : yearPeriods(yearText.slice(sentenceStart, leadEnd)).map(({ from, to }) => ({ from, to }));
    if (mention.cadence.size === 0 && previous && previous.quantity.family === mention.quantity.family) mention.cadence = new Set(previous.cadence);
  });
  // In an answer, a clause that is a year and little else ("..., for 2010", a Chinese year clause alike) gives its year to the figure before it.
  if (answer) {
    mentions.forEach((mention, index) => {
      if (!isYear(mention.quantity) || mention.clause.replace(/[\d\s\p{P}]/gu, '').length > YEAR_CLAUSE) return;
      // A year clause with a figure of its own ("..., 2010: 9% cumulatively") gives its year to that figure, not to the one before.
      if (mentions.some((other) => other.clause === mention.clause && !isYear(other.quantity))) return;
      const figure = mentions.slice(0, index).findLast((other) => !isYear(other.quantity));
      if (figure && figure.clause !== mention.clause && figure.periods.length === 0 && !mentions.slice(mentions.indexOf(figure) + 1, index).some((other) => other.clause !== figure.clause && other.clause !== mention.clause)) figure.periods = [...mention.periods];
    });
  }
  shareOfClauseBefore(folded, mentions, isYear);
  pairRespectively(folded, mentions, isYear);
  return mentions;
}

let shareWords: PhraseMatcher<string> | undefined;

/**
 * "60,000 heads were trained, accounting for 23.4% of all enterprises": a figure whose part of the
 * clause opens with a share word is a share of what the clause before says, so that clause's words
 * (the figure before it in its sentence) are its subject too.
 */
function shareOfClauseBefore(folded: string, mentions: FigureMention[], isYear: (quantity: Quantity) => boolean): void {
  shareWords ??= cueMatcher(allLanguages((data) => data.verifier.shareWords));
  const sentenceEnd = sentenceEndPattern();
  mentions.forEach((mention, index) => {
    if (isYear(mention.quantity)) return;
    const opening = shareWords!.find(mention.window)[0];
    if (!opening || mention.window.slice(0, opening.index).replace(/[\s\p{P}]/gu, '') !== '') return;
    const before = mentions.slice(0, index).findLast((other) => !isYear(other.quantity));
    if (!before || before.clause === mention.clause || sentenceEnd.test(folded.slice(before.quantity.end, mention.quantity.start))) return;
    mention.window = `${before.window} ${mention.window}`;
  });
}

let abbreviations: ReadonlySet<string> | undefined;

/** Whether the full stop at `at` ends an abbreviation ("i.e.", "no."), not a sentence. */
function abbreviationBefore(folded: string, at: number): boolean {
  abbreviations ??= new Set(allLanguages((data) => data.abbreviations).map(normalize));
  const word = /[a-z.]+$/u.exec(folded.slice(Math.max(0, at - 12), at))?.[0] ?? '';
  return word !== '' && abbreviations.has(word);
}

/** Whether the text from `index` to `end` is whole words as the word segmenter cuts the text (always, for text with no Han). */
export function wordBoundaries(folded: string): (index: number, end: number) => boolean {
  if (!/\p{Script=Han}/u.test(folded)) return () => true;
  // The text is cut into words only when a Chinese span is first asked about.
  let cuts: WordCuts | undefined;
  return (index, end) => {
    if (!/\p{Script=Han}/u.test(folded.slice(index, end))) return true;
    cuts ??= wordCuts(folded);
    return cuts.starts.has(index) && cuts.ends.has(end);
  };
}

/** Where the segmenter's words of a text start and end. */
export interface WordCuts {
  starts: ReadonlySet<number>;
  ends: ReadonlySet<number>;
}

/** The text cut into words by the segmenter: the offsets where its words start and end. */
export function wordCuts(folded: string): WordCuts {
  const starts = new Set<number>();
  const ends = new Set<number>();
  let cursor = 0;
  for (const word of segmentWords(folded)) {
    const at = folded.indexOf(word, cursor);
    if (at < 0) continue;
    starts.add(at);
    ends.add(at + word.length);
    cursor = at + word.length;
  }
  return { starts, ends };
}

let respectivelyWords: PhraseMatcher<string> | undefined;
/** How far after "respectively" its series may start, within its clause (Chinese puts the word first: "respectively reach 100%", "respectively account for the share of all enterprises of 23.4%"). */
const RESPECTIVELY_REACH = 24;

/**
 * "Promote A and B, reaching 100% and 60% respectively": the figures of the clause that says
 * "respectively" are, in order, the last items of the list before it, so each figure's words are
 * its own item's, not the whole list's.
 */
function pairRespectively(folded: string, mentions: FigureMention[], isYear: (quantity: Quantity) => boolean): void {
  respectivelyWords ??= cueMatcher(allLanguages((data) => data.verifier.respectively));
  const breaks = clauseBreakPattern();
  const listBreaks = clauseBreakPattern({ listMarks: true });
  const joins = conjunctionMatcher();
  const figures = mentions.filter((mention) => !isYear(mention.quantity));
  const sentenceEnd = sentenceEndPattern();
  // A series in brackets right after a list says "respectively" without the word: "promote A and B (2015 penetration 100%, 60%)".
  const bracketed = [...folded.matchAll(/[(\uFF08]/gu)].flatMap((open) => {
    const close = folded.slice(open.index).search(/[)\uFF09]/u);
    const inside = figures.filter((figure) => figure.quantity.start > open.index && (close < 0 || figure.quantity.end <= open.index + close));
    return inside.length >= 2 ? [{ index: open.index, end: open.index + 1 }] : [];
  });
  for (const word of [...respectivelyWords.find(folded), ...bracketed]) {
    // The series: the figures right before the word ("85.3%, 35.1% and 22.7% respectively"), else right after it (Chinese: "respectively reach 100% and 60%"),
    // joined by nothing but list marks and conjunctions.
    const joined = (a: FigureMention, b: FigureMention) => listItems(folded.slice(a.quantity.end, b.quantity.start), joins, listBreaks, true).length === 0;
    // Before it, what the series is a share of may stand between ("23.4% and 9% of all enterprises respectively"), within its clause.
    let at = figures.findLastIndex((figure) => figure.quantity.end <= word.index && word.index - figure.quantity.end <= RESPECTIVELY_REACH * 2 && !breaks.test(folded.slice(figure.quantity.end, word.index)) && !/\d/u.test(folded.slice(figure.quantity.end, word.index)));
    if (at < 0) at = figures.findIndex((figure) => figure.quantity.start >= word.end && !breaks.test(folded.slice(word.end, figure.quantity.start)) && figure.quantity.start - word.end <= RESPECTIVELY_REACH);
    if (at < 0) continue;
    let first = at;
    let last = at;
    while (first > 0 && joined(figures[first - 1]!, figures[first]!)) first--;
    while (last + 1 < figures.length && joined(figures[last]!, figures[last + 1]!)) last++;
    const members = figures.slice(first, last + 1);
    if (members.length < 2) continue;
    const runStart = Math.min(members[0]!.quantity.start, word.index);
    const runEnd = Math.max(members.at(-1)!.quantity.end, word.end);
    let clauseStart = runStart;
    while (clauseStart > 0 && !breaks.test(folded[clauseStart - 1]!)) clauseStart--;
    let sentenceStart = clauseStart;
    while (sentenceStart > (figures[first - 1]?.quantity.end ?? 0) && !sentenceEnd.test(folded[sentenceStart - 1]!)) sentenceStart--;
    let sentenceStop = runEnd;
    while (sentenceStop < folded.length && !sentenceEnd.test(folded[sentenceStop]!) && sentenceStop < (figures[last + 1]?.quantity.start ?? folded.length)) sentenceStop++;
    // The list: in its clause before the series ("A, B and C account for x, y and z respectively"), else after the
    // series ("x, y and z respectively of A, B and C"), else the clauses before it back to the figure before it.
    const candidates = [folded.slice(clauseStart, runStart), folded.slice(runEnd, sentenceStop), folded.slice(sentenceStart, clauseStart)];
    let items = candidates.map((text) => listItems(text, joins, listBreaks)).find((list) => list.length >= members.length);
    // Else the figures right before the series in its sentence, each in a clause of its own ("60,000 heads were trained,
    // 20,000 enterprises audited, 23.4% and 9% of all respectively"): the series gives each of them a share.
    if (!items) {
      // A figure restated right after itself ("60,000 (sixty thousand)") is one item.
      const before = figures.slice(0, first).filter((figure, i, all) => !(all[i + 1] && all[i + 1]!.quantity.value === figure.quantity.value && all[i + 1]!.quantity.family === figure.quantity.family));
      const earlier = before.slice(Math.max(0, before.length - members.length));
      // Where the sentence holding a position starts: the last sentence end before it (-1: the text's first sentence).
      const sentenceOf = (at: number) => {
        let i = at - 1;
        while (i >= 0 && !sentenceEnd.test(folded[i]!)) i--;
        return i;
      };
      // Each is an item of its own (a list mark, a clause break or a conjunction between), in the series' sentence.
      const apart = earlier.every((figure, i) => {
        const between = i === 0 ? '' : folded.slice(earlier[i - 1]!.quantity.end, figure.quantity.start);
        return i === 0 || [...between].some((char) => listBreaks.test(char)) || joins.find(between).length > 0;
      });
      if (earlier.length === members.length && apart && earlier.every((figure) => sentenceOf(figure.quantity.start) === sentenceOf(runStart))) {
        items = earlier.map((figure) => figure.window);
      }
    }
    if (!items) continue;
    const own = items.slice(-members.length);
    // Its words are its item's: those around it in the series are the series' (or the list's), not its.
    members.forEach((mention, i) => {
      mention.window = `${own[i]} ${folded.slice(mention.quantity.start, mention.quantity.end)}`;
      mention.lead = '';
    });
  }
}

/**
 * The items of a list ("A, B and C"): cut at list marks and conjunctions. A single character left
 * over is a word cut apart (a conjunction's character inside it), so no list, unless `loose`.
 */
function listItems(text: string, joins: PhraseMatcher<string>, listBreaks: RegExp, loose = false): string[] {
  let cut = text;
  for (const join of joins.find(text)) cut = cut.slice(0, join.index) + '\n'.repeat(join.end - join.index) + cut.slice(join.end);
  const items = [...cut].map((char) => (listBreaks.test(char) ? '\n' : char)).join('').split('\n').map((item) => item.trim()).filter(Boolean);
  return !loose && items.some((item) => [...item].length < 2) ? [] : items;
}

/** Whether two figures are said of a common year (either saying none is no conflict): the 2010 column holds the 2003-2010 totals; 2015 is not 2010. */
export function samePeriod(a: FigureMention, b: FigureMention): boolean {
  return a.periods.length === 0 || b.periods.length === 0 || a.periods.some((one) => b.periods.some((other) => periodsOverlap(one, other)));
}
