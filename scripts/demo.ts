/**
 * The built-in demo behind `npm start`: the emulating API server, a demo web app, and Chromium
 * with the extension loaded and DevTools open on the CORS tab. With --headless (or without a
 * display) it drives every demo case itself and writes screenshots to demo-output/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ExtensionBrowser, ROOT } from '../test/e2e/harness';
import { runAllDemoCases, showDetail } from './lib/demo-drive';
import { startEmulator } from '../test/server/emulator';
import { CASES } from '../test/server/cases';

const wantHeadless = process.argv.includes('--headless');
const haveDisplay = !!process.env.DISPLAY || process.platform === 'darwin' || process.platform === 'win32';
const headless = wantHeadless || !haveDisplay;
if (!wantHeadless && !haveDisplay) console.log('No display found: running the demo headless (same as `npm start -- --headless`).');

const emu = await startEmulator();
console.log(`Demo app:      ${emu.appOrigin}/`);
console.log(`Emulated API:  ${emu.apiOrigin} (AWS API Gateway, CloudFront, Cloudflare and nginx behaviours)`);

const xb = await ExtensionBrowser.launch({ headless });
let closing = false;
async function shutdown(code: number) {
  if (closing) return;
  closing = true;
  await xb.close();
  await emu.close();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  const page = await xb.openApp(emu.appOrigin + '/');
  await xb.sizeDevTools(1400, 820);
  const panel = await xb.showPanel();
  if (!headless) {
    console.log('\nChromium is open with DevTools on the CORS tab. Click "Run all" (or any case) on the demo page and watch the tab.');
    console.log('Press Ctrl-C here to stop.');
    xb.context.on('close', () => void shutdown(0));
  } else {
    const out = path.join(ROOT, 'demo-output');
    mkdirSync(out, { recursive: true });
    await runAllDemoCases(page, panel).catch(async (e: Error) => {
      await xb.screenshot(path.join(out, 'panel-incomplete.png'));
      throw new Error(`${e.message} (what the panel showed: demo-output/panel-incomplete.png)`);
    });
    const table = path.join(out, 'panel.png');
    await xb.screenshot(table);
    // A second view: the detail of the throttled POST, the case the browser hides best.
    await showDetail(panel, '/throttled-post');
    const detail = path.join(out, 'detail.png');
    await xb.screenshot(detail);
    console.log(`\nDrove ${CASES.length} demo cases through the CORS tab.`);
    console.log(`Panel screenshot:  ${table}`);
    console.log(`Detail screenshot: ${detail}`);
    await shutdown(0);
  }
} catch (err) {
  console.error(`The demo failed: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
}
