/**
 * POST /v1/targets/check with a table (CSV or XLSX) instead of JSON: every row checked or
 * reported with its line, column and reason; the results as CSV or XLSX when asked; bounded
 * in rows and bytes with 413/400 naming the limit.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_UPLOAD_LIMITS, XLSX_TYPE } from '../src/api/routes/batch-check.js';
import { testApp } from './support/services.js';

type App = Awaited<ReturnType<typeof testApp>>;
let app: App;

beforeAll(async () => {
  app = await testApp();
});

function upload(body: BodyInit, type: string, query = '', accept?: string) {
  return app.request(`/v1/targets/check${query}`, { method: 'POST', headers: { 'content-type': type, ...(accept ? { accept } : {}) }, body });
}

async function json(response: Response) {
  return { status: response.status, body: (await response.json()) as any };
}

const SHEET = [
  '地区,指标,数值,单位',
  '北京,t1-training,45', // not met by 5 points
  '上海,audit-passed-rate,35%', // an indicator with two targets: Table 1's and the text's
  '广东,t1-hg,0.07,万吨', // 700 t against 638 t: met
  '河北,no-such-target,3', // unknown indicator
  '山西,t1-hg,很多', // not a number
  ',t1-training,60', // no region
  '江苏,t1-hg,700,斤', // not a unit of the plan
  '浙江,t1-training,60,吨', // a mass cannot be compared with a percentage
  '安徽,t1-training', // too few columns
  '福建,t1-training,60,%,extra', // too many columns
  '四川,t1-training,60,%', // met by 10 points
].join('\n');

describe('a CSV of figures', () => {
  it('checks the good rows and reports each bad row with its line, column, value and reason', async () => {
    const { status, body } = await json(await upload(SHEET, 'text/csv; charset=utf-8', '?lang=zh'));
    expect(status).toBe(200);
    expect(body.header).toEqual(['地区', '指标', '数值', '单位']);
    const results = body.results.map((result: any) => [result.line, result.region, result.targetId, result.met, result.difference]);
    expect(results).toEqual([
      [2, '北京', 't1-training', false, -5],
      [3, '上海', 't1-audit', true, 5],
      [3, '上海', 'audit-passed-share', true, 5],
      [4, '广东', 't1-hg', true, 62],
      [12, '四川', 't1-training', true, 10],
    ]);
    expect(body.results[0].summary).toBe('报告值45%，2015年目标为高于50%：未达到（差5个百分点）。');
    expect(body.results[0].target.citations.length).toBeGreaterThan(0);
    const errors = body.errors.map((error: any) => [error.line, error.column, error.value]);
    expect(errors).toEqual([
      [5, 2, 'no-such-target'],
      [6, 3, '很多'],
      [7, 1, ''],
      [8, 4, '斤'],
      [9, 4, '吨'],
      [10, 2, 't1-training'],
      [11, 5, 'extra'],
    ]);
    expect(body.errors[0].reason).toBe('规划中没有这个目标编号或指标：“no-such-target”。');
    expect(body.errors[4].reason).toContain('无法与目标的单位');
    // Nothing is dropped: every data line is a result or an error.
    const lines = new Set([...body.results.map((result: any) => result.line), ...body.errors.map((error: any) => error.line)]);
    expect([...lines].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(body.period.end).toBe(2015);
  });

  it('speaks English when asked, reads semicolons, a byte-order mark and no header', async () => {
    const { status, body } = await json(await upload('\ufeffBeijing;t1-training;45\nHebei;t1-hg;lots\n', 'text/csv', '?lang=en'));
    expect(status).toBe(200);
    expect(body.header).toBeUndefined();
    expect(body.results[0].summary).toMatch(/not met \(short by 5 percentage points\)/u);
    expect(body.errors).toEqual([{ line: 2, column: 3, field: 'value', value: 'lots', reason: 'Not a number: “lots”.' }]);
  });

  it('reads a CSV saved by a Chinese spreadsheet program (GB18030)', async () => {
    const gbk = new Uint8Array(Buffer.from('b1b1bea92c74312d747261696e696e672c3435', 'hex')); // "北京,t1-training,45" in GBK
    const { status, body } = await json(await upload(gbk, 'text/csv', '?lang=zh'));
    expect(status).toBe(200);
    expect(body.results[0].region).toBe('北京');
  });

  it('answers CSV to a client that accepts text/csv, problems included', async () => {
    const response = await upload(SHEET, 'text/csv', '?lang=zh', 'text/csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/u);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="target-check-\d{4}-\d{2}-\d{2}\.csv"$/u);
    const rows = parse(await response.text(), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(5 + 7);
    expect(rows[0]).toMatchObject({ 行: '2', 地区: '北京', 目标编号: 't1-training', 报告值: '45%', 是否达到: '未达到', 差值: '-5' });
    expect(rows.filter((row) => row['是否达到'] === '有问题').map((row) => row['行'])).toEqual(['5', '6', '7', '8', '9', '10', '11']);
  });

  it('refuses an unreadable CSV naming the line', async () => {
    const { status, body } = await json(await upload('北京,t1-training,45\n"上海,t1-hg,3\n', 'text/csv'));
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid_csv', field: 'body' });
    expect(body.error.message).toMatch(/line \d/u);
  });

  it(`refuses more than ${DEFAULT_UPLOAD_LIMITS.maxRows} rows and more than ${DEFAULT_UPLOAD_LIMITS.maxCsvBytes} bytes with 413 naming the limit`, async () => {
    const rows = Array.from({ length: DEFAULT_UPLOAD_LIMITS.maxRows + 1 }, (_, index) => `r${index},t1-hg,1`).join('\n');
    const many = await json(await upload(rows, 'text/csv'));
    expect(many.status).toBe(413);
    expect(many.body.error.message).toContain(String(DEFAULT_UPLOAD_LIMITS.maxRows));
    const exactly = await json(await upload(rows.split('\n').slice(1).join('\n'), 'text/csv'));
    expect(exactly.status).toBe(200);
    expect(exactly.body.results).toHaveLength(DEFAULT_UPLOAD_LIMITS.maxRows);

    const big = await json(await upload(`北京,t1-hg,1,${'x'.repeat(DEFAULT_UPLOAD_LIMITS.maxCsvBytes)}\n`, 'text/csv'));
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'payload_too_large', field: 'body' });
    expect(big.body.error.message).toContain(String(DEFAULT_UPLOAD_LIMITS.maxCsvBytes));
  });

  it('still takes JSON, and still refuses other types', async () => {
    const ok = await app.request('/v1/targets/check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ figures: [{ targetId: 't1-hg', value: 700 }] }) });
    expect(ok.status).toBe(200);
    const plain = await json(await upload('北京,t1-hg,700', 'text/plain'));
    expect(plain.status).toBe(415);
    const elsewhere = await json(await app.request('/v1/eligibility', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b' }));
    expect(elsewhere.status).toBe(415);
  });
});

async function workbook(rows: unknown[][]): Promise<Uint8Array<ArrayBuffer>> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('figures');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('an XLSX workbook of figures', () => {
  it('checks its first sheet, numbers as numbers, and reports bad rows by row and column', async () => {
    const file = await workbook([
      ['region', 'indicator', 'value', 'unit'],
      ['Beijing', 't1-training', 45],
      ['Hebei', 't1-hg', 'n/a'],
      ['Guangdong', 'hg-use-reduction', 700, '吨'],
    ]);
    const { status, body } = await json(await upload(file, XLSX_TYPE, '?lang=en'));
    expect(status).toBe(200);
    expect(body.results.map((result: any) => [result.line, result.targetId, result.met])).toEqual([
      [2, 't1-training', false],
      [4, 't1-hg', true],
      [4, 'reduction-hg', true],
    ]);
    expect(body.errors).toEqual([{ line: 3, column: 3, field: 'value', value: 'n/a', reason: 'Not a number: “n/a”.' }]);
  });

  it('answers a workbook of results and problems to a client that accepts XLSX', async () => {
    const file = await workbook([
      ['北京', 't1-training', 45],
      ['河北', 't1-hg', '很多'],
    ]);
    const response = await upload(file, XLSX_TYPE, '?lang=zh', XLSX_TYPE);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(XLSX_TYPE);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    const [results, problems] = book.worksheets;
    expect(results!.name).toBe('核对结果');
    expect(results!.getRow(2).getCell(2).value).toBe('北京');
    expect(results!.getRow(2).getCell(9).value).toBe('未达到');
    expect(results!.getRow(2).getCell(10).value).toBe(-5);
    expect(problems!.name).toBe('有问题的行');
    expect(problems!.getRow(2).values).toEqual([undefined, 2, 3, '很多', '不是数字：“很多”。']);
  });

  it('refuses a file that is not a workbook (400) and one that unpacks past the limit (413)', async () => {
    const notZip = await json(await upload('region,indicator,value', XLSX_TYPE));
    expect(notZip.status).toBe(400);
    expect(notZip.body.error).toMatchObject({ code: 'invalid_xlsx', field: 'body' });
    const bomb = await workbook([['北京', 't1-hg', 'a'.repeat(DEFAULT_UPLOAD_LIMITS.maxUnpackedBytes + 1)]]);
    expect(bomb.length).toBeLessThan(DEFAULT_UPLOAD_LIMITS.maxXlsxBytes);
    const unpacked = await json(await upload(bomb, XLSX_TYPE));
    expect(unpacked.status).toBe(413);
    expect(unpacked.body.error.message).toContain(String(DEFAULT_UPLOAD_LIMITS.maxUnpackedBytes));
  });
});
