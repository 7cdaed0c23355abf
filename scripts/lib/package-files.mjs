// What goes into an extension zip, and the checks every zip must pass. Shared by
// scripts/package.mjs (which refuses to write a bad zip) and the package tests (which open the zips).
import { namedFiles } from './manifests.mjs';

/** Build by-products that never belong in a store package. */
export function isExcluded(file) {
  return (
    file.endsWith('.map') ||
    file.startsWith('.vite/') ||
    file.split('/').some((p) => p.startsWith('.')) ||
    /(^|\/)(test|tests|__tests__)\//.test(file) ||
    /\.(test|spec)\.[cm]?[jt]sx?$/.test(file)
  );
}

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
export function pngSize(bytes) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || sig.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const REF_IN_HTML = /\b(?:src|href)\s*=\s*["']([^"'#?]+)["']/g;
// Module specifiers and the panel path handed to devtools.panels.create(): string literals that
// end in a packaged file type.
const REF_IN_JS = /["'`]((?:\.{0,2}\/)?[\w@./-]+\.(?:js|mjs|css|html|png|svg|json))["'`]/g;

function resolve(from, ref) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return null; // data:, https:, chrome-extension: …
  if (ref.startsWith('/')) return ref.slice(1);
  const base = ref.startsWith('./') || ref.startsWith('../') ? from.split('/').slice(0, -1) : [];
  const out = [...base];
  for (const part of ref.split('/')) {
    if (part === '.' || part === '') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/**
 * Files reachable from the manifest: what it names, what those pages load, what those scripts
 * import or open. A file nothing reaches is unexpected in a package.
 */
export function reachable(manifest, files) {
  const seen = new Set();
  const queue = [...namedFiles(manifest)];
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file) || !files.has(file)) continue;
    seen.add(file);
    const text = /\.(html|js|mjs|css)$/.test(file) ? new TextDecoder().decode(files.get(file)) : '';
    const pattern = file.endsWith('.html') ? REF_IN_HTML : file.endsWith('.css') ? /url\(\s*["']?([^"')]+)["']?\s*\)/g : REF_IN_JS;
    for (const m of text.matchAll(pattern)) {
      const target = resolve(file, m[1]);
      // A bare "panel/index.html" in a script is a path from the package root (devtools.panels.create).
      if (target && files.has(target)) queue.push(target);
      else if (target && !m[1].startsWith('.') && files.has(m[1])) queue.push(m[1]);
    }
  }
  return seen;
}

/**
 * Every problem with a package, as sentences: missing named files, icons whose pixels differ from
 * the size they are listed under, excluded or unreachable files. `files`: Map of path → bytes.
 */
export function packageProblems(manifest, files) {
  const problems = [];
  for (const f of namedFiles(manifest)) if (!files.has(f)) problems.push(`the manifest names ${f}, which is not in the package`);
  for (const [size, f] of Object.entries(manifest.icons ?? {})) {
    const bytes = files.get(f);
    if (!bytes) continue;
    const got = pngSize(bytes);
    if (!got) problems.push(`icon ${f} is not a PNG`);
    else if (got.width !== Number(size) || got.height !== Number(size)) problems.push(`icon ${f} is ${got.width}×${got.height}, listed as ${size}×${size}`);
  }
  const reached = reachable(manifest, files);
  for (const f of files.keys()) {
    if (f === 'manifest.json') continue;
    if (isExcluded(f)) problems.push(`${f} must not be packaged (source map, test or hidden file)`);
    else if (!reached.has(f)) problems.push(`${f} is not used by anything the manifest names`);
  }
  return problems;
}
