import { readFileSync } from 'node:fs';
import { ZodError } from 'zod';
import { corpusSchema, type Clause, type Corpus } from './schema.js';

export class DataFileError extends Error {
  override name = 'DataFileError';
  constructor(
    readonly file: string,
    readonly issues: string[],
  ) {
    super(`${file}: ${issues.join('; ')}`);
  }
}

/** Formats zod issues as "path.to.field: message", so a data error names the field. */
export function describeZodError(error: ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
}

/** Reads and validates a JSON data file; errors name the file and the field. */
export function readJsonFile<T>(url: URL, parse: (value: unknown) => T, label = url.pathname): T {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(url, 'utf8'));
  } catch (error) {
    throw new DataFileError(label, [`not readable JSON (${(error as Error).message})`]);
  }
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof ZodError) throw new DataFileError(label, describeZodError(error));
    throw error;
  }
}

export const CORPUS_DIR = new URL('../../corpus/', import.meta.url);

/** The clause-addressed plan, with an index by id. */
export class PlanCorpus {
  readonly byId: ReadonlyMap<string, Clause>;
  constructor(readonly data: Corpus) {
    this.byId = new Map(data.clauses.map((clause) => [clause.id, clause]));
  }
  get clauses(): readonly Clause[] {
    return this.data.clauses;
  }
  get(id: string): Clause | undefined {
    return this.byId.get(id);
  }
  /**
   * A reader's label for where a clause stands: "四（五）汞污染削减工程" / "4.5 Mercury pollution
   * reduction project", "脚注②" / "Footnote ②", "前言" / "Preface".
   */
  label(id: string, language: 'zh' | 'en'): string | undefined {
    const clause = this.byId.get(id);
    if (!clause) return undefined;
    if (clause.kind === 'footnote') return language === 'zh' ? `脚注${clause.text.charAt(0)}` : `Footnote ${clause.text.charAt(0)}`;
    const heading = this.byId.get(clause.section);
    if (!heading) return undefined;
    if (language === 'en') return heading.titleEn ?? heading.text;
    // A sub-heading "（五）…" is read with its part's numeral: 四（五）…
    const parent = heading.id.includes('.') ? this.byId.get(heading.id.split('.')[0]!) : undefined;
    const numeral = parent?.text.match(/^([一二三四五六七八九十]+)、/u)?.[1] ?? '';
    return `${numeral}${heading.text}`;
  }

  /** Title of the heading a clause sits under, e.g. "（五）汞污染削减工程". */
  sectionTitle(id: string): string | undefined {
    const clause = this.byId.get(id);
    return clause ? this.byId.get(clause.section)?.text : undefined;
  }
}

export function loadCorpus(dir: URL = CORPUS_DIR): PlanCorpus {
  return new PlanCorpus(readJsonFile(new URL('clauses.json', dir), (v) => corpusSchema.parse(v), 'corpus/clauses.json'));
}
