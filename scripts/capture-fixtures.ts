/**
 * Records test/fixtures/chromium-cases.har: every emulated case, run in real Chromium with the
 * real extension, exported with chrome.devtools.network.getHAR() from the devtools page — the
 * same data the panel works on. Ports and run ids are rewritten to fixed values so the fixture
 * is stable. Run: `npm run build:ext && npx tsx scripts/capture-fixtures.ts`.
 *
 * Beside it, test/fixtures/chromium-console.json: what Chromium printed in the app page's console
 * for each blocked request (CDP Log.entryAdded), with the CorsError and failed parameter DevTools
 * got for it (Network.loadingFailed): the engine's rebuilt console lines are compared to these.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExtensionBrowser, ROOT, waitFor } from '../test/e2e/harness';
import { startEmulator } from '../test/server/emulator';
import { CASES } from '../test/server/cases';

const emu = await startEmulator();
const xb = await ExtensionBrowser.launch();
try {
  const page = await xb.openApp(emu.appOrigin + '/');
  // The page's own console and network events, from a CDP session of its own (DevTools' is the extension's).
  const cdp = await page.context().newCDPSession(page);
  const consoleLines: Array<{ text: string; url: string | null; level: string; source: string }> = [];
  const corsErrors = new Map<string, { corsError: string; failedParameter: string }>();
  const urls = new Map<string, string>();
  cdp.on('Log.entryAdded', (e: { entry: { text: string; url?: string; level: string; source: string } }) => {
    consoleLines.push({ text: e.entry.text, url: e.entry.url ?? null, level: e.entry.level, source: e.entry.source });
  });
  cdp.on('Runtime.consoleAPICalled', (e: { type: string; args: Array<{ value?: string | number | boolean | null; description?: string }> }) => {
    consoleLines.push({ text: e.args.map((a) => String(a.value ?? a.description ?? '')).join(' '), url: null, level: e.type, source: 'console-api' });
  });
  cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFailed', (e: { requestId: string; corsErrorStatus?: { corsError: string; failedParameter: string } }) => {
    const url = urls.get(e.requestId);
    if (url && e.corsErrorStatus) corsErrors.set(url, e.corsErrorStatus);
  });
  await cdp.send('Log.enable');
  await cdp.send('Runtime.enable');
  await cdp.send('Network.enable');
  await page.evaluate(() => (window as unknown as { runAll: () => Promise<unknown> }).runAll());
  const har = await waitFor('a HAR holding every case', async () => {
    const h = await xb.devtoolsPage.evaluate<{ entries: Array<{ request: { url: string } }> }>(
      `new Promise((resolve) => chrome.devtools.network.getHAR((h) => resolve(JSON.parse(JSON.stringify(h)))))`,
    );
    return CASES.every((c) => h.entries.some((e) => e.request.url.includes(c.request.path))) ? h : null;
  });
  let text = JSON.stringify(
    { log: { version: '1.2', creator: { name: 'Chromium (via CORS X-Ray capture-fixtures)', version: '' }, pages: [], ...har } },
    null,
    1,
  );
  const port = (o: string) => new URL(o).port;
  text = text.replaceAll(port(emu.appOrigin), '40001').replaceAll(port(emu.apiOrigin), '40002').replaceAll(port(emu.refusedOrigin), '40003');
  const fixPorts = (t: string) =>
    t.replaceAll(port(emu.appOrigin), '40001').replaceAll(port(emu.apiOrigin), '40002').replaceAll(port(emu.refusedOrigin), '40003');
  const out = path.join(ROOT, 'test', 'fixtures', 'chromium-cases.har');
  writeFileSync(out, text + '\n');
  console.log(`Wrote ${out} (${har.entries.length} entries). App origin → 127.0.0.1:40001, API → :40002, refused → :40003.`);

  // Every CORS line the console printed (one per blocked case), each with the request's URL and its CorsError.
  const isCors = (l: { text: string }) => l.text.includes('has been blocked by CORS policy');
  const expected = CASES.filter((c) => c.expect.verdict === 'cors-blocked').length;
  const blocked = await waitFor(`${expected} CORS lines in the console`, () => {
    const got = consoleLines.filter(isCors);
    return got.length >= expected && corsErrors.size >= expected ? got : null;
  });
  const messages = blocked.map((l) => {
    const url = /^Access to \S+(?: \S+)* at '([^']+)'/.exec(l.text)?.[1] ?? null;
    const status = url ? corsErrors.get(url) : undefined;
    return {
      url: url && fixPorts(url),
      text: fixPorts(l.text),
      level: l.level,
      source: l.source,
      corsError: status?.corsError ?? null,
      failedParameter: status ? fixPorts(status.failedParameter) : null,
    };
  });
  const version = (await cdp.send('Browser.getVersion')) as { product: string };
  const consoleOut = path.join(ROOT, 'test', 'fixtures', 'chromium-console.json');
  const doc = { browser: version.product, recorded: new Date().toISOString().slice(0, 10), messages };
  writeFileSync(consoleOut, JSON.stringify(doc, null, 1) + '\n');
  console.log(`Wrote ${consoleOut} (${messages.length} CORS console lines from ${version.product}).`);
} finally {
  await xb.close();
  await emu.close();
}
