// Rebuilds a pack's corpus/clauses.json from its raw text and the cut points in corpus/segments.json:
//   npx tsx scripts/build-corpus.ts [plans/<id>]   (default: every pack of plans/)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCorpus, segmentsSchema } from '../src/plan/corpus.js';
import { projectPath } from '../src/paths.js';

const folders = process.argv[2] ? [process.argv[2]] : readdirSync(projectPath('plans')).map((name) => projectPath('plans', name)).filter((dir) => existsSync(join(dir, 'corpus', 'segments.json')));
for (const dir of folders) {
  const raw = readFileSync(join(dir, 'corpus', 'plan.txt'), 'utf8');
  const segments = segmentsSchema.parse(JSON.parse(readFileSync(join(dir, 'corpus', 'segments.json'), 'utf8')));
  const corpus = buildCorpus(raw, segments);
  writeFileSync(join(dir, 'corpus', 'clauses.json'), `${JSON.stringify(corpus, null, 1)}\n`);
  console.log(`${dir}: ${corpus.clauses.length} clauses, source ${corpus.sourceHash}`);
}
