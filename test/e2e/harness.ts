/**
 * Drives the real extension in real Chromium: loads dist/, auto-opens DevTools, and reaches the
 * devtools page, the DevTools front-end and the CORS panel through the browser's CDP endpoint.
 * Every use of DevTools internals lives in this file.
 */
import { chromium, type BrowserContext, type CDPSession } from '@playwright/test';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, chromiumArgs } from '../../scripts/lib/chromium.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const PANEL_TITLE = 'CORS';

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
  title: string;
}

/** A CDP connection to one target, multiplexed over the browser session (flatten: false). */
export class TargetSession {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  constructor(
    private readonly browser: CDPSession,
    readonly sessionId: string,
    readonly info: TargetInfo,
  ) {}

  private listeners = new Map<string, Array<(params: Record<string, unknown>) => void>>();

  /** Subscribes to a CDP event of this target (after enabling its domain). */
  on(method: string, fn: (params: Record<string, unknown>) => void): void {
    this.listeners.set(method, [...(this.listeners.get(method) ?? []), fn]);
  }

  handle(message: string): void {
    const m = JSON.parse(message) as { id?: number; method?: string; params?: Record<string, unknown>; result?: unknown; error?: { message: string } };
    if (m.id === undefined) {
      if (m.method) for (const fn of this.listeners.get(m.method) ?? []) fn(m.params ?? {});
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.error) p.reject(new Error(m.error.message));
    else p.resolve(m.result);
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    const promise = new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
    void this.browser.send('Target.sendMessageToTarget', { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) }).catch((e: Error) => {
      this.pending.get(id)?.reject(e);
      this.pending.delete(id);
    });
    return promise;
  }

  /** Evaluates an expression (awaiting promises) and returns its JSON value. */
  async evaluate<T = unknown>(expression: string): Promise<T> {
    const r = await this.send<{ result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value as T;
  }
}

/** A thrown value as text: an Error as `Name: message`, anything else as String() would. */
function errorText(e: unknown): string {
  return e instanceof Error ? e.toString() : String(e);
}

export async function waitFor<T>(
  what: string,
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${lastError ? `: ${errorText(lastError)}` : ''}`);
    // Polling interval while waiting on a condition, not a synchronisation sleep.
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export class ExtensionBrowser {
  private sessions = new Map<string, TargetSession>();
  extensionId = '';
  devtoolsPage!: TargetSession;
  frontend!: TargetSession;
  panel: TargetSession | null = null;

  private constructor(
    readonly context: BrowserContext,
    readonly cdp: CDPSession,
    private readonly profile: string,
  ) {
    cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => this.sessions.get(e.sessionId)?.handle(e.message));
  }

  static async launch(opts: { headless?: boolean } = {}): Promise<ExtensionBrowser> {
    if (!existsSync(path.join(DIST, 'manifest.json'))) throw new Error('dist/ is not built: run `npm run build` first.');
    const found = findChromium() as { path: string } | null;
    if (!found) throw new Error('No Chromium found: run `npm test` (it installs one) or set CHROMIUM_PATH.');
    const profile = mkdtempSync(path.join(tmpdir(), 'cors-xray-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: found.path,
      headless: opts.headless ?? true,
      ignoreDefaultArgs: ['--disable-extensions'],
      args: chromiumArgs(DIST, { headless: opts.headless ?? true }),
      viewport: null,
    });
    const cdp = await context.browser()!.newBrowserCDPSession();
    return new ExtensionBrowser(context, cdp, profile);
  }

  async targets(): Promise<TargetInfo[]> {
    const r = (await this.cdp.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
    return r.targetInfos;
  }

  async attach(match: (t: TargetInfo) => boolean, what: string): Promise<TargetSession> {
    // DevTools can take a while to open on a loaded machine (2 shared cores): up to a minute.
    const info = await waitFor(what, async () => (await this.targets()).find(match), 60_000);
    const { sessionId } = await this.cdp.send('Target.attachToTarget', { targetId: info.targetId, flatten: false });
    const s = new TargetSession(this.cdp, sessionId, info);
    this.sessions.set(sessionId, s);
    await s.send('Runtime.enable');
    return s;
  }

  /**
   * Opens the app page (DevTools opens with it), waits until the devtools page has registered its
   * network listener, and returns the page. Requests made before that moment would not be seen.
   */
  async openApp(url: string) {
    const page = this.context.pages()[0] ?? (await this.context.newPage());
    await page.goto(url);
    this.devtoolsPage = await this.attach((t) => t.url.startsWith('chrome-extension://') && t.url.endsWith('/devtools.html'), 'the extension devtools page');
    this.extensionId = new URL(this.devtoolsPage.info.url).host;
    await waitFor('the devtools page to be ready', () => this.devtoolsPage.evaluate<boolean>('globalThis.__corsXrayReady === true'));
    this.frontend = await this.attach((t) => t.url.startsWith('devtools://devtools/'), 'the DevTools front-end');
    return page;
  }

  /** Selects the CORS tab inside DevTools (DevTools internals: kept here) and attaches to the panel. */
  async showPanel(): Promise<TargetSession> {
    const panelId = `chrome-extension://${this.extensionId}${PANEL_TITLE}`;
    await waitFor('the CORS panel to be registered and shown', () =>
      this.frontend.evaluate<boolean>(`(async () => {
        const legacy = await import('./ui/legacy/legacy.js');
        const view = legacy.InspectorView.InspectorView.instance();
        if (!view.hasPanel(${JSON.stringify(panelId)})) return false;
        await view.showPanel(${JSON.stringify(panelId)});
        return true;
      })()`),
    );
    this.panel = await this.attach((t) => t.url.startsWith(`chrome-extension://${this.extensionId}/panel/`), 'the CORS panel frame');
    await waitFor('the panel to attach to its capture host', () => this.panel!.evaluate<boolean>(`!!document.querySelector('.toolbar')`));
    return this.panel;
  }

  /** Resizes the DevTools window so screenshots of the panel are readable. */
  async sizeDevTools(width: number, height: number): Promise<void> {
    // DevTools opens docked beside the page; undocked it gets a window of its own that can be sized.
    await this.frontend.evaluate(`(async () => {
      const legacy = await import('./ui/legacy/legacy.js');
      legacy.DockController.DockController.instance().setDockSide('undocked');
    })()`);
    const { windowId } = await waitFor('the undocked DevTools window', async () => {
      const frontend = (await this.targets()).find((t) => t.url.startsWith('devtools://devtools/'));
      return frontend ? await this.cdp.send('Browser.getWindowForTarget', { targetId: frontend.targetId }) : null;
    });
    await this.cdp.send('Browser.setWindowBounds', { windowId, bounds: { width, height, windowState: 'normal' } });
  }

  async screenshot(file: string): Promise<void> {
    // The panel is an out-of-process frame: let it paint its latest state before DevTools composites.
    if (this.panel) await this.panel.evaluate(`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`);
    const r = await this.frontend.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, Buffer.from(r.data, 'base64'));
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    rmSync(this.profile, { recursive: true, force: true });
  }
}
