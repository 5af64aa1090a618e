import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { z } from 'zod';
import {
  eligibilityFileSchema,
  factsUsed,
  leafConditions,
  glossaryFileSchema,
  INDUSTRY_FACTS,
  industriesFileSchema,
  targetsFileSchema,
  indicatorsFileSchema,
  type GlossaryEntry,
  type Industry,
  type IndustryGroup,
  type IndustryNaming,
  type RuleData,
  type Target,
} from '../rules/schema.js';
import { LANGUAGES, type Language, type Localized } from '../text/languages.js';
import { corpusSchema, PlanCorpus, renderingsSchema, segmentsSchema, type Segments } from './corpus.js';
import { describeZodError, PackError } from './errors.js';
import {
  lexiconSchema,
  messagesSchema,
  planMetaSchema,
  profileFileSchema,
  promptsSchema,
  unitsFileSchema,
  type Lexicon,
  type Messages,
  type PlanMeta,
  type ProfileFile,
  type Prompts,
  type UnitsFile,
} from './schema.js';

/** A plan pack as read from its folder: every file validated, nothing evaluated yet. */
export interface PlanPack {
  readonly id: string;
  /** The pack's folder. */
  readonly dir: string;
  readonly meta: PlanMeta;
  readonly profile: ProfileFile;
  readonly units: UnitsFile;
  readonly lexicon: Lexicon;
  readonly messages: Readonly<Record<Language, Messages>>;
  readonly prompts: Prompts;
  readonly glossary: readonly GlossaryEntry[];
  readonly corpus: PlanCorpus;
  readonly segments: Segments;
  readonly groups: readonly IndustryGroup[];
  readonly industries: readonly Industry[];
  /** How people's names for industries are read: general names and words that are no misspelling. */
  readonly naming: IndustryNaming;
  readonly targets: readonly Target[];
  /** Each indicator's name without its figure (rules/indicators.json). */
  readonly indicators: Readonly<Record<string, Localized>>;
  readonly rules: readonly RuleData[];
  /** Content hash of every file of the pack but its tests: stamped on every answer. */
  readonly version: string;
}

/** The pack's optional file of unofficial English renderings of its clauses. */
export const RENDERINGS_FILE = 'corpus/clauses.en.json';

/** The files of a pack the version hash covers: all but tests/ (cases do not change answers). */
function packFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        if (relative(dir, path) !== 'tests') walk(path);
      } else files.push(path);
    }
  };
  walk(dir);
  return files;
}

