// Asks the assistant one eval case offline (its history and profile too) and prints the answer: `npx tsx scripts/ask-case.ts <set> <case id>...`.
import { loadCases, setDir } from '../evals/cases.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';

const [set, ...ids] = process.argv.slice(2);
const env = { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };
const services = await createServices(loadConfig(env), env);
const service = services.get(undefined)!;
const cases = loadCases(setDir('cleaner-production-12th', set));
for (const id of ids) {
  const c = cases.find((entry) => entry.id === id || entry.id.endsWith(id));
  if (!c) throw new Error(`no case ${id}`);
  const request = { question: c.question, ...(c.history.length ? { history: c.history } : {}), ...(c.profile ? { profile: c.profile } : {}) };
  if (process.env.SHOW_UNDERSTANDING) {
    const { industries, terms, figures, searchText, intent, topics, profile } = await service.pipeline.understand(request);
    console.log(JSON.stringify({ intent, topics, profile, industries: industries.map((entry) => entry.id), terms: terms.map((term) => term.entry.zh), figures, searchText }));
  }
  const response = await service.pipeline.ask({ question: c.question, ...(c.history.length ? { history: c.history } : {}), ...(c.profile ? { profile: c.profile } : {}) });
  console.log(`\n## ${c.id}: ${c.question}\n[${response.status} · ${response.intent}${response.needs ? ` · needs ${response.needs.join(',')}` : ''}] expect ${JSON.stringify(c.expect)}`);
  console.log(response.answer);
  response.citations.forEach((citation, index) => console.log(`  [${index + 1}] ${citation.id}: ${citation.quote.slice(0, 80)}`));
}
services.close();
