import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../context.js';
import { planProfile, planService } from '../plan-param.js';
import { askRequestSchema, errorResponses, errorSchema, jsonContent, looseObject, type AskRequest } from '../schemas.js';
import type { Context } from 'hono';
import type { AskResponse } from '../../answer/pipeline.js';
import { observeAnswer } from '../observe.js';

const errors = { ...errorResponses, 429: jsonContent(errorSchema, 'Rate limited: see Retry-After') };

const askRoute = createRoute({
  method: 'post',
  path: '/v1/ask',
  summary: 'Ask a question: a grounded answer with verbatim citations',
  request: { body: { ...jsonContent(askRequestSchema, 'The question, earlier turns and profile'), required: true } },
  responses: { 200: jsonContent(looseObject, '{ status, answer, citations, facts, mode, language, needs?, profile, plan, version }'), ...errors },
});

const streamRoute = createRoute({
  method: 'post',
  path: '/v1/ask/stream',
  summary: 'The same answer as server-sent events: `delta` pieces of verified text, then `done` with the whole response',
  request: { body: { ...jsonContent(askRequestSchema, 'The question, earlier turns and profile'), required: true } },
  responses: { 200: { content: { 'text/event-stream': { schema: looseObject } }, description: 'event: delta {text}…, event: done {response}' }, ...errors },
});

/** The plan's pipeline and the question as it asks it (the profile checked against the plan's flags). */
function prepared(c: Context<AppEnv>, request: AskRequest) {
  const service = planService(c, request.plan);
  const profile = planProfile(service, request.profile);
  return { pipeline: service.pipeline, input: { question: request.question, history: request.history, profile } };
}

/**
 * The response as sent: with `degraded` listing the parts served by a fallback (`search`: the
 * index was broken and memory was searched while it is rebuilt), and the answer recorded for
 * the log and the metrics.
 */
export function servedAnswer(c: Context<AppEnv>, response: AskResponse, streamStarted?: number): AskResponse & { degraded?: string[] } {
  observeAnswer(c, response, streamStarted);
  const degraded = [...(c.var.degraded ?? [])].sort();
  return degraded.length ? { ...response, degraded } : response;
}

export function registerAskRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(askRoute, async (c) => {
    const { pipeline, input } = prepared(c, c.req.valid('json'));
    // The client's hang-up ends any LLM work for it.
    const response = servedAnswer(c, await pipeline.ask(input, c.req.raw.signal));
    if (response.degraded) c.header('X-Degraded', response.degraded.join(', '));
    return c.json(response, 200);
  });

  app.openapi(streamRoute, (c) => {
    const { pipeline, input } = prepared(c, c.req.valid('json'));
    const started = performance.now();
    return streamSSE(c, async (stream) => {
      try {
        for await (const event of pipeline.askStream(input, c.req.raw.signal)) {
          if (stream.aborted) return;
          if (event.type === 'delta') await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text: event.text }) });
          else await stream.writeSSE({ event: 'done', data: JSON.stringify(servedAnswer(c, event.response, started)) });
        }
      } catch (error) {
        console.error('stream failed', error);
        await stream.writeSSE({ event: 'error', data: JSON.stringify({ error: { code: 'internal', message: 'the answer could not be completed', field: 'server' } }) });
      }
    });
  });
}
