import { stringify } from 'csv-stringify/sync';
import type { ChecklistDocument, DocumentItem } from './checklist.js';

/**
 * The checklist as one CSV table (UTF-8 with a byte-order mark, which spreadsheet programs
 * need to read Chinese): a `section` column says what each row is — the plan, the profile, an
 * item that applies or one that may apply — and every item row carries its quotes and clauses.
 */
export function checklistCsv(document: ChecklistDocument): string {
  const { csv } = document.words;
  const columns = [csv.section, csv.kind, csv.id, csv.title, csv.text, csv.technologies, csv.targets, csv.clause, csv.quote];
  const itemRow = (section: string, item: DocumentItem, condition = '') => [
    section,
    item.kindName,
    item.id,
    condition ? `${condition} ${item.title}` : item.title,
    item.text,
    item.technologies.join('; '),
    item.targets.join('; '),
    item.quotes.map((quote) => quote.clause).join('; '),
    item.quotes.map((quote) => quote.quote).join('\n'),
  ];
  const rows: string[][] = [
    [csv.sections.plan, '', '', document.plan, document.period, '', '', '', ''],
    [csv.sections.plan, '', '', document.generated, document.version, '', '', '', ''],
    ...document.profile.map((row) => [csv.sections.profile, '', '', row.label, row.value, '', '', '', '']),
    ...document.groups.flatMap((group) => group.items.map((item) => itemRow(csv.sections.applies, item))),
    ...(document.conditional?.groups ?? []).flatMap((group) => group.items.map((item) => itemRow(csv.sections.conditional, item, group.condition))),
  ];
  return stringify(rows, { header: true, columns, bom: true, record_delimiter: 'windows' });
}
