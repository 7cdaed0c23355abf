/**
 * The probe's rough edges a new user hit (issue 15): a refused port exited 0 and suggested an
 * OPTIONS preflight for a simple GET; --help showed "(default: [])" and did not say --origin is
 * required; the User-Agent claimed Chrome 138. Through the built command, as a user runs it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_USER_AGENT, CHROMIUM_MAJOR } from '../../../src/probe/browser';
import { buildCli, runCli, tempDir } from '../cli/helpers';
import { allow, startHostile, type HostileServer } from './hostile-server';

let tmp: ReturnType<typeof tempDir>;
let bundle: string;
let srv: HostileServer;
let refusedPort: number;

beforeAll(async () => {
  tmp = tempDir();
  bundle = buildCli(tmp.dir);
  srv = await startHostile();
  srv.route('/ok', (req, res) => res.writeHead(200, allow(req)).end('ok'));
  // A port nothing listens on: bind, read the port, close.
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  refusedPort = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
});
afterAll(async () => {
  await srv?.close();
  tmp?.remove();
});

describe('probe: a network failure is a failure to learn the answer', () => {
  it('exits 3, says so plainly, and suggests no preflight for a simple GET', async () => {
    const r = await runCli(bundle, ['probe', `http://127.0.0.1:${refusedPort}/x`, '--origin', 'https://app.example.com']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('net::ERR_CONNECTION_REFUSED');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('no answer arrived, so the probe could not learn whether CORS would pass');
    expect(r.stdout).not.toContain('-X OPTIONS');
    expect(r.stdout).toContain('1 HAR entry.');
    expect(r.stdout).not.toContain('1 HAR entries');
  });

  it('a timeout is a network failure too (exit 3)', async () => {
    srv.route('/silent', () => {});
    const r = await runCli(bundle, ['probe', `${srv.origin}/silent`, '--origin', 'https://app.example.com', '--timeout', '300']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('net::ERR_TIMED_OUT');
  });

  it('an answer that passes still exits 0', async () => {
    const r = await runCli(bundle, ['probe', `${srv.origin}/ok`, '--origin', 'https://app.example.com']);
    expect(r.code).toBe(0);
  });
});

describe('probe --help', () => {
  it('shows no "(default: [])", marks --origin as required and documents exit status 3', async () => {
    const r = await runCli(bundle, ['probe', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('(default: [])');
    expect(r.stdout).toMatch(/--origin <origin>\s+required:/);
    expect(r.stdout).toMatch(/3 the answer could not be learned/);
    expect(r.stdout).toContain(`Chromium ${CHROMIUM_MAJOR}`);
  });
});

describe('probe User-Agent', () => {
  it('is the reduced Chromium UA of the version it names, sent on the wire', async () => {
    const r = await runCli(bundle, ['probe', `${srv.origin}/ok`, '--origin', 'https://app.example.com']);
    expect(r.code).toBe(0);
    expect(srv.received.at(-1)!.headers['user-agent']).toBe(BROWSER_USER_AGENT);
    expect(BROWSER_USER_AGENT).toContain(`Chrome/${CHROMIUM_MAJOR}.0.0.0`);
  });

  it('is not older than the Chromium installed here (the browser the end-to-end tests run)', () => {
    if (!existsSync('/usr/bin/chromium')) return;
    const version = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' });
    const major = Number(/(\d+)\.\d+\.\d+\.\d+/.exec(version)?.[1]);
    expect(major).toBeGreaterThan(100);
    expect(CHROMIUM_MAJOR).toBeGreaterThanOrEqual(major);
  });
});
