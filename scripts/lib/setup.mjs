// Makes a fresh clone usable: installs npm dependencies when they are missing or stale.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export function ensureDependencies(root, { log = console.log } = {}) {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  const stale = existsSync(marker) && existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000;
  if (existsSync(marker) && !stale) return;
  log(stale ? 'package-lock.json changed: running npm ci…' : 'Dependencies are not installed: running npm ci…');
  let r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    // Some registry mirrors serve only this platform's optional binaries (rollup's, esbuild's), and
    // npm ci then refuses a lock file that cannot name the others. npm install keeps the locked
    // versions and tolerates missing optional packages.
    log('npm ci failed; retrying with npm install (same locked versions)…');
    r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  }
  if (r.status !== 0) {
    console.error('Installing dependencies failed (see above). Check your access to the npm registry and run the command again.');
    process.exit(1);
  }
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

/**
 * Debian packages the real-server suite runs (test/server/real-servers.ts): installed with apt-get
 * when missing and this is Debian as root, and said so; otherwise one line on what to install.
 */
export const REAL_SERVER_PACKAGES = [
  { pkg: 'nginx', file: '/usr/sbin/nginx' },
  { pkg: 'python3-flask', file: '/usr/lib/python3/dist-packages/flask/__init__.py' },
  { pkg: 'python3-flask-cors', file: '/usr/lib/python3/dist-packages/flask_cors/__init__.py' },
];

export function ensureDebianPackages(packages = REAL_SERVER_PACKAGES, { log = console.log } = {}) {
  const missing = packages.filter((p) => !existsSync(p.file)).map((p) => p.pkg);
  if (missing.length === 0) return true;
  const asRoot = process.platform === 'linux' && typeof process.getuid === 'function' && process.getuid() === 0 && existsSync('/usr/bin/apt-get');
  if (!asRoot) {
    console.error(
      `The real-server tests need these Debian packages: ${missing.join(' ')}. Install them (sudo apt-get install -y ${missing.join(' ')}) and run again.`,
    );
    return false;
  }
  log(`Installing Debian packages for the real-server tests: apt-get install -y ${missing.join(' ')}…`);
  // policy-rc.d or not, nginx's service is never used: the suite runs its own nginx in the foreground.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env }) : update;
  if (install.status !== 0 || packages.some((p) => !existsSync(p.file))) {
    console.error('Installing the real-server packages with apt-get failed (see above).');
    return false;
  }
  return true;
}
