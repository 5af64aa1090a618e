/**
 * Writes a plan's verifier evidence snapshots (plans/<plan>/tests/verifier/evidence.json): for a
 * pool of questions (the plan's eval and held-out cases and ./questions.ts), the numbered facts
 * and quotes a model is shown when it words an answer. The labelled answers
 * (tests/verifier/labelled/*.json) were written by hand against these snapshots, so the set
 * does not move when the pipeline's numbering does; the verifier is judged against the
 * snapshot's evidence. This script never calls the verifier. It overwrites the file only with
 * --write (the labelled answers refer to its numbering).
 *
 *   npx tsx evals/verifier/snapshot.ts [--plan ID] [--write]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildEvidence } from '../../src/answer/evidence.js';
import type { Fact } from '../../src/answer/types.js';
import { loadConfig } from '../../src/config.js';
import { projectPath } from '../../src/paths.js';
import { createServices } from '../../src/services.js';
import { loadCases, setDir } from '../cases.js';
import { DEFAULT_PLAN, evalEnv } from '../run.js';
import { SET_QUESTIONS } from './questions.js';

const MAX_CITATIONS = 10;
const { values } = parseArgs({ options: { plan: { type: 'string', default: DEFAULT_PLAN }, write: { type: 'boolean', default: false } } });

const env = evalEnv();
const services = await createServices(loadConfig(env), env);
const service = services.get(values.plan);
if (!service) throw new Error(`no plan pack "${values.plan}"`);
const { pipeline, runtime } = service;
const pool = [
  ...loadCases(setDir(values.plan, 'cases')).map((c) => ({ id: c.id, question: c.question, history: c.history, profile: c.profile })),
  ...loadCases(setDir(values.plan, 'holdout')).map((c) => ({ id: c.id, question: c.question, history: c.history, profile: c.profile })),
  ...SET_QUESTIONS.map((q) => ({ id: q.id, question: q.question, history: q.history ?? [], profile: {} })),
];

const snapshots: Array<Record<string, unknown>> = [];
for (const source of pool) {
  const request = { question: source.question, ...(source.history.length ? { history: source.history } : {}), ...(Object.keys(source.profile).length ? { profile: source.profile } : {}) };
  const decided = await pipeline.decide(await pipeline.understand(request));
  const { decision, understanding } = decided;
  if (decision.status !== 'answered' || !decision.facts.some((fact) => fact.kind !== 'period')) continue;
  const composition = runtime.composer.compose(decision, understanding);
  const evidence = buildEvidence(decision, understanding, composition, runtime);
  if (evidence.citations.length > MAX_CITATIONS) continue;
  const markerOf = (citations: Fact['citations']) =>
    citations.map((citation) => evidence.citations.findIndex((item) => item.id === citation.id && (item.quote.includes(citation.quote) || citation.quote.includes(item.quote))) + 1).filter((n) => n > 0);
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
    ...(decision.profile.industry ? { profileIndustry: decision.profile.industry } : {}),
    facts: decision.facts.filter((fact) => fact.kind !== 'period').map(view),
    conditional: (decision.conditional ?? []).flatMap(({ field, items }) => items.map((item) => ({ onlyIf: field, ...view(item) }))),
    citations: evidence.citations.map((citation, index) => ({ n: index + 1, id: citation.id, quote: citation.quote })),
    prompt: { facts: evidence.factLines, quotes: evidence.quoteLines },
    offlineAnswer: composition.answer,
  });
}
const by = (language: string) => snapshots.filter((s) => s.language === language).length;
console.log(`${snapshots.length} snapshots (zh ${by('zh')}, en ${by('en')}) of ${pool.length} questions`);
if (values.write) writeFileSync(projectPath('plans', values.plan, 'tests', 'verifier', 'evidence.json'), `${JSON.stringify({ version: service.pack.version, snapshots }, null, 1)}\n`);
services.close();
