import { createHash } from 'node:crypto';
import type { Clause, Corpus, Segments } from './schema.js';
import { stripWhitespace } from './text.js';

export class CorpusBuildError extends Error {
  override name = 'CorpusBuildError';
}

function indexOrThrow(haystack: string, needle: string, from = 0): number {
  const index = haystack.indexOf(needle, from);
  if (index < 0) throw new CorpusBuildError(`corpus/segments.json: text not found: "${needle}"`);
  return index;
}

/**
 * Repairs the extraction debris of the raw text: drops page-number lines, moves the
 * footnote block out of the sentence it was spliced into and the last Table 1 row out of
 * the word 国家. Returns the text with whitespace removed.
 */
export function repairRawText(raw: string, repairs: Segments['repairs']): string {
  const lines = raw.split(/\r?\n/u).filter((line) => !/^\s*\d+\s*$/u.test(line));
  let text = stripWhitespace(lines.join(''));

  const { moveFootnotes, moveTableRow } = repairs;
  const footnoteStart = indexOrThrow(text, moveFootnotes.from);
  const footnoteEnd = indexOrThrow(text, moveFootnotes.until, footnoteStart);
  const footnotes = text.slice(footnoteStart, footnoteEnd);
  text = text.slice(0, footnoteStart) + text.slice(footnoteEnd);
  const afterSentence = indexOrThrow(text, moveFootnotes.insertAfter) + moveFootnotes.insertAfter.length;
  text = text.slice(0, afterSentence) + footnotes + text.slice(afterSentence);

  const row = stripWhitespace(moveTableRow.text);
  const rowAt = indexOrThrow(text, row);
  text = text.slice(0, rowAt) + text.slice(rowAt + row.length);
  const noteAt = indexOrThrow(text, moveTableRow.insertBefore);
  return text.slice(0, noteAt) + row + text.slice(noteAt);
}

/** Cuts the repaired text into clauses at the segments' start markers, in order. */
export function buildCorpus(raw: string, segments: Segments): Corpus {
  const text = repairRawText(raw, segments.repairs);
  const starts: number[] = [];
  let cursor = 0;
  for (const segment of segments.segments) {
    const at = indexOrThrow(text, segment.start, cursor);
    if (starts.length === 0 && at !== 0) throw new CorpusBuildError('corpus/segments.json: the first segment must start the text');
    starts.push(at);
    cursor = at + 1;
  }
  let section = '';
  const clauses: Clause[] = segments.segments.map((segment, i) => {
    if (segment.kind === 'heading') section = segment.id;
    const clause: Clause = {
      id: segment.id,
      kind: segment.kind,
      section,
      text: text.slice(starts[i], starts[i + 1] ?? text.length),
    };
    if (segment.titleEn) clause.titleEn = segment.titleEn;
    return clause;
  });
  const sourceHash = createHash('sha256').update(raw).update(JSON.stringify(segments)).digest('hex').slice(0, 16);
  return { title: clauses[0]!.text, period: { start: 2011, end: 2015 }, sourceHash, clauses };
}
