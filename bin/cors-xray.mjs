#!/usr/bin/env node
// Launcher for the cors-xray command: loads the bundle that `npm run build` writes to dist-cli/.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';

const bundle = fileURLToPath(new URL('../dist-cli/cors-xray.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write(
    `cors-xray: the command-line bundle is missing (${bundle}).\n` +
      'Run "npm run build" (or "npm run build:cli") in the cors-xray checkout first, then try again.\n',
  );
  process.exit(2);
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv);
