import { z } from 'zod';
import { EmbedderConfigError } from './errors.js';
import { LocalEmbedder } from './local-embedder.js';
import { OpenAIEmbedder } from './openai-embedder.js';
import type { Embedder } from './embedding.js';
import type { TranslationTerm } from './terms.js';


const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());

const embeddingsEnvSchema = z.object({
  EMBEDDINGS_MODEL: optionalString,
  EMBEDDINGS_BASE_URL: z.preprocess(blankToUndefined, z.url().optional()),
  EMBEDDINGS_API_KEY: optionalString,
  /** Requested vector size, for models that can shorten their output (text-embedding-3-*). */
  EMBEDDINGS_DIMENSIONS: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(65_536).optional()),
  EMBEDDINGS_TIMEOUT_MS: z.preprocess(blankToUndefined, z.coerce.number().int().min(100).max(600_000).optional()),
  OPENAI_BASE_URL: z.preprocess(blankToUndefined, z.url().optional()),
  OPENAI_API_KEY: optionalString,
});

/**
 * The embedder the configuration asks for. `EMBEDDINGS_MODEL` set: an OpenAI-compatible
 * endpoint at `EMBEDDINGS_BASE_URL`, else `OPENAI_BASE_URL`, else api.openai.com, with the
 * key from `EMBEDDINGS_API_KEY`, else `OPENAI_API_KEY` (optional `EMBEDDINGS_DIMENSIONS`,
 * `EMBEDDINGS_TIMEOUT_MS`). Otherwise the offline `LocalEmbedder` over the glossary terms.
 * Throws `EmbedderConfigError` for malformed values.
 */
export function embedderFromEnv(
  env: Record<string, string | undefined>,
  glossaryTerms: readonly TranslationTerm[],
): Embedder {
  const parsed = embeddingsEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new EmbedderConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  }
  const config = parsed.data;
  if (!config.EMBEDDINGS_MODEL) return new LocalEmbedder({ terms: glossaryTerms });
  return new OpenAIEmbedder({
    model: config.EMBEDDINGS_MODEL,
    baseURL: config.EMBEDDINGS_BASE_URL ?? config.OPENAI_BASE_URL,
    apiKey: config.EMBEDDINGS_API_KEY ?? config.OPENAI_API_KEY,
    dimensions: config.EMBEDDINGS_DIMENSIONS,
    timeoutMs: config.EMBEDDINGS_TIMEOUT_MS,
  });
}
