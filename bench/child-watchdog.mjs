/**
 * Preloaded (`--import`) into the server the benchmark starts, and nowhere else: the server
 * exits when the benchmark goes away, however it goes (its IPC channel closes even on
 * SIGKILL), and in any case after a bounded lifetime. Plain JavaScript, so that it loads into
 * the compiled server. A cluster's workers inherit the flag and skip it: they follow their
 * primary.
 */
import cluster from 'node:cluster';

const lifetimeMs = Number(process.env.BENCH_SERVER_MAX_LIFETIME_MS) || 10 * 60_000;

if (cluster.isPrimary) {
  if (process.channel) {
    process.on('disconnect', () => process.exit(0));
    // The channel is only a tripwire: it must not keep the process alive by itself.
    process.channel.unref();
  }
  setTimeout(() => {
    console.error(`[bench] server exceeded its ${lifetimeMs} ms lifetime; exiting`);
    process.exit(0);
  }, lifetimeMs).unref();
}
