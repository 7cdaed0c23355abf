/**
 * The CORS tab in real Chromium, with the real extension, against real traffic from the
 * emulating server on 127.0.0.1. No chrome.* is mocked here.
 */
import { test, expect } from '@playwright/test';
import path from 'node:path';
import { ExtensionBrowser, ROOT, waitFor, type TargetSession } from './harness';
import { startEmulator, type Emulator } from '../server/emulator';
import { CASES } from '../server/cases';

interface RowState {
  url: string;
  verdict: string;
  blockedLeg: string;
  preflightStatus: string;
  actualStatus: string;
  actualSent: string;
  hiddenStatus: string;
  hiddenBasis: string;
  rule: string;
  pairing: string;
  gateway: string;
  text: string;
}

/** Reads the rows the panel shows for a URL fragment, by filtering the table as a user would. */
async function rowsFor(panel: TargetSession, fragment: string): Promise<RowState[]> {
  return panel.evaluate<RowState[]>(`(() => {
    const input = document.querySelector('[data-testid=filter]');
    if (input.value !== ${JSON.stringify(fragment)}) {
      input.value = ${JSON.stringify(fragment)};
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    return [...document.querySelectorAll('[data-testid=row]')].map((r) => ({
      url: r.dataset.url, verdict: r.dataset.verdict, blockedLeg: r.dataset.blockedLeg,
      preflightStatus: r.dataset.preflightStatus, actualStatus: r.dataset.actualStatus, actualSent: r.dataset.actualSent,
      hiddenStatus: r.dataset.hiddenStatus, hiddenBasis: r.dataset.hiddenBasis, rule: r.dataset.rule,
      pairing: r.dataset.pairing, gateway: r.dataset.gateway, text: r.textContent,
    })).filter((r) => r.url.includes(${JSON.stringify(fragment)}));
  })()`);
}

let emu: Emulator;
let xb: ExtensionBrowser;
let panel: TargetSession;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  emu = await startEmulator();
  xb = await ExtensionBrowser.launch();
});

test.afterAll(async () => {
  await xb?.close();
  await emu?.close();
});

test('traffic recorded before the panel is first shown appears when it opens, paired and classified', async () => {
  const page = await xb.openApp(emu.appOrigin + '/');
  // Every case runs while the CORS tab has never been shown: the devtools page must hold it.
  const results = await page.evaluate(() => (window as unknown as { runAll(): Promise<Array<{ id: string; ok: boolean }>> }).runAll());
  expect(results).toHaveLength(CASES.length);
  panel = await xb.showPanel();
  // Same-origin requests are hidden by default; show them so the control case can be checked too.
  await panel.evaluate(`document.querySelector('[data-testid=same-origin]').click()`);

  for (const c of CASES) {
    const fragment = c.request.path;
    const rows = await waitFor(`a settled row for ${c.id}`, async () => {
      const r = await rowsFor(panel, fragment);
      return r.length === 1 && (c.expect.primaryRule === null || r[0]!.rule !== '') ? r : null;
    }).catch(async (e) => {
      throw new Error(`${c.id}: ${String(e)} — rows now: ${JSON.stringify(await rowsFor(panel, fragment))}`);
    });
    const row = rows[0]!;
    const where = `case ${c.id}`;
    expect(row.verdict, where).toBe(c.expect.verdict);
    expect(row.blockedLeg, where).toBe(c.expect.blockedLeg ?? '');
    if (c.expect.preflightSent) {
      expect(row.preflightStatus, `${where}: preflight paired with its request`).toBe(String(c.expect.preflightStatus));
      expect(['initiator-id', 'url-method-timing'], where).toContain(row.pairing);
    } else {
      expect(row.preflightStatus, `${where}: no preflight`).toBe('');
    }
    if (c.expect.actualSent) expect(row.actualStatus, `${where}: real status of the actual request`).toBe(String(c.expect.actualStatus));
    if (c.expect.verdict === 'cors-blocked' && !c.expect.actualSent) expect(row.actualSent, `${where}: actual never sent`).toBe('false');
    if (c.expect.hiddenStatus) {
      expect(row.hiddenStatus, `${where}: hidden status`).toBe(String(c.expect.hiddenStatus.status));
      expect(row.hiddenBasis, where).toBe(c.expect.hiddenStatus.basis);
    }
    if (c.expect.primaryRule) expect(row.rule, `${where}: primary rule`).toBe(c.expect.primaryRule);
    if (c.expect.gateway) expect(row.gateway, `${where}: gateway`).toBe(c.expect.gateway);
  }
  await panel.evaluate(`(() => { const i = document.querySelector('[data-testid=filter]'); i.value = ''; i.dispatchEvent(new Event('input', { bubbles: true })); })()`);
  await xb.screenshot(path.join(ROOT, 'test-results', 'panel.png'));
});

test('new traffic appears live while the panel is open', async () => {
  const page = xb.context.pages()[0]!;
  const before = (await rowsFor(panel, '/prod/throttled-post')).length;
  await page.evaluate(() => (window as unknown as { runCase(id: string): Promise<unknown> }).runCase('throttled-post'));
  await waitFor('the new throttled row', async () => (await rowsFor(panel, '/prod/throttled-post')).length === before + 1);
});
