// `npm start`: installs what is missing, builds the extension, and runs the demo (scripts/demo.ts).
// Pass --headless to drive the demo without a display and get screenshots in demo-output/.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ensureDependencies, run } from './lib/setup.mjs';
import { ensureChromium } from './lib/chromium.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
ensureDependencies(root);
const chromium = ensureChromium();
const env = { ...process.env, CHROMIUM_PATH: chromium };
console.log('Building the extension into dist/ …');
if (run('npm', ['run', '--silent', 'build:ext', '--', '--logLevel', 'warn'], { cwd: root, env }) !== 0) process.exit(1);
process.exit(run(process.execPath, ['--import', 'tsx', path.join('scripts', 'demo.ts'), ...process.argv.slice(2)], { cwd: root, env }));
