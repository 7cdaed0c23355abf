// Runs every benchmark in bench/ (files named *.bench.ts) one after another, each in its own
// process so that one benchmark's heap does not skew the next one's peak-memory figure.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// `node scripts/bench.mjs [name or name-part] [--flags for the benchmark]`: flags go to every benchmark run.
const only = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : undefined;
const flags = process.argv.slice(only ? 3 : 2);
const all = readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
// A whole name runs that benchmark alone ("analyze" is not also "cli-analyze"); otherwise every
// benchmark whose name contains the part.
const files = !only ? all : all.includes(`${only}.bench.ts`) ? [`${only}.bench.ts`] : all.filter((f) => f.includes(only));
if (files.length === 0) {
  console.error(only ? `No benchmark matches "${only}".` : 'No benchmarks found in bench/.');
  process.exit(2);
}
let failed = 0;
for (const f of files) {
  console.log(`\n== ${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join('bench', f), ...flags], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
