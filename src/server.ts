import { loadConfig } from './config.js';
import { startServer } from './serve.js';

await startServer(loadConfig());
