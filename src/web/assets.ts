import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/**
 * The browser side, kept as plain files beside this module and served as strings: the
 * widget (`widget.js`, vanilla JS, no build step) and the staff/officials page.
 * Read once when this module is first imported; nothing is fetched from elsewhere.
 */
export interface StaticAsset {
  body: string;
  /** The body gzipped once at start, for clients that accept it. */
  gzip: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** Weak validator (the same for the plain and gzipped bodies): a hash of the body. */
  etag: string;
  /** Short hash for cache-busting URLs. */
  hash: string;
}

function asset(file: string, contentType: string): StaticAsset {
  const body = readFileSync(new URL(file, import.meta.url), 'utf8');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { body, gzip: new Uint8Array(gzipSync(body, { level: 9 })), contentType, etag: `W/"${hash}"`, hash };
}

export const webAssets = {
  widget: asset('./widget.js', 'text/javascript; charset=utf-8'),
  pageScript: asset('./page.js', 'text/javascript; charset=utf-8'),
  pageStyle: asset('./page.css', 'text/css; charset=utf-8'),
  pageTemplate: readFileSync(new URL('./page.html', import.meta.url), 'utf8'),
};
