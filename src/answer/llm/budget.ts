import { LlmTimeoutError } from '../../llm/index.js';

/** Below this, a call is not worth starting: it would time out before the model answers. */
export const MIN_CALL_MS = 50;

/**
 * One answer's LLM budget (`LLM_TIMEOUT_MS`): understanding, composition and repair share
 * it. Each call gets the time left as its `timeoutMs`, and the budget's signal, which also
 * carries the client's hang-up.
 */
export class Budget {
  readonly startedAt = Date.now();
  readonly signal: AbortSignal;

  constructor(
    readonly totalMs: number,
    callerSignal?: AbortSignal,
  ) {
    const timeout = AbortSignal.timeout(totalMs);
    this.signal = callerSignal ? AbortSignal.any([timeout, callerSignal]) : timeout;
  }

  elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  remainingMs(): number {
    return Math.max(0, this.totalMs - this.elapsedMs());
  }

  /**
   * Request options for one call: the time left (at most `capMs`) and the signal. Throws
   * `LlmTimeoutError` when too little is left to start a call.
   */
  call(capMs = Infinity): { signal: AbortSignal; timeoutMs: number } {
    const timeoutMs = Math.floor(Math.min(this.remainingMs(), capMs));
    if (timeoutMs < MIN_CALL_MS || this.signal.aborted) throw new LlmTimeoutError(this.totalMs);
    return { signal: this.signal, timeoutMs };
  }
}
