/**
 * CORS X-Ray in real Firefox ESR: the Firefox package (built with the test hooks, see
 * src/capture/test-hook.ts and panel/test-hook.ts) installed into a fresh profile, DevTools open on
 * the demo app, live requests to the emulated API gateway; then what the devtools page captured
 * through Firefox's devtools.network API, analysed by the panel's engine, and the rows the CORS tab
 * renders once selected. Firefox's remote agent does not reach DevTools' extension frames, so both
 * are read from what the hooks print (docs/internals.md, "What the Firefox end-to-end test covers").
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../server/emulator';
import { caseById } from '../server/cases';
import { Firefox } from './firefox';
import { extensionFiles, writeZip } from '../../scripts/lib/zip-extension.mjs';
import { GECKO_ID } from '../../scripts/lib/manifests.mjs';

const ROOT = path.resolve(__dirname, '..', '..');
const MARKER = '__corsXrayTest ';

interface Reported {
  method: string;
  url: string;
  verdict: string;
  blockedLeg: string | null;
  rule: string | null;
  hiddenStatus: { status: number; leg: string; basis: string } | null;
  gateway: string | null;
  preflightStatus: number | null;
  actualStatus: number | null;
}

let tmp: string;
let ff: Firefox;
let em: Emulator;
let tab: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'cors-xray-ff-e2e-'));
  // The release build plus the test hook: same sources, same Firefox manifest, same package checks.
  const out = path.join(tmp, 'build');
  const build = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, VITE_CORS_XRAY_TEST_HOOK: '1' },
  });
  if (build.status !== 0) throw new Error(`test build failed:\n${build.stdout}\n${build.stderr}`);
  const xpi = path.join(tmp, 'cors-xray-firefox-test.xpi');
  writeZip(extensionFiles(out, 'firefox').files, xpi);
  em = await startEmulator();
  // System access: only to select the CORS tab in the toolbox (Firefox.showDevToolsPanel).
  ff = await Firefox.launch({ xpi, addonId: GECKO_ID, args: ['--remote-allow-system-access'] });
  await ff.waitForLine((l) => l === `${MARKER}ready`, 90_000);
  tab = await ff.navigate(em.appOrigin + '/');
  await ff.evaluate(
    tab,
    `new Promise((r) => { const t = setInterval(() => { if (document.body.dataset.ready === 'true') { clearInterval(t); r(true); } }, 20); })`,
  );
}, 240_000);

afterAll(async () => {
  await ff?.close();
  await em?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Runs one demo case in the page and waits until the devtools page reports its exchange with `done(x)`. */
async function runCase(id: string, done: (x: Reported) => boolean): Promise<Reported> {
  const spec = caseById(id);
  const result = await ff.evaluate<{ ok: boolean }>(tab, `window.runCase(${JSON.stringify(id)})`);
  expect(result.ok, `${id}: what the page's script saw`).toBe(spec.expect.verdict === 'ok');
  let last: Reported | undefined;
  const line = await ff
    .waitForLine((l) => {
      if (!l.startsWith(MARKER) || l === `${MARKER}ready`) return false;
      const report = JSON.parse(l.slice(MARKER.length)) as { exchanges: Reported[] };
      const x = report.exchanges.filter((e) => new URL(e.url).pathname === spec.request.path).at(-1);
      if (x) last = x;
      return !!x && done(x);
    }, 30_000)
    .catch((e: Error) => {
      throw new Error(`${id}: ${e.message.split('\n')[0]}; last report for it: ${JSON.stringify(last ?? null)}`);
    });
  return (JSON.parse(line.slice(MARKER.length)) as { exchanges: Reported[] }).exchanges.filter((e) => new URL(e.url).pathname === spec.request.path).at(-1)!;
}

describe('Firefox ESR: live traffic captured by the devtools page and analysed', () => {
  it('the package installs and its devtools page starts with DevTools (no Network panel opened)', () => {
    expect(ff.lines.some((l) => l === `${MARKER}ready`)).toBe(true);
    expect(existsSync(tmp)).toBe(true);
  });

  it('a preflight answered 403 by a gateway without an OPTIONS route: blocked at the preflight, hidden 403 observed', async () => {
    const x = await runCase('missing-options-route', (e) => e.verdict !== 'ok' && e.rule !== null);
    expect(x).toMatchObject({
      method: 'PUT',
      verdict: 'cors-blocked',
      blockedLeg: 'preflight',
      rule: 'preflight-missing-route',
      gateway: 'aws-api-gateway-rest',
      preflightStatus: 403,
    });
    expect(x.hiddenStatus).toMatchObject({ status: 403, leg: 'preflight', basis: 'observed' });
  });

  it('an authorizer on the preflight: 401 on OPTIONS, the GET never sent', async () => {
    const x = await runCase('authorizer-on-preflight', (e) => e.verdict !== 'ok' && e.rule !== null);
    expect(x).toMatchObject({ verdict: 'cors-blocked', blockedLeg: 'preflight', rule: 'preflight-auth-required', preflightStatus: 401 });
    expect(x.hiddenStatus).toMatchObject({ status: 401, leg: 'preflight', basis: 'observed' });
  });

  it('a throttled POST: the 429 Firefox blocked is found from the response headers (Firefox marks no error)', async () => {
    const x = await runCase('throttled-post', (e) => e.rule !== null);
    expect(x).toMatchObject({ method: 'POST', verdict: 'cors-blocked', blockedLeg: 'actual', rule: 'throttled', preflightStatus: 204, actualStatus: 429 });
    expect(x.hiddenStatus).toMatchObject({ status: 429, leg: 'actual', basis: 'observed' });
  });

  it("the CORS tab, once shown, lists those requests with the same verdicts (the panel's rendered rows)", async () => {
    expect(await ff.showDevToolsPanel('CORS')).toMatch(/^webext-devtools-panel-/);
    type Row = Record<string, string>;
    const want = (rows: Row[], path: string) => rows.find((r) => r.url && new URL(r.url).pathname === path);
    let last: Row[] = [];
    const line = await ff
      .waitForLine((l) => {
        if (!l.startsWith(`${MARKER}panel `)) return false;
        last = (JSON.parse(l.slice(MARKER.length + 'panel '.length)) as { rows: Row[] }).rows;
        return ['/prod/missing-options-route', '/prod/authorizer-on-preflight', '/prod/throttled-post'].every((p) => want(last, p)?.rule);
      }, 60_000)
      .catch((e: Error) => {
        throw new Error(`${e.message.split('\n')[0]}; last rows: ${JSON.stringify(last)}`);
      });
    const rows = (JSON.parse(line.slice(MARKER.length + 'panel '.length)) as { rows: Row[] }).rows;
    expect(want(rows, '/prod/missing-options-route')).toMatchObject({
      verdict: 'cors-blocked',
      blockedLeg: 'preflight',
      rule: 'preflight-missing-route',
      hiddenStatus: '403',
    });
    expect(want(rows, '/prod/authorizer-on-preflight')).toMatchObject({
      verdict: 'cors-blocked',
      blockedLeg: 'preflight',
      rule: 'preflight-auth-required',
      hiddenStatus: '401',
    });
    expect(want(rows, '/prod/throttled-post')).toMatchObject({
      verdict: 'cors-blocked',
      blockedLeg: 'actual',
      rule: 'throttled',
      hiddenStatus: '429',
      hiddenBasis: 'observed',
    });
  });
});
