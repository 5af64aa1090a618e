import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import type JSZip from 'jszip';

/**
 * Reads an uploaded table of figures (CSV or XLSX) into rows of text cells, within bounds a
 * client cannot push past: bytes on the wire, rows, and for XLSX (a zip) the bytes it unpacks
 * to, counted while unpacking so that a small file cannot expand without end.
 */

export interface TableRow {
  /** The row's number in the file: the CSV line it starts on, the sheet's row number. */
  line: number;
  /** Its cells as text, trimmed; a number cell of a sheet as JavaScript writes it. */
  cells: string[];
}

export interface TableLimits {
  /** Most data rows (a header row is not counted). */
  maxRows: number;
  /** Most bytes an XLSX file may unpack to. */
  maxUnpackedBytes: number;
  /** Most cells read per row (further cells are counted, not kept). */
  maxColumns: number;
}

export const DEFAULT_TABLE_LIMITS: TableLimits = { maxRows: 1000, maxUnpackedBytes: 8 * 1024 * 1024, maxColumns: 16 };

/** A table that cannot be read, or is past a limit: the HTTP status, a code, the field and a message naming the limit. */
export class TableError extends Error {
  override name = 'TableError';
  constructor(
    readonly status: 400 | 413,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The text of a CSV file: UTF-8 (with or without a byte-order mark) or, failing that, GB18030,
 * which is what a spreadsheet program on a Chinese system saves as "CSV".
 */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Past the row limit: a 413 naming it. */
export function tooManyRows(limits: TableLimits): TableError {
  return new TableError(413, 'too_many_rows', `body: at most ${limits.maxRows} rows of figures in one upload (split the file)`);
}

/** Rows of a CSV text; a comma, semicolon or tab between cells, whichever the first line uses. */
export function readCsv(text: string, limits: TableLimits = DEFAULT_TABLE_LIMITS): TableRow[] {
  const firstLine = text.split(/\r?\n/u, 1)[0] ?? '';
  const delimiter = [',', ';', '\t'].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0]!;
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      // One more than the limit (plus a header) is enough to know the file is past it.
      to: limits.maxRows + 2,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const where = error && typeof error === 'object' && 'lines' in error ? ` (line ${String((error as { lines: unknown }).lines)})` : '';
    throw new TableError(400, 'invalid_csv', `body: not readable as CSV${where}: ${error instanceof Error ? error.message.slice(0, 200) : 'parse error'}`);
  }
  if (records.length > limits.maxRows + 1) throw tooManyRows(limits);
  return records
    .map(({ record, info }) => ({ line: info.lines, cells: record.slice(0, limits.maxColumns) }))
    .filter((row) => row.cells.some((cell) => cell !== ''));
}

/** The bytes a zip unpacks to, counted as it unpacks; past `limit` it stops and throws. */
async function checkUnpackedSize(bytes: Uint8Array, limit: number): Promise<void> {
  let zip: JSZip;
  // Loaded on the first workbook, like exceljs: a process that never reads one does not pay for it.
  const { default: Zip } = await import('jszip');
  try {
    zip = await Zip.loadAsync(bytes, { checkCRC32: false });
  } catch {
    throw new TableError(400, 'invalid_xlsx', 'body: not an XLSX workbook (not a zip archive)');
  }
  let total = 0;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream('nodebuffer');
      stream
        .on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (total > limit) {
            stream.pause();
            stream.removeAllListeners('data');
            reject(new TableError(413, 'payload_too_large', `body: an XLSX upload may unpack to at most ${limit} bytes`));
          }
        })
        .on('error', () => reject(new TableError(400, 'invalid_xlsx', 'body: the XLSX workbook is damaged')))
        .on('end', () => resolve());
    });
  }
}

/** A cell as text: numbers as JavaScript writes them, formulas by their result, rich text joined. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value.trim();
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('').trim();
    if ('result' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
    if ('error' in value) return String(value.error);
  }
  return '';
}

/** Rows of the first worksheet of an XLSX workbook. */
export async function readXlsx(bytes: Uint8Array, limits: TableLimits = DEFAULT_TABLE_LIMITS): Promise<TableRow[]> {
  await checkUnpackedSize(bytes, limits.maxUnpackedBytes);
  // Loaded on first use: exceljs costs every process about 15 MiB that most never need.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    throw new TableError(400, 'invalid_xlsx', 'body: not a readable XLSX workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  if (sheet.actualRowCount > limits.maxRows + 1) throw tooManyRows(limits);
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    const count = Math.min(row.cellCount, limits.maxColumns);
    for (let column = 1; column <= count; column += 1) cells.push(cellText(row.getCell(column).value));
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    if (cells.length) rows.push({ line: rowNumber, cells });
  });
  return rows;
}
