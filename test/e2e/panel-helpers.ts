/** Reading and driving the CORS panel's DOM from a test, through its data-testid hooks. */
import type { TargetSession } from './harness';
import { waitFor } from './harness';

export interface RowState {
  id: string;
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

export async function setFilter(panel: TargetSession, text: string): Promise<void> {
  await panel.evaluate(`(() => {
    const input = document.querySelector('[data-testid=filter]');
    input.value = ${JSON.stringify(text)};
    input.dispatchEvent(new Event('input', { bubbles: true }));
  })()`);
}

/** The rows the panel shows for a URL fragment, filtering the table as a user would. */
export async function rowsFor(panel: TargetSession, fragment: string): Promise<RowState[]> {
  await setFilter(panel, fragment);
  return panel.evaluate<RowState[]>(`[...document.querySelectorAll('[data-testid=row]')].map((r) => ({
      id: r.dataset.pairId, url: r.dataset.url, verdict: r.dataset.verdict, blockedLeg: r.dataset.blockedLeg,
      preflightStatus: r.dataset.preflightStatus, actualStatus: r.dataset.actualStatus, actualSent: r.dataset.actualSent,
      hiddenStatus: r.dataset.hiddenStatus, hiddenBasis: r.dataset.hiddenBasis, rule: r.dataset.rule,
      pairing: r.dataset.pairing, gateway: r.dataset.gateway, text: r.textContent,
    })).filter((r) => r.url.includes(${JSON.stringify(fragment)}))`);
}

/** True once the capture holds no failure waiting to be read again for a late status (src/capture/settle.ts). */
export function captureSettled(panel: TargetSession): Promise<boolean> {
  return panel.evaluate<boolean>(`document.querySelector('[data-testid=statusbar]')?.dataset.settling === '0'`);
}

/**
 * Waits for exactly one settled row matching the fragment (classified, with a rule when one is
 * expected), once no recorded failure is waiting for a late status. `arrived` says when every leg the
 * test knows was sent has reached the panel: DevTools can deliver a request's onRequestFinished after
 * the page's fetch has already rejected, so for a moment the panel may rightly hold a preflight alone.
 */
export async function settledRow(
  panel: TargetSession,
  fragment: string,
  expectRule: boolean,
  arrived: (r: RowState) => boolean = () => true,
): Promise<RowState> {
  const rows = await waitFor(`a settled row for ${fragment}`, async () => {
    if (!(await captureSettled(panel))) return null;
    const r = await rowsFor(panel, fragment);
    return r.length === 1 && (!expectRule || r[0]!.rule !== '') && arrived(r[0]!) ? r : null;
  }).catch(async (e) => {
    throw new Error(`${String(e)} — rows now: ${JSON.stringify(await rowsFor(panel, fragment))}`);
  });
  return rows[0]!;
}

export async function click(panel: TargetSession, selector: string): Promise<void> {
  await waitFor(`${selector} to be clickable`, () =>
    panel.evaluate<boolean>(`(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) return false; el.click(); return true; })()`),
  );
}

export async function selectRow(panel: TargetSession, pairId: string): Promise<void> {
  await panel.evaluate(`document.querySelector('[data-testid=row][data-pair-id=${JSON.stringify(pairId)}]').click()`);
  await waitFor('the detail view of the selected pair', () =>
    panel.evaluate<boolean>(`document.querySelector('[data-testid=detail]')?.dataset.pairId === ${JSON.stringify(pairId)}`),
  );
}
