// Asks the assistant questions offline and prints the answers: `npx tsx scripts/ask.ts "问题" [--json] [--plan ID]`.
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean', default: false }, plan: { type: 'string' } } });
const env = { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };
const services = await createServices(loadConfig(env), env);
const service = services.get(values.plan);
if (!service) throw new Error(`no plan pack "${values.plan}"`);
for (const question of positionals) {
  const response = await service.pipeline.ask({ question });
  if (values.json) console.log(JSON.stringify(response, null, 2));
  else {
    console.log(`\n## ${question}\n[${response.status} · ${response.intent} · ${response.language}${response.needs ? ` · needs ${response.needs.join(',')}` : ''}]`);
    console.log(response.answer);
    response.citations.forEach((citation, index) => console.log(`  [${index + 1}] ${citation.id}: ${citation.quote.slice(0, 80)}`));
  }
}
services.close();
