import { z } from 'zod';
import { projectPath } from './paths.js';

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalString = z.preprocess(blankToUndefined, z.string().optional());
const integer = (fallback: number, min: number, max: number) => z.preprocess(blankToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));

/** Environment variables the service reads (README "Configuration"), parsed once at start. */
export const configSchema = z.object({
  PORT: integer(8787, 0, 65535),
  HOST: z.preprocess(blankToUndefined, z.string().default('127.0.0.1')),
  /** Where the LanceDB index lives. */
  DATA_DIR: z.preprocess(blankToUndefined, z.string().default(() => projectPath('data'))),
  /** The folder of plan packs (one sub-folder each). */
  PLANS_DIR: z.preprocess(blankToUndefined, z.string().default(() => projectPath('plans'))),
  OPENAI_BASE_URL: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_MODEL: optionalString,
  LLM_TIMEOUT_MS: integer(12_000, 100, 15_000),
  /** Output token limit of the model's answer (`max_tokens`). */
  LLM_MAX_TOKENS: integer(1200, 64, 8192),
  EMBEDDINGS_MODEL: optionalString,
  ALLOWED_ORIGINS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .optional()
      .transform((value) => (value ? value.split(',').map((origin) => origin.trim()).filter(Boolean) : [])),
  ),
  RATE_LIMIT_PER_MIN: integer(30, 0, 100_000),
  /** Behind a reverse proxy: count the rate limit per first `X-Forwarded-For` address. */
  TRUST_PROXY: z.preprocess(blankToUndefined, z.enum(['true', 'false', '1', '0']).default('false').transform((value) => value === 'true' || value === '1')),
});
export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  }
  return parsed.data;
}
