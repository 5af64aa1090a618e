// How a chat UI shows a cited answer: asks POST /v1/chat/completions in process (offline), renders the
// markdown content as chat UIs do (marked, GFM; once with single line breaks kept, once as CommonMark
// joins them) and screenshots it in headless Chromium.
//   npx tsx scripts/render-chat.ts [--out /tmp/shots] "问题" ["question" …]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Marked } from 'marked';
import { chromium } from 'playwright-core';
import { createApp } from '../src/api/app.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string', default: 'test-results/chat-render' } } });
const questions = positionals.length ? positionals : ['我们是一家规模以上的电镀企业，多久需要做一次清洁生产审核？'];
const env = { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', RATE_LIMIT_PER_MIN: '0' };
const services = await createServices(loadConfig(env), env);
const app = createApp(services);
mkdirSync(values.out, { recursive: true });

const escapeHtml = (text: string) => text.replace(/[&<>"']/gu, (character) => `&#${character.charCodeAt(0)};`);
const withBreaks = new Marked({ gfm: true, breaks: true });
const strict = new Marked({ gfm: true, breaks: false });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const [index, question] of questions.entries()) {
  const response = await app.request('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: services.default.id, messages: [{ role: 'user', content: question }] }),
  });
  const completion = (await response.json()) as { choices: Array<{ message: { content: string } }> };
  const content = completion.choices[0]!.message.content;
  const column = (title: string, html: string) => `<section><h2>${title}</h2><div class="user">${escapeHtml(question)}</div><div class="bot">${html}</div></section>`;
  const page = `<!doctype html><html lang="zh"><meta charset="utf-8"><style>
    body { font: 15px/1.6 system-ui, "WenQuanYi Micro Hei", sans-serif; background: #f4f4f5; margin: 0; padding: 16px; display: flex; gap: 16px; }
    section { flex: 1; max-width: 640px; } h2 { font: 600 12px system-ui; color: #71717a; text-transform: uppercase; }
    .user { background: #e4e4e7; border-radius: 16px; padding: 8px 14px; margin: 0 0 12px auto; width: fit-content; max-width: 80%; }
    .bot { background: #fff; border-radius: 12px; padding: 4px 18px; box-shadow: 0 1px 2px #0001; }
    .bot p { margin: .6em 0; } .bot ol, .bot ul { padding-left: 1.4em; }
  </style><body>${column('marked, GFM, line breaks kept (breaks: true)', withBreaks.parse(content) as string)}${column('marked, GFM, CommonMark line breaks (breaks: false)', strict.parse(content) as string)}</body></html>`;
  const base = join(values.out, `answer-${index + 1}`);
  writeFileSync(`${base}.md`, content);
  writeFileSync(`${base}.html`, page);
  const tab = await browser.newPage({ viewport: { width: 1340, height: 900 } });
  await tab.setContent(page);
  await tab.screenshot({ path: `${base}.png`, fullPage: true });
  await tab.close();
  console.log(`${base}.png`);
}
await browser.close();
services.close();
