/**
 * The store listing images, made from the built-in demo in real Chromium with the built extension
 * (dist/): three 1280×800 screenshots of DevTools on the CORS tab, and the 440×280 promo tile.
 * Run by `npm run package` (scripts/package.mjs); the output directory is the first argument.
 */
import { chromium } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExtensionBrowser, ROOT, waitFor } from '../test/e2e/harness';
import { startEmulator } from '../test/server/emulator';
import { runAllDemoCases, showDetail } from './lib/demo-drive';
import { findChromium } from './lib/chromium.mjs';

export const SCREENSHOT = { width: 1280, height: 800 } as const;
export const PROMO = { width: 440, height: 280 } as const;

const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'release', 'store'));
mkdirSync(out, { recursive: true });

async function screenshots(): Promise<string[]> {
  const emu = await startEmulator();
  const xb = await ExtensionBrowser.launch({ headless: true });
  try {
    const page = await xb.openApp(emu.appOrigin + '/');
    await xb.sizeDevTools(SCREENSHOT.width + 40, SCREENSHOT.height + 40);
    // The store wants exactly 1280×800: fix the DevTools front-end's viewport to that size.
    await xb.frontend.send('Emulation.setDeviceMetricsOverride', { ...SCREENSHOT, deviceScaleFactor: 1, mobile: false });
    const panel = await xb.showPanel();
    await runAllDemoCases(page, panel);
    const files: string[] = [];
    const shoot = async (name: string) => {
      const file = path.join(out, name);
      await xb.screenshot(file);
      files.push(file);
    };
    await shoot('screenshot-1-requests.png');
    await showDetail(panel, '/throttled-post');
    await shoot('screenshot-2-explanation.png');
    await panel.evaluate(`document.querySelector('[data-testid=tab-report]').click(), true`);
    await waitFor('the report card', () => panel.evaluate<boolean>(`!!document.querySelector('[data-testid=report-card]')`));
    await shoot('screenshot-3-report.png');
    return files;
  } finally {
    await xb.close();
    await emu.close();
  }
}

/** The promo tile: the icon, the name and one line, rendered from HTML at exactly 440×280. */
async function promoTile(): Promise<string> {
  const icon = readFileSync(path.join(ROOT, 'public', 'icons', 'icon-128.png')).toString('base64');
  const found = findChromium() as { path: string } | null;
  if (!found) throw new Error('No Chromium found (set CHROMIUM_PATH).');
  const browser = await chromium.launch({ executablePath: found.path, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: PROMO, deviceScaleFactor: 1 });
    await page.setContent(`<!doctype html><html><body style="margin:0;width:${PROMO.width}px;height:${PROMO.height}px;display:flex;align-items:center;gap:22px;padding:0 30px;box-sizing:border-box;background:linear-gradient(135deg,#0f2742,#1a3a5c);font-family:system-ui,'DejaVu Sans',sans-serif;color:#fff">
      <img src="data:image/png;base64,${icon}" width="112" height="112" alt="">
      <div>
        <div style="font-size:34px;font-weight:700;letter-spacing:-0.5px">CORS X-Ray</div>
        <div style="margin-top:10px;font-size:17px;line-height:1.35;color:#c9dcf5">The real cause behind<br>“blocked by CORS policy”</div>
        <div style="margin-top:12px;font-size:13px;color:#8ab4f8">429 · 403 · 502: the status it hid</div>
      </div></body></html>`);
    const file = path.join(out, 'promo-440x280.png');
    writeFileSync(file, await page.screenshot({ type: 'png' }));
    return file;
  } finally {
    await browser.close();
  }
}

const files = [...(await screenshots()), await promoTile()];
for (const f of files) console.log(`store-assets: wrote ${path.relative(ROOT, f)}`);
