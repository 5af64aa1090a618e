// Compiles src/ to dist/ (what `npm start` runs) and copies the browser files beside it.
//   node scripts/build.mjs              build (npm's `prepare` runs it on `npm ci` / `npm install`)
//   node scripts/build.mjs --if-stale   build only when src/ changed since the last build (`prestart`)
// Plain JavaScript, so that it runs before anything is compiled and without tsx.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stampFile = join(dist, '.build-stamp');
/** Files of src/web served as they are (no compilation). */
const WEB_ASSET = /\.(js|html|css)$/u;

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** A hash of everything the build reads: when it is unchanged, dist/ is current. */
function sourceHash() {
  const hash = createHash('sha256');
  for (const file of [...filesUnder(join(root, 'src')), join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json')]) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const ifStale = process.argv.includes('--if-stale');
const hash = sourceHash();
if (ifStale && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hash) process.exit(0);

// The package's `exports` do not expose its bin, so it is looked up where npm installs it.
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (!existsSync(tsc)) {
  if (existsSync(stampFile)) {
    // Installed without dev dependencies: run the dist/ that was shipped.
    console.warn('[build] typescript is not installed; dist/ is older than src/ but is used as it is');
    process.exit(0);
  }
  console.error('[build] dist/ is missing and typescript is not installed: run `npm ci` (with dev dependencies) first');
  process.exit(1);
}

const started = Date.now();
rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
const webSource = join(root, 'src', 'web');
const webTarget = join(dist, 'web');
mkdirSync(webTarget, { recursive: true });
for (const file of filesUnder(webSource).filter((file) => WEB_ASSET.test(file))) {
  copyFileSync(file, join(webTarget, relative(webSource, file)));
}
writeFileSync(stampFile, `${hash}\n`);
console.error(`[build] src/ compiled to dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
