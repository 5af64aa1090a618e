#!/usr/bin/env node
// The command line (src/cli/main.ts), run from its TypeScript source through tsx, as `npm start` runs the server.
import { tsImport } from 'tsx/esm/api';

const { run } = await tsImport('../src/cli/main.ts', import.meta.url);
const code = await run(process.argv.slice(2));
// The HTTP service keeps the process alive; other commands end here (the index's handles would hold it open).
if (code !== 'running') {
  await new Promise((resolve) => process.stdout.write('', resolve));
  process.exit(code);
}
