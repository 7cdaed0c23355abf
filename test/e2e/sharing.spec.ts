/**
 * Sharing in the real panel: the report card for every emulated failure, PNG export of the card,
 * HAR import (good and bad files), and hostile strings in recorded traffic rendered as text only.
 */
import { test, expect } from '@playwright/test';
import http from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ExtensionBrowser, ROOT, waitFor, type TargetSession } from './harness';
import { startEmulator, type Emulator } from '../server/emulator';
import { CASES } from '../server/cases';
import { INJECTION_CORPUS } from '../unit/report/injection-corpus';
import { click, rowsFor, selectRow, setFilter, settledRow } from './panel-helpers';

let emu: Emulator;
let xb: ExtensionBrowser;
let panel: TargetSession;
let downloads: string;
/** Every URL the extension's own pages requested during these tests. */
const extensionRequests: string[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  emu = await startEmulator();
  xb = await ExtensionBrowser.launch();
  downloads = mkdtempSync(path.join(tmpdir(), 'cors-xray-downloads-'));
  const page = await xb.openApp(emu.appOrigin + '/');
  await page.evaluate(() => (window as unknown as { runAll: () => Promise<unknown> }).runAll());
  panel = await xb.showPanel();
  for (const target of [panel, xb.devtoolsPage]) {
    target.on('Network.requestWillBeSent', (p) => extensionRequests.push(String((p.request as { url: string }).url)));
    await target.send('Network.enable');
  }
  // Test-side instrumentation: every Content-Security-Policy violation in the panel is recorded.
  await panel.evaluate(`(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  })()`);
});

test.afterAll(async () => {
  await xb?.close();
  await emu?.close();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

async function openReport(pairId: string) {
  await selectRow(panel, pairId);
  await click(panel, '[data-testid=tab-report]');
  await waitFor('the report card', () => panel.evaluate<boolean>(`!!document.querySelector('[data-testid=report-card]')`));
}

test('the report card renders for every emulated failure, with the hidden status and the primary rule', async () => {
  const failing = CASES.filter((c) => c.expect.verdict !== 'ok');
  expect(failing.length).toBeGreaterThan(10);
  for (const c of failing) {
    const row = await settledRow(panel, c.request.path, true);
    await openReport(row.id);
    const card = await panel.evaluate<{ verdict: string; hidden: string; rule: string; legs: number; redacted: string | undefined }>(`(() => {
      const card = document.querySelector('[data-testid=report-card]');
      return {
        verdict: card.querySelector('[data-testid=report-verdict]').textContent,
        hidden: card.querySelector('[data-testid=report-hidden-status]')?.dataset.status ?? '',
        rule: card.querySelector('[data-testid=report-rule-id]')?.textContent ?? '',
        legs: card.querySelectorAll('[data-testid=report-legs] [data-testid^=report-leg-]').length,
        redacted: card.dataset.redacted,
      };
    })()`);
    const where = `report for ${c.id}`;
    expect(card.verdict.length, where).toBeGreaterThan(5);
    expect(card.rule, where).toBe(c.expect.primaryRule);
    expect(card.hidden, where).toBe(c.expect.hiddenStatus ? String(c.expect.hiddenStatus.status) : '');
    expect(card.legs, where).toBeGreaterThanOrEqual(1);
  }
  await setFilter(panel, '');
});

test('the report card of a request with a bearer token is redacted by default', async () => {
  const row = await settledRow(panel, '/prod/authorizer-on-preflight', true);
  await openReport(row.id);
  await click(panel, '[data-testid=export-copy-curl-actual]');
  const text = await panel.evaluate<string>(
    `document.querySelector('[data-testid=report-card]').textContent + document.querySelector('[data-testid=export-message]').textContent`,
  );
  expect(text).not.toContain('eyJzdWIiOiJkZW1v');
  expect(text).toContain('redacted');
});

test('"Download PNG" writes an image of the card', async () => {
  await xb.cdp.send('Browser.setDownloadBehavior', { behavior: 'allowAndName', downloadPath: downloads, eventsEnabled: true });
  const done = new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no download completed')), 20_000);
    xb.cdp.on('Browser.downloadProgress', (e: { guid: string; state: string }) => {
      if (e.state === 'completed') {
        clearTimeout(t);
        resolve(e.guid);
      }
      if (e.state === 'canceled') {
        clearTimeout(t);
        reject(new Error('download canceled'));
      }
    });
  });
  const row = await settledRow(panel, '/prod/throttled-post', true);
  await openReport(row.id);
  await click(panel, '[data-testid=export-download-png]');
  const guid = await done;
  const png = readFileSync(path.join(downloads, guid));
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  // Laid out at the card's screenshot width (900 px) whatever the pane's width, at 2× for sharp text.
  expect(width).toBe(1800);
  expect(height).toBeGreaterThan(300);
  writeFileSync(path.join(ROOT, 'test-results', 'report-card.png'), png);
});

