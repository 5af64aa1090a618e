// Prints the top clauses for a question: npx tsx scripts/search.ts "汞使用量削减目标" [limit] [--plan ID]
// Uses the same index as the server (DATA_DIR, else ./data), building it on first use.
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { plan: { type: 'string' } } });
const [query, limitArgument] = positionals;
if (!query) {
  console.error('usage: npx tsx scripts/search.ts "问题 / question" [limit] [--plan ID]');
  process.exit(2);
}
const env = { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };
const opening = performance.now();
const services = await createServices(loadConfig(env), env);
const service = services.get(values.plan);
if (!service) throw new Error(`no plan pack "${values.plan}"`);
const { retriever } = service;
const info = retriever.indexInfo;
console.log(`index ${info.table} (${info.rows} clauses, ${info.embedderId}) ${info.builtByThisProcess ? `built in ${info.buildMs} ms` : 'reused'}; opened in ${Math.round(performance.now() - opening)} ms`);
const prepared = retriever.prepare(query);
console.log(`query: ${prepared.text}\ntokens: ${prepared.tokens.join(' ')}${prepared.englishWords.length ? `\nEnglish words (searched in the renderings): ${prepared.englishWords.join(' ')}` : ''}\n`);
const searching = performance.now();
const hits = await retriever.search(query, { limit: Number(limitArgument ?? 5) || 5 });
const elapsed = performance.now() - searching;
for (const [position, hit] of hits.entries()) {
  const ranks = [hit.ranks.fullText ? `bm25 #${hit.ranks.fullText}` : '', hit.ranks.vector ? `vector #${hit.ranks.vector}` : '', hit.ranks.english ? `english #${hit.ranks.english}` : ''].filter(Boolean).join(', ');
  const text = hit.text.length > 160 ? `${hit.text.slice(0, 160)}…` : hit.text;
  console.log(`${position + 1}. [${hit.id}] (${hit.kind}, §${hit.section}) score ${hit.score.toFixed(4)} — ${ranks}\n   ${text}`);
}
if (hits.length === 0) console.log('(no hits)');
console.log(`\n${hits.length} hits in ${elapsed.toFixed(1)} ms`);
services.close();
