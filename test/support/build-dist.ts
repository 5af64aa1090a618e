import { execFileSync } from 'node:child_process';
import { projectPath } from '../../src/paths.js';

/** vitest globalSetup: the compiled server (dist/) is current before tests start it as `npm start` does. */
export default function setup(): void {
  execFileSync(process.execPath, [projectPath('scripts', 'build.mjs'), '--if-stale'], { cwd: projectPath(), stdio: 'inherit' });
}
