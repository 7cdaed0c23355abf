/**
 * The devtools page: runs for every DevTools window, as soon as it opens, whether or not the CORS
 * tab is ever shown. The only code that touches the browser's extension APIs. Keep it small:
 * it buffers raw entries and nothing else; analysis happens in the panel, when shown.
 */
import browser from 'webextension-polyfill';
import { CaptureBuffer, isFinished } from './buffer';
import { LateResponseSettler, readHar } from './settle';
import { HOST_KEY, READY_KEY, type RawEntry, type Theme } from '../shared/messages';

const PANEL_TITLE = 'CORS';

function theme(): Theme {
  return browser.devtools.panels.themeName === 'dark' ? 'dark' : 'light';
}

const buffer = new CaptureBuffer(undefined, theme);

function toRaw(entry: unknown): RawEntry {
  // Entries carry a getContent() method; the model only needs the JSON part.
  return entry as RawEntry;
}

// The typings promise a promise; some Chromium builds only call back (see readHar).
// Detaching it is safe: webextension-polyfill hands out functions bound to their namespace (its wrapObject `get`),
// and the Firefox e2e test reads the HAR through Firefox's own `browser` with this same detached reference.
// eslint-disable-next-line @typescript-eslint/unbound-method
const getHAR = browser.devtools.network.getHAR as unknown as (callback?: (har: unknown) => void) => unknown;

const settler = new LateResponseSettler(
  {
    readHar: () => readHar(getHAR),
    deliver: (entries) => buffer.add(entries),
    replace: (pairs) => buffer.replace(pairs),
    pending: (count) => buffer.setSettling(count),
    late: (add, remove) => buffer.setLate(add, remove),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    now: () => performance.now(),
  },
  { cap: buffer.cap },
);
buffer.onReread = () => settler.rereadNow();
// Read-only, for bench/live.bench.ts: what the settler read, found and left (settle.ts SettleStats).
(globalThis as Record<string, unknown>).__corsXraySettler = settler;
// Entries waiting for a re-read belong to the capture that was just cleared.
buffer.subscribe((msg) => {
  if (msg.type === 'cleared') settler.discard();
});

// Listener first, then getHAR(): a request finishing in between arrives twice and the buffer
// keeps one copy, whereas the other order could lose it.
browser.devtools.network.onRequestFinished.addListener((entry) => settler.offer([toRaw(entry)]));
browser.devtools.network.onNavigated.addListener((url) => {
  settler.navigated();
  buffer.navigated(url);
});

// Test builds only (the Firefox end-to-end test builds with VITE_CORS_XRAY_TEST_HOOK=1): release
// builds fold this branch away, with the module it imports (test/release/packages.test.ts checks).
if (import.meta.env.VITE_CORS_XRAY_TEST_HOOK === '1') {
  const print = (globalThis as { dump?: (s: string) => void }).dump ?? ((s: string) => console.log(s));
  void import('./test-hook').then((m) => m.installTestHook(buffer, print));
}

void readHar(getHAR)
  .then((entries) => buffer.add(entries.map(toRaw).filter(isFinished)))
  .catch((err: unknown) => console.warn('CORS X-Ray: reading what DevTools already recorded failed', err))
  .finally(() => {
    (globalThis as Record<string, unknown>)[READY_KEY] = true;
  });

void browser.devtools.panels.create(PANEL_TITLE, '', 'panel/index.html').then((panel) => {
  // Re-reads for late statuses run only while the tab is shown (settle.ts): nobody reads a hidden row.
  panel.onHidden.addListener(() => settler.setVisible(false));
  panel.onShown.addListener((win: unknown) => {
    settler.setVisible(true);
    const w = win as Record<string, unknown> & { corsXrayAttach?: (host: CaptureBuffer) => void };
    // The panel may still be loading on first show: leave the host where its startup code looks,
    // and also hand it over directly if the panel is already running.
    w[HOST_KEY] = buffer;
    w.corsXrayAttach?.(buffer);
  });
});
