/**
 * Writes evals/verifier/evidence.json: for a pool of questions (the eval cases, the held-out
 * cases and ./questions.ts), the numbered facts and quotes the model is shown when it words
 * an answer. The labelled answers (./labelled/*.json) are written by hand against these
 * snapshots, so the set does not move when the pipeline's numbering does; the verifier is
 * judged against the snapshot's evidence. This script never calls the verifier.
 *
 *   npx tsx evals/verifier/snapshot.ts
 */
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../../src/config.js';
import { createServices } from '../../src/services.js';
import { buildEvidence } from '../../src/assistant/llm/evidence.js';
import type { Fact } from '../../src/assistant/facts.js';
import { HOLDOUT_DIR, loadCases } from '../cases.js';
import { evalEnv } from '../run.js';
import { SET_QUESTIONS } from './questions.js';

const MAX_CITATIONS = 10;

const env = evalEnv();
const services = await createServices(loadConfig(env), env);
const { assistant, ruleSet } = services;
const pool = [
  ...loadCases().map((c) => ({ id: c.id, question: c.question, history: c.history, profile: c.profile })),
  ...loadCases(HOLDOUT_DIR).map((c) => ({ id: c.id, question: c.question, history: c.history, profile: c.profile })),
  ...SET_QUESTIONS.map((q) => ({ id: q.id, question: q.question, history: q.history ?? [], profile: {} })),
];

const snapshots: Array<Record<string, unknown>> = [];
for (const source of pool) {
  const request = { question: source.question, ...(source.history.length ? { history: source.history } : {}), ...(Object.keys(source.profile).length ? { profile: source.profile } : {}) };
  const understanding = assistant.understand(request);
  const plan = await assistant.planFor(request, understanding);
  if (plan.status !== 'answered' || !plan.facts.some((fact) => fact.kind !== 'period')) continue;
  const offline = assistant.offlineAnswer(plan, understanding);
  const evidence = buildEvidence({ plan, understanding, offline, ruleSet, lexicon: assistant.lexicon });
  if (evidence.citations.length > MAX_CITATIONS) continue;
  const markerOf = (citations: Fact['citations']) =>
    citations.map((citation) => evidence.citations.findIndex((item) => item.id === citation.id && (item.quote === citation.quote || fact_quote_match(item.quote, citation.quote))) + 1).filter((n) => n > 0);
  const view = (fact: Fact): Record<string, unknown> => ({
    kind: fact.kind === 'item' && fact.itemKind ? fact.itemKind : fact.kind,
    title: fact.title,
    text: fact.text,
    markers: markerOf(fact.citations),
    ...(fact.check ? { check: { met: fact.check.met, comparator: fact.check.comparator, target: fact.check.target, reported: fact.check.reported, difference: fact.check.difference } } : {}),
    ...(fact.confirmed !== undefined ? { confirmed: fact.confirmed } : {}),
    ...(fact.details?.length ? { details: fact.details.map(view) } : {}),
  });
  snapshots.push({
    id: source.id,
    language: understanding.language,
    question: source.question,
    ...(source.history.length ? { history: source.history } : {}),
    ...(plan.profile.industry ? { profileIndustry: plan.profile.industry } : {}),
    facts: plan.facts.filter((fact) => fact.kind !== 'period').map(view),
    conditional: (plan.conditional ?? []).flatMap(({ field, items }) => items.map((item) => ({ onlyIf: field, ...view(item) }))),
    citations: evidence.citations.map((citation, index) => ({ n: index + 1, id: citation.id, quote: citation.quote })),
    prompt: { facts: evidence.factLines, quotes: evidence.quoteLines },
    offlineAnswer: offline.answer,
  });
}

function fact_quote_match(a: string, b: string): boolean {
  return a.includes(b) || b.includes(a);
}

writeFileSync(new URL('./evidence.json', import.meta.url), `${JSON.stringify({ version: ruleSet.version, snapshots }, null, 1)}\n`);
const by = (language: string) => snapshots.filter((s) => s.language === language).length;
console.log(`${snapshots.length} snapshots (zh ${by('zh')}, en ${by('en')}) of ${pool.length} questions`);
process.exit(0);
