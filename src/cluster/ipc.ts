import cluster, { type Worker } from 'node:cluster';

/**
 * Requests from a worker to the primary over the cluster's IPC channel, and the primary's
 * answers. Messages carry a `channel` tag, so other users of the channel (prom-client's
 * metric aggregation) and ours ignore each other's.
 */
const CHANNEL = 'policy-assistant';

interface RequestMessage {
  channel: typeof CHANNEL;
  id: number;
  type: string;
  payload: unknown;
}

interface ResponseMessage {
  channel: typeof CHANNEL;
  id: number;
  result?: unknown;
  error?: string;
}

const isMessage = (message: unknown): message is { channel: string; id: number } =>
  typeof message === 'object' && message !== null && (message as { channel?: unknown }).channel === CHANNEL && typeof (message as { id?: unknown }).id === 'number';

export class PrimaryUnavailableError extends Error {
  override name = 'PrimaryUnavailableError';
}

/** A worker's side: sends a request, resolves with the primary's answer. */
export class PrimaryChannel {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

  constructor() {
    if (!cluster.isWorker || !process.send) throw new PrimaryUnavailableError('PrimaryChannel: this process is not a cluster worker');
    process.on('message', (message: unknown) => {
      if (!isMessage(message)) return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      const { error, result } = message as ResponseMessage;
      if (error !== undefined) waiting.reject(new Error(error));
      else waiting.resolve(result);
    });
  }

  /** The primary's answer to `type`; rejects after `timeoutMs` or when the channel is gone. */
  request<T>(type: string, payload: unknown, timeoutMs: number): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new PrimaryUnavailableError(`the primary did not answer "${type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      const message: RequestMessage = { channel: CHANNEL, id, type, payload };
      if (!process.connected) {
        this.pending.delete(id);
        clearTimeout(timer);
        reject(new PrimaryUnavailableError('the channel to the primary is closed'));
        return;
      }
      process.send!(message, undefined, undefined, (error) => {
        if (!error) return;
        this.pending.delete(id);
        clearTimeout(timer);
        reject(new PrimaryUnavailableError(`cannot reach the primary: ${error.message}`));
      });
    });
  }
}

/** What the primary answers a request type with (the value is sent back as is, JSON-serialised). */
export type RequestHandler = (payload: unknown, worker: Worker) => unknown;

/** The primary's side: answers the workers' requests with `handlers`, by type. */
export function answerWorkers(handlers: Record<string, RequestHandler>): void {
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isMessage(message)) return;
    const { id, type, payload } = message as RequestMessage;
    const reply = (response: Omit<ResponseMessage, 'channel' | 'id'>) => {
      if (worker.isConnected()) worker.send({ channel: CHANNEL, id, ...response } satisfies ResponseMessage);
    };
    const handler = Object.hasOwn(handlers, type) ? handlers[type] : undefined;
    if (!handler) return reply({ error: `no handler for "${String(type)}"` });
    Promise.resolve()
      .then(() => handler(payload, worker))
      .then(
        (result) => reply({ result }),
        (error: unknown) => reply({ error: (error as Error)?.message ?? String(error) }),
      );
  });
}
