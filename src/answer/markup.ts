/**
 * What an answer never shows, whatever its evidence: links (URLs, web addresses, e-mail
 * addresses, markdown links), markdown images and HTML. The plan's text has none of them, and
 * each is a way out of the page: a link to follow, an image whose address carries the question
 * to someone else's server, markup that changes what the page shows. Clause ids ("t1.hg") and
 * figures ("23.4") are no addresses.
 */

/** Top-level domains a bare web address ends in (one without a scheme or "www."). */
const DOMAINS = 'com|cn|org|net|gov|edu|int|info|io|biz|co|uk|de|jp|hk|tw|us|eu|me|app|dev|xyz|top|site|online|tech|ai';

const PATTERNS: ReadonlyArray<readonly [kind: string, pattern: RegExp]> = [
  ['markdown image', /!\[[^\]\n]*\]\s*\(/u],
  // "!" ends a sentence: the rest of an image comes as a sentence of its own, with empty brackets.
  ['markdown link', /\[[^\]\n]*\]\(\s*[^)\s]+/u],
  ['address', /\b[a-z][a-z0-9+.-]*:\/\/|(?<![\w/])\/\/[a-z0-9-]+\.[a-z0-9.-]+|\bwww\.[a-z0-9-]|\b(?:data|javascript|vbscript|mailto):/iu],
  ['address', new RegExp(`(?<![\\w@.-])(?:[a-z0-9-]+\\.)+(?:${DOMAINS})(?![a-z0-9-])(?:[/:?#][^\\s]*)?`, 'iu')],
  ['address', /\b[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/iu],
  // A comment or declaration is cut by the sentence splitter at its "!": either half shows.
  ['HTML', /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>|<!|-->/iu],
  ['HTML', /&(?:[a-z]{2,8}|#\d{2,5}|#x[0-9a-f]{2,4});/iu],
];

/** The kinds of never-shown content in a text ([] when it has none). */
export function markupIn(text: string): string[] {
  const plain = text.normalize('NFKC');
  // Markdown reads only ASCII brackets and parentheses: a full-width parenthesis after a
  // citation marker ("[2]" then a full-width "(") is prose, not a link; addresses are read folded.
  return [...new Set(PATTERNS.filter(([kind, pattern]) => pattern.test(kind.startsWith('markdown') ? text : plain)).map(([kind]) => kind))];
}
