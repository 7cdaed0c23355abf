/**
 * Packaging: the tarball `npm pack` makes, installed globally into a temp prefix, gives a working
 * `cors-xray` command (bin launcher + bundled dist-cli, nothing else needed at run time).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers';

let tmp: ReturnType<typeof tempDir>;
let tarball: string;

function sh(cmd: string, args: string[], cwd = ROOT) {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
}

beforeAll(() => {
  tmp = tempDir('cors-xray-pack-');
  const build = sh(process.execPath, ['scripts/build-cli.mjs']);
  if (build.status !== 0) throw new Error(`build-cli failed:\n${build.stderr}`);
  const pack = sh('npm', ['pack', '--json', '--pack-destination', tmp.dir]);
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  const info = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = path.join(tmp.dir, info[0]!.filename);
}, 120_000);
afterAll(() => tmp?.remove());

describe('npm package', () => {
  it('packs the launcher and the bundle', () => {
    const list = sh('tar', ['-tzf', tarball]).stdout.split('\n');
    expect(list).toContain('package/bin/cors-xray.mjs');
    expect(list).toContain('package/dist-cli/cors-xray.mjs');
    expect(list).toContain('package/package.json');
    expect(list.some((f) => f.startsWith('package/src/'))).toBe(false);
  });

  it('npm install -g ./cors-xray-<version>.tgz gives a working cors-xray', () => {
    const prefix = path.join(tmp.dir, 'prefix');
    const install = sh('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], tmp.dir);
    expect(install.status, install.stderr).toBe(0);
    const bin = path.join(prefix, 'bin', 'cors-xray');
    expect(existsSync(bin)).toBe(true);
    const help = sh(bin, ['--help'], tmp.dir);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: cors-xray');
    expect(help.stdout).toContain('analyze');
    expect(help.stdout).toContain('probe');
    const version = sh(bin, ['--version'], tmp.dir);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const bad = sh(bin, ['analyze', 'missing.har'], tmp.dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^cors-xray: Cannot read "missing.har": no such file/);
  }, 180_000);
});
