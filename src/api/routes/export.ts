import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { checklistDocument } from '../../documents/checklist.js';
import { checklistCsv } from '../../documents/checklist-csv.js';
import type { AppEnv } from '../context.js';
import { planLanguage, planProfile, planService } from '../plan-param.js';
import { eligibilityRequestSchema, errorResponses, jsonContent } from '../schemas.js';

/**
 * POST /v1/eligibility/export?format=docx|csv: the enterprise's checklist as a file to keep,
 * from the same body as /v1/eligibility. Answered as an attachment.
 */

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const route = createRoute({
  method: 'post',
  path: '/v1/eligibility/export',
  summary: 'The checklist as a document (DOCX or CSV): profile, items with verbatim quotes and clause labels, plan, period, version, date',
  request: {
    query: z.object({ format: z.enum(['docx', 'csv']).default('docx').describe('docx (default) or csv') }),
    body: { ...jsonContent(eligibilityRequestSchema, 'The profile, as for POST /v1/eligibility'), required: true },
  },
  responses: {
    200: {
      description: 'The file, as an attachment',
      content: { [DOCX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) }, 'text/csv': { schema: z.string() } },
    },
    ...errorResponses,
  },
});

export function registerExportRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { format } = c.req.valid('query');
    const body = c.req.valid('json');
    const service = planService(c, body.plan);
    const language = planLanguage(service, body.lang);
    const profile = planProfile(service, body.profile);
    const result = await service.ruleSet.eligibility.evaluate(profile);
    const document = checklistDocument(service.ruleSet, profile, result, language);
    c.header('Content-Disposition', `attachment; filename="${document.fileName}.${format}"`);
    if (format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(checklistCsv(document), 200);
    }
    c.header('Content-Type', DOCX_TYPE);
    // The docx library is loaded on the first Word export, not by every process at start.
    const { checklistDocx } = await import('../../documents/checklist-docx.js');
    return c.body(Buffer.from(await checklistDocx(document)), 200);
  });
}
