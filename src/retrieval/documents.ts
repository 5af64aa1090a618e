import type { Clause, PlanCorpus } from '../plan/corpus.js';
import { allLanguages } from '../text/languages.js';
import { escapeRegExp } from '../text/normalize.js';

/** One searchable row: a clause that is not a heading, with the headings above it as context. */
export interface ClauseDocument {
  readonly id: string;
  readonly section: string;
  readonly kind: Clause['kind'];
  /** The clause's own words, returned to the caller and quoted. */
  readonly text: string;
  /** What is searched: the heading path (and, for a table row, its column header and row group) then the text. */
  readonly searchText: string;
  /** The same in the pack's unofficial English renderings ('' when the clause has none): what English questions also search. */
  readonly searchTextEn: string;
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

/** Table group rows carry ids like "t1.g2": a label for the rows below them. */
const TABLE_GROUP_ROW = /\.g\d+$/u;
const TABLE_HEADER_ROW = /\.header$/u;

/**
 * What each footnote mark annotates, from where the plan uses it: the phrase right before a
 * mark makes its footnote findable by that phrase (a group's name finds the footnote that
 * lists the group's industries).
 */
function footnoteReferences(corpus: PlanCorpus, textOf: (clause: Clause) => string | undefined): Map<string, string[]> {
  const references = new Map<string, string[]>();
  const marks = escapeRegExp(corpus.labels.footnoteMarks);
  const breaks = [...new Set(allLanguages((data) => [...data.clauseBreaks, ...data.listMarks]))].map(escapeRegExp).join('');
  const leads = corpus.labels.referenceLeads.length ? new RegExp(`^(?:${corpus.labels.referenceLeads.map(escapeRegExp).join('|')})`, 'u') : undefined;
  for (const clause of corpus.clauses) {
    const text = textOf(clause);
    if (clause.kind === 'footnote' || !text) continue;
    for (const match of text.matchAll(new RegExp(`([^${breaks}]{2,30}?)([${marks}])`, 'gu'))) {
      const phrase = leads ? match[1]!.replace(leads, '') : match[1]!;
      references.set(match[2]!, [...(references.get(match[2]!) ?? []), phrase]);
    }
  }
  return references;
}

/**
 * The rows to index. Headings are not rows of their own (a bare title is a poor answer) but
 * their words help: a table row is found by its own words and also by its table's title.
 */
export function clauseDocuments(corpus: PlanCorpus): ClauseDocument[] {
  const documents: ClauseDocument[] = [];
  const references = footnoteReferences(corpus, (clause) => clause.text);
  const english = (clause: Clause | undefined) => (clause ? (corpus.rendering(clause.id) ?? clause.titleEn) : undefined);
  const referencesEn = footnoteReferences(corpus, english);
  let tableHeader: Clause | undefined;
  let tableGroup: Clause | undefined;
  for (const clause of corpus.clauses) {
    if (clause.kind === 'heading') {
      tableHeader = undefined;
      tableGroup = undefined;
      continue;
    }
    const headings = headingPath(corpus, clause.section).map((id) => corpus.get(id)!);
    const context = headings.map((heading) => heading.text);
    const contextEn = headings.map(english);
    if (clause.kind === 'footnote') {
      context.push(...(references.get(clause.text.charAt(0)) ?? []));
      contextEn.push(...(referencesEn.get(clause.text.charAt(0)) ?? []));
    }
    if (clause.kind === 'table-row') {
      if (TABLE_HEADER_ROW.test(clause.id)) tableHeader = clause;
      else if (TABLE_GROUP_ROW.test(clause.id)) tableGroup = clause;
      else {
        context.push(...[tableHeader?.text, tableGroup?.text].filter((text): text is string => Boolean(text)));
        contextEn.push(english(tableHeader), english(tableGroup));
      }
    }
    const rendering = corpus.rendering(clause.id);
    documents.push({
      id: clause.id,
      section: clause.section,
      kind: clause.kind,
      text: clause.text,
      searchText: [...context, clause.text].join('\n'),
      searchTextEn: rendering ? [...contextEn, rendering].filter(Boolean).join('\n') : '',
    });
  }
  return documents;
}
