import { z } from '@hono/zod-openapi';
import { HISTORY_BUDGET_CHARS, MAX_HISTORY_TURNS, MAX_QUESTION_LENGTH, MAX_TURN_LENGTH, newestHistory } from '../../answer/limits.js';
import type { HistoryTurn } from '../../answer/types.js';
import { withoutFootnotes } from '../../documents/answer-text.js';
import { ApiError } from '../errors.js';
import { profileBodySchema } from '../schemas.js';

/**
 * POST /v1/chat/completions as the assistant reads it. The parameters it uses are checked
 * (`model`, `messages`, `stream`, `stream_options`, and the extension `profile`); every other
 * parameter of the Chat Completions API (temperature, max_tokens, tools, n, user, …) is
 * accepted and ignored, as clients send them by default.
 */

/** Messages one request may carry; the body limit bounds their size. */
export const MAX_CHAT_MESSAGES = 500;

const contentPartSchema = z
  .looseObject({ type: z.string().min(1), text: z.string().optional() })
  .refine((part) => part.type !== 'text' || typeof part.text === 'string', { message: 'a text part needs `text`', path: ['text'] });

const messageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  // A string, parts (only text parts are read: images and audio are ignored), or null (an assistant's tool call).
  content: z.union([z.string(), z.array(contentPartSchema).max(MAX_CHAT_MESSAGES), z.null()]).optional(),
});

export const chatRequestSchema = z
  .looseObject({
    model: z.string().min(1).max(100).describe('A model id from GET /v1/models: one per plan pack'),
    messages: z.array(messageSchema).min(1, 'needs at least the user’s question').max(MAX_CHAT_MESSAGES, `at most ${MAX_CHAT_MESSAGES} messages`),
    stream: z.boolean().nullish(),
    stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
    profile: profileBodySchema.optional().describe('Extension: the enterprise profile, as for POST /v1/ask'),
  })
  .openapi('ChatCompletionRequest');
export type ChatRequest = z.infer<typeof chatRequestSchema>;

type Message = ChatRequest['messages'][number];

/** A message's text: the string, or its text parts joined. */
export function textOf(message: Message): string {
  if (typeof message.content === 'string') return message.content;
  return (message.content ?? []).flatMap((part) => (part.type === 'text' && part.text ? [part.text] : [])).join('\n');
}

export interface Conversation {
  question: string;
  history: HistoryTurn[];
}

/**
 * The question (the last message, which must be the user's) and the turns before it as the
 * pipeline's history. System and developer messages are instructions to a model, not facts:
 * they are left out, as are tool messages. The assistant's own answers come back without the
 * footnotes it wrote under them. A chat client sends the whole conversation each time, so
 * long turns are cut to the turn limit and only the newest turns within the history budget
 * are read (none of this is refused).
 */
export function conversationOf(messages: readonly Message[]): Conversation {
  const turns = messages.flatMap((message, index) => (message.role === 'user' || message.role === 'assistant' ? [{ role: message.role, index, text: textOf(message) }] : []));
  const last = turns.at(-1);
  if (!last || last.role !== 'user') {
    throw new ApiError(400, 'invalid_request', 'messages: the last user or assistant message must be the user’s question', 'messages');
  }
  const field = `messages[${last.index}].content`;
  const question = last.text.trim();
  if (!question) throw new ApiError(400, 'invalid_request', `${field}: the question is empty`, field);
  if (question.length > MAX_QUESTION_LENGTH) throw new ApiError(400, 'invalid_request', `${field}: must be at most ${MAX_QUESTION_LENGTH} characters`, field);
  const history = turns
    .slice(0, -1)
    .map((turn) => ({ role: turn.role, content: (turn.role === 'assistant' ? withoutFootnotes(turn.text) : turn.text).trim().slice(0, MAX_TURN_LENGTH) }))
    .filter((turn) => turn.content.length > 0)
    .slice(-MAX_HISTORY_TURNS);
  return { question, history: newestHistory(history, HISTORY_BUDGET_CHARS) };
}
