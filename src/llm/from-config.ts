import type { Config } from '../config.js';
import { DEFAULT_CHAT_MODEL, OpenAIChatModel, type ChatModel, type OpenAIChatModelOptions } from './client.js';

/** Sent as the bearer key when only `OPENAI_BASE_URL` is set: local servers (Ollama, vLLM, llama.cpp) ignore it. */
export const PLACEHOLDER_API_KEY = 'no-key-required';

/**
 * The configured chat model, or `undefined` for offline mode (neither `OPENAI_API_KEY` nor
 * `OPENAI_BASE_URL` set). Model defaults to `gpt-4o-mini`; the per-call deadline defaults to
 * `LLM_TIMEOUT_MS` (callers that make several calls for one answer should pass the remaining
 * budget as `timeoutMs`). No network at construction. `overrides` is for tests (e.g. `fetch`).
 */
export function chatModelFromConfig(
  config: Pick<Config, 'OPENAI_BASE_URL' | 'OPENAI_API_KEY' | 'OPENAI_MODEL' | 'LLM_TIMEOUT_MS'>,
  overrides: Partial<OpenAIChatModelOptions> = {},
): ChatModel | undefined {
  const baseURL = config.OPENAI_BASE_URL?.trim() || undefined;
  const apiKey = config.OPENAI_API_KEY?.trim() || undefined;
  if (!baseURL && !apiKey) return undefined;
  return new OpenAIChatModel({
    ...(baseURL ? { baseURL } : {}),
    apiKey: apiKey ?? PLACEHOLDER_API_KEY,
    model: config.OPENAI_MODEL?.trim() || DEFAULT_CHAT_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    ...overrides,
  });
}
