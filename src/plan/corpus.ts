import { createHash } from 'node:crypto';
import { z } from 'zod';
import { yearsIn } from '../text/figures.js';
import type { Language } from '../text/languages.js';
import { stripWhitespace } from '../text/normalize.js';
import { format, template } from './template.js';

// ---- corpus/clauses.json and corpus/segments.json ------------------------------------------

export const clauseKindSchema = z.enum(['heading', 'paragraph', 'table-row', 'footnote', 'note']);

export const clauseSchema = z
  .object({
    id: z.string().min(1),
    kind: clauseKindSchema,
    /** Id of the heading this clause sits under (itself for headings). */
    section: z.string().min(1),
    /** Cleaned text: the plan's words with line breaks and extraction spaces removed. */
    text: z.string().min(1),
    /** English title of a heading, for display; the plan itself is in one language. */
    titleEn: z.string().optional(),
  })
  .strict();
export type Clause = z.infer<typeof clauseSchema>;

export const corpusSchema = z
  .object({
    title: z.string(),
    /** Hash of the raw text and cut points the clauses were built from. */
    sourceHash: z.string(),
    clauses: z.array(clauseSchema).min(1),
  })
  .strict();
export type Corpus = z.infer<typeof corpusSchema>;

export const corpusLabelsSchema = z
  .object({
    $comment: z.string().optional(),
    /** A footnote's label, e.g. "Footnote {mark}". */
    footnote: z.object({ zh: template('mark'), en: template('mark') }).strict(),
    /** A regular expression whose first group is the numeral at the start of a part heading. */
    partNumeral: z.string().refine((source) => {
      try {
        new RegExp(source, 'u');
        return true;
      } catch {
        return false;
      }
    }, 'not a regular expression'),
    /** The characters that mark footnotes, in the text and at the start of each footnote. */
    footnoteMarks: z.string().min(1),
    /** Words before a footnote mark that are not part of the phrase it annotates. */
    referenceLeads: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type CorpusLabels = z.infer<typeof corpusLabelsSchema>;

export const segmentsSchema = z
  .object({
    $comment: z.string().optional(),
    repairs: z
      .object({
        pageNumberLines: z.string().optional(),
        moveFootnotes: z.object({ from: z.string(), until: z.string(), insertAfter: z.string() }).strict().optional(),
        moveTableRow: z.object({ text: z.string(), insertBefore: z.string() }).strict().optional(),
      })
      .strict(),
    labels: corpusLabelsSchema,
    segments: z.array(
      z.object({ id: z.string().min(1), kind: clauseKindSchema, start: z.string().min(1), titleEn: z.string().optional() }).strict(),
    ),
  })
  .strict();
export type Segments = z.infer<typeof segmentsSchema>;

/**
 * corpus/clauses.en.json (optional): an unofficial English rendering of clauses, written for
 * the product beside the plan's own text, which stays the authority. Keys are clause ids.
 */
export const renderingsSchema = z
  .object({
    $comment: z.string().optional(),
    renderings: z.record(z.string().min(1), z.string().trim().min(1)),
  })
  .strict();
export type Renderings = z.infer<typeof renderingsSchema>;

// ---- building the clauses from the raw text ---------------------------------------------------

export class CorpusBuildError extends Error {
  override name = 'CorpusBuildError';
}

function indexOrThrow(haystack: string, needle: string, from = 0): number {
  const index = haystack.indexOf(needle, from);
  if (index < 0) throw new CorpusBuildError(`corpus/segments.json: text not found: "${needle}"`);
  return index;
}

/**
 * Repairs the extraction debris of the raw text: drops page-number lines, moves a footnote
 * block out of the sentence it was spliced into and a table row out of the word it split.
 * Returns the text with whitespace removed.
 */
export function repairRawText(raw: string, repairs: Segments['repairs']): string {
  const lines = raw.split(/\r?\n/u).filter((line) => !/^\s*\d+\s*$/u.test(line));
  let text = stripWhitespace(lines.join(''));

  const { moveFootnotes, moveTableRow } = repairs;
  if (moveFootnotes) {
    const footnoteStart = indexOrThrow(text, moveFootnotes.from);
    const footnoteEnd = indexOrThrow(text, moveFootnotes.until, footnoteStart);
    const footnotes = text.slice(footnoteStart, footnoteEnd);
    text = text.slice(0, footnoteStart) + text.slice(footnoteEnd);
    const afterSentence = indexOrThrow(text, moveFootnotes.insertAfter) + moveFootnotes.insertAfter.length;
    text = text.slice(0, afterSentence) + footnotes + text.slice(afterSentence);
  }
  if (moveTableRow) {
    const row = stripWhitespace(moveTableRow.text);
    const rowAt = indexOrThrow(text, row);
    text = text.slice(0, rowAt) + text.slice(rowAt + row.length);
    const noteAt = indexOrThrow(text, moveTableRow.insertBefore);
    text = text.slice(0, noteAt) + row + text.slice(noteAt);
  }
  return text;
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
    const clause: Clause = { id: segment.id, kind: segment.kind, section, text: text.slice(starts[i], starts[i + 1] ?? text.length) };
    if (segment.titleEn) clause.titleEn = segment.titleEn;
    return clause;
  });
  const sourceHash = createHash('sha256').update(raw).update(JSON.stringify(segments)).digest('hex').slice(0, 16);
  return { title: clauses[0]!.text, sourceHash, clauses };
}