test('in a side pane narrower than the card, the report card fits: nothing is cut off or scrolled sideways', async () => {
  // The store screenshots' size: DevTools at 1280 px, the detail beside the table.
  await xb.frontend.send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 800, deviceScaleFactor: 1, mobile: false });
  try {
    const row = await settledRow(panel, '/prod/throttled-post', true);
    await openReport(row.id);
    const fit = await waitFor('the card laid out in the narrower pane', () =>
      panel.evaluate<{ pane: number; card: number; overflow: number; widest: number } | null>(`(() => {
        const card = document.querySelector('[data-testid=report-card]');
        const pane = card.closest('.card-scroll');
        if (pane.clientWidth >= 900) return null;
        const right = card.getBoundingClientRect().right;
        let widest = 0;
        for (const el of card.querySelectorAll('*')) widest = Math.max(widest, el.getBoundingClientRect().right - right);
        return { pane: pane.clientWidth, card: card.getBoundingClientRect().width, overflow: pane.scrollWidth - pane.clientWidth, widest };
      })()`),
    );
    expect(fit.card).toBeLessThanOrEqual(fit.pane);
    expect(fit.overflow).toBe(0);
    // No line, table or box inside the card reaches past its right edge.
    expect(fit.widest).toBeLessThanOrEqual(0.5);
  } finally {
    await xb.frontend.send('Emulation.clearDeviceMetricsOverride');
  }
});

test('importing a real-Chromium HAR shows its rows classified; a broken file gets a clear message', async () => {
  const setFile = async (file: string) => {
    const { root } = await panel.send<{ root: { nodeId: number } }>('DOM.getDocument', { depth: 0 });
    const { nodeId } = await panel.send<{ nodeId: number }>('DOM.querySelector', { nodeId: root.nodeId, selector: '[data-testid=import-input]' });
    await panel.send('DOM.setFileInputFiles', { nodeId, files: [file] });
  };
  const broken = path.join(downloads, 'broken.har');
  writeFileSync(broken, '{"log": {"version": "1.2", "entries": [{"request": {"method": "GET", ');
  const liveRows = await panel.evaluate<number>(`document.querySelectorAll('[data-testid=row]').length`);
  await setFile(broken);
  const error = await waitFor('the import error', () =>
    panel.evaluate<string | null>(`document.querySelector('[data-testid=import-error]')?.textContent ?? null`),
  );
  expect(error).toContain('broken.har');
  expect(error).toMatch(/truncated|ends|end of/i);
  expect(await panel.evaluate<number>(`document.querySelectorAll('[data-testid=row]').length`)).toBe(liveRows);

  await setFile(path.join(ROOT, 'test', 'fixtures', 'chromium-cases.har'));
  await waitFor('the import banner', () => panel.evaluate<boolean>(`!!document.querySelector('[data-testid=import-banner]')`));
  for (const c of CASES.filter((x) => x.request.target !== 'app')) {
    const row = await settledRow(panel, c.request.path, c.expect.primaryRule !== null);
    expect(row.url, c.id).toContain(c.request.target === 'refused' ? ':40003' : ':40002');
    expect(row.verdict, c.id).toBe(c.expect.verdict);
    expect(row.rule, c.id).toBe(c.expect.primaryRule ?? '');
  }
  await setFilter(panel, '');
  await click(panel, '[data-testid=import-banner] button.link');
  await waitFor('the live capture again', () => panel.evaluate<boolean>(`!document.querySelector('[data-testid=import-banner]')`));
});

