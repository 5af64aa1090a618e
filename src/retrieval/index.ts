// The retrieval capability's public surface.
export { openRetriever, Retriever, type RetrieverOptions, type SearchHit, type SearchOptions, type PreparedQuery } from './search.js';
export { embedderFromEnv, LocalEmbedder, OpenAIEmbedder, type Embedder, type LocalEmbedderOptions, type OpenAIEmbedderOptions } from './embedder.js';
export { defaultDataDir, indexContentHash, openClauseIndex, INDEX_SCHEMA_VERSION, type ClauseIndex, type ClauseIndexOptions } from './index-store.js';
export type { IndexManifest } from './manifest.js';
export { clauseDocuments, type ClauseDocument } from './documents.js';
export { TermMatcher, termsFromGlossary, type TranslationTerm } from './terms.js';
export { GLOSSARY_FILE, loadGlossary, loadGlossaryTerms } from './glossary.js';
export { containsHan, tokenize, uniqueTokens, TOKENIZER_VERSION } from './tokenize.js';
export { reciprocalRankFusion, type FusedResult } from './fusion.js';
export { acquireFileLock, type FileLockOptions, type HeldLock } from './file-lock.js';
export {
  EmbedderConfigError,
  EmbeddingError,
  IndexBuildError,
  IndexLockTimeoutError,
  RetrievalError,
  SearchFailedError,
} from './errors.js';
