// `npm run package`: from a clean build, writes the store packages and the listing images:
//   release/cors-xray-<version>-chrome.zip   Chrome Web Store and Edge Add-ons
//   release/cors-xray-<version>-firefox.zip  addons.mozilla.org (or a temporary add-on)
//   release/store/                           1280×800 screenshots of the built-in demo, 440×280 promo tile
// Pass --no-store to skip the images (they need Chromium and take about half a minute).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies, run } from './lib/setup.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
ensureDependencies(root);
const { zipSync } = await import('fflate');
const { chromeManifest, firefoxManifest, manifestProblems } = await import('./lib/manifests.mjs');
const { isExcluded, packageProblems } = await import('./lib/package-files.mjs');

const withStore = !process.argv.includes('--no-store');
const release = path.join(root, 'release');
const dist = path.join(root, 'dist');

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

rmSync(release, { recursive: true, force: true });
console.log('package: clean build (npm run build)…');
if (run('npm', ['run', '--silent', 'build'], { cwd: root }) !== 0) fail('the build failed (see above)');

/** dist/ as path → bytes, without build by-products (source maps, .vite/). */
function readDist() {
  const files = new Map();
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      const rel = path.relative(dist, abs).split(path.sep).join('/');
      if (statSync(abs).isDirectory()) walk(abs);
      else if (!isExcluded(rel)) files.set(rel, readFileSync(abs));
    }
  };
  walk(dist);
  return files;
}

const built = JSON.parse(readFileSync(path.join(dist, 'manifest.json'), 'utf8'));
const version = built.version;
const payload = readDist();
payload.delete('manifest.json');

// A fixed timestamp: the same sources give byte-identical zips (SOURCE_DATE_EPOCH overrides it).
const mtime = new Date(Number(process.env.SOURCE_DATE_EPOCH ?? 1704067200) * 1000);

mkdirSync(release, { recursive: true });
for (const [browser, manifest] of [
  ['chrome', chromeManifest(built)],
  ['firefox', firefoxManifest(built)],
]) {
  const files = new Map([['manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n')], ...payload]);
  const problems = [...manifestProblems(manifest), ...packageProblems(manifest, files)];
  if (problems.length) fail(`the ${browser} package is not right:\n  - ${problems.join('\n  - ')}`);
  const entries = Object.create(null);
  for (const [name, bytes] of files) entries[name] = [new Uint8Array(bytes), { mtime, level: name.endsWith('.png') ? 0 : 9 }];
  const out = path.join(release, `cors-xray-${version}-${browser}.zip`);
  writeFileSync(out, zipSync(entries));
  console.log(`package: wrote ${path.relative(root, out)} (${files.size} files, ${Math.round(statSync(out).size / 1024)} KB)`);
}

if (withStore) {
  const { ensureChromium } = await import('./lib/chromium.mjs');
  const env = { ...process.env, CHROMIUM_PATH: ensureChromium() };
  console.log('package: listing images from the built-in demo…');
  if (run(process.execPath, ['--import', 'tsx', path.join('scripts', 'store-assets.ts'), path.join(release, 'store')], { cwd: root, env }) !== 0) fail('making the store images failed (see above)');
}
if (!existsSync(path.join(release, `cors-xray-${version}-firefox.zip`))) fail('no Firefox zip was written');
