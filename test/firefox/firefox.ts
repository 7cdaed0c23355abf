/**
 * Drives real Firefox (Debian's firefox-esr) for the Firefox end-to-end test and the measurements in
 * docs/internals.md: a throwaway profile with the extension installed in it, DevTools opened at
 * start-up (`--devtools`), the built-in WebDriver BiDi remote agent for the web page, and the
 * browser's standard output for what extension pages print with dump().
 * Playwright's Firefox needs its own patched build and geckodriver is not packaged by Debian; the
 * remote agent built into Firefox needs neither.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

export interface FirefoxOptions {
  /** The extension package (a zip is an .xpi) and its add-on id. */
  xpi: string;
  addonId: string;
  executable?: string;
  /** Extra preferences (e.g. which DevTools panel is selected at start-up). */
  prefs?: Record<string, string | number | boolean>;
  /** Extra command-line arguments. */
  args?: string[];
}

/** Preferences for a quiet, offline, test profile that accepts an unsigned add-on (ESR allows it). */
const PREFS: Record<string, string | number | boolean> = {
  'xpinstall.signatures.required': false,
  'extensions.autoDisableScopes': 0,
  'extensions.enabledScopes': 15,
  'extensions.startupScanScopes': 15,
  'browser.dom.window.dump.enabled': true,
  'devtools.console.stdout.content': false,
  'devtools.toolbox.host': 'window',
  'devtools.toolbox.selectedTool': 'webconsole',
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.aboutwelcome.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.disabledForTesting': true,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.update.enabled': false,
  'browser.region.network.url': '',
  'services.settings.server': 'http://127.0.0.1:9/',
  'network.proxy.type': 0,
  'remote.prefs.recommended': true,
};

export class Firefox {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private lineWaiters: Array<{ match: (l: string) => boolean; resolve: (l: string) => void }> = [];
  readonly lines: string[] = [];
  private ws!: WebSocket;

  private constructor(
    readonly proc: ChildProcess,
    private readonly profile: string,
  ) {}

  static async launch(opts: FirefoxOptions): Promise<Firefox> {
    const profile = mkdtempSync(path.join(tmpdir(), 'cors-xray-firefox-'));
    mkdirSync(path.join(profile, 'extensions'));
    copyFileSync(opts.xpi, path.join(profile, 'extensions', `${opts.addonId}.xpi`));
    writeFileSync(
      path.join(profile, 'user.js'),
      Object.entries({ ...PREFS, ...opts.prefs })
        .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
        .join('\n') + '\n',
    );
    const proc = spawn(
      opts.executable ?? process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
      ['--headless', '--no-remote', '--profile', profile, '--devtools', '--remote-debugging-port', '0', ...(opts.args ?? []), 'about:blank'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1', MOZ_DISABLE_CONTENT_SANDBOX: process.getuid?.() === 0 ? '1' : '' },
      },
    );
    const ff = new Firefox(proc, profile);
    // Lines, not chunks: a long dump() arrives in several pipe reads. One partial line per stream.
    const reader = () => {
      let partial = '';
      return (chunk: Buffer) => {
        const parts = (partial + chunk.toString('utf8')).split('\n');
        partial = parts.pop()!;
        for (const line of parts) {
          if (!line) continue;
          ff.lines.push(line);
          // FF_TRACE=1 prints what Firefox prints, with a timestamp, while a test runs.
          if (process.env.FF_TRACE) console.log(Date.now() % 1000000, line.slice(0, 160));
          ff.lineWaiters = ff.lineWaiters.filter((w) => (w.match(line) ? (w.resolve(line), false) : true));
        }
      };
    };
    proc.stdout.on('data', reader());
    proc.stderr.on('data', reader());
    const exited = new Promise<never>((_, reject) =>
      proc.once('exit', (code) => reject(new Error(`Firefox exited (${code}) before it was ready:\n${ff.lines.slice(-20).join('\n')}`))),
    );
    const listening = await Promise.race([ff.waitForLine((l) => /WebDriver BiDi listening on ws:\/\//.test(l), 60_000), exited]);
    const url = /(ws:\/\/[^\s]+)/.exec(listening)![1]!;
    await ff.connect(`${url.replace(/\/$/, '')}/session`);
    await ff.send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } });
    return ff;
  }

