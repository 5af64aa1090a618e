/**
 * How the content-word coverage threshold was chosen: the coverage of every sentence of the
 * labelled set's faithful answers, and of the sentences that carry a perturbed answer's error,
 * with the rates each candidate threshold would give.
 *
 *   npx tsx evals/verifier/calibrate.ts [--kind invented-obligation] [--show 0.5]
 */
import { parseArgs } from 'node:util';
import { PackRuntime } from '../../src/answer/runtime.js';
import { loadPack } from '../../src/plan/load.js';
import { projectPath } from '../../src/paths.js';
import { endsParagraph, splitSentences, withoutQuotes } from '../../src/text/sentences.js';
import { checkerForSnapshot, loadVerifierSet } from './labelled.js';

const { values } = parseArgs({ options: { plan: { type: 'string', default: 'cleaner-production-12th' }, kind: { type: 'string', multiple: true }, show: { type: 'string' } } });
const runtime = await PackRuntime.create(loadPack(projectPath('plans', values.plan)));
const set = loadVerifierSet(values.plan);
const MARKER = /\[(\d+)\]/gu;

interface Row {
  id: string;
  label: string;
  kind: string;
  sentence: string;
  total: number;
  uncovered: string[];
  error: boolean;
  asserts: boolean;
  file: string;
}
const rows: Row[] = [];
for (const item of set.items) {
  if (values.kind && !values.kind.includes(item.kind) && item.kind !== 'faithful') continue;
  const checker = await checkerForSnapshot(set.snapshots.get(item.snapshot)!, runtime);
  const support = checker.support!;
  const sentences = splitSentences(item.answer.trim());
  // The markers a sentence is judged by: its own, else the next marked sentence's of its paragraph, else all.
  const own = sentences.map((sentence) => [...sentence.matchAll(MARKER)].map((match) => Number(match[1])));
  sentences.forEach((sentence, index) => {
    let markers = own[index]!;
    for (let next = index; markers.length === 0 && next < sentences.length; next++) {
      if (own[next]!.length) markers = own[next]!;
      if (endsParagraph(sentences[next]!)) break;
    }
    const plain = checker.plainOf(sentence);
    const coverage = support.coverage(plain, markers);
    const error = item.error !== undefined && (sentence.includes(item.error.trim()) || item.error.includes(withoutQuotes(sentence).replace(MARKER, '').trim()));
    rows.push({ id: item.id, label: item.label, kind: item.kind, sentence: sentence.trim(), total: coverage.total, uncovered: coverage.uncovered, error, asserts: support.asserts(plain), file: item.file });
  });
}

const ratio = (row: Row) => (row.total === 0 ? 1 : 1 - row.uncovered.length / row.total);
const faithful = rows.filter((row) => row.label === 'faithful');
const errors = rows.filter((row) => row.label === 'perturbed' && row.error);
const answers = (list: Row[]) => [...new Set(list.map((row) => `${row.file}:${row.id}`))];
console.log(`${faithful.length} faithful sentences in ${answers(faithful).length} answers; ${errors.length} error sentences`);
console.log('threshold  faithful answers passing  error sentences blocked (by kind)');
const group = process.env.GROUP;
for (const threshold of [0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]) {
  for (const minimum of [1, 2, 3]) {
    const fails = (row: Row) => (group === undefined || String(row.asserts) === group) && row.uncovered.length >= minimum && ratio(row) < threshold;
    const failing = new Set(faithful.filter(fails).map((row) => `${row.file}:${row.id}`));
    const passRate = 1 - failing.size / answers(faithful).length;
    const kinds = [...new Set(errors.map((row) => row.kind))].map((kind) => {
      const list = errors.filter((row) => row.kind === kind);
      return `${kind} ${((list.filter(fails).length / list.length) * 100).toFixed(0)}%`;
    });
    console.log(`<${threshold} & >=${minimum} uncovered  ${(passRate * 100).toFixed(1)}%  ${kinds.join(', ')}`);
  }
}
if (values.show) {
  const threshold = Number(values.show);
  console.log('\nfaithful sentences under the threshold:');
  for (const row of faithful.filter((r) => ratio(r) < threshold && r.uncovered.length >= 1 && (group === undefined || String(r.asserts) === group))) console.log(`  ${ratio(row).toFixed(2)} ${row.id}: ${row.uncovered.join(' | ')}  «${row.sentence.slice(0, 160)}»`);
  console.log('\nerror sentences at or over it:');
  for (const row of errors.filter((r) => ratio(r) >= threshold)) console.log(`  ${ratio(row).toFixed(2)} ${row.id}: ${row.uncovered.join(' | ')}  «${row.sentence.slice(0, 160)}»`);
}
if (process.env.WORDS) {
  const count = (list: Row[]) => {
    const counts = new Map<string, number>();
    for (const row of list) for (const word of row.uncovered) counts.set(word.toLowerCase(), (counts.get(word.toLowerCase()) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]);
  };
  const errorCounts = new Map(count(errors));
  console.log('\nuncovered in faithful sentences (count, and in error sentences):');
  console.log(count(faithful).slice(0, Number(process.env.WORDS)).map(([word, n]) => `${word} ${n}/${errorCounts.get(word) ?? 0}`).join(', '));
}
if (process.env.MISSED) {
  // Error sentences of answers the checker lets through, with their coverage.
  const { runVerifierSet } = await import('./labelled.js');
  const summary = await runVerifierSet({ plan: values.plan, runtime, ...(values.kind ? { kinds: values.kind } : {}) });
  const missed = new Set(summary.mistakes.filter((mistake) => mistake.label === 'perturbed').map((mistake) => mistake.id));
  for (const row of errors.filter((r) => missed.has(r.id))) console.log(`  ${ratio(row).toFixed(2)} ${row.uncovered.length}/${row.total} ${row.id}: ${row.uncovered.join(' | ')}  «${row.sentence.slice(0, 150)}»`);
}
