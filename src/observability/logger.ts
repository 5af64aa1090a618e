import { format } from 'node:util';
import { tryGetContext } from 'hono/context-storage';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  /** Lowest level written: `trace`, `debug`, `info`, `warn`, `error`, `fatal` or `silent`. Default `info`. */
  level?: Level | 'silent';
  /** Where the JSON lines go. Default: standard output. */
  destination?: DestinationStream;
}

/** The id of the request being handled in this async context, if any (set by hono's requestId middleware). */
function currentRequestId(): string | undefined {
  return tryGetContext<{ Variables: { requestId?: string } }>()?.var.requestId;
}

/**
 * Structured logs: one JSON object a line (pino), with an ISO time. A line written while a
 * request is handled carries that request's `reqId`, whoever writes it.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const reqId = currentRequestId();
        return reqId ? { reqId } : {};
      },
    },
    options.destination,
  );
}

/** A logger that writes nothing (the default where no logger is given). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * Sends `console.*` through the logger, so that what other modules print (the answer
 * pipeline's warnings, a library's errors) is structured too and carries the request id.
 * For the server's entry point only: it changes a process-wide object.
 */
export function routeConsoleTo(logger: Logger): void {
  const write = (level: 'info' | 'warn' | 'error' | 'debug') => (...args: unknown[]) => {
    const error = args.find((arg): arg is Error => arg instanceof Error);
    const message = format(...args.filter((arg) => arg !== error));
    if (error) logger[level]({ err: error }, message);
    else logger[level](message);
  };
  console.log = write('info');
  console.info = write('info');
  console.warn = write('warn');
  console.error = write('error');
  console.debug = write('debug');
}