  private connect(url: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws = new WebSocket(url);
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.on('message', (data) => {
        const m = JSON.parse(
          Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8'),
        ) as { id?: number; type?: string; result?: unknown; error?: string; message?: string };
        if (m.id === undefined) return;
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.type === 'error') p.reject(new Error(`${m.error}: ${m.message}`));
        else p.resolve(m.result);
      });
    });
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (v) => resolve(v as T), reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Resolves with the first line of Firefox's output (seen before or after the call) that matches. */
  waitForLine(match: (line: string) => boolean, timeoutMs = 30_000): Promise<string> {
    const seen = this.lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Timed out waiting for Firefox output; last lines:\n${this.lines.slice(-15).join('\n')}`)), timeoutMs);
      this.lineWaiters.push({
        match,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
    });
  }

  /** The first top-level tab's browsing context id. */
  async tab(): Promise<string> {
    const tree = await this.send<{ contexts: Array<{ context: string }> }>('browsingContext.getTree', { maxDepth: 0 });
    return tree.contexts[0]!.context;
  }

  async navigate(url: string): Promise<string> {
    const context = await this.tab();
    await this.send('browsingContext.navigate', { context, url, wait: 'complete' });
    return context;
  }

  /** Evaluates an expression in the page (awaiting a promise) and returns its JSON value. */
  async evaluate<T = unknown>(context: string, expression: string): Promise<T> {
    const r = await this.send<{ type: string; result?: { value?: unknown }; exceptionDetails?: { text: string } }>('script.evaluate', {
      expression: `(async () => JSON.stringify(await (${expression})))()`,
      target: { context },
      awaitPromise: true,
    });
    if (r.type === 'exception') throw new Error(`evaluate failed: ${r.exceptionDetails?.text}`);
    return JSON.parse(String(r.result?.value)) as T;
  }

  /**
   * Selects an extension's DevTools panel by its title, as a click on its tab would. Needs the
   * browser started with `--remote-allow-system-access`: it runs in Firefox's own chrome window
   * (BiDi `moz:scope: chrome`) and uses the toolbox's internals, kept in this one method.
   */
  async showDevToolsPanel(title: string): Promise<string> {
    const tree = await this.send<{ contexts: Array<{ context: string; url: string }> }>('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
    const chrome = tree.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
    if (!chrome) throw new Error('No Firefox browser window found in the chrome scope');
    const r = await this.send<{ type: string; result?: { value?: string }; exceptionDetails?: { text: string } }>('script.evaluate', {
      target: { context: chrome.context },
      awaitPromise: true,
      expression: `(async () => {
        const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
        const { gDevTools } = require('devtools/client/framework/devtools');
        const toolbox = [...gDevTools.getToolboxes()][0];
        if (!toolbox) throw new Error('no DevTools toolbox is open');
        const tool = toolbox.getAdditionalTools().find((t) => t.label === ${JSON.stringify(title)});
        if (!tool) throw new Error('no panel titled ' + ${JSON.stringify(title)} + ' (have: ' + toolbox.getAdditionalTools().map((t) => t.label).join(', ') + ')');
        await toolbox.selectTool(tool.id);
        return toolbox.currentToolId;
      })()`,
    });
    if (r.type === 'exception') throw new Error(`showing the ${title} panel failed: ${r.exceptionDetails?.text}`);
    return String(r.result?.value);
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.send('browser.close'), new Promise((r) => setTimeout(r, 5000))]);
    } catch {
      // Already gone.
    }
    this.ws?.close();
    if (this.proc.exitCode === null) {
      const gone = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    }
    rmSync(this.profile, { recursive: true, force: true });
  }
}
