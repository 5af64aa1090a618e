// The retrieval capability's public surface.
export { openRetriever, Retriever, type IndexHealth, type RetrieverEvent, type RetrieverOptions, type SearchHit, type SearchOptions, type PreparedQuery } from './search.js';
export { MemorySearch, type SearchBackend, type SearchRow } from './memory-search.js';
export { embedderFromEnv } from './embedder.js';
export type { Embedder } from './embedding.js';
export { LocalEmbedder, type LocalEmbedderOptions } from './local-embedder.js';
export { OpenAIEmbedder, type OpenAIEmbedderOptions } from './openai-embedder.js';
export { indexContentHash, indexLockPath, openClauseIndex, probeTable, INDEX_SCHEMA_VERSION, type ClauseIndex, type ClauseIndexOptions, type IndexBuildReason, type IndexEvent } from './index-store.js';
export type { IndexManifest } from './manifest.js';
export { clauseDocuments, type ClauseDocument } from './documents.js';
export { TermMatcher, termsFromGlossary, type TranslationTerm } from './terms.js';
export { tokenize, uniqueTokens, retrievalStopWords, TOKENIZER_VERSION } from './tokenize.js';
export { reciprocalRankFusion, type FusedResult } from './fusion.js';
export { acquireFileLock, type FileLockOptions, type HeldLock } from './file-lock.js';
export {
  EmbedderConfigError,
  EmbeddingError,
  IndexBuildError,
  IndexCorruptError,
  IndexLockTimeoutError,
  RetrievalError,
} from './errors.js';
