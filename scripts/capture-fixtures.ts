/**
 * Records test/fixtures/chromium-cases.har: every emulated case, run in real Chromium with the
 * real extension, exported with chrome.devtools.network.getHAR() from the devtools page — the
 * same data the panel works on. Ports and run ids are rewritten to fixed values so the fixture
 * is stable. Run: `npm run build:ext && npx tsx scripts/capture-fixtures.ts`.
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
  await page.evaluate(() => (window as unknown as { runAll(): Promise<unknown> }).runAll());
  const har = await waitFor('a HAR holding every case', async () => {
    const h = await xb.devtoolsPage.evaluate<{ entries: Array<{ request: { url: string } }> }>(
      `new Promise((resolve) => chrome.devtools.network.getHAR((h) => resolve(JSON.parse(JSON.stringify(h)))))`,
    );
    return CASES.every((c) => h.entries.some((e) => e.request.url.includes(c.request.path))) ? h : null;
  });
  let text = JSON.stringify({ log: { version: '1.2', creator: { name: 'Chromium (via CORS X-Ray capture-fixtures)', version: '' }, pages: [], ...har } }, null, 1);
  const port = (o: string) => new URL(o).port;
  text = text
    .replaceAll(port(emu.appOrigin), '40001')
    .replaceAll(port(emu.apiOrigin), '40002')
    .replaceAll(port(emu.refusedOrigin), '40003');
  const out = path.join(ROOT, 'test', 'fixtures', 'chromium-cases.har');
  writeFileSync(out, text + '\n');
  console.log(`Wrote ${out} (${har.entries.length} entries). App origin → 127.0.0.1:40001, API → :40002, refused → :40003.`);
} finally {
  await xb.close();
  await emu.close();
}
