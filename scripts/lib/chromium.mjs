// Finding (and, where possible, installing) a Chromium that accepts --load-extension.
// Plain Node with no dependencies: `npm test` and `npm start` use it before `npm ci` has run.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** CHROMIUM_PATH, then Playwright's own Chromium if installed, then Debian's. Never a branded Chrome: it ignores --load-extension. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return { path: fromEnv, source: 'CHROMIUM_PATH' };
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but no file is there.`);
  }
  try {
    const pw = require('playwright-core').chromium.executablePath();
    if (pw && existsSync(pw)) return { path: pw, source: "Playwright's Chromium" };
  } catch {
    // playwright-core not installed yet, or it has no browser of its own: fall through.
  }
  if (existsSync(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM, source: 'Debian chromium' };
  return null;
}

function canApt() {
  return process.platform === 'linux' && typeof process.getuid === 'function' && process.getuid() === 0 && existsSync('/usr/bin/apt-get');
}

/** Returns a Chromium path, installing Debian's package as root when none is found; exits with one instruction otherwise. */
export function ensureChromium({ log = console.log } = {}) {
  const found = findChromium();
  if (found) return found.path;
  if (canApt()) {
    log("No Chromium found: installing Debian's chromium package (apt-get install -y chromium)…");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env }) : update;
    if (install.status === 0 && existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
    console.error('Installing chromium with apt-get failed (see above).');
  }
  console.error(
    'No Chromium found. Install one and run again: `sudo apt-get install -y chromium` (Debian/Ubuntu), ' +
      '`npx playwright install chromium`, or set CHROMIUM_PATH to a Chromium (not branded Chrome) binary.',
  );
  process.exit(1);
}

/** Flags that let Chromium run here: no sandbox as root, and no background calls to Google's hosts on a closed network. */
export function chromiumArgs(extensionDir, { headless = true } = {}) {
  const args = [
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-features=Translate,OptimizationHints,MediaRouter',
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--auto-open-devtools-for-tabs',
  ];
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.unshift('--no-sandbox');
  if (headless) args.push('--window-size=1400,900');
  return args;
}
