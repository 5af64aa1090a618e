import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Language } from '../../language.js';
import { webAssets, type StaticAsset } from '../../web/assets.js';
import type { AppEnv } from '../context.js';

/**
 * The browser faces of the service: `GET /widget.js` (the embeddable chat) and `GET /`
 * (chat, eligibility checklist and targets for enterprise staff and officials).
 */

/** The page: only its own scripts, styles and API; nothing from elsewhere. */
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

function serveAsset(c: Context<AppEnv>, asset: StaticAsset, cacheControl: string): Response {
  c.header('Cache-Control', cacheControl);
  c.header('ETag', asset.etag);
  const match = c.req.header('if-none-match');
  const bare = asset.etag.replace(/^W\//u, '');
  if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//u, '') === bare)) return c.body(null, 304);
  c.header('Content-Type', asset.contentType);
  c.header('Vary', 'Accept-Encoding', { append: true });
  if (/\bgzip\b/iu.test(c.req.header('accept-encoding') ?? '')) {
    c.header('Content-Encoding', 'gzip');
    return c.body(asset.gzip, 200);
  }
  return c.body(asset.body, 200);
}

/** JSON safe to place inside a <script type="application/json"> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</gu, '\\u003c').replace(/>/gu, '\\u003e').replace(/&/gu, '\\u0026');
}

export function registerWebRoutes(app: OpenAPIHono<AppEnv>): void {
  // Embedded by other sites under an unversioned URL: cache for a while, then revalidate.
  app.get('/widget.js', (c) => serveAsset(c, webAssets().widget, 'public, max-age=3600, stale-while-revalidate=86400'));
  // The page's own files are linked with their hash, so they can be cached for good.
  app.get('/assets/page.js', (c) => serveAsset(c, webAssets().pageScript, c.req.query('v') === webAssets().pageScript.hash ? 'public, max-age=31536000, immutable' : 'no-cache'));
  app.get('/assets/page.css', (c) => serveAsset(c, webAssets().pageStyle, c.req.query('v') === webAssets().pageStyle.hash ? 'public, max-age=31536000, immutable' : 'no-cache'));

  app.get('/', (c) => {
    const lang: Language = c.req.query('lang') === 'en' ? 'en' : 'zh';
    const { ruleSet } = c.var.services;
    const industries = ruleSet.catalog.industries.map((industry) => ({ id: industry.id, name: industry.name[lang] }));
    const { start, end } = ruleSet.corpus.data.period;
    const data = { lang, industries, period: { start, end }, version: ruleSet.version };
    const html = webAssets().pageTemplate
      .replaceAll('{{LANG}}', lang === 'en' ? 'en' : 'zh-CN')
      .replaceAll('{{PAGE_JS}}', `/assets/page.js?v=${webAssets().pageScript.hash}`)
      .replaceAll('{{PAGE_CSS}}', `/assets/page.css?v=${webAssets().pageStyle.hash}`)
      .replaceAll('{{WIDGET_LANG}}', lang)
      .replace('{{DATA}}', () => scriptJson(data));
    c.header('Content-Security-Policy', PAGE_CSP);
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cache-Control', 'no-cache');
    return c.html(html);
  });
}
