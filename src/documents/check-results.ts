import { stringify } from 'csv-stringify/sync';
import type { BatchOutcome } from '../batch/check-rows.js';
import type { Messages } from '../plan/schema.js';
import type { UnitTable } from '../rules/units.js';
import { format } from '../plan/template.js';
import { pick, type Language } from '../text/languages.js';

/**
 * The results of a batch check as files an official can keep: a CSV table (the rows with
 * problems follow the results, each saying why) and an XLSX workbook with one sheet of
 * results and one of rows with problems.
 */

function resultRows(outcome: BatchOutcome, messages: Messages, language: Language, units: UnitTable): string[][] {
  const words = messages.ui.batch;
  return outcome.results.map(({ line, region, indicator, check, target }) => [
    String(line),
    region,
    indicator,
    check.targetId,
    pick(target.title, language),
    units.write(check.reported.value, check.reported.unit, language),
    format(messages.check.goal, { comparator: messages.check.comparators[check.comparator], figure: units.write(check.target.value, check.target.unit, language) }),
    String(check.target.year),
    check.met ? words.met : words.notMet,
    String(check.difference),
    check.summary[language],
  ]);
}

function resultColumns(messages: Messages): string[] {
  const c = messages.ui.batch.columns;
  return [c.line, c.region, c.indicator, c.targetId, c.target, c.reported, c.goal, c.year, c.met, c.difference, c.summary];
}

function errorColumns(messages: Messages): string[] {
  const c = messages.ui.batch.columns;
  return [c.line, c.column, c.value, c.reason];
}

const errorRows = (outcome: BatchOutcome) => outcome.errors.map((error) => [String(error.line), String(error.column), error.value, error.reason]);

/** Results then rows with problems, in one CSV (UTF-8 with a byte-order mark). */
export function checkResultsCsv(outcome: BatchOutcome, messages: Messages, language: Language, units: UnitTable): string {
  const columns = resultColumns(messages);
  const problems = outcome.errors.map((error) => {
    const row = new Array<string>(columns.length).fill('');
    row[0] = String(error.line);
    // The cell at fault under its own column: region, indicator, or the reported figure.
    row[error.field === 'region' ? 1 : error.field === 'value' || error.field === 'unit' ? 5 : 2] = error.value;
    row[8] = messages.ui.batch.problem;
    row[10] = error.reason;
    return row;
  });
  return stringify([...resultRows(outcome, messages, language, units), ...problems], { header: true, columns, bom: true, record_delimiter: 'windows' });
}

/** A workbook: the results, and the rows with problems (line, column, value, reason). */
export async function checkResultsXlsx(outcome: BatchOutcome, messages: Messages, language: Language, units: UnitTable): Promise<Uint8Array> {
  // Loaded on first use: exceljs costs every process about 15 MiB that most never need.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const words = messages.ui.batch;
  const sheet = (name: string, columns: string[], rows: string[][], numeric: number[]) => {
    const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.addRow(columns).font = { bold: true };
    for (const row of rows) worksheet.addRow(row.map((cell, index) => (numeric.includes(index) && cell !== '' && Number.isFinite(Number(cell)) ? Number(cell) : cell)));
    worksheet.columns.forEach((column, index) => {
      const longest = Math.max(...[columns[index] ?? '', ...rows.map((row) => row[index] ?? '')].map((text) => text.length));
      column.width = Math.min(60, Math.max(8, longest + 2));
    });
  };
  sheet(words.resultsSheet, resultColumns(messages), resultRows(outcome, messages, language, units), [0, 7, 9]);
  sheet(words.errorsSheet, errorColumns(messages), errorRows(outcome), [0, 1]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
