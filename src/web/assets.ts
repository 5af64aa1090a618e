import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { projectPath } from '../paths.js';
import { gzipSync } from 'node:zlib';

/**
 * The browser side, kept as plain files beside this module and served as strings: the
 * widget (`widget.js`, vanilla JS, no build step) and the staff/officials page.
 * Read on first use (no I/O at import); nothing is fetched from elsewhere. A line
 * `/* @include dom.js *\/` in a script is replaced by the shared DOM helpers.
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

// Served as written (never compiled): read from src/web whether the server runs under tsx or bundled from dist/.
const read = (file: string) => readFileSync(projectPath('src', 'web', file), 'utf8');

/** An asset from a text: compressed once, with its validators. */
export function textAsset(body: string, contentType: string): StaticAsset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { body, gzip: new Uint8Array(gzipSync(body, { level: 9 })), contentType, etag: `W/"${hash}"`, hash };
}

function asset(file: string, contentType: string): StaticAsset {
  return textAsset(read(file).replace('  /* @include dom.js */\n', () => read('dom.js')), contentType);
}

export interface WebAssets {
  widget: StaticAsset;
  pageScript: StaticAsset;
  /** The page's guided check, checklist downloads and batch check. */
  checksScript: StaticAsset;
  pageStyle: StaticAsset;
  pageTemplate: string;
}

let loaded: WebAssets | undefined;

/** The browser assets, read and compressed once, on first request. */
export function webAssets(): WebAssets {
  loaded ??= {
    widget: asset('widget.js', 'text/javascript; charset=utf-8'),
    pageScript: asset('page.js', 'text/javascript; charset=utf-8'),
    checksScript: asset('checks.js', 'text/javascript; charset=utf-8'),
    pageStyle: asset('page.css', 'text/css; charset=utf-8'),
    pageTemplate: read('page.html'),
  };
  return loaded;
}
