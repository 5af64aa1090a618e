import type { PlanCorpus } from '../plan/corpus.js';
import { quoteRendering } from '../plan/quote-rendering.js';
import type { Language } from '../text/languages.js';
import { stripWhitespace } from '../text/normalize.js';
import type { CitationRef } from './schema.js';

/** A citation as the API returns it: a clause id and verbatim plan text. */
export interface Citation {
  id: string;
  quote: string;
}

/** A citation as responses carry it: the label of the section it stands in and, in English, the quote's unofficial rendering. */
export type LabelledCitation = Citation & { section?: string; rendering?: string };

/**
 * Citations as responses carry them: with the label of the section each stands in and, for
 * English, the pack's unofficial English rendering of the sentences quoted (when it has one).
 * The quote itself stays the plan's verbatim Chinese.
 */
export function labelCitations(citations: readonly Citation[], corpus: PlanCorpus, language: Language): LabelledCitation[] {
  return citations.map((citation) => {
    const section = corpus.label(citation.id, language);
    const rendering = language === 'en' ? quoteRendering(corpus, citation.id, citation.quote) : undefined;
    return { ...citation, ...(section ? { section } : {}), ...(rendering ? { rendering } : {}) };
  });
}

export class CitationError extends Error {
  override name = 'CitationError';
}

/**
 * Resolves data-file citations to verbatim quotes: the excerpt given in the data (checked
 * to be in the clause) or, without one, the whole clause text.
 */
export function resolveCitations(refs: readonly CitationRef[], corpus: PlanCorpus, where: string): Citation[] {
  return refs.map((ref) => {
    const clause = corpus.get(ref.id);
    if (!clause) throw new CitationError(`${where}: cites clause "${ref.id}", which is not in the corpus`);
    if (ref.quote === undefined) return { id: ref.id, quote: clause.text };
    if (!stripWhitespace(clause.text).includes(stripWhitespace(ref.quote))) {
      throw new CitationError(`${where}: quote is not verbatim text of clause ${ref.id}: "${ref.quote}"`);
    }
    return { id: ref.id, quote: ref.quote };
  });
}