test('hostile strings in URLs and headers are shown as text and execute nothing', async () => {
  // Header values must be legal on the wire: printable ASCII only.
  const wireSafe = INJECTION_CORPUS.filter((p) => /^[\x20-\x7e]+$/.test(p.payload) && p.payload.length < 4000).map((p) => ({
    id: p.id,
    payload: p.payload.replaceAll('alert(', 'window.__pwned=('),
  }));
  expect(wireSafe.length).toBeGreaterThan(15);
  const server = http.createServer((req, res) => {
    const headers: Record<string, string> = { 'Content-Type': 'text/html' };
    wireSafe.forEach((p, i) => (headers[`x-evil-${i}`] = p.payload));
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...headers,
        'Access-Control-Allow-Origin': String(req.headers.origin),
        'Access-Control-Allow-Headers': 'x-evil',
        'Access-Control-Max-Age': '0',
      });
    } else {
      res.writeHead(403, { ...headers, 'x-amzn-ErrorType': wireSafe[0]!.payload });
    }
    res.end('<script>window.__pwned=1</script>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const evilOrigin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const page = xb.context.pages()[0]!;
    await page.evaluate(
      async ({ origin, payloads }) => {
        for (const p of payloads) {
          await fetch(`${origin}/evil/${encodeURIComponent(p.payload)}?q=${encodeURIComponent(p.payload)}`, { headers: { 'X-Evil': p.payload } }).catch(
            () => undefined,
          );
        }
      },
      { origin: evilOrigin, payloads: wireSafe.slice(0, 6) },
    );
    await setFilter(panel, '/evil/');
    const rows = await waitFor('the hostile rows', async () => {
      const r = await rowsFor(panel, '/evil/');
      return r.length === 6 && r.every((x) => x.verdict === 'cors-blocked' && x.rule) ? r : null;
    });
    for (const row of rows) {
      await selectRow(panel, row.id);
      for (const tab of ['explain', 'headers', 'report']) {
        await click(panel, `[data-testid=tab-${tab}]`);
        await waitFor(`the ${tab} tab`, () =>
          panel.evaluate<boolean>(`document.querySelector('[data-testid=tab-${tab}]').getAttribute('aria-selected') === 'true'`),
        );
      }
      await click(panel, '[data-testid=tab-headers]');
      const shown = await panel.evaluate<string>(`document.querySelector('[data-testid=detail]').textContent`);
      expect(shown).toContain(wireSafe[1]!.payload);
    }
    // Opening a rule page loads a chunk of the extension's own: proof the request log below is live.
    await click(panel, '[data-testid=tab-explain]');
    await click(panel, '[data-testid=finding] header button.link');
    await waitFor('a rule page', () => panel.evaluate<boolean>(`!!document.querySelector('[data-testid=doc-view] .doc-body h2')`));
    await click(panel, '[data-testid=open-summary]');
    await waitFor('the summary card', () => panel.evaluate<boolean>(`!!document.querySelector('[data-testid=summary-card]')`));
    const verdict = await panel.evaluate<{ pwned: unknown; elements: number; inlineScripts: number }>(`({
      pwned: window.__pwned ?? null,
      elements: document.querySelectorAll('img, iframe, object, embed, base, meta[http-equiv], link[href*="evil"], details[open] > summary + *, [onerror], [onload], [onmouseover], [onfocus]').length,
      inlineScripts: [...document.scripts].filter((s) => !s.src).length,
    })`);
    expect(verdict).toEqual({ pwned: null, elements: 0, inlineScripts: 0 });
    // The extension makes no network traffic of its own: only its own files, data: and blob: URLs.
    expect(extensionRequests.some((u) => u.startsWith('chrome-extension://') && u.includes('/assets/'))).toBe(true);
    expect(extensionRequests.filter((u) => !/^(chrome-extension|data|blob):/.test(u))).toEqual([]);
    // Rendering, exporting a PNG and importing files needed nothing the strict CSP forbids.
    expect(await panel.evaluate<string[]>(`window.__cspViolations`)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null)).toBeNull();
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await setFilter(panel, '');
  }
});
