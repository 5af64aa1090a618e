import type { Citation } from '../rules/citations.js';

/** Numbers citations in order of first use; the same quote keeps its number. */
export class CitationList {
  readonly items: Citation[] = [];
  marker(citations: readonly Citation[]): string {
    return citations
      .map((citation) => {
        let index = this.items.findIndex((item) => item.id === citation.id && item.quote === citation.quote);
        if (index < 0) index = this.items.push(citation) - 1;
        return `[${index + 1}]`;
      })
      .join('');
  }
}
