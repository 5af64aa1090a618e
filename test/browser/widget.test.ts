/**
 * The widget in a real browser (headless Chromium), embedded by an association site on
 * another origin, talking to the real service over HTTP.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/http-server.js';
import { launchBrowser, parseSse, screenshot, startHostSite, type HostSite } from './harness.js';

let browser: Browser;
let api: TestServer;
let limitedApi: TestServer;
let host: HostSite; // http://localhost:PORT, allowed
let stranger: HostSite; // http://127.0.0.1:PORT, not allowed
const contexts: BrowserContext[] = [];
/** Script errors on any page: the widget must never crash, whatever the service answers. */
const pageErrors: string[] = [];
afterEach(() => {
  expect(pageErrors).toEqual([]);
});

beforeAll(async () => {
  let apiUrl = '';
  let limitedUrl = '';
  [host, stranger, limitedHost] = await Promise.all([
    startHostSite(() => apiUrl, 'localhost'),
    startHostSite(() => apiUrl, '127.0.0.1'),
    startHostSite(() => limitedUrl, 'localhost'),
  ]);
  [api, limitedApi, browser] = await Promise.all([
    startTestServer({ ALLOWED_ORIGINS: host.origin }),
    startTestServer({ ALLOWED_ORIGINS: limitedHost.origin, RATE_LIMIT_PER_MIN: '1' }),
    launchBrowser(),
  ]);
  apiUrl = api.url;
  limitedUrl = limitedApi.url;
});

let limitedHost: HostSite;

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close().catch(() => {})));
  await browser?.close();
  await Promise.all([api?.close(), limitedApi?.close(), host?.close(), stranger?.close(), limitedHost?.close()]);
});

async function newPage(options: { width?: number; height?: number } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 860 }, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource|CORS policy/u.test(message.text())) pageErrors.push(message.text());
  });
  return page;
}

/**
 * The stream the widget read: its headers as the browser got them, and (DevTools keeps no
 * body for a fetch read as a stream) the same request replayed from here, which the offline
 * service answers identically. Plus how many times the widget redrew the text as deltas came.
 */
async function streamOf(page: Page, responsePromise: Promise<Response>) {
  const response = await responsePromise;
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/text\/event-stream/u);
  expect(response.headers()['cache-control']).toBe('no-store');
  const request = response.request();
  const headers = await request.allHeaders();
  const replay = await fetch(response.url(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: headers['origin'] ?? '' },
    body: request.postData() ?? '',
  });
  const replayText = await replay.text();
  const events = parseSse(replayText);
  if (!events.some((event) => event.event === 'done')) throw new Error(`replay ${replay.status}: ${replayText.slice(0, 500)} / ${request.postData()}`);
  const deltas = events.filter((event) => event.event === 'delta');
  const done = events.find((event) => event.event === 'done')!.data;
  await page.locator('cp-assistant .log[aria-busy="false"]').waitFor();
  const redraws = await page.evaluate(() => (window as any).__cpwRedraws ?? 0);
  return { deltas, done, request, headers, redraws };
}

/** Counts the widget's redraws of a streaming answer (text changes while the log is busy). */
async function watchStreaming(page: Page) {
  await page.evaluate(() => {
    const root = document.querySelector('cp-assistant')!.shadowRoot!;
    const log = root.querySelector('[role="log"]')!;
    (window as any).__cpwRedraws = 0;
    new MutationObserver((records) => {
      for (const record of records) if (record.type === 'characterData' && log.getAttribute('aria-busy') === 'true') (window as any).__cpwRedraws++;
    }).observe(log, { subtree: true, characterData: true, childList: true });
  });
}

const waitForStream = (page: Page) => page.waitForResponse((response) => response.url().endsWith('/v1/ask/stream') && response.request().method() === 'POST');

/** The last answer in the log, once rendered (not busy, not the thinking placeholder). */
async function lastAnswer(page: Page) {
  const answer = page.locator('cp-assistant .msg.bot:not(.intro):not(.thinking)').last();
  await answer.waitFor();
  await page.locator('cp-assistant .log[aria-busy="false"]').waitFor();
  return answer;
}

