import { format } from '../plan/template.js';
import type { ChecklistDocument, DocumentItem } from './checklist.js';

/** The checklist as plain text for the terminal: what the Word document says (src/documents/checklist-docx.ts), one line per entry. */
export function checklistText(document: ChecklistDocument): string {
  const lines: string[] = [document.title, document.plan, document.period, '', document.profileHeading];
  for (const row of document.profile) lines.push(`  ${row.label}: ${row.value}`);
  const item = (entry: DocumentItem, indent: string) => {
    lines.push(`${indent}- ${entry.title}`, `${indent}  ${entry.text}`);
    if (entry.technologies.length) lines.push(`${indent}  ${document.words.technologies}${entry.technologies.join('; ')}`);
    for (const target of entry.targets) lines.push(`${indent}  ${target}`);
    for (const quote of entry.quotes) lines.push(`${indent}  ${format(document.words.quote, { clause: quote.clause })}${quote.quote}`);
  };
  lines.push('', document.appliesHeading);
  if (document.noItems) lines.push(`  ${document.noItems}`);
  for (const group of document.groups) {
    lines.push('', `${group.heading}`);
    for (const entry of group.items) item(entry, '  ');
  }
  if (document.conditional) {
    lines.push('', document.conditional.heading, document.conditional.intro);
    for (const group of document.conditional.groups) {
      lines.push('', group.condition);
      for (const entry of group.items) item(entry, '  ');
    }
  }
  lines.push('', document.version);
  return lines.join('\n');
}
