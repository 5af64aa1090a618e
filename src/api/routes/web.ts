import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { format } from '../../plan/template.js';
import type { PlanServices } from '../../services.js';
import { LANGUAGES, type Language } from '../../text/languages.js';
import { textAsset, webAssets, type StaticAsset } from '../../web/assets.js';
import type { AppEnv } from '../context.js';
import { planService } from '../plan-param.js';

/**
 * The browser faces of the service: `GET /widget.js` (the embeddable chat) and `GET /`
 * (chat, eligibility checklist and targets for enterprise staff and officials). The engine's
 * words are in the scripts; each plan's own words come from its pack.
 */

/** The page: only its own scripts, styles and API; nothing from elsewhere. */
const PAGE_CSP = ["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self' data:", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'self'"].join('; ');

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

/** JSON safe to place inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</gu, '\\u003c').replace(/>/gu, '\\u003e').replace(/&/gu, '\\u0026');
}

/** What the widget knows of each plan: its words in each language and the profile's questions. */
function widgetPlans(services: PlanServices) {
  return {
    default: services.default.id,
    plans: Object.fromEntries(
      services.all.map((service) => {
        const { profile, messages } = service.pack;
        const words = (language: Language) => ({
          ...messages[language].ui.widget,
          fields: Object.fromEntries([['industry', profile.industry.question[language]], ...profile.flags.map((flag) => [flag.id, flag.question[language]])]),
          // For the guided check's checklist: the flags' labels and the item kinds' names.
          labels: Object.fromEntries(profile.flags.map((flag) => [flag.id, flag.label[language]])),
          topics: messages[language].answer.topics,
        });
        return [service.id, Object.fromEntries(LANGUAGES.map((language) => [language, words(language)]))];
      }),
    ),
  };
}

const widgets = new WeakMap<PlanServices, StaticAsset>();

/** The widget script with the plans' words written in (built once per set of plans). */
function widgetAsset(services: PlanServices): StaticAsset {
  let asset = widgets.get(services);
  if (!asset) {
    const base = webAssets().widget;
    asset = textAsset(base.body.replace('/* @plans */ null', () => scriptJson(widgetPlans(services))), base.contentType);
    widgets.set(services, asset);
  }
  return asset;
}

export function registerWebRoutes(app: OpenAPIHono<AppEnv>): void {
  // Embedded by other sites under an unversioned URL: cache for a while, then revalidate.
  app.get('/widget.js', (c) => {
    // Loaded by <script> from other sites: the default resource policy (same-origin) would block it.
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    return serveAsset(c, widgetAsset(c.var.services), 'public, max-age=3600, stale-while-revalidate=86400');
  });
  // The page's own files are linked with their hash, so they can be cached for good.
  app.get('/assets/page.js', (c) => serveAsset(c, webAssets().pageScript, c.req.query('v') === webAssets().pageScript.hash ? 'public, max-age=31536000, immutable' : 'no-cache'));
  app.get('/assets/checks.js', (c) => serveAsset(c, webAssets().checksScript, c.req.query('v') === webAssets().checksScript.hash ? 'public, max-age=31536000, immutable' : 'no-cache'));
  app.get('/assets/page.css', (c) => serveAsset(c, webAssets().pageStyle, c.req.query('v') === webAssets().pageStyle.hash ? 'public, max-age=31536000, immutable' : 'no-cache'));

  app.get('/', (c) => {
    const asked = c.req.query('plan');
    const service = planService(c, asked && /^[a-z0-9][a-z0-9-]{0,62}$/u.test(asked) ? asked : undefined);
    const queryLang = c.req.query('lang');
    const lang: Language = queryLang === 'en' || queryLang === 'zh' ? queryLang : service.pack.meta.defaultLanguage;
    const { ruleSet, pack } = service;
    const ui = pack.messages[lang].ui.page;
    const { start, end } = pack.meta.period;
    const data = {
      lang,
      plan: service.id,
      industries: ruleSet.catalog.industries.map((industry) => ({ id: industry.id, name: industry.name[lang] })),
      industryLabel: pack.profile.industry.label[lang],
      flags: pack.profile.flags.map((flag) => ({ id: flag.id, label: flag.label[lang] })),
      periodNote: format(pack.messages[lang].answer.period, { start, end }),
      ui,
      version: pack.version,
    };
    const escape = (text: string) => text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
    const named = service === c.var.services.default ? '' : service.id;
    const html = webAssets()
      .pageTemplate.replaceAll('{{LANG}}', lang === 'en' ? 'en' : 'zh-CN')
      .replaceAll('{{PAGE_JS}}', `/assets/page.js?v=${webAssets().pageScript.hash}`)
      .replaceAll('{{CHECKS_JS}}', `/assets/checks.js?v=${webAssets().checksScript.hash}`)
      .replaceAll('{{PAGE_CSS}}', `/assets/page.css?v=${webAssets().pageStyle.hash}`)
      .replaceAll('{{WIDGET_LANG}}', lang)
      .replaceAll('{{PLAN}}', named)
      .replaceAll('{{PLAN_QUERY}}', named ? `&amp;plan=${named}` : '')
      .replaceAll('{{DOC_TITLE}}', escape(ui.docTitle))
      .replaceAll('{{TITLE}}', escape(ui.title))
      .replaceAll('{{TARGETS_HELP}}', escape(ui.targetsHelp))
      .replaceAll('{{FOOTER}}', escape(ui.footer))
      .replace('{{DATA}}', () => scriptJson(data));
    c.header('Content-Security-Policy', PAGE_CSP);
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cache-Control', 'no-cache');
    return c.html(html);
  });
}
