import { render } from 'preact';
import { App } from './App';
import { PanelStore } from './store';
import { HOST_KEY, type CaptureHost } from '../src/shared/messages';

const store = new PanelStore();
// Read-only hook for bench/live.bench.ts (finish-to-row latency) and tests; extension pages only.
(window as unknown as Record<string, unknown>).__corsXrayStore = store;
const w = window as unknown as Record<string, unknown> & { corsXrayAttach?: (h: CaptureHost) => void };
// The devtools page hands the capture host over on panel.onShown; whichever runs first wins.
w.corsXrayAttach = (host) => store.attach(host);
const waiting = w[HOST_KEY] as CaptureHost | undefined;
if (waiting) store.attach(waiting);

render(<App store={store} />, document.getElementById('app')!);

// Test builds only (the Firefox end-to-end test): release builds fold this branch and its module away.
if (import.meta.env.VITE_CORS_XRAY_TEST_HOOK === '1') {
  const print = (globalThis as { dump?: (s: string) => void }).dump ?? ((s: string) => console.log(s));
  void import('./test-hook').then((m) => m.installPanelTestHook(print));
}
