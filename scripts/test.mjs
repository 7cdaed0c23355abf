// `npm test`: sets up what a fresh clone lacks (dependencies, Chromium, Firefox ESR), then runs typecheck, lint,
// unit tests, the build and the store packages (with their checks) and the end-to-end tests in real
// Chromium and real Firefox ESR, and stops at the first failure.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ensureDebianPackages, ensureDependencies, run } from './lib/setup.mjs';
import { ensureChromium } from './lib/chromium.mjs';
import { ensureFirefox } from './lib/firefox.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
ensureDependencies(root);
const chromium = ensureChromium();
const firefox = ensureFirefox();
if (!ensureDebianPackages()) process.exit(1);
const env = { ...process.env, CHROMIUM_PATH: chromium, FIREFOX_PATH: firefox };
const npx = (args) => run('npx', ['--no-install', ...args], { cwd: root, env });

const unitJson = path.join(root, '.tmp', 'unit-results.json');
const releaseJson = path.join(root, '.tmp', 'release-results.json');
const e2eJson = path.join(root, '.tmp', 'e2e-results.json');
const firefoxJson = path.join(root, '.tmp', 'firefox-results.json');
for (const f of [unitJson, releaseJson, e2eJson, firefoxJson]) rmSync(f, { force: true });

/** Totals from the runners' JSON reports, for one closing line over both suites. */
function counts() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of [unitJson, releaseJson, firefoxJson]) {
    if (!existsSync(file)) continue;
    const u = JSON.parse(readFileSync(file, 'utf8'));
    passed += u.numPassedTests ?? 0;
    failed += u.numFailedTests ?? 0;
    skipped += (u.numPendingTests ?? 0) + (u.numTodoTests ?? 0);
  }
  if (existsSync(e2eJson)) {
    const s = JSON.parse(readFileSync(e2eJson, 'utf8')).stats ?? {};
    passed += s.expected ?? 0;
    failed += (s.unexpected ?? 0) + (s.flaky ?? 0);
    skipped += s.skipped ?? 0;
  }
  return { passed, failed, skipped };
}

/** ESLint, type-aware, no warning allowed, and Prettier's check (`npm run lint`). */
function lint() {
  return run('npm', ['run', 'lint'], { cwd: root, env });
}

const steps = [
  ['typecheck', () => npx(['tsc', '--noEmit', '-p', 'tsconfig.json'])],
  ['lint', lint],
  ['unit tests', () => npx(['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitJson}`])],
  // A clean build, the Chrome and Firefox zips and the store images (scripts/package.mjs).
  ['build and package', () => run('npm', ['run', 'package'], { cwd: root, env })],
  [
    'release checks (zips, web-ext lint, store images)',
    () => npx(['vitest', 'run', '--config', 'vitest.release.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${releaseJson}`]),
  ],
  ['end-to-end tests (real Chromium)', () => npx(['playwright', 'test'])],
  [
    'end-to-end test (real Firefox ESR)',
    () => npx(['vitest', 'run', '--config', 'vitest.firefox.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${firefoxJson}`]),
  ],
];
for (const [name, step] of steps) {
  console.log(`\n── ${name}`);
  const code = step();
  if (code !== 0) {
    console.error(`\n✗ ${name} failed (exit ${code}).`);
    const c = counts();
    if (c.passed + c.failed > 0) console.log(`${c.passed} passed, ${Math.max(c.failed, 1)} failed`);
    process.exit(code);
  }
}
const c = counts();
console.log('\n✓ typecheck, lint, unit tests, build, packages and end-to-end tests passed.');
console.log(`${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`);
