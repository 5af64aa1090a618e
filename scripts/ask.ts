// Asks the assistant one question offline and prints the answer: `npx tsx scripts/ask.ts "问题" [--json]`.
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const questions = args.filter((arg) => arg !== '--json');
const env = { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };
const { assistant } = await createServices(loadConfig(env), env);
for (const question of questions) {
  const response = await assistant.ask({ question });
  if (asJson) console.log(JSON.stringify(response, null, 2));
  else {
    console.log(`\n## ${question}\n[${response.status} · ${response.intent} · ${response.language}${response.needs ? ` · needs ${response.needs.join(',')}` : ''}]`);
    console.log(response.answer);
    response.citations.forEach((citation, index) => console.log(`  [${index + 1}] ${citation.id}: ${citation.quote.slice(0, 80)}`));
  }
}
