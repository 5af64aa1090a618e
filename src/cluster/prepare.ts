/**
 * Set in the environment of the worker that prepares the indexes (the first): it probes every
 * index, or builds it, before it listens; the others wait for it (`INDEXES_READY`).
 */
export const PREPARE_INDEXES_ENV = 'SERVER_PREPARE_INDEXES';
/** A worker's request to the primary, answered once the first worker has prepared the indexes. */
export const INDEXES_READY = 'indexes-ready';
/**
 * How long a worker waits for the indexes. A safety net only: the primary stops its workers
 * when preparing fails; a build that embeds through a remote model can take minutes.
 */
export const INDEXES_READY_TIMEOUT_MS = 30 * 60_000;
