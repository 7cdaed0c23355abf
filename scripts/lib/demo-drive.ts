/**
 * Drives every case of the built-in demo through the CORS tab and waits until the panel has
 * classified them all: shared by the headless demo (scripts/demo.ts) and the store images
 * (scripts/store-assets.ts).
 */
import type { Page } from '@playwright/test';
import { waitFor, type TargetSession } from '../../test/e2e/harness';
import { CASES } from '../../test/server/cases';

export async function runAllDemoCases(page: Page, panel: TargetSession): Promise<void> {
  await page.evaluate(() => (window as unknown as { runAll: () => Promise<unknown> }).runAll());
  const crossOrigin = CASES.filter((c) => c.request.target !== 'app').length;
  await waitFor('every demo case in the panel, classified', () =>
    panel.evaluate<boolean>(`(() => {
      const rows = [...document.querySelectorAll('[data-testid=row]')];
      // data-settling: failures still waiting to be read again for a status DevTools got late.
      const settled = document.querySelector('[data-testid=statusbar]')?.dataset.settling === '0';
      return settled && rows.length >= ${crossOrigin} && rows.every((r) => r.dataset.verdict === 'ok' || r.dataset.rule);
    })()`),
  );
}

/** Selects the first row whose URL contains `urlPart` and waits for its detail view. */
export async function showDetail(panel: TargetSession, urlPart: string): Promise<void> {
  await panel.evaluate(`(() => {
    const row = [...document.querySelectorAll('[data-testid=row]')].find((r) => r.dataset.url.includes(${JSON.stringify(urlPart)}));
    row.click();
  })()`);
  await waitFor('the detail view', () => panel.evaluate<boolean>(`!!document.querySelector('[data-testid=detail-headline]')`));
}