/** Reads a pack's folder; every error names the pack, the file and the field. */
export function loadPack(dir: string): PlanPack {
  const label = basename(dir);
  const read = <T>(file: string, schema: z.ZodType<T>): T => {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw new PackError(label, file, [`not readable JSON (${(error as Error).message})`]);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new PackError(label, file, describeZodError(parsed.error));
    return parsed.data;
  };
  const fail = (file: string, issues: string[]): never => {
    throw new PackError(label, file, issues);
  };

  const meta = read('plan.json', planMetaSchema);
  if (meta.id !== label) fail('plan.json', [`id: "${meta.id}" is not the folder's name "${label}"`]);
  if (meta.default && meta.testData) fail('plan.json', ['default: a test pack cannot be the default']);
  const profile = read('profile.json', profileFileSchema);
  const units = read('units.json', unitsFileSchema);
  const lexicon = read('lexicon.json', lexiconSchema);
  const messages = Object.fromEntries(LANGUAGES.map((language) => [language, read(`messages/${language}.json`, messagesSchema)])) as Record<Language, Messages>;
  const prompts = read('prompts.json', promptsSchema);
  const glossary = read('glossary.json', glossaryFileSchema).terms;
  const segments = read('corpus/segments.json', segmentsSchema);
  const clauses = read('corpus/clauses.json', corpusSchema);
  const renderings = existsSync(join(dir, RENDERINGS_FILE)) ? read(RENDERINGS_FILE, renderingsSchema).renderings : {};
  const clauseIds = new Set(clauses.clauses.map((clause) => clause.id));
  const strays = Object.keys(renderings).filter((id) => !clauseIds.has(id));
  if (strays.length) fail(RENDERINGS_FILE, strays.map((id) => `renderings.${id}: no clause "${id}" in corpus/clauses.json`));
  const corpus = new PlanCorpus(clauses, segments.labels, renderings);
  const { groups, industries, generalNames, notMisspellings, negations } = read('rules/industries.json', industriesFileSchema);
  const targets = read('rules/targets.json', targetsFileSchema).targets;
  const indicators = read('rules/indicators.json', indicatorsFileSchema).indicators;
  const rules = read('rules/eligibility.json', eligibilityFileSchema).rules;

  // References between files.
  const symbols = new Set(units.units.map((unit) => unit.symbol));
  const industryIds = new Set(industries.map((industry) => industry.id));
  const groupIds = new Set(groups.map((group) => group.id));
  const issues: string[] = [];
  targets.forEach((target, index) => {
    for (const [key, figure] of [['target', target.target], ['baseline', target.baseline]] as const) {
      if (figure && !symbols.has(figure.unit)) issues.push(`targets.${index}.${key}.unit: "${figure.unit}" is not a unit of units.json`);
    }
    target.industries.forEach((id, i) => {
      if (!industryIds.has(id)) issues.push(`targets.${index}.industries.${i}: no industry "${id}"`);
    });
  });
  if (issues.length) fail('rules/targets.json', issues);
  const measured = new Set(targets.map((target) => target.indicator));
  for (const id of measured) if (!indicators[id]) issues.push(`indicators: no name for "${id}", the indicator of a target`);
  for (const id of Object.keys(indicators)) if (!measured.has(id)) issues.push(`indicators.${id}: no target measures it`);
  if (issues.length) fail('rules/indicators.json', issues);
  industries.forEach((industry, index) => {
    if (industry.parent && !industryIds.has(industry.parent)) issues.push(`industries.${index}.parent: no industry "${industry.parent}"`);
    industry.groups.forEach((id, i) => {
      if (!groupIds.has(id)) issues.push(`industries.${index}.groups.${i}: no group "${id}"`);
    });
  });
  generalNames.forEach((general, index) => {
    for (const id of Object.keys(general.readings)) if (!industryIds.has(id)) issues.push(`generalNames.${index}.readings.${id}: no industry "${id}"`);
  });
  groups.forEach((group, index) => {
    group.includes.forEach((id, i) => {
      if (!groupIds.has(id)) issues.push(`groups.${index}.includes.${i}: no group "${id}"`);
    });
  });
  if (issues.length) fail('rules/industries.json', issues);
  const flags = new Set(profile.flags.map((flag) => flag.id));
  const targetIds = new Set(targets.map((target) => target.id));
  rules.forEach((rule, index) => {
    for (const fact of factsUsed(rule.conditions)) {
      if (!flags.has(fact) && !(INDUSTRY_FACTS as readonly string[]).includes(fact)) issues.push(`rules.${index} (${rule.name}): tests "${fact}", which is no flag of profile.json nor an industry fact`);
    }
    for (const leaf of leafConditions(rule.conditions)) {
      if (flags.has(leaf.fact) && typeof leaf.value !== 'boolean') issues.push(`rules.${index} (${rule.name}): flag "${leaf.fact}" is compared with a non-boolean`);
    }
    rule.event.params.targets.forEach((id, i) => {
      if (!targetIds.has(id)) issues.push(`rules.${index}.event.params.targets.${i}: no target "${id}"`);
    });
  });
  if (issues.length) fail('rules/eligibility.json', issues);

  const hash = createHash('sha256');
  for (const file of packFiles(dir)) hash.update(relative(dir, file)).update('\0').update(readFileSync(file));
  return {
    id: meta.id,
    dir,
    meta,
    profile,
    units,
    lexicon,
    messages,
    prompts,
    glossary,
    corpus,
    segments,
    groups,
    industries,
    naming: { generalNames, notMisspellings, negations },
    targets,
    indicators,
    rules,
    version: hash.digest('hex').slice(0, 12),
  };
}