async function openAndAsk(page: Page, label: RegExp, question: string) {
  await page.getByRole('button', { name: label }).click();
  const box = page.getByRole('textbox');
  await box.fill(question);
  await watchStreaming(page);
  const stream = waitForStream(page);
  await box.press('Enter');
  return streamOf(page, stream);
}

describe('the widget on an association site (another origin)', () => {
  it('asks in Chinese: streamed answer, citation markers that expand to the verbatim quote', async () => {
    const page = await newPage();
    await page.goto(host.page({ lang: 'zh' }));
    const { deltas, done, headers, redraws } = await openAndAsk(page, /打开清洁生产规划助手/u, '2015年汞使用量削减目标是多少？');

    expect(headers['origin']).toBe(host.origin);
    expect(deltas.length).toBeGreaterThan(1);
    // The widget drew the answer piece by piece, as the deltas came.
    expect(redraws).toBeGreaterThan(1);
    expect(deltas.map((delta) => delta.data.text).join('')).toBe(done.answer);
    expect(done.status).toBe('answered');
    expect(done.citations.length).toBeGreaterThan(0);

    const answer = await lastAnswer(page);
    await expect(answer.textContent()).resolves.toContain('638');
    // The log is a polite live region; the question box a labelled textbox.
    const log = page.getByRole('log');
    await expect(log.getAttribute('aria-live')).resolves.toBe('polite');
    await expect(page.getByRole('textbox', { name: '您的问题' }).count()).resolves.toBe(1);

    const marker = answer.getByRole('button', { name: '引文 1' }).first();
    await expect(marker.getAttribute('aria-expanded')).resolves.toBe('false');
    const quoteId = (await marker.getAttribute('aria-controls'))!;
    const quote = page.locator(`cp-assistant [id="${quoteId}"]`);
    await expect(quote.isVisible()).resolves.toBe(false);
    await marker.click();
    await expect(marker.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(quote.isVisible()).resolves.toBe(true);
    await expect(quote.textContent()).resolves.toContain(done.citations[0].quote);
    await screenshot(page, 'widget-zh-citation-open');

    await marker.click();
    await expect(quote.isVisible()).resolves.toBe(false);
  });

  it('asks in English and answers in English, following the page language', async () => {
    const page = await newPage();
    await page.goto(host.page({}, 'en'));
    const { done } = await openAndAsk(page, /Open the Cleaner Production Plan assistant/u, 'How often must an above-scale electroplating company do a cleaner production audit?');
    expect(done.language).toBe('en');
    expect(done.status).toBe('answered');
    const answer = await lastAnswer(page);
    await expect(answer.textContent()).resolves.toMatch(/two years/iu);
    await expect(page.getByRole('textbox', { name: 'Your question' }).count()).resolves.toBe(1);
    const marker = answer.getByRole('button', { name: 'Citation 1' }).first();
    await marker.click();
    const quote = page.locator(`cp-assistant [id="${await marker.getAttribute('aria-controls')}"]`);
    await expect(quote.textContent()).resolves.toContain(done.citations[0].quote);
    await screenshot(page, 'widget-en-citation-open');
  });

  it('a preset-industry widget answers for that industry; without it, asks for the industry', async () => {
    const page = await newPage();
    await page.goto(
      host.page({ lang: 'zh', industry: '电镀', title: '电镀行业协会 · 清洁生产助手', color: '#7a2e8c', position: 'left' }),
    );
    const { done, request } = await openAndAsk(page, /打开清洁生产规划助手/u, '我们多久需要做一次清洁生产审核？');
    expect(request.postDataJSON().profile).toEqual({ industry: '电镀' });
    expect(done.status).toBe('answered');
    const answer = await lastAnswer(page);
    await expect(answer.textContent()).resolves.toMatch(/电镀/u);
    await expect(answer.textContent()).resolves.toMatch(/两年/u);
    await expect(page.getByRole('heading', { name: '电镀行业协会 · 清洁生产助手' }).count()).resolves.toBe(1);
    // The configured colour and side.
    const launcher = page.getByRole('button', { name: /打开清洁生产规划助手/u });
    const box = (await launcher.boundingBox())!;
    expect(box.x).toBeLessThan(100);
    await expect(launcher.evaluate((node) => getComputedStyle(node).backgroundColor)).resolves.toBe('rgb(122, 46, 140)');
    await screenshot(page, 'widget-preset-electroplating');

    const plain = await newPage();
    await plain.goto(host.page({ lang: 'zh' }));
    const { done: generic } = await openAndAsk(plain, /打开清洁生产规划助手/u, '我们多久需要做一次清洁生产审核？');
    expect(generic.status).toBe('needs_info');
    const asking = await lastAnswer(plain);
    await expect(asking.textContent()).resolves.toContain('需要补充信息');
    await expect(asking.textContent()).resolves.toContain('所属行业');
    await screenshot(plain, 'widget-needs-info');
  });

  it('shows the answer first, folds a long answer behind “show more”, and offers the industries a name may mean', { timeout: 90_000 }, async () => {
    const page = await newPage();
    await page.goto(host.page({ lang: 'zh' }));
    const { done } = await openAndAsk(page, /打开清洁生产规划助手/u, '我们是规模以上电镀企业，规划对我们有什么要求？');
    expect(done.summary.length).toBeGreaterThan(0);
    const answer = await lastAnswer(page);
    // The first line is the lead, set apart; the answer's own lines follow.
    await expect(answer.locator('.lead').textContent()).resolves.toBe(done.answer.split('\n')[0]);
    const lines = done.answer.split('\n').length - 1;
    const more = answer.getByRole('button', { name: /展开全部/u });
    if (lines > 5) {
      await expect(more.getAttribute('aria-expanded')).resolves.toBe('false');
      const lastLine = answer.locator('.line').last();
      await expect(lastLine.isVisible()).resolves.toBe(false);
      await screenshot(page, 'widget-zh-folded');
      await more.click();
      await expect(lastLine.isVisible()).resolves.toBe(true);
      await expect(answer.getByRole('button', { name: '收起' }).getAttribute('aria-expanded')).resolves.toBe('true');
      await screenshot(page, 'widget-zh-unfolded');
    } else {
      await expect(more.count()).resolves.toBe(0);
    }

    // A name the plan's industries fit on one reading only: one tap answers which.
    const box = page.getByRole('textbox');
    await box.fill('我们是PVC厂，需要每两年审核一次吗？');
    const asked = waitForStream(page);
    await box.press('Enter');
    // Playwright never sees a streamed fetch finish: wait for the response, then for the widget to settle.
    await asked;
    const asking = await lastAnswer(page);
    await expect(asking.textContent()).resolves.toContain('电石法聚氯乙烯');
    await expect(asking.getByRole('button', { name: '都不是' }).count()).resolves.toBe(1);
    await screenshot(page, 'widget-zh-choices');
    const stream = waitForStream(page);
    await asking.getByRole('button', { name: '电石法聚氯乙烯' }).click();
    await stream;
    const settled = await lastAnswer(page);
    await expect(settled.textContent()).resolves.toMatch(/两年/u);
  });

  it('says when a question is outside the plan', async () => {
    const page = await newPage();
    await page.goto(host.page({ lang: 'zh' }));
    const { done } = await openAndAsk(page, /打开清洁生产规划助手/u, '明天北京的天气怎么样？');
    expect(done.status).toBe('out_of_scope');
    const answer = await lastAnswer(page);
    await expect(answer.textContent()).resolves.toContain('超出规划范围');
  });

  it('keeps the conversation in the page session and sends it as history', async () => {
    const page = await newPage();
    await page.goto(host.page({ lang: 'zh' }));
    await openAndAsk(page, /打开清洁生产规划助手/u, '我们是一家规模以上的电镀企业。');
    await page.reload();
    // Restored open, with the earlier turn, without stealing focus.
    await page.locator('cp-assistant .msg.user').first().waitFor();
    await expect(page.locator('cp-assistant .msg.user').count()).resolves.toBe(1);
    const box = page.getByRole('textbox', { name: '您的问题' });
    await box.fill('那我们多久需要做一次清洁生产审核？');
    const stream = waitForStream(page);
    await box.press('Enter');
    const { done, request } = await streamOf(page, stream);
    const history = request.postDataJSON().history;
    expect(history).toHaveLength(2);
    expect(history[0]).toEqual({ role: 'user', content: '我们是一家规模以上的电镀企业。' });
    expect(history[1].role).toBe('assistant');
    expect(done.answer).toMatch(/两年/u);
    // Nothing but the conversation is stored: no keys, no tokens.
    const stored = await page.evaluate(() => Object.keys(sessionStorage).map((key) => [key, sessionStorage.getItem(key)]));
    expect(stored).toHaveLength(1);
    expect(stored[0]![0]).toMatch(/^cp-assistant:/u);
    const cookies = await page.context().cookies();
    expect(cookies).toHaveLength(0);
  });

  it('works by keyboard alone: Enter opens, Enter sends, Shift+Enter breaks a line, Escape closes and returns focus', async () => {
    const page = await newPage();
    await page.goto(host.page({ lang: 'zh' }));
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => {
      const root = document.querySelector('cp-assistant')!.shadowRoot!;
      const active = root.activeElement as HTMLElement | null;
      return active ? { tag: active.tagName, cls: active.className, expanded: active.getAttribute('aria-expanded'), outline: getComputedStyle(active).outlineStyle, outlineWidth: getComputedStyle(active).outlineWidth } : null;
    });
    const launcherFocus = await focused();
    expect(launcherFocus).toMatchObject({ tag: 'BUTTON', cls: 'launcher', expanded: 'false' });
    // The focus ring is visible.
    expect(launcherFocus!.outline).toBe('solid');
    expect(parseFloat(launcherFocus!.outlineWidth)).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'widget-keyboard-focus-launcher');

    await page.keyboard.press('Enter');
    await expect(focused()).resolves.toMatchObject({ tag: 'TEXTAREA' });
    await page.keyboard.type('第一行');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('第二行');
    await expect(page.getByRole('textbox').inputValue()).resolves.toBe('第一行\n第二行');
    await page.getByRole('textbox').fill('');
    await page.keyboard.type('2015年汞使用量削减目标是多少？');
    const stream = waitForStream(page);
    await page.keyboard.press('Enter');
    await streamOf(page, stream);
    const answer = await lastAnswer(page);
    await expect(page.getByRole('textbox').inputValue()).resolves.toBe('');

    // Tab backwards from the textbox to a citation marker, open it with the keyboard.
    const marker = answer.getByRole('button', { name: '引文 1' }).first();
    await marker.focus();
    await page.keyboard.press('Enter');
    await expect(marker.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.keyboard.press('Space');
    await expect(marker.getAttribute('aria-expanded')).resolves.toBe('false');

    await page.keyboard.press('Escape');
    await expect(page.locator('cp-assistant section[role="dialog"]').isVisible()).resolves.toBe(false);
    await expect(focused()).resolves.toMatchObject({ cls: 'launcher', expanded: 'false' });
  });

  it('is isolated from the host page’s CSS and leaves the page untouched', async () => {
    const page = await newPage();
    await page.goto(host.page({ lang: 'zh' }));
    const before = await page.evaluate(() => ({
      globals: Object.keys(window).length,
      styles: document.querySelectorAll('style, link[rel="stylesheet"]').length,
      font: getComputedStyle(document.getElementById('host-text')!).fontFamily,
    }));
    await page.getByRole('button', { name: /打开清洁生产规划助手/u }).click();
    const looks = await page.evaluate(() => {
      const root = document.querySelector('cp-assistant')!.shadowRoot!;
      const textarea = root.querySelector('textarea')!;
      const log = root.querySelector('[role="log"]')!;
      const send = root.querySelector('button.send')!;
      return {
        textareaBorder: getComputedStyle(textarea).borderTopStyle,
        textareaFont: getComputedStyle(textarea).fontSize,
        logDisplay: getComputedStyle(log).display,
        sendDisplay: getComputedStyle(send).display,
        letterSpacing: getComputedStyle(send).letterSpacing,
        transform: getComputedStyle(send).textTransform,
      };
    });
    expect(looks).toEqual({ textareaBorder: 'solid', textareaFont: '15px', logDisplay: 'block', sendDisplay: 'block', letterSpacing: 'normal', transform: 'none' });
    const after = await page.evaluate(() => ({
      globals: Object.keys(window).length,
      styles: document.querySelectorAll('style, link[rel="stylesheet"]').length,
      font: getComputedStyle(document.getElementById('host-text')!).fontFamily,
    }));
    expect(after).toEqual(before);
    await screenshot(page, 'widget-hostile-host-css');
  });

  it('loads from <head> as an async script, mounting once the page is there', async () => {
    const page = await newPage();
    await page.goto(host.page({ lang: 'en', title: 'Ask the plan' }, 'zh-CN', 'head'));
    await page.getByRole('button', { name: 'Open the Cleaner Production Plan assistant' }).click();
    await expect(page.getByRole('heading', { name: 'Ask the plan' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('cp-assistant').count()).resolves.toBe(1);
    await expect(page.locator('cp-assistant').evaluate((node) => node.parentElement?.tagName)).resolves.toBe('BODY');
  });

  it('fills the width of a phone screen', async () => {
    const page = await newPage({ width: 375, height: 740 });
    await page.goto(host.page({ lang: 'zh', industry: '电镀' }));
    await screenshot(page, 'widget-phone-closed');
    await openAndAsk(page, /打开清洁生产规划助手/u, '我们需要推广哪些清洁生产技术？');
    await lastAnswer(page);
    const panel = (await page.locator('cp-assistant section[role="dialog"]').boundingBox())!;
    expect(panel.x).toBe(0);
    expect(panel.width).toBe(375);
    const log = (await page.getByRole('log').boundingBox())!;
    expect(log.width).toBeGreaterThan(300);
    await screenshot(page, 'widget-phone-open');
  });

  it('on a site that is not allowed: the service refuses and the widget says so', async () => {
    const page = await newPage();
    const refusals: number[] = [];
    const failed: string[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.origin === api.url && url.pathname !== '/widget.js') refusals.push(response.status());
    });
    page.on('requestfailed', (request) => failed.push(`${request.method()} ${new URL(request.url()).pathname}`));
    await page.goto(stranger.page({ lang: 'zh' }));
    await page.getByRole('button', { name: /打开清洁生产规划助手/u }).click();
    // Told on opening, before typing.
    await page.locator('cp-assistant .msg.error').first().waitFor();
    await expect(page.locator('cp-assistant .msg.error').first().textContent()).resolves.toContain('未获授权');

    const box = page.getByRole('textbox', { name: '您的问题' });
    await box.fill('2015年汞使用量削减目标是多少？');
    await box.press('Enter');
    await page.locator('cp-assistant .msg.error').nth(1).waitFor();
    await expect(page.locator('cp-assistant .msg.error').nth(1).textContent()).resolves.toContain('未获授权');
    // The ask never got through the preflight; the probe was answered 403.
    expect(failed).toContain('POST /v1/ask/stream');
    expect(refusals).toContain(403);
    expect(refusals).not.toContain(200);
    // And from outside the browser, the same origin is refused.
    const direct = await fetch(`${api.url}/v1/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stranger.origin },
      body: JSON.stringify({ question: '2015年汞使用量削减目标是多少？' }),
    });
    expect(direct.status).toBe(403);
    expect(((await direct.json()) as any).error.code).toBe('origin_not_allowed');
    await screenshot(page, 'widget-refused-origin');
  });

  it('tells the person to wait when rate limited', async () => {
    const page = await newPage();
    await page.goto(limitedHost.page({ lang: 'zh' }));
    await page.getByRole('button', { name: /打开清洁生产规划助手/u }).click();
    const box = page.getByRole('textbox', { name: '您的问题' });
    await box.fill('2015年汞使用量削减目标是多少？');
    const first = page.waitForResponse((response) => response.url().endsWith('/v1/ask/stream'));
    await box.press('Enter');
    expect((await first).status()).toBe(200);
    await lastAnswer(page);
    await box.fill('我们多久需要做一次清洁生产审核？');
    const limited = page.waitForResponse((response) => response.url().endsWith('/v1/ask/stream'));
    await box.press('Enter');
    expect((await limited).status()).toBe(429);
    const notice = page.locator('cp-assistant .msg.error').last();
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toMatch(/请 \d+ 秒后再试/u);
    await screenshot(page, 'widget-rate-limited');
  });
});
