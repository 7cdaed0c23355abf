// Bundles the command-line twin (src/cli/main.ts) into one ESM file, dist-cli/cors-xray.mjs,
// that runs on Node 20 with nothing installed: commander and the engine are bundled in.
// Used by `npm run build:cli` (and `npm run build`); bin/cors-xray.mjs loads the result.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// `--outfile <path>` builds elsewhere (the CLI tests build into a temp dir, so parallel test files
// never read a half-written bundle).
const at = process.argv.indexOf('--outfile');
const outfile = at > 0 && process.argv[at + 1] ? path.resolve(process.argv[at + 1]) : path.join(root, 'dist-cli', 'cors-xray.mjs');
mkdirSync(path.dirname(outfile), { recursive: true });

try {
  const result = await build({
    entryPoints: [path.join(root, 'src', 'cli', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    // commander is CommonJS: give its require() calls for node: built-ins a real require.
    banner: { js: "import { createRequire as __corsXrayCreateRequire } from 'node:module';\nconst require = __corsXrayCreateRequire(import.meta.url);" },
  });
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(`build-cli: wrote ${path.relative(process.cwd(), outfile)} (${Math.round(bytes / 1024)} KB)`);
} catch (err) {
  // esbuild has already printed the located errors.
  console.error(`build-cli: failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  process.exit(1);
}
