import { availableParallelism } from 'node:os';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { projectPath } from './paths.js';

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalString = z.preprocess(blankToUndefined, z.string().optional());
const integer = (fallback: number, min: number, max: number) => z.preprocess(blankToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));

/** What a bearer key may be made of (RFC 6750's token68, as hono's bearer auth reads it). */
export const API_KEY = /^[A-Za-z0-9._~+/-]+=*$/u;

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
  /** Eligibility and target checks per client per minute (0: no limit). */
  RULES_RATE_LIMIT_PER_MIN: integer(120, 0, 100_000),
  /** Behind reverse proxies: how many, or their addresses (see `parseTrustProxy`). */
  TRUST_PROXY: z.preprocess(blankToUndefined, z.string().default('false').transform(parseTrustProxy)),
  /** A client must send its request headers within this. */
  HEADERS_TIMEOUT_MS: integer(10_000, 1_000, 120_000),
  /** A client must send its whole request (headers and body) within this. */
  REQUEST_TIMEOUT_MS: integer(30_000, 1_000, 600_000),
  /** An idle keep-alive connection is closed after this. */
  KEEP_ALIVE_TIMEOUT_MS: integer(5_000, 0, 120_000),
  /** Open connections one client address may hold (0: no cap); connections from trusted proxies are not capped. */
  MAX_CONNECTIONS_PER_CLIENT: integer(100, 0, 100_000),
  /**
   * Bearer keys for the OpenAI-compatible routes and MCP, comma-separated; unset: open. Each is
   * a bearer token (letters, digits and `-._~+/`, then any `=`).
   */
  API_KEYS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .optional()
      .transform((value) => (value ? value.split(',').map((key) => key.trim()).filter(Boolean) : []))
      .pipe(z.array(z.string().regex(API_KEY, 'each key is letters, digits and -._~+/ (then any =), separated by commas'))),
  ),
  /** Server processes on the one port (node:cluster); 1 serves from this process alone. Default: the cores available. */
  WORKERS: integer(availableParallelism(), 1, 64),
  /** Rate-limit counts in this Redis (`redis://[user:password@]host:port[/db]`), shared by every instance. Default: in memory. */
  REDIS_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^rediss?$/u, error: 'a redis:// or rediss:// URL' })
      .optional(),
  ),
  /** On SIGTERM or SIGINT, how long requests and streams in flight may take to finish before they are cut. */
  SHUTDOWN_GRACE_MS: integer(10_000, 0, 120_000),
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info')),
});
export type Config = z.infer<typeof configSchema>;

/**
 * `TRUST_PROXY`: `false`/`0` trusts no proxy (the socket's peer is the client); a number is
 * how many proxies stand in front (`true` means one); anything else is a comma-separated
 * list of the proxies' addresses or subnets, or `loopback`, `linklocal`, `uniquelocal` (as
 * proxy-addr reads them). The client is then the right-most `X-Forwarded-For` address that
 * is not a trusted proxy: hops a client writes itself are never believed.
 */
function parseTrustProxy(value: string, context: z.RefinementCtx): false | number | string[] {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === 'false' || trimmed === '0') return false;
  if (trimmed === 'true') return 1;
  if (/^\d+$/u.test(trimmed)) return Number(trimmed);
  const addresses = value.split(',').map((address) => address.trim()).filter(Boolean);
  try {
    proxyaddr.compile(addresses);
  } catch (error) {
    context.addIssue({ code: 'custom', message: `a number of proxies or their addresses: ${(error as Error).message}` });
    return z.NEVER;
  }
  return addresses;
}

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
