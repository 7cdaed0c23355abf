/**
 * Renders the extension icon (an SVG kept here) to the PNG sizes Chrome wants, with the same
 * Chromium the tests use. Run once after changing the drawing: `npx tsx scripts/make-icons.ts`.
 */
import { chromium } from '@playwright/test';
import path from 'node:path';
import { ROOT } from '../test/e2e/harness';
import { findChromium } from './lib/chromium.mjs';

// Two origins (the dots) and the request between them, seen through an X-ray frame.
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128">
  <rect x="4" y="4" width="120" height="120" rx="26" fill="#1a3a5c"/>
  <rect x="16" y="16" width="96" height="96" rx="14" fill="none" stroke="#8ab4f8" stroke-width="6" stroke-dasharray="14 10"/>
  <circle cx="38" cy="64" r="15" fill="#8ab4f8"/>
  <circle cx="90" cy="64" r="15" fill="#f28b82"/>
  <path d="M55 64h16" stroke="#ffffff" stroke-width="8" stroke-linecap="round"/>
  <path d="M60 50l14 28" stroke="#f28b82" stroke-width="7" stroke-linecap="round"/>
</svg>`;

const found = findChromium() as { path: string } | null;
if (!found) throw new Error('No Chromium found (set CHROMIUM_PATH).');
const browser = await chromium.launch({ executablePath: found.path, args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const size of [16, 32, 48, 128]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${SVG.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    await page.screenshot({ path: path.join(ROOT, 'public', 'icons', `icon-${size}.png`), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log('Wrote public/icons/icon-{16,32,48,128}.png');
