/**
 * Real third-party servers (test/server/real-servers.ts: Debian's nginx, Express with cors and
 * express-rate-limit, Fastify with @fastify/cors, Flask with Flask-Cors), each misconfigured the
 * way people ship it, driven by real Chromium with the real extension loaded. For every failure the
 * panel must show the cause, the hidden status, the server that answered, and that server's fix first.
 */
import { test, expect } from '@playwright/test';
import path from 'node:path';
import { ExtensionBrowser, ROOT, waitFor, type TargetSession } from './harness';
import { checkedFragment, REAL_CASES, startRealServers, type RealServers } from '../server/real-servers';
import { selectRow, setFilter, settledRow } from './panel-helpers';

let servers: RealServers;
let xb: ExtensionBrowser;
let panel: TargetSession;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  servers = await startRealServers();
  xb = await ExtensionBrowser.launch();
});

test.afterAll(async () => {
  await xb?.close();
  await servers?.close();
});

test('every misconfigured real server is named, with its cause, hidden status and its own fix first', async () => {
  test.setTimeout(240_000);
  const page = await xb.openApp(servers.appOrigin + '/');
  await waitFor('the page hooks', () => page.evaluate(() => document.body.dataset.ready === 'true'));
  const results = await page.evaluate(() => (window as unknown as { runAll: () => Promise<Array<{ id: string; results: Array<{ ok: boolean }> }>> }).runAll());
  expect(results).toHaveLength(REAL_CASES.length);
  // Every case fails in the page the way a user sees it: "TypeError: Failed to fetch".
  for (const r of results) expect(r.results.at(-1)!.ok, r.id).toBe(false);
  panel = await xb.showPanel();

  for (const c of REAL_CASES) {
    const where = `${c.id} (${c.server})`;
    const row = await settledRow(panel, checkedFragment(c), true);
    expect(row.verdict, where).toBe('cors-blocked');
    expect(row.rule, `${where}: cause`).toBe(c.expect.rule);
    expect(row.hiddenStatus, `${where}: hidden status`).toBe(c.expect.hiddenStatus === null ? '' : String(c.expect.hiddenStatus));
    expect(row.gateway, `${where}: the server that answered`).toBe(c.expect.gateway);
    await selectRow(panel, row.id);
    const detail = await waitFor(`the detail of ${c.id}`, () =>
      panel.evaluate<{ gateway: string; fixDetected: string; fixShown: string; firstOption: string; fixCode: string } | null>(`(() => {
        const fixes = document.querySelector('[data-testid=fixes]');
        const g = document.querySelector('[data-testid=detail-gateway]');
        if (!fixes || !g) return null;
        return {
          gateway: g.dataset.kind,
          fixDetected: fixes.dataset.detected,
          fixShown: fixes.dataset.stack,
          firstOption: document.querySelector('[data-testid=fix-stack] option')?.value ?? '',
          fixCode: [...fixes.querySelectorAll('pre')].map((p) => p.textContent).join('\\n'),
        };
      })()`),
    );
    expect(detail.gateway, where).toBe(c.expect.gateway);
    expect(detail.fixDetected, `${where}: first fix`).toBe(c.expect.fixStack);
    expect(detail.firstOption, `${where}: first in "Fix for"`).toBe(c.expect.fixStack);
    expect(detail.fixShown, `${where}: fix shown`).toBe(c.expect.fixStack);
    // The snippet is filled with this exchange's page origin.
    expect(detail.fixCode, where).toContain(servers.appOrigin);
  }
  await setFilter(panel, '');
  await xb.screenshot(path.join(ROOT, 'test-results', 'real-servers.png'));
});

test('the "Fix for" choice is remembered in the panel', async () => {
  const c = REAL_CASES.find((x) => x.id === 'express-auth-first')!;
  const row = await settledRow(panel, checkedFragment(c), true);
  await selectRow(panel, row.id);
  await panel.evaluate(`(() => {
    const s = document.querySelector('[data-testid=fix-stack]');
    s.value = 'Flask';
    s.dispatchEvent(new Event('change', { bubbles: true }));
  })()`);
  await waitFor('the Flask fix to show', () => panel.evaluate<boolean>(`document.querySelector('[data-testid=fixes]')?.dataset.stack === 'Flask'`));
  // Another exchange (a different server) shows the remembered choice, the detected stack still first in the list.
  const other = REAL_CASES.find((x) => x.id === 'nginx-auth-basic')!;
  const row2 = await settledRow(panel, checkedFragment(other), true);
  await selectRow(panel, row2.id);
  const state = await waitFor('the detail of the nginx row', () =>
    panel.evaluate<{ shown: string; detected: string; stored: string | null } | null>(`(() => {
      const f = document.querySelector('[data-testid=fixes]');
      return f ? { shown: f.dataset.stack, detected: f.dataset.detected, stored: localStorage.getItem('cors-xray.fixStack') } : null;
    })()`),
  );
  expect(state).toEqual({ shown: 'Flask', detected: 'nginx', stored: 'Flask' });
  await panel.evaluate(`localStorage.removeItem('cors-xray.fixStack')`);
});
