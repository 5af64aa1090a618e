import type OpenAI from 'openai';
import { z } from 'zod';
import type { Embedder } from './embedding.js';
import { EmbedderConfigError, EmbeddingError } from './errors.js';

export interface OpenAIEmbedderOptions {
  /** Embeddings model. Default "text-embedding-3-small". */
  model?: string;
  /** OpenAI-compatible API root, e.g. "http://localhost:11434/v1". Default: api.openai.com. */
  baseURL?: string;
  /**
   * API key. Default: none, which is accepted only with a custom `baseURL` (local servers
   * usually need no key); against api.openai.com it is an `EmbedderConfigError`.
   */
  apiKey?: string;
  /** Per-request timeout in milliseconds. Default 30,000. */
  timeoutMs?: number;
  /** Retries of a failed request (the SDK backs off between them). Default 2. */
  maxRetries?: number;
  /** Texts per request. Default 64. */
  batchSize?: number;
  /**
   * Vector size to request (only models that can shorten their output accept it). Default:
   * the model's own size, known in advance for OpenAI's models, else learned on the first call.
   */
  dimensions?: number;
}

const KNOWN_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** What we rely on in an embeddings response; checked because compatible servers vary. */
const embeddingsResponseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number()).min(1) })),
});

/** Embeddings from an OpenAI-compatible `/embeddings` endpoint, as floats (some servers cannot send base64). */
export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  readonly model: string;
  /** The SDK is loaded on the first request (about 150 modules a process that never embeds does not need). */
  private client: Promise<OpenAI> | undefined;
  private readonly clientOptions: ConstructorParameters<typeof OpenAI>[0];
  private readonly batchSize: number;
  private readonly requestedDimensions: number | undefined;
  private knownDimensions: number;

  constructor(options: OpenAIEmbedderOptions = {}) {
    this.model = options.model ?? 'text-embedding-3-small';
    this.batchSize = options.batchSize ?? 64;
    this.requestedDimensions = options.dimensions;
    this.knownDimensions = options.dimensions ?? KNOWN_DIMENSIONS[this.model] ?? 0;
    if (!options.apiKey && !options.baseURL) {
      throw new EmbedderConfigError('OpenAIEmbedder: an API key is needed for api.openai.com (EMBEDDINGS_API_KEY or OPENAI_API_KEY)');
    }
    this.clientOptions = {
      apiKey: options.apiKey ?? 'unused',
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 2,
    };
    const endpoint = (options.baseURL ?? 'https://api.openai.com/v1').replace(/\/+$/u, '');
    this.id = `openai-compatible:${this.model}@${endpoint}${options.dimensions ? `:d${options.dimensions}` : ''}`;
  }

  get dimensions(): number {
    return this.knownDimensions;
  }

  async embed(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      // Endpoints reject empty strings; a space embeds as "nothing" just as well.
      const batch = texts.slice(start, start + this.batchSize).map((text) => (text.trim() ? text : ' '));
      vectors.push(...(await this.embedBatch(batch)));
    }
    return vectors;
  }

  private async embedBatch(input: string[]): Promise<number[][]> {
    let response: unknown;
    try {
      this.client ??= import('openai').then(({ default: SDK }) => new SDK(this.clientOptions));
      response = await (await this.client).embeddings.create({
        model: this.model,
        input,
        encoding_format: 'float',
        ...(this.requestedDimensions ? { dimensions: this.requestedDimensions } : {}),
      });
    } catch (error) {
      throw new EmbeddingError(`embeddings request to model ${this.model} failed: ${(error as Error).message}`, { cause: error });
    }
    const parsed = embeddingsResponseSchema.safeParse(response);
    if (!parsed.success) throw new EmbeddingError(`embeddings response from model ${this.model} is not a list of float vectors`);
    const vectors: number[][] = new Array(input.length);
    for (const item of parsed.data.data) vectors[item.index] = item.embedding;
    for (let index = 0; index < input.length; index += 1) {
      const vector = vectors[index];
      if (!vector) throw new EmbeddingError(`embeddings response lacks the vector for input ${index}`);
      if (this.knownDimensions === 0) this.knownDimensions = vector.length;
      if (vector.length !== this.knownDimensions) {
        throw new EmbeddingError(`embeddings response has a ${vector.length}-dimensional vector, expected ${this.knownDimensions}`);
      }
    }
    return vectors;
  }
}
