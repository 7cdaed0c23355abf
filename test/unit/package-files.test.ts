/**
 * The checks `npm run package` applies to every zip (scripts/lib/package-files.mjs and
 * manifests.mjs), on made-up packages: each problem a store would reject is found.
 */
import { describe, expect, it } from 'vitest';
import { packageProblems, pngSize } from '../../scripts/lib/package-files.mjs';
import { firefoxManifest, manifestProblems } from '../../scripts/lib/manifests.mjs';
import type { Manifest } from '../manifest';

function png(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  return b;
}
const text = (s: string) => new TextEncoder().encode(s);

const manifest = {
  manifest_version: 3,
  name: 'CORS X-Ray',
  version: '1.0.0',
  description: 'Explains CORS failures.',
  minimum_chrome_version: '116',
  devtools_page: 'devtools.html',
  icons: { '16': 'icons/icon-16.png', '32': 'icons/icon-32.png', '48': 'icons/icon-48.png', '128': 'icons/icon-128.png' },
};

function good(): Map<string, Uint8Array> {
  return new Map<string, Uint8Array>([
    ['manifest.json', text(JSON.stringify(manifest))],
    ['devtools.html', text('<script type="module" src="/assets/devtools.js"></script>')],
    ['assets/devtools.js', text('import "./shared.js"; browser.devtools.panels.create("CORS", "", "panel/index.html")')],
    ['assets/shared.js', text('export const x = 1;')],
    ['panel/index.html', text('<link rel="stylesheet" href="/assets/panel.css"><script type="module" src="/assets/panel.js"></script>')],
    ['assets/panel.js', text('const rule = () => import("./rule-a.js");')],
    ['assets/rule-a.js', text('export default 1;')],
    ['assets/panel.css', text('body { color: red }')],
    ['icons/icon-16.png', png(16, 16)],
    ['icons/icon-32.png', png(32, 32)],
    ['icons/icon-48.png', png(48, 48)],
    ['icons/icon-128.png', png(128, 128)],
  ]);
}

describe('package checks', () => {
  it('a complete package has no problem', () => {
    expect(packageProblems(manifest, good())).toEqual([]);
    expect(manifestProblems(manifest)).toEqual([]);
  });

  it('finds a file the manifest names but the package lacks', () => {
    const files = good();
    files.delete('devtools.html');
    expect(packageProblems(manifest, files)).toContain('the manifest names devtools.html, which is not in the package');
  });

  it('finds an icon whose pixels differ from its listed size, and a non-PNG icon', () => {
    const files = good();
    files.set('icons/icon-48.png', png(64, 64));
    files.set('icons/icon-16.png', text('GIF89a'));
    expect(packageProblems(manifest, files)).toEqual(['icon icons/icon-16.png is not a PNG', 'icon icons/icon-48.png is 64×64, listed as 48×48']);
  });

  it('finds source maps, test files and files nothing loads', () => {
    const files = good();
    files.set('assets/panel.js.map', text('{}'));
    files.set('test/fixture.har', text('{}'));
    files.set('assets/orphan.js', text(''));
    expect(packageProblems(manifest, files)).toEqual([
      'assets/panel.js.map must not be packaged (source map, test or hidden file)',
      'test/fixture.har must not be packaged (source map, test or hidden file)',
      'assets/orphan.js is not used by anything the manifest names',
    ]);
  });

  it('a description over the stores’ 132 characters, permissions, a missing icon size', () => {
    const m = { ...manifest, description: 'x'.repeat(133), permissions: ['debugger'], icons: { '16': 'icons/icon-16.png' } };
    expect(manifestProblems(m)).toEqual([
      'the description has 133 characters; stores allow 132',
      'no 32×32 icon',
      'no 48×48 icon',
      'no 128×128 icon',
      'the extension asks for permissions; it must ask for none',
    ]);
  });

  it('the Firefox manifest: an add-on id, a minimum version that reads data_collection_permissions, no Chromium-only keys', () => {
    const ff = firefoxManifest(manifest) as Manifest;
    expect(ff.minimum_chrome_version).toBeUndefined();
    const { id, ...gecko } = ff.browser_specific_settings?.gecko ?? { id: '' };
    expect(id).toMatch(/^[\w.-]+@[\w.-]+$/);
    expect(gecko).toEqual({ strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } });
    expect(manifest.minimum_chrome_version).toBe('116'); // the input is not changed
  });

  it('pngSize reads the IHDR, and refuses what is not a PNG', () => {
    expect(pngSize(png(1280, 800))).toEqual({ width: 1280, height: 800 });
    expect(pngSize(text('not a png at all, no'))).toBeNull();
  });
});
