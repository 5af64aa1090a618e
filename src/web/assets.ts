import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The browser side, kept as plain files beside this module and served as strings: the
 * widget (`widget.js`, vanilla JS, no build step) and the staff/officials page.
 * Read once when this module is first imported; nothing is fetched from elsewhere.
 */
export interface StaticAsset {
  body: string;
  contentType: string;
  /** Strong validator: a hash of the body. */
  etag: string;
  /** Short hash for cache-busting URLs. */
  hash: string;
}

function asset(file: string, contentType: string): StaticAsset {
  const body = readFileSync(new URL(file, import.meta.url), 'utf8');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { body, contentType, etag: `"${hash}"`, hash };
}

export const webAssets = {
  widget: asset('./widget.js', 'text/javascript; charset=utf-8'),
  pageScript: asset('./page.js', 'text/javascript; charset=utf-8'),
  pageStyle: asset('./page.css', 'text/css; charset=utf-8'),
  pageTemplate: readFileSync(new URL('./page.html', import.meta.url), 'utf8'),
};
