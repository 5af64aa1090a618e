import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { checkRows, type BatchOutcome } from '../../batch/check-rows.js';
import { decodeText, DEFAULT_TABLE_LIMITS, readCsv, readXlsx, TableError, tooManyRows, type TableLimits } from '../../batch/read-table.js';
import { checkResultsCsv, checkResultsXlsx } from '../../documents/check-results.js';
import type { PlanService } from '../../services.js';
import type { Language } from '../../text/languages.js';
import type { AppEnv } from '../context.js';
import { ApiError, validationError } from '../errors.js';
import { planLanguage, planService } from '../plan-param.js';
import { planQuerySchema } from '../schemas.js';
import { periodView, targetView } from '../views.js';

/**
 * POST /v1/targets/check with a table instead of JSON: `text/csv` or an XLSX workbook of rows
 * `region, indicator or target id, value[, unit]` (`lang` and `plan` as query parameters).
 * Answers `{ results, errors: [{ line, column, value, reason }], header?, period }`; a client
 * that accepts `text/csv` (or the XLSX type) gets the results as that file instead. Bad rows
 * are reported one by one and the good ones still checked. A JSON body goes on to the JSON
 * route (src/api/routes/rules.ts).
 */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CHECK_PATH = '/v1/targets/check';

export interface UploadLimits extends TableLimits {
  /** Largest CSV body, in bytes. */
  maxCsvBytes: number;
  /** Largest XLSX body, in bytes. */
  maxXlsxBytes: number;
}

/** Defaults: 1,000 rows; CSV up to 256 KiB; XLSX up to 1 MiB that unpacks to at most 8 MiB. */
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { ...DEFAULT_TABLE_LIMITS, maxCsvBytes: 256 * 1024, maxXlsxBytes: 1024 * 1024 };

type UploadKind = 'csv' | 'xlsx';

function uploadKind(contentType: string | undefined): UploadKind | undefined {
  const essence = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (essence === 'text/csv') return 'csv';
  if (essence === XLSX_TYPE) return 'xlsx';
  return undefined;
}

/** Whether a request is a table upload to the check route: the app lets it past its JSON-only gate and JSON body limit. */
export function isTableUpload(c: Context): boolean {
  return c.req.method === 'POST' && c.req.path === CHECK_PATH && uploadKind(c.req.header('content-type')) !== undefined;
}

/** The body, read up to `limit` bytes: past it a 413 naming the limit, without reading the rest. */
async function readBody(c: Context, kind: UploadKind, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new ApiError(413, 'payload_too_large', `body: a ${kind.toUpperCase()} upload is at most ${limit} bytes`, 'body');
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const stream = c.req.raw.body;
  if (!stream) return new Uint8Array();
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** What the client asked to get back: JSON unless it accepts CSV or XLSX and not JSON first. */
function wanted(accept: string | undefined): 'json' | 'csv' | 'xlsx' {
  const types = (accept ?? '')
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
      const q = params.find((param) => param.startsWith('q='));
      return { type, q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { type } of types) {
    if (type === 'text/csv') return 'csv';
    if (type === XLSX_TYPE) return 'xlsx';
    if (type === 'application/json' || type === '*/*' || type === 'application/*') return 'json';
  }
  return 'json';
}

function outcomeView(outcome: BatchOutcome, service: PlanService, language: Language) {
  return {
    ...(outcome.header ? { header: outcome.header } : {}),
    results: outcome.results.map(({ line, region, indicator, check, target }) => ({
      line,
      region,
      indicator,
      ...check,
      summary: check.summary[language],
      target: targetView(target, service.ruleSet, language),
    })),
    errors: outcome.errors,
  };
}

export function registerBatchCheckRoutes(app: OpenAPIHono<AppEnv>, limits: UploadLimits = DEFAULT_UPLOAD_LIMITS): void {
  app.post(CHECK_PATH, async (c, next) => {
    const kind = uploadKind(c.req.header('content-type'));
    if (!kind) return next();
    const query = planQuerySchema.safeParse({ plan: c.req.query('plan'), lang: c.req.query('lang') });
    if (!query.success) throw validationError(query.error);
    const service = planService(c, query.data.plan);
    const language = planLanguage(service, query.data.lang);

    const bytes = await readBody(c, kind, kind === 'csv' ? limits.maxCsvBytes : limits.maxXlsxBytes);
    let rows;
    try {
      rows = kind === 'csv' ? readCsv(decodeText(bytes), limits) : await readXlsx(bytes, limits);
    } catch (error) {
      if (error instanceof TableError) throw new ApiError(error.status, error.code, error.message, 'body');
      throw error;
    }
    const outcome = checkRows(rows, service.ruleSet, service.pack.messages, language);
    // The readers stop one row past the limit plus a header; which first row is a header is known only now.
    if (rows.length - (outcome.header ? 1 : 0) > limits.maxRows) {
      const error = tooManyRows(limits);
      throw new ApiError(error.status, error.code, error.message, 'body');
    }
    const messages = service.pack.messages[language];
    const fileName = `${messages.ui.batch.fileName}-${new Date().toISOString().slice(0, 10)}`;
    const format = wanted(c.req.header('accept'));
    if (format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${fileName}.csv"`);
      return c.body(checkResultsCsv(outcome, messages, language, service.ruleSet.units), 200);
    }
    if (format === 'xlsx') {
      c.header('Content-Type', XLSX_TYPE);
      c.header('Content-Disposition', `attachment; filename="${fileName}.xlsx"`);
      return c.body(Buffer.from(await checkResultsXlsx(outcome, messages, language, service.ruleSet.units)), 200);
    }
    return c.json({ ...outcomeView(outcome, service, language), period: periodView(service.pack, language), plan: service.id, version: service.pack.version }, 200);
  });
}
