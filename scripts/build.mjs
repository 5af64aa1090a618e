// Bundles src/ into dist/ (what `npm start` runs) with esbuild.
//   node scripts/build.mjs              build (npm's `prepare` runs it on `npm ci` / `npm install`)
//   node scripts/build.mjs --if-stale   build only when src/ changed since the last build (`prestart`)
// Plain JavaScript, so that it runs before anything is compiled and without tsx. Types are
// checked by `npm test` (tsc --noEmit), not here.
//
// Why a bundle and not tsc's file-for-file output: a process start loaded about 600 modules
// (zod, hono, prom-client and OpenTelemetry's API, pino, Arrow, our 120), and resolving and
// compiling them one by one was the largest part of the time to the first 200. Bundled, a
// start reads about 45 files. LanceDB's JavaScript is bundled too, so that it and our index
// code share one copy of Arrow (it had loaded its own CommonJS copy, 134 files); only its
// native addon (`@lancedb/lancedb-<platform>`, a `.node` file) stays in node_modules. What a
// route imports on first use stays a separate chunk, loaded then.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stampFile = join(dist, '.build-stamp');
/** Entry points: the server (`npm start`) and the command line (bin/policy-assistant.mjs). */
const ENTRIES = { server: 'src/server.ts', 'cli/main': 'src/cli/main.ts' };
/** Left to Node's own loading from node_modules: native addons (see above). */
const EXTERNAL = ['@lancedb/lancedb-*', '*.node'];

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** A hash of everything the build reads: when it is unchanged, dist/ is current. */
function sourceHash() {
  const hash = createHash('sha256');
  for (const file of [...filesUnder(join(root, 'src')), join(root, 'package-lock.json'), fileURLToPath(import.meta.url)]) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const ifStale = process.argv.includes('--if-stale');
const hash = sourceHash();
if (ifStale && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hash) process.exit(0);

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  if (existsSync(stampFile)) {
    // Installed without dev dependencies: run the dist/ that was shipped.
    console.warn('[build] esbuild is not installed; dist/ is older than src/ but is used as it is');
    process.exit(0);
  }
  console.error('[build] dist/ is missing and esbuild is not installed: run `npm ci` (with dev dependencies) first');
  process.exit(1);
}

const started = Date.now();
rmSync(dist, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ENTRIES,
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  // Whitespace and comments out, names kept (stack traces stay readable, and the source map maps
  // them back): V8 keeps every loaded module's source text in the heap of each process.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // Bundled CommonJS packages call require() for Node's built-ins; an ES module has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
writeFileSync(stampFile, `${hash}\n`);
console.error(`[build] src/ bundled to dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