// ---- the corpus as the engine reads it -------------------------------------------------------

/** The clause-addressed plan, with an index by id and readers' labels for where a clause stands. */
export class PlanCorpus {
  readonly byId: ReadonlyMap<string, Clause>;
  private readonly partNumeral: RegExp;
  private readonly renderings: ReadonlyMap<string, string>;

  constructor(
    readonly data: Corpus,
    readonly labels: CorpusLabels,
    /** Clause id → its unofficial English rendering (corpus/clauses.en.json); none for a pack without one. */
    renderings: Readonly<Record<string, string>> = {},
  ) {
    this.byId = new Map(data.clauses.map((clause) => [clause.id, clause]));
    this.partNumeral = new RegExp(labels.partNumeral, 'u');
    this.renderings = new Map(Object.entries(renderings));
  }

  /** The unofficial English rendering of a whole clause, when the pack has one. */
  rendering(id: string): string | undefined {
    return this.renderings.get(id);
  }

  /** How many clauses have a rendering. */
  get renderingCount(): number {
    return this.renderings.size;
  }

  get clauses(): readonly Clause[] {
    return this.data.clauses;
  }

  get(id: string): Clause | undefined {
    return this.byId.get(id);
  }

  /**
   * A reader's label for where a clause stands: a sub-heading read with its part's numeral,
   * a footnote by its mark, an English heading title in English.
   */
  label(id: string, language: Language): string | undefined {
    const clause = this.byId.get(id);
    if (!clause) return undefined;
    if (clause.kind === 'footnote') return format(this.labels.footnote[language], { mark: clause.text.charAt(0) });
    const heading = this.byId.get(clause.section);
    if (!heading) return undefined;
    if (language === 'en') return heading.titleEn ?? heading.text;
    const parent = heading.id.includes('.') ? this.byId.get(heading.id.split('.')[0]!) : undefined;
    const numeral = parent?.text.match(this.partNumeral)?.[1] ?? '';
    return `${numeral}${heading.text}`;
  }

  /**
   * The years of a table row's columns: those its table's first row (the header) names, in
   * order; undefined for a clause that is no row of a table with year columns, and for the header.
   */
  tableColumns(id: string): number[] | undefined {
    const clause = this.byId.get(id);
    if (clause?.kind !== 'table-row') return undefined;
    const header = this.data.clauses.find((other) => other.section === clause.section && other.kind === 'table-row');
    if (!header || header.id === clause.id) return undefined;
    const years = yearsIn(header.text);
    return years.length ? years : undefined;
  }

  /** Title of the heading a clause sits under. */
  sectionTitle(id: string): string | undefined {
    const clause = this.byId.get(id);
    return clause ? this.byId.get(clause.section)?.text : undefined;
  }

  /** English title of the heading a clause sits under, when the corpus gives one. */
  sectionTitleEn(id: string): string | undefined {
    const clause = this.byId.get(id);
    return clause ? this.byId.get(clause.section)?.titleEn : undefined;
  }
}

