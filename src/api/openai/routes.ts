import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { answerWithFootnotes, footnotesText } from '../../documents/answer-text.js';
import type { PlanService } from '../../services.js';
import { pick } from '../../text/languages.js';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { planProfile } from '../plan-param.js';
import { servedAnswer } from '../routes/ask.js';
import { jsonContent, looseObject } from '../schemas.js';
import { chatRequestSchema, conversationOf, textOf } from './chat-request.js';
import { usageOf } from './usage.js';

/**
 * The OpenAI-compatible face of the assistant, for chat UIs and SDKs that speak the Chat
 * Completions API: one model per plan pack. The answer is the pipeline's (`/v1/ask`), its
 * citations written out under it as numbered footnotes with the verbatim quotes; the whole
 * structured response rides along in the extension field `grounding`.
 */
export const CHAT_COMPLETIONS_PATH = '/v1/chat/completions';
/** Who `owned_by` says runs the models. */
const OWNER = 'policy-assistant';

const openAIError = z.object({ error: z.object({ message: z.string(), type: z.string(), param: z.string(), code: z.string() }) }).openapi('OpenAIError');
const errors = {
  400: jsonContent(openAIError, 'Invalid input: `param` names the field'),
  401: jsonContent(openAIError, 'API_KEYS is set and the bearer key is missing or wrong'),
  404: jsonContent(openAIError, 'Unknown model'),
  429: jsonContent(openAIError, 'Rate limited: see Retry-After'),
};

const modelsRoute = createRoute({
  method: 'get',
  path: '/v1/models',
  summary: 'OpenAI-compatible: one model per plan pack, the default first',
  responses: { 200: jsonContent(looseObject, '{ object: "list", data: [{ id, object: "model", created, owned_by, name }] }'), 401: errors[401] },
});

const modelRoute = createRoute({
  method: 'get',
  path: '/v1/models/{model}',
  summary: 'OpenAI-compatible: one model (plan pack)',
  request: { params: z.object({ model: z.string().max(100) }) },
  responses: { 200: jsonContent(looseObject, '{ id, object: "model", created, owned_by, name }'), 401: errors[401], 404: errors[404] },
});

const chatRoute = createRoute({
  method: 'post',
  path: CHAT_COMPLETIONS_PATH,
  summary: 'OpenAI-compatible chat: the grounded answer with its citations as numbered footnotes',
  description:
    'The last user message is the question, earlier user and assistant messages the history; system messages are ignored. `stream: true` answers `chat.completion.chunk` events of verified text, then `data: [DONE]`. The structured answer (status, citations, facts, version, …) is in the extension field `grounding`.',
  request: { body: { ...jsonContent(chatRequestSchema, 'A Chat Completions request'), required: true } },
  responses: { 200: { content: { 'application/json': { schema: looseObject }, 'text/event-stream': { schema: looseObject } }, description: '`chat.completion`, or its chunks' }, ...errors },
});

/** The plan pack a model id names; an unknown one is a 404 naming `model`. */
function modelService(c: Context<AppEnv>, model: string): PlanService {
  const service = c.var.services.get(model);
  if (!service) throw new ApiError(404, 'model_not_found', `model: no model "${model.slice(0, 100)}" (see GET /v1/models)`, 'model');
  c.set('plan', service);
  return service;
}

export function registerOpenAIRoutes(app: OpenAPIHono<AppEnv>): void {
  // When the models appeared: this app's start (the packs may be replaced at any restart).
  const created = Math.floor(Date.now() / 1000);
  const modelView = (service: PlanService) => ({
    id: service.id,
    object: 'model' as const,
    created,
    owned_by: OWNER,
    // Shown instead of the id by chat UIs that read it (Open WebUI).
    name: pick(service.pack.meta.shortTitle, service.pack.meta.defaultLanguage),
  });

  app.openapi(modelsRoute, (c) => c.json({ object: 'list' as const, data: c.var.services.all.map(modelView) }, 200));
  app.openapi(modelRoute, (c) => c.json(modelView(modelService(c, c.req.valid('param').model)), 200));

  app.openapi(chatRoute, async (c) => {
    const body = c.req.valid('json');
    const service = modelService(c, body.model);
    const profile = planProfile(service, body.profile);
    const input = { ...conversationOf(body.messages), profile };
    const prompt = body.messages.map(textOf);
    const head = { id: `chatcmpl-${crypto.randomUUID()}`, created: Math.floor(Date.now() / 1000), model: service.id, system_fingerprint: service.pack.version };

    if (!body.stream) {
      // The client's hang-up ends any LLM work for it.
      const response = servedAnswer(c, await service.pipeline.ask(input, c.req.raw.signal));
      if (response.degraded) c.header('X-Degraded', response.degraded.join(', '));
      const content = answerWithFootnotes(response, 'markdown');
      return c.json(
        {
          ...head,
          object: 'chat.completion' as const,
          choices: [{ index: 0, message: { role: 'assistant' as const, content, refusal: null }, logprobs: null, finish_reason: 'stop' as const }],
          usage: usageOf(prompt, content),
          grounding: response,
        },
        200,
      );
    }

    const includeUsage = body.stream_options?.include_usage === true;
    const started = performance.now();
    const chunk = (delta: { role?: 'assistant'; content?: string }, finishReason: 'stop' | null = null) => ({
      ...head,
      object: 'chat.completion.chunk' as const,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
    });
    return streamSSE(c, async (stream) => {
      const send = (data: unknown) => stream.writeSSE({ data: JSON.stringify(data) });
      try {
        await send(chunk({ role: 'assistant', content: '' }));
        let content = '';
        for await (const event of service.pipeline.askStream(input, c.req.raw.signal)) {
          if (stream.aborted) return;
          if (event.type === 'delta') {
            // Verified text only, as /v1/ask/stream sends it.
            content += event.text;
            await send(chunk({ content: event.text }));
            continue;
          }
          const response = servedAnswer(c, event.response, started);
          const footnotes = footnotesText(response.citations, response.language, 'markdown');
          if (footnotes) {
            content += footnotes;
            await send(chunk({ content: footnotes }));
          }
          await send({ ...chunk({}, 'stop'), grounding: response });
          if (includeUsage) await send({ ...head, object: 'chat.completion.chunk', choices: [], usage: usageOf(prompt, content) });
        }
        await stream.writeSSE({ data: '[DONE]' });
      } catch (error) {
        console.error('chat completion stream failed', error);
        await send({ error: { message: 'the answer could not be completed', type: 'server_error', param: 'server', code: 'internal' } });
      }
    });
  });
}
