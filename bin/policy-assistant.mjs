#!/usr/bin/env node
// The command line (src/cli/main.ts), run compiled from dist/ as `npm start` runs the server.
// dist/ is rebuilt first if src/ changed since the last build (scripts/build.mjs --if-stale),
// its output on standard error: `mcp` keeps standard output for the protocol.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

try {
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url)), '--if-stale'], { stdio: ['ignore', 2, 2] });
} catch {
  // The build said why on standard error.
  process.exit(1);
}
const { run } = await import('../dist/cli/main.js');
const code = await run(process.argv.slice(2));
// The HTTP service keeps the process alive; other commands end here (the index's handles would hold it open).
if (code !== 'running') {
  await new Promise((resolve) => process.stdout.write('', resolve));
  process.exit(code);
}
