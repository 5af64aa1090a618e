import type { PlanCorpus } from '../corpus/load.js';
import type { Clause } from '../corpus/schema.js';

/** One searchable row: a clause that is not a heading, with the headings above it as context. */
export interface ClauseDocument {
  readonly id: string;
  readonly section: string;
  readonly kind: Clause['kind'];
  /** The clause's own words, returned to the caller and quoted. */
  readonly text: string;
  /** What is searched: the heading path (and, for a table row, its column header and row group) then the text. */
  readonly searchText: string;
}

/** Ids of the headings from the top down to `sectionId` ("4.5" → "4", "4.5"), found by id prefix. */
function headingPath(corpus: PlanCorpus, sectionId: string): string[] {
  const path: string[] = [];
  const parts = sectionId.split('.');
  for (let length = 1; length <= parts.length; length += 1) {
    const id = parts.slice(0, length).join('.');
    if (corpus.get(id)?.kind === 'heading') path.push(id);
  }
  if (path.at(-1) !== sectionId && corpus.get(sectionId)) path.push(sectionId);
  return path;
}

/** Table group rows carry ids like "t1.g2": a label ("削减生产过程污染物产生量") for the rows below them. */
const TABLE_GROUP_ROW = /\.g\d+$/u;
const TABLE_HEADER_ROW = /\.header$/u;

const FOOTNOTE_MARK = /^[①②③④⑤⑥⑦⑧⑨]/u;

/**
 * What each footnote mark annotates, from where the plan uses it: "重金属污染防控行业②" makes
 * footnote ② findable as 重金属污染防控行业, the phrase it defines.
 */
function footnoteReferences(corpus: PlanCorpus): Map<string, string[]> {
  const references = new Map<string, string[]>();
  for (const clause of corpus.clauses) {
    if (clause.kind === 'footnote') continue;
    for (const match of clause.text.matchAll(/([^、，。；：,;]{2,30}?)([①②③④⑤⑥⑦⑧⑨])/gu)) {
      references.set(match[2]!, [...(references.get(match[2]!) ?? []), match[1]!.replace(/^在与|^在/u, '')]);
    }
  }
  return references;
}

/**
 * The rows to index. Headings are not rows of their own (a bare title is a poor answer) but
 * their words help: "汞使用量——638吨" is found by "汞" and also by "主要指标", its table's title.
 */
export function clauseDocuments(corpus: PlanCorpus): ClauseDocument[] {
  const documents: ClauseDocument[] = [];
  const references = footnoteReferences(corpus);
  let tableHeader: Clause | undefined;
  let tableGroup: Clause | undefined;
  for (const clause of corpus.clauses) {
    if (clause.kind === 'heading') {
      tableHeader = undefined;
      tableGroup = undefined;
      continue;
    }
    const context = headingPath(corpus, clause.section).map((id) => corpus.get(id)!.text);
    if (clause.kind === 'footnote') context.push(...(references.get(clause.text.match(FOOTNOTE_MARK)?.[0] ?? '') ?? []));
    if (clause.kind === 'table-row') {
      if (TABLE_HEADER_ROW.test(clause.id)) tableHeader = clause;
      else if (TABLE_GROUP_ROW.test(clause.id)) tableGroup = clause;
      else context.push(...[tableHeader?.text, tableGroup?.text].filter((text): text is string => Boolean(text)));
    }
    documents.push({
      id: clause.id,
      section: clause.section,
      kind: clause.kind,
      text: clause.text,
      searchText: [...context, clause.text].join('\n'),
    });
  }
  return documents;
}
