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
