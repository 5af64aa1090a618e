export * from './errors.js';
export {
  DEFAULT_CHAT_MODEL,
  DEFAULT_LLM_TIMEOUT_MS,
  OpenAIChatModel,
  extractJsonText,
  toLlmError,
  type ChatMessage,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type CompleteJsonOptions,
  type OpenAIChatModelOptions,
} from './client.js';
export { PLACEHOLDER_API_KEY, chatModelFromConfig } from './from-config.js';
