// Turns a built extension directory into a browser's zip: the per-browser manifest, the files
// without build by-products, checked (scripts/lib/package-files.mjs) before anything is written.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { chromeManifest, firefoxManifest, manifestProblems } from './manifests.mjs';
import { isExcluded, packageProblems } from './package-files.mjs';

const MANIFESTS = { chrome: chromeManifest, firefox: firefoxManifest };

/** A fixed timestamp: the same sources give byte-identical zips (SOURCE_DATE_EPOCH overrides it). */
const mtime = () => new Date(Number(process.env.SOURCE_DATE_EPOCH ?? 1704067200) * 1000);

/** The package's files (path → bytes) for `browser`, or throws with every problem found. */
export function extensionFiles(distDir, browser) {
  const files = new Map();
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      const rel = path.relative(distDir, abs).split(path.sep).join('/');
      if (statSync(abs).isDirectory()) walk(abs);
      else if (!isExcluded(rel) && rel !== 'manifest.json') files.set(rel, readFileSync(abs));
    }
  };
  walk(distDir);
  const manifest = MANIFESTS[browser](JSON.parse(readFileSync(path.join(distDir, 'manifest.json'), 'utf8')));
  const all = new Map([['manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n')], ...files]);
  const problems = [...manifestProblems(manifest), ...packageProblems(manifest, all)];
  if (problems.length) throw new Error(`the ${browser} package is not right:\n  - ${problems.join('\n  - ')}`);
  return { manifest, files: all };
}

export function writeZip(files, out) {
  const entries = Object.create(null);
  const when = mtime();
  for (const [name, bytes] of files) entries[name] = [new Uint8Array(bytes), { mtime: when, level: name.endsWith('.png') ? 0 : 9 }];
  writeFileSync(out, zipSync(entries));
}
