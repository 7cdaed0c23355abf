// `npm test`: sets up what a fresh clone lacks (dependencies, Chromium), then runs typecheck,
// unit tests, the build and the end-to-end tests in real Chromium, and stops at the first failure.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ensureDependencies, run } from './lib/setup.mjs';
import { ensureChromium } from './lib/chromium.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
ensureDependencies(root);
const chromium = ensureChromium();
const env = { ...process.env, CHROMIUM_PATH: chromium };
const npx = (args) => run('npx', ['--no-install', ...args], { cwd: root, env });

const steps = [
  ['typecheck', () => npx(['tsc', '--noEmit', '-p', 'tsconfig.json'])],
  ['unit tests', () => npx(['vitest', 'run'])],
  ['build', () => run('npm', ['run', 'build'], { cwd: root, env })],
  ['end-to-end tests (real Chromium)', () => npx(['playwright', 'test'])],
];
for (const [name, step] of steps) {
  console.log(`\n── ${name}`);
  const code = step();
  if (code !== 0) {
    console.error(`\n✗ ${name} failed (exit ${code}).`);
    process.exit(code);
  }
}
console.log('\n✓ typecheck, unit tests, build and end-to-end tests passed.');
