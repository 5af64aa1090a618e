import { z } from '@hono/zod-openapi';
import { profileSchema } from '../rules/profile.js';

export const MAX_QUESTION_LENGTH = 2000;
const MAX_HISTORY_TURNS = 20;
const MAX_TURN_LENGTH = 8000;

export const historyTurnSchema = z
  .object({
    role: z.enum(['user', 'assistant']),
    content: z.string().max(MAX_TURN_LENGTH),
  })
  .strict();

/** POST /v1/ask and /v1/ask/stream (CONTRACT.md). */
export const askRequestSchema = z
  .object({
    question: z
      .string()
      .max(MAX_QUESTION_LENGTH, `must be at most ${MAX_QUESTION_LENGTH} characters`)
      .refine((value) => value.trim().length > 0, 'must not be empty'),
    history: z.array(historyTurnSchema).max(MAX_HISTORY_TURNS).optional(),
    profile: profileSchema.optional(),
  })
  .strict()
  .openapi('AskRequest');
export type AskRequest = z.infer<typeof askRequestSchema>;
