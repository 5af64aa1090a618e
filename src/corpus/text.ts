/** Removes every whitespace character: the PDF extraction broke lines and spaced words at random. */
export function stripWhitespace(text: string): string {
  return text.replace(/\s+/gu, '');
}

const PUNCTUATION = /[\s\p{P}\p{S}]/gu;

/** Text for comparing quotes: whitespace and punctuation aside, full-width and half-width alike. */
export function comparable(text: string): string {
  return text.normalize('NFKC').replace(PUNCTUATION, '');
}

/** Splits a clause into sentences ending in 。；！？ (the last piece may have no terminator). */
export function sentences(text: string): string[] {
  return text.match(/[^。；！？]+[。；！？]?/gu) ?? [];
}

/** Escapes a literal for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
