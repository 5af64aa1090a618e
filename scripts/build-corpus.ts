// Rebuilds corpus/clauses.json from the raw text and the cut points in corpus/segments.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { buildCorpus } from '../src/corpus/build.js';
import { segmentsSchema } from '../src/corpus/schema.js';

const root = new URL('../corpus/', import.meta.url);
const raw = readFileSync(new URL('raw/plan.txt', root), 'utf8');
const segments = segmentsSchema.parse(JSON.parse(readFileSync(new URL('segments.json', root), 'utf8')));
const corpus = buildCorpus(raw, segments);
writeFileSync(new URL('clauses.json', root), JSON.stringify(corpus, null, 1) + '\n');
console.log(`${corpus.clauses.length} clauses, source ${corpus.sourceHash}`);
