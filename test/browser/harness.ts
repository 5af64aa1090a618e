/**
 * Shared pieces of the browser tests: headless Debian Chromium through playwright-core, a
 * tiny "association site" on another origin that embeds the widget, and screenshots in
 * test-results/ (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
  return path;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);

export interface HostSite {
  /** Origin as the browser sees it, e.g. `http://localhost:41234`. */
  origin: string;
  /** URL of a host page embedding the widget with these data-attributes (`lang`, `industry`, …). */
  page: (attributes?: Record<string, string>, pageLang?: string, place?: 'head' | 'body') => string;
  close: () => Promise<void>;
}

/**
 * An association's site: a page with its own (hostile) CSS and text, embedding
 * `<script src="{api}/widget.js" data-…>`. `hostname` picks the origin: `localhost` and
 * `127.0.0.1` on the same port are different origins to the browser.
 */
export async function startHostSite(apiUrl: () => string, hostname: 'localhost' | '127.0.0.1' = 'localhost'): Promise<HostSite> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://host.invalid');
    if (url.pathname !== '/') {
      response.writeHead(404).end();
      return;
    }
    const attributes = JSON.parse(url.searchParams.get('a') ?? '{}') as Record<string, string>;
    const pageLang = url.searchParams.get('lang') ?? 'zh-CN';
    const inHead = url.searchParams.get('place') === 'head';
    const data = Object.entries(attributes)
      .map(([key, value]) => ` data-${key}="${escapeHtml(value)}"`)
      .join('');
    const tag = `<script src="${escapeHtml(apiUrl())}/widget.js"${data}${inHead ? ' async' : ''}></script>`;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(`<!doctype html>
<html lang="${escapeHtml(pageLang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>某行业协会 · Association site</title>${inHead ? tag : ''}
<style>
  /* A host page whose CSS would wreck a naive widget. */
  html { font-size: 10px; }
  body { margin: 0; font: 2rem/1.2 Georgia, serif; color: #333; background: #fdfbf3; }
  * { letter-spacing: .1em !important; text-transform: uppercase; }
  button { display: none !important; }
  textarea, input { border: 5px dashed red !important; font-size: 40px !important; }
  div { border: 1px solid orange; }
  [role="log"], section, header, form, label { display: none !important; color: red !important; }
  header.site { display: block !important; padding: 2rem; background: #334; color: #fff !important; }
  main.site { display: block; padding: 2rem; max-width: 70rem; }
</style></head>
<body>
<header class="site"><strong>电镀行业协会 · Electroplating Association</strong></header>
<main class="site"><h1 id="host-heading">会员服务</h1>
<p id="host-text">本页是一个嵌入了清洁生产规划助手的协会网站示例。This is an association page embedding the assistant.</p></main>
${inHead ? '' : tag}
</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${hostname}:${port}`;
  return {
    origin,
    page: (attributes = {}, pageLang, place = 'body') =>
      `${origin}/?a=${encodeURIComponent(JSON.stringify(attributes))}${pageLang ? `&lang=${encodeURIComponent(pageLang)}` : ''}&place=${place}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The `event: …` / `data: …` blocks of a server-sent-events body. */
export function parseSse(body: string): Array<{ event: string; data: any }> {
  return body
    .split(/\r?\n\r?\n/u)
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: ?(.*)$/mu.exec(block)?.[1] ?? 'message';
      const data = [...block.matchAll(/^data: ?(.*)$/gmu)].map((match) => match[1]).join('\n');
      return { event, data: data ? JSON.parse(data) : undefined };
    });
}
