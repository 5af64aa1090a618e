import { z } from 'zod';

export const clauseKindSchema = z.enum(['heading', 'paragraph', 'table-row', 'footnote', 'note']);

export const clauseSchema = z.object({
  id: z.string().min(1),
  kind: clauseKindSchema,
  /** Id of the heading this clause sits under (itself for headings). */
  section: z.string().min(1),
  /** Cleaned text: the plan's words with line breaks and extraction spaces removed. */
  text: z.string().min(1),
  /** English title of a heading, for display; the plan itself is Chinese only. */
  titleEn: z.string().optional(),
});
export type Clause = z.infer<typeof clauseSchema>;

export const corpusSchema = z.object({
  title: z.string(),
  period: z.object({ start: z.number().int(), end: z.number().int() }),
  /** Hash of the raw text and cut points the clauses were built from. */
  sourceHash: z.string(),
  clauses: z.array(clauseSchema).min(1),
});
export type Corpus = z.infer<typeof corpusSchema>;

export const segmentsSchema = z.object({
  repairs: z.object({
    moveFootnotes: z.object({ from: z.string(), until: z.string(), insertAfter: z.string() }),
    moveTableRow: z.object({ text: z.string(), insertBefore: z.string() }),
  }),
  segments: z.array(
    z.object({ id: z.string().min(1), kind: clauseKindSchema, start: z.string().min(1), titleEn: z.string().optional() }),
  ),
});
export type Segments = z.infer<typeof segmentsSchema>;
