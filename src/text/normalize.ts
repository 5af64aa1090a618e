/**
 * The one normaliser: every comparison of user text, plan text and data words goes through
 * `normalize` (Unicode NFKC, so full-width and half-width forms are alike, then lower case, with
 * typographic apostrophes made straight: "plan’s" as phones and word processors write it is "plan's").
 * It keeps the text's length for ASCII and CJK text, so offsets found in the normalised text
 * can be used on the original for masking.
 */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019]/gu, "'");
}

/** `normalize` with runs of whitespace made one space and the ends trimmed: for names and keys. */
export function fold(text: string): string {
  return normalize(text).replace(/\s+/gu, ' ').trim();
}

/** Removes every whitespace character: the PDF extraction broke lines and spaced words at random. */
export function stripWhitespace(text: string): string {
  return text.replace(/\s+/gu, '');
}

const PUNCTUATION = /[\s\p{P}\p{S}]/gu;

/** Text for comparing quotes: whitespace and punctuation aside, full-width and half-width alike. */
export function comparable(text: string): string {
  return text.normalize('NFKC').replace(PUNCTUATION, '');
}

/** Escapes a literal for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** True when the text contains a Han character. */
export function containsHan(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

/** True when the text contains a Latin letter or an ASCII digit (after normalising). */
export function isLatin(text: string): boolean {
  return /[a-z0-9]/u.test(normalize(text));
}
