/**
 * The devtools page: runs for every DevTools window, as soon as it opens, whether or not the CORS
 * tab is ever shown. The only code that touches the browser's extension APIs. Keep it small:
 * it buffers raw entries and nothing else; analysis happens in the panel, when shown.
 */
import browser from 'webextension-polyfill';
import { CaptureBuffer, isFinished } from './buffer';
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

// Listener first, then getHAR(): a request finishing in between arrives twice and the buffer
// keeps one copy, whereas the other order could lose it.
browser.devtools.network.onRequestFinished.addListener((entry) => buffer.add([toRaw(entry)]));
browser.devtools.network.onNavigated.addListener((url) => buffer.navigated(url));

void browser.devtools.network
  .getHAR()
  .then((har) => {
    const entries = (har as { entries?: unknown[] }).entries;
    buffer.add(Array.isArray(entries) ? entries.map(toRaw).filter(isFinished) : []);
  })
  .finally(() => {
    (globalThis as Record<string, unknown>)[READY_KEY] = true;
  });

void browser.devtools.panels.create(PANEL_TITLE, '', 'panel/index.html').then((panel) => {
  panel.onShown.addListener((win: unknown) => {
    const w = win as Record<string, unknown> & { corsXrayAttach?: (host: CaptureBuffer) => void };
    // The panel may still be loading on first show: leave the host where its startup code looks,
    // and also hand it over directly if the panel is already running.
    w[HOST_KEY] = buffer;
    w.corsXrayAttach?.(buffer);
  });
});
