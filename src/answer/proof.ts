import type { PlanPack } from '../plan/load.js';
import type { Citation } from '../rules/citations.js';
import type { UnitTable } from '../rules/units.js';
import { findQuantities } from '../text/figures.js';

/** Pairs of Han characters: how much two Chinese texts share. */
function bigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (const run of text.match(/\p{Script=Han}+/gu) ?? []) for (let i = 0; i + 1 < run.length; i += 1) grams.add(run.slice(i, i + 2));
  return grams;
}

interface Quantity {
  value: number;
  unit: string;
}

/**
 * Which quotes prove a sentence: the fewest of its facts' citations that carry the figures the
 * sentence states (a figure with a unit: 50%, 638 tonnes, 2,000 tonnes written in ten-thousands), so each quote a
 * reader opens holds what the sentence says. Headings and table headers prove nothing alone.
 */
export class QuoteChooser {
  constructor(
    private readonly pack: PlanPack,
    private readonly units: UnitTable,
  ) {}

  /** The figures with units a text states. */
  quantities(text: string): Quantity[] {
    const { quantities } = findQuantities(text, { units: this.pack.units.patterns });
    return quantities.map((quantity) => ({ value: quantity.value, unit: quantity.unit }));
  }

  /** Whether a quote states this figure (in any unit of its family: 0.2 ten-thousand tonnes is 2,000 tonnes). */
  carries(quote: string, figure: Quantity): boolean {
    return this.quantities(quote).some((stated) => this.units.convert(stated.value, stated.unit, figure.unit) === figure.value);
  }

  /** The figures of a sentence that none of these quotes states. */
  unproven(sentence: string, quotes: readonly string[]): Quantity[] {
    return this.quantities(sentence).filter((figure) => !quotes.some((quote) => this.carries(quote, figure)));
  }

  /**
   * The citations to mark a sentence with: for each figure it states, the first citation that
   * carries it; without figures (or when none carries them), the first citation that is not a
   * heading or a table's header row.
   */
  choose(sentence: string, citations: readonly Citation[]): Citation[] {
    const chosen: Citation[] = [];
    for (const figure of this.quantities(sentence)) {
      if (chosen.some((citation) => this.carries(citation.quote, figure))) continue;
      const carrier = citations.find((citation) => this.carries(citation.quote, figure));
      if (carrier) chosen.push(carrier);
    }
    if (chosen.length > 0) return chosen;
    // No figure to carry: the readable quote that shares the most words with the sentence (names, say).
    const readable = citations.filter((citation) => this.readable(citation));
    if (readable.length === 0) return citations.slice(0, 1);
    const wanted = bigrams(sentence);
    const overlap = (citation: Citation) => [...bigrams(citation.quote)].filter((gram) => wanted.has(gram)).length;
    return [readable.reduce((best, citation) => (overlap(citation) > overlap(best) ? citation : best))];
  }

  /** A quote a reader can use: not a heading, and not a table row without a figure (a header). */
  private readable(citation: Citation): boolean {
    const kind = this.pack.corpus.get(citation.id)?.kind;
    if (kind === 'heading') return false;
    return kind !== 'table-row' || this.quantities(citation.quote).length > 0;
  }
}
