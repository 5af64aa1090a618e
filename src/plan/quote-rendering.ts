import { stripWhitespace } from '../text/normalize.js';
import { splitSentences } from '../text/sentences.js';
import type { PlanCorpus } from './corpus.js';

/**
 * The unofficial English rendering of a quote: the rendering of the sentence or sentences of
 * its clause that the quote falls in. A clause and its rendering are aligned sentence by
 * sentence (the one sentence splitter cuts both); where they do not cut into as many
 * sentences, the alignment is unknown and the whole clause's rendering stands for any quote
 * of it.
 */

interface Alignment {
  /** Where each Chinese sentence ends in the clause's text without whitespace. */
  ends: number[];
  /** The rendering's sentences, one per Chinese sentence; undefined when they do not pair up. */
  sentences: string[] | undefined;
  /** The clause's text without whitespace (quotes are found in it as `resolveCitations` checks them). */
  text: string;
  whole: string;
}

const alignments = new WeakMap<PlanCorpus, Map<string, Alignment | null>>();

function alignment(corpus: PlanCorpus, id: string): Alignment | undefined {
  let cache = alignments.get(corpus);
  if (!cache) alignments.set(corpus, (cache = new Map()));
  if (cache.has(id)) return cache.get(id) ?? undefined;
  const clause = corpus.get(id);
  const whole = corpus.rendering(id);
  let aligned: Alignment | null = null;
  if (clause && whole) {
    const source = splitSentences(clause.text).map(stripWhitespace).filter(Boolean);
    const rendered = splitSentences(whole).map((sentence) => sentence.trim()).filter(Boolean);
    const ends: number[] = [];
    let at = 0;
    for (const sentence of source) ends.push((at += sentence.length));
    aligned = { ends, sentences: rendered.length === source.length ? rendered : undefined, text: source.join(''), whole };
  }
  cache.set(id, aligned);
  return aligned ?? undefined;
}

/**
 * The English rendering of `quote`, verbatim text of clause `id`: the rendered sentences the
 * quote spans, or the whole clause's rendering when the clause's sentences do not align with
 * its rendering's or the quote is not found in the clause. Undefined when the clause has no
 * rendering.
 */
export function quoteRendering(corpus: PlanCorpus, id: string, quote: string): string | undefined {
  const aligned = alignment(corpus, id);
  if (!aligned) return undefined;
  const needle = stripWhitespace(quote);
  const start = needle ? aligned.text.indexOf(needle) : -1;
  if (!aligned.sentences || start < 0) return aligned.whole;
  const end = start + needle.length;
  const first = aligned.ends.findIndex((sentenceEnd) => sentenceEnd > start);
  const last = aligned.ends.findIndex((sentenceEnd) => sentenceEnd >= end);
  return aligned.sentences.slice(first, last + 1).join(' ');
}

/** Whether a clause's rendering pairs with it sentence by sentence (else quotes get the whole rendering). */
export function renderingAligned(corpus: PlanCorpus, id: string): boolean {
  return Boolean(alignment(corpus, id)?.sentences);
}
