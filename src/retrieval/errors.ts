/** Base class, so callers can catch every retrieval failure with one `instanceof`. */
export class RetrievalError extends Error {
  override name = 'RetrievalError';
}

/** The embeddings configuration (environment or options) cannot work as given. */
export class EmbedderConfigError extends RetrievalError {
  override name = 'EmbedderConfigError';
}

/** The embeddings endpoint failed or answered something that is not a list of vectors. */
export class EmbeddingError extends RetrievalError {
  override name = 'EmbeddingError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Building or opening the LanceDB index failed. */
export class IndexBuildError extends RetrievalError {
  override name = 'IndexBuildError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A table on disk failed its probe: a data file truncated or missing, a broken full-text index. */
export class IndexCorruptError extends RetrievalError {
  override name = 'IndexCorruptError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Another process held the build lock for longer than we were willing to wait. */
export class IndexLockTimeoutError extends RetrievalError {
  override name = 'IndexLockTimeoutError';
  constructor(
    readonly lockPath: string,
    readonly waitedMs: number,
  ) {
    super(`index build lock ${lockPath} still held after ${waitedMs} ms`);
  }
}
