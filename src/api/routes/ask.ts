import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { askRequestSchema } from '../../assistant/schema.js';
import type { AppEnv } from '../context.js';
import { errorResponses, errorSchema, jsonContent, looseObject } from '../schemas.js';

const errors = { ...errorResponses, 429: jsonContent(errorSchema, 'Rate limited: see Retry-After') };

const askRoute = createRoute({
  method: 'post',
  path: '/v1/ask',
  summary: 'Ask a question: a grounded answer with verbatim citations',
  request: { body: { ...jsonContent(askRequestSchema, 'The question, earlier turns and profile'), required: true } },
  responses: { 200: jsonContent(looseObject, '{ status, answer, citations, facts, mode, language, needs?, profile, version }'), ...errors },
});

const streamRoute = createRoute({
  method: 'post',
  path: '/v1/ask/stream',
  summary: 'The same answer as server-sent events: `delta` pieces of verified text, then `done` with the whole response',
  request: { body: { ...jsonContent(askRequestSchema, 'The question, earlier turns and profile'), required: true } },
  responses: { 200: { content: { 'text/event-stream': { schema: looseObject } }, description: 'event: delta {text}…, event: done {response}' }, ...errors },
});

export function registerAskRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(askRoute, async (c) => {
    // The client's hang-up ends any LLM work for it.
    const response = await c.var.services.assistant.ask(c.req.valid('json'), c.req.raw.signal);
    return c.json(response, 200);
  });

  app.openapi(streamRoute, (c) => {
    const request = c.req.valid('json');
    const { assistant } = c.var.services;
    return streamSSE(c, async (stream) => {
      try {
        for await (const event of assistant.askStream(request, c.req.raw.signal)) {
          if (stream.aborted) return;
          if (event.type === 'delta') await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text: event.text }) });
          else await stream.writeSSE({ event: 'done', data: JSON.stringify(event.response) });
        }
      } catch (error) {
        console.error('stream failed', error);
        await stream.writeSSE({ event: 'error', data: JSON.stringify({ error: { code: 'internal', message: 'the answer could not be completed' } }) });
      }
    });
  });
}
