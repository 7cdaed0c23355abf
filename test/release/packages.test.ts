/**
 * The release packages `npm run package` wrote to release/ (npm test runs it just before): each zip
 * opened and checked file by file, the Firefox one linted by Mozilla's own linter, the store images
 * measured.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { packageProblems, pngSize } from '../../scripts/lib/package-files.mjs';
import { GECKO_MIN_VERSION, MAX_DESCRIPTION, manifestProblems } from '../../scripts/lib/manifests.mjs';
import type { Manifest } from '../manifest';

const ROOT = path.resolve(__dirname, '..', '..');
const RELEASE = path.join(ROOT, 'release');
const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function open(browser: 'chrome' | 'firefox') {
  const zip = path.join(RELEASE, `cors-xray-${version}-${browser}.zip`);
  if (!existsSync(zip)) throw new Error(`${path.relative(ROOT, zip)} is missing: run \`npm run package\` first.`);
  const files = new Map(Object.entries(unzipSync(readFileSync(zip))));
  const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as Manifest;
  return { zip, files, manifest };
}

const tmp = mkdtempSync(path.join(tmpdir(), 'cors-xray-release-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each(['chrome', 'firefox'] as const)('%s zip', (browser) => {
  const { files, manifest } = open(browser);

  it('has the manifest at its root, for this version, within the stores’ limits', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.version).toBe(version);
    expect(manifest.description.length).toBeLessThanOrEqual(MAX_DESCRIPTION);
    expect(manifestProblems(manifest)).toEqual([]);
    expect(manifest.permissions ?? []).toEqual([]);
  });

  it('holds every file the manifest names, icons of their stated sizes, nothing unexpected', () => {
    expect(packageProblems(manifest, files)).toEqual([]);
    expect(Object.keys(manifest.icons).sort()).toEqual(['128', '16', '32', '48']);
    for (const [size, file] of Object.entries(manifest.icons)) {
      expect(pngSize(files.get(file)), file).toEqual({ width: Number(size), height: Number(size) });
    }
    expect([...files.keys()].filter((f) => /\.map$|(^|\/)(test|src)\/|\.tsx?$/.test(f))).toEqual([]);
    // The devtools page and the panel are what the extension is.
    expect(files.has('devtools.html')).toBe(true);
    expect(files.has('panel/index.html')).toBe(true);
  });

  it('carries no test-only code', () => {
    for (const [name, bytes] of files) if (name.endsWith('.js')) expect(new TextDecoder().decode(bytes), name).not.toContain('__corsXrayTest');
  });
});

describe('the two packages', () => {
  it('differ only in the manifest', () => {
    const c = open('chrome');
    const f = open('firefox');
    expect([...c.files.keys()].sort()).toEqual([...f.files.keys()].sort());
    for (const [name, bytes] of c.files)
      if (name !== 'manifest.json') expect(Buffer.compare(Buffer.from(bytes), Buffer.from(f.files.get(name)!)), name).toBe(0);
  });

  it('Firefox: add-on id, minimum version and no data collection; Chrome: no Gecko keys', () => {
    const f = open('firefox').manifest;
    const gecko = f.browser_specific_settings?.gecko;
    expect(gecko?.id).toMatch(/^[\w.-]+@[\w.-]+$/);
    expect(gecko?.strict_min_version).toBe(GECKO_MIN_VERSION);
    expect(gecko?.data_collection_permissions).toEqual({ required: ['none'] });
    expect(f.minimum_chrome_version).toBeUndefined();
    const c = open('chrome').manifest;
    expect(c.browser_specific_settings).toBeUndefined();
    expect(c.minimum_chrome_version).toBeDefined();
  });
});

describe('web-ext lint on the Firefox package', () => {
  it('reports 0 errors, 0 warnings and 0 notices', () => {
    const dir = path.join(tmp, 'firefox');
    for (const [name, bytes] of open('firefox').files) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), bytes);
    }
    const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'web-ext'), ['lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], {
      encoding: 'utf8',
      env: { ...process.env, WEB_EXT_NO_UPDATE_CHECK: '1' },
    });
    const report = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as {
      summary: Record<string, number>;
      errors: unknown[];
      warnings: unknown[];
      notices: unknown[];
    };
    const messages = [...report.errors, ...report.warnings, ...report.notices];
    expect(messages, JSON.stringify(messages, null, 2)).toEqual([]);
    expect(report.summary).toEqual({ errors: 0, notices: 0, warnings: 0 });
  }, 120_000);
});

describe('store images', () => {
  const store = path.join(RELEASE, 'store');
  it.each(['screenshot-1-requests.png', 'screenshot-2-explanation.png', 'screenshot-3-report.png'])('%s is 1280×800', (name) => {
    expect(pngSize(readFileSync(path.join(store, name)))).toEqual({ width: 1280, height: 800 });
  });
  it('the promo tile is 440×280', () => {
    expect(pngSize(readFileSync(path.join(store, 'promo-440x280.png')))).toEqual({ width: 440, height: 280 });
  });
});
