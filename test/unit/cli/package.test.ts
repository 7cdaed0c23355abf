/**
 * The CLI as an npm package: `npm pack` (its prepack builds the bundle) gives a tarball with the
 * launcher, the bundle and the docs' text only; it declares no runtime dependency because the bundle
 * loads nothing but Node built-ins; installed into an empty prefix it runs `analyze` and `probe`
 * from an unrelated directory, with no repository around it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../server/emulator';
import { ROOT, tempDir, type Run } from './helpers';

let tmp: ReturnType<typeof tempDir>;
let tarball: string;
let packed: { filename: string; files: Array<{ path: string }> };

function sh(cmd: string, args: string[], cwd = ROOT) {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
}

/** Asynchronous, so an in-process server keeps answering while the command runs. */
function runBin(bin: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(() => {
  tmp = tempDir('cors-xray-pack-');
  // No build first: a fresh clone's `npm pack` must build the bundle itself (prepack).
  const pack = sh('npm', ['pack', '--json', '--pack-destination', tmp.dir]);
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  const info = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packed = info[0]!;
  tarball = path.join(tmp.dir, packed.filename);
}, 120_000);
afterAll(() => tmp?.remove());

describe('npm package', () => {
  it('packs the launcher, the bundle and the docs’ text; no screenshots, tests or sources', () => {
    const list = packed.files.map((f) => f.path);
    expect(list).toContain('bin/cors-xray.mjs');
    expect(list).toContain('dist-cli/cors-xray.mjs');
    expect(list).toContain('package.json');
    expect(list).toContain('README.md');
    expect(list).toContain('docs/cli.md');
    const unwanted = list.filter((f) => /\.(png|jpe?g|gif|har|ts|tsx|map)$/.test(f) || /^(src|test|panel|scripts|bench|public|dist|release)\//.test(f));
    expect(unwanted).toEqual([]);
  });

  it('prepack builds the CLI bundle', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.prepack).toMatch(/build:cli|build-cli/);
  });

  it('declares as runtime dependencies exactly what the published files import (nothing but node: built-ins)', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; private?: boolean };
    const imported = new Set<string>();
    for (const file of ['bin/cors-xray.mjs', 'dist-cli/cors-xray.mjs']) {
      const code = readFileSync(path.join(ROOT, file), 'utf8');
      for (const m of code.matchAll(
        /(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/gm,
      )) {
        const spec = m[1] ?? m[2] ?? m[3]!;
        if (!spec.startsWith('.') && !spec.startsWith('node:'))
          imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    expect([...imported].sort()).toEqual(Object.keys(pkg.dependencies ?? {}).sort());
    expect(pkg.private).toBeUndefined();
  });

  it('npm publish --dry-run is clean (only the not-logged-in note of a dry run)', () => {
    const r = sh('npm', ['publish', '--dry-run', '--ignore-scripts', tarball], tmp.dir);
    expect(r.status, r.stderr).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => /\bnpm (warn|WARN|error|ERR)/.test(l) && !/requires you to be logged in/.test(l));
    expect(warnings).toEqual([]);
    expect(r.stdout + r.stderr).toContain('cors-xray@');
  }, 60_000);

  describe('installed from the tarball into an empty prefix', () => {
    let bin: string;
    let elsewhere: string;
    let em: Emulator;

    beforeAll(async () => {
      const prefix = path.join(tmp.dir, 'prefix');
      const install = sh('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], tmp.dir);
      if (install.status !== 0) throw new Error(`npm install -g failed:\n${install.stderr}`);
      bin = path.join(prefix, 'bin', 'cors-xray');
      // Somewhere with no repository and no node_modules around it.
      elsewhere = path.join(tmp.dir, 'elsewhere');
      mkdirSync(elsewhere);
      copyFileSync(path.join(ROOT, 'test', 'fixtures', 'chromium-cases.har'), path.join(elsewhere, 'capture.har'));
      em = await startEmulator();
    }, 180_000);
    afterAll(async () => {
      await em?.close();
    });

    it('installs nothing but itself', () => {
      expect(existsSync(bin)).toBe(true);
      const nodeModules = path.join(tmp.dir, 'prefix', 'lib', 'node_modules');
      expect(sh('ls', [nodeModules]).stdout.trim().split('\n')).toEqual(['cors-xray']);
      expect(existsSync(path.join(nodeModules, 'cors-xray', 'node_modules'))).toBe(false);
    });

    it('cors-xray --help and --version', async () => {
      const help = await runBin(bin, ['--help'], elsewhere);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toContain('Usage: cors-xray');
      const version = await runBin(bin, ['--version'], elsewhere);
      expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    });

    it('cors-xray analyze capture.har finds the CORS failures (exit 1), and a missing file is exit 2', async () => {
      const r = await runBin(bin, ['analyze', 'capture.har'], elsewhere);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/^CORS X-Ray: \d+ of \d+ requests failed/);
      expect(r.stdout).toContain('Throttled');
      const json = await runBin(bin, ['analyze', 'capture.har', '--format', 'json'], elsewhere);
      expect((JSON.parse(json.stdout) as { exchanges: unknown[] }).exchanges.length).toBeGreaterThan(10);
      const bad = await runBin(bin, ['analyze', 'missing.har'], elsewhere);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^cors-xray: Cannot read "missing.har": no such file/);
    });

    it('cors-xray probe reaches a local server, shows both legs and the hidden status', async () => {
      const url = `${em.apiOrigin}/prod/throttled-post?run=pkg-1`;
      const r = await runBin(bin, ['probe', url, '--origin', em.appOrigin, '-X', 'POST', '-H', 'Content-Type: application/json', '--send-actual'], elsewhere);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toContain('429');
      expect(em.received.filter((q) => q.path === '/prod/throttled-post?run=pkg-1').map((q) => q.method)).toEqual(['OPTIONS', 'POST']);
      // Reveal hints name the command as the user has it, never `npx <bare name>`.
      expect(r.stdout + r.stderr).not.toMatch(/\bnpx cors-xray\b/);
    });
  });
});
