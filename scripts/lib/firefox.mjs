// Finding (and, as root on Debian, installing) Firefox ESR for the Firefox end-to-end test.
// Plain Node with no dependencies, like chromium.mjs.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const DEBIAN_FIREFOX = '/usr/bin/firefox-esr';

/** FIREFOX_PATH, then Debian's firefox-esr. ESR accepts the unsigned test package; release Firefox does not. */
export function findFirefox() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`FIREFOX_PATH is set to ${fromEnv}, but no file is there.`);
  }
  return existsSync(DEBIAN_FIREFOX) ? DEBIAN_FIREFOX : null;
}

/** Returns a Firefox ESR path, installing Debian's firefox-esr as root when none is found; exits with one instruction otherwise. */
export function ensureFirefox({ log = console.log } = {}) {
  const found = findFirefox();
  if (found) return found;
  const root = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (root) {
    log("No Firefox ESR found: installing Debian's firefox-esr package (apt-get install -y firefox-esr)…");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'firefox-esr'], { stdio: 'inherit', env }) : update;
    if (install.status === 0 && existsSync(DEBIAN_FIREFOX)) return DEBIAN_FIREFOX;
    console.error('Installing firefox-esr with apt-get failed (see above).');
  }
  console.error(
    'No Firefox ESR found. Install it and run again: `sudo apt-get install -y firefox-esr` (Debian/Ubuntu), or set FIREFOX_PATH to a Firefox ESR or Developer Edition binary.',
  );
  process.exit(1);
}
