// `npm run package`: from a clean build, writes the store packages and the listing images:
//   release/cors-xray-<version>-chrome.zip   Chrome Web Store and Edge Add-ons
//   release/cors-xray-<version>-firefox.zip  addons.mozilla.org (or a temporary add-on)
//   release/store/                           1280×800 screenshots of the built-in demo, 440×280 promo tile
// Pass --no-store to skip the images (they need Chromium and take about half a minute).
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies, run } from './lib/setup.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
ensureDependencies(root);
const { extensionFiles, writeZip } = await import('./lib/zip-extension.mjs');

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

const version = JSON.parse(readFileSync(path.join(dist, 'manifest.json'), 'utf8')).version;
mkdirSync(release, { recursive: true });
for (const browser of ['chrome', 'firefox']) {
  let pkg;
  try {
    pkg = extensionFiles(dist, browser);
  } catch (err) {
    fail(err.message);
  }
  const out = path.join(release, `cors-xray-${version}-${browser}.zip`);
  writeZip(pkg.files, out);
  console.log(`package: wrote ${path.relative(root, out)} (${pkg.files.size} files, ${Math.round(statSync(out).size / 1024)} KB)`);
}

if (withStore) {
  const { ensureChromium } = await import('./lib/chromium.mjs');
  const env = { ...process.env, CHROMIUM_PATH: ensureChromium() };
  console.log('package: listing images from the built-in demo…');
  if (run(process.execPath, ['--import', 'tsx', path.join('scripts', 'store-assets.ts'), path.join(release, 'store')], { cwd: root, env }) !== 0)
    fail('making the store images failed (see above)');
}
if (!existsSync(path.join(release, `cors-xray-${version}-firefox.zip`))) fail('no Firefox zip was written');
