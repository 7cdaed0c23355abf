/**
 * TEST BUILDS ONLY (VITE_CORS_XRAY_TEST_HOOK=1; release builds drop it). Firefox's remote agent does
 * not reach DevTools' extension frames, so the Firefox end-to-end test reads the CORS tab through
 * this: whenever the rendered table changes, the rows' data attributes (what the table shows, as
 * the Chromium tests read them) are printed with dump() as `__corsXrayTest panel {json}`.
 */
export function installPanelTestHook(out: (line: string) => void): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const report = () => {
    timer = null;
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid=row]')].map((r) => ({ ...r.dataset }));
    const status = document.querySelector<HTMLElement>('[data-testid=statusbar]')?.textContent ?? null;
    out(`__corsXrayTest panel ${JSON.stringify({ rows, status })}\n`);
  };
  new MutationObserver(() => {
    timer ??= setTimeout(report, 100);
  }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  report();
}
