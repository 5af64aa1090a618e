import { isLlmError, type ChatModel } from '../llm/index.js';
import type { Metrics } from './metrics.js';

const outcomeOf = (error: unknown): string => (isLlmError(error) ? error.reason : 'unexpected');

/** The same model, counting each call and its outcome in `llm_calls_total`. */
export function instrumentChatModel(model: ChatModel, metrics: Metrics): ChatModel {
  const count = (kind: 'complete' | 'json' | 'stream', outcome: string) => metrics.llmCalls.inc({ kind, outcome });
  return {
    get model() {
      return model.model;
    },
    async complete(request) {
      try {
        const result = await model.complete(request);
        count('complete', 'ok');
        return result;
      } catch (error) {
        count('complete', outcomeOf(error));
        throw error;
      }
    },
    async completeJson(request, schema, options) {
      try {
        const result = await model.completeJson(request, schema, options);
        count('json', 'ok');
        return result;
      } catch (error) {
        count('json', outcomeOf(error));
        throw error;
      }
    },
    async *stream(request) {
      let outcome = 'ok';
      try {
        yield* model.stream(request);
      } catch (error) {
        outcome = outcomeOf(error);
        throw error;
      } finally {
        // A consumer that stops early (a rejected sentence) ends the stream: still one call.
        count('stream', outcome);
      }
    },
  };
}
