import { forkFirstWorkerEarly } from './cluster/fork.js';

// A cluster's first worker starts before the primary loads anything else: its start, most of
// the time to the first 200, overlaps the primary's own (see `forkFirstWorkerEarly`).
const firstWorker = forkFirstWorkerEarly();
try {
  const [{ loadConfig }, { startServer }] = await Promise.all([import('./config.js'), import('./start.js')]);
  // `npm start` (compiled: dist/server.js) and `npm run dev` (tsx): see `startServer`.
  await startServer(loadConfig(), process.env, firstWorker ? { firstWorker } : {});
} catch (error) {
  firstWorker?.kill();
  throw error;
}
