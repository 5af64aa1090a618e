import { loadConfig } from './config.js';
import { startServer } from './start.js';

// `npm start` (compiled: dist/server.js) and `npm run dev` (tsx): see `startServer`.
await startServer(loadConfig());
