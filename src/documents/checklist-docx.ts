import { BorderStyle, Document, Footer, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { format } from '../plan/template.js';
import type { ChecklistDocument, DocumentItem } from './checklist.js';

/**
 * The checklist as a Word document (docx): headings a reader can navigate by, the profile as
 * a table, one box to tick per item, each quote set off under its clause label. Fonts name a
 * Latin and an East Asian face so that Chinese text does not fall back to a Latin font.
 */

const FONT = { ascii: 'Calibri', hAnsi: 'Calibri', eastAsia: 'Microsoft YaHei', cs: 'Calibri' };
const MUTED = '57606A';
const BALLOT_BOX = '\u2610';

function itemParagraphs(item: DocumentItem, words: ChecklistDocument['words'], box: boolean): Paragraph[] {
  const out: Paragraph[] = [
    new Paragraph({
      keepNext: true,
      spacing: { before: 160, after: 40 },
      children: [...(box ? [new TextRun({ text: `${BALLOT_BOX} ` })] : []), new TextRun({ text: item.title, bold: true })],
    }),
    new Paragraph({ indent: { left: 360 }, spacing: { after: 40 }, children: [new TextRun(item.text)] }),
  ];
  if (item.technologies.length) {
    out.push(new Paragraph({ indent: { left: 360 }, spacing: { after: 40 }, children: [new TextRun({ text: words.technologies, bold: true }), new TextRun(item.technologies.join('; '))] }));
  }
  for (const target of item.targets) out.push(new Paragraph({ indent: { left: 360 }, spacing: { after: 40 }, children: [new TextRun({ text: target, bold: true })] }));
  for (const quote of item.quotes) {
    out.push(
      new Paragraph({
        indent: { left: 540 },
        spacing: { after: 60 },
        border: { left: { style: BorderStyle.SINGLE, size: 12, color: 'AFB8C1', space: 8 } },
        children: [new TextRun({ text: format(words.quote, { clause: quote.clause }), color: MUTED, size: 18 }), new TextRun({ text: quote.quote, size: 20 })],
      }),
    );
  }
  return out;
}

function profileTable(document: ChecklistDocument): Table {
  const cell = (text: string, bold = false) =>
    new TableCell({ margins: { top: 60, bottom: 60, left: 100, right: 100 }, children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [4200, 4800],
    rows: document.profile.map((row) => new TableRow({ cantSplit: true, children: [cell(row.label, true), cell(row.value)] })),
  });
}

/** The document's body, top to bottom. */
function body(document: ChecklistDocument): Array<Paragraph | Table> {
  const { words } = document;
  const children: Array<Paragraph | Table> = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(document.title)] }),
    new Paragraph({ children: [new TextRun({ text: document.plan, bold: true })] }),
    new Paragraph({ spacing: { after: 200 }, children: [new TextRun({ text: document.period, color: MUTED })] }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(document.profileHeading)] }),
    profileTable(document),
    new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { before: 300 }, children: [new TextRun(document.appliesHeading)] }),
  ];
  if (document.noItems) children.push(new Paragraph(document.noItems));
  for (const group of document.groups) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(group.heading)] }));
    for (const item of group.items) children.push(...itemParagraphs(item, words, true));
  }
  if (document.conditional) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { before: 300 }, children: [new TextRun(document.conditional.heading)] }));
    children.push(new Paragraph(document.conditional.intro));
    for (const group of document.conditional.groups) {
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(group.condition)] }));
      for (const item of group.items) children.push(...itemParagraphs(item, words, false));
    }
  }
  children.push(
    new Paragraph({ spacing: { before: 300 }, children: [new TextRun({ text: document.generated, color: MUTED })] }),
    new Paragraph({ children: [new TextRun({ text: document.version, color: MUTED })] }),
  );
  return children;
}

/** The checklist as DOCX bytes. */
export async function checklistDocx(document: ChecklistDocument): Promise<Uint8Array> {
  const file = new Document({
    title: document.title,
    description: document.plan,
    creator: document.plan,
    styles: { default: { document: { run: { font: FONT, size: 21 } } } },
    sections: [
      {
        footers: { default: new Footer({ children: [new Paragraph({ children: [new TextRun({ text: `${document.footer} ${document.version}`, color: MUTED, size: 16 })] })] }) },
        children: body(document),
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(file));
}
