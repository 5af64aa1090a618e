import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readJsonFile } from '../corpus/load.js';
import {
  eligibilityFileSchema,
  glossaryFileSchema,
  industriesFileSchema,
  targetsFileSchema,
  type GlossaryEntry,
  type Industry,
  type IndustryGroup,
  type RuleData,
  type Target,
} from './schema.js';

export const RULES_DIR = new URL('../../rules/', import.meta.url);

/** Every data file of the rule set, validated; cross-references are checked by `checkRuleSet`. */
export interface RuleSetData {
  groups: IndustryGroup[];
  industries: Industry[];
  glossary: GlossaryEntry[];
  targets: Target[];
  rules: RuleData[];
  /** Content hash of the rule files: stamped on every answer. */
  version: string;
}

const FILES = ['industries.json', 'glossary.json', 'targets.json', 'eligibility.json'] as const;

export function loadRuleSetData(dir: URL = RULES_DIR): RuleSetData {
  const read = <T>(file: (typeof FILES)[number], parse: (v: unknown) => T) => readJsonFile(new URL(file, dir), parse, `rules/${file}`);
  const industriesFile = read('industries.json', (v) => industriesFileSchema.parse(v));
  const hash = createHash('sha256');
  for (const file of FILES) hash.update(readFileSync(new URL(file, dir)));
  return {
    groups: industriesFile.groups,
    industries: industriesFile.industries,
    glossary: read('glossary.json', (v) => glossaryFileSchema.parse(v)).terms,
    targets: read('targets.json', (v) => targetsFileSchema.parse(v)).targets,
    rules: read('eligibility.json', (v) => eligibilityFileSchema.parse(v)).rules,
    version: hash.digest('hex').slice(0, 12),
  };
}
