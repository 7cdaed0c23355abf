/**
 * The demo web app served at the emulator's appOrigin + "/". It plays the part of the *user's*
 * application (so an inline script is fine here): one button per case, "Run all", and what the
 * page's JavaScript gets back ("TypeError: Failed to fetch" for every CORS failure).
 *
 * Automation hooks on window:
 *   CASE_IDS: string[]
 *   runCase(id): Promise<{ id, ok, status?, error? }>
 *   runAll(): Promise<Array<{ id, ok, status?, error? }>>   (sequential)
 * and document.body.dataset.ready === "true" once the hooks exist.
 */
import type { CaseSpec } from './cases';
import { DEMO_COOKIE } from './cases';

export interface DemoPageOptions {
  apiOrigin: string;
  refusedOrigin: string;
  cases: CaseSpec[];
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function expectedLabel(c: CaseSpec): string {
  if (c.expect.verdict === 'ok') return 'works';
  if (c.expect.verdict === 'not-cors') return 'network error';
  return 'CORS error';
}

function row(c: CaseSpec, index: number): string {
  const id = escapeHtml(c.id);
  const target = c.request.target ?? 'api';
  const where = target === 'app' ? 'same origin' : target === 'refused' ? 'closed port' : 'API';
  const hidden = c.expect.hiddenStatus ? ` &middot; hides ${c.expect.hiddenStatus.status}` : '';
  return `
      <tr data-case="${id}">
        <td class="num">${index + 1}</td>
        <td>
          <div class="title">${escapeHtml(c.title)}</div>
          <div class="meta"><code>${id}</code> &middot; <code>${escapeHtml(c.request.method)} ${escapeHtml(c.request.path)}</code> &middot; ${escapeHtml(where)}</div>
          <div class="desc">${escapeHtml(c.description)}</div>
        </td>
        <td><span class="badge ${escapeHtml(c.expect.verdict)}">${escapeHtml(expectedLabel(c))}</span><div class="meta">${escapeHtml(c.expect.primaryRule ?? '')}${hidden}</div></td>
        <td><button type="button" data-run="${id}">Run</button></td>
        <td class="result" data-result="${id}"><span class="idle">not run</span></td>
      </tr>`;
}

export function renderDemoPage(opts: DemoPageOptions): string {
  const config = {
    apiOrigin: opts.apiOrigin,
    refusedOrigin: opts.refusedOrigin,
    cookie: DEMO_COOKIE,
    cases: opts.cases.map((c) => ({ id: c.id, request: c.request })),
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CORS X-Ray demo app</title>
<style>
  :root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa; --accent: #0969da; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fff; }
  header { padding: 20px 28px 14px; border-bottom: 1px solid var(--line); background: var(--bg); }
  h1 { margin: 0 0 4px; font-size: 20px; }
  header p { margin: 0; color: var(--muted); }
  .bar { display: flex; gap: 12px; align-items: center; margin-top: 12px; flex-wrap: wrap; }
  main { padding: 12px 28px 32px; }
  table { width: 100%; border-collapse: collapse; }
  th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; padding: 8px; border-bottom: 1px solid var(--line); }
  td { padding: 10px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  td.num { color: var(--muted); width: 2em; }
  .title { font-weight: 600; }
  .meta { color: var(--muted); font-size: 12px; margin-top: 2px; }
  .desc { margin-top: 4px; max-width: 62em; }
  code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--bg); padding: 1px 4px; border-radius: 4px; }
  button { font: inherit; padding: 5px 14px; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: pointer; }
  button:hover { border-color: var(--accent); color: var(--accent); }
  button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
  button.primary:hover { filter: brightness(1.08); color: #fff; }
  button:disabled { opacity: .5; cursor: default; }
  .badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; }
  .badge.ok { background: #dafbe1; color: #116329; }
  .badge.cors-blocked { background: #ffebe9; color: #a40e26; }
  .badge.not-cors { background: #fff8c5; color: #7d4e00; }
  .result { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; min-width: 16em; }
  .result .good { color: #116329; }
  .result .bad { color: #a40e26; }
  .result .idle { color: var(--muted); }
  #summary { color: var(--muted); }
  .origins { font-size: 12px; color: var(--muted); }
</style>
</head>
<body>
<header>
  <h1>CORS X-Ray demo app</h1>
  <p>Each button makes one request the way a web app would. The result column shows all the page's JavaScript ever learns; open DevTools &rarr; CORS X-Ray to see why.</p>
  <div class="bar">
    <button type="button" class="primary" id="run-all">Run all</button>
    <span id="summary"></span>
  </div>
  <div class="origins">API: <code>${escapeHtml(opts.apiOrigin)}</code> &middot; closed port: <code>${escapeHtml(opts.refusedOrigin)}</code></div>
</header>
<main>
  <table>
    <thead><tr><th>#</th><th>Case</th><th>Expected</th><th></th><th>What the page saw</th></tr></thead>
    <tbody>${opts.cases.map(row).join('')}
    </tbody>
  </table>
</main>
<script id="demo-config" type="application/json">${scriptJson(config)}</script>
<script>
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('demo-config').textContent);
  var byId = {};
  config.cases.forEach(function (c) { byId[c.id] = c; });
  var counter = 0;

  function baseFor(target) {
    if (target === 'refused') return config.refusedOrigin;
    if (target === 'app') return location.origin;
    return config.apiOrigin;
  }

  function freshUrl(c) {
    counter += 1;
    var run = counter + '-' + Math.random().toString(36).slice(2, 8);
    return baseFor(c.request.target || 'api') + c.request.path + '?run=' + run;
  }

  function show(id, result) {
    var cell = document.querySelector('[data-result="' + CSS.escape(id) + '"]');
    if (!cell) return;
    var span = document.createElement('span');
    if (result.error) {
      span.className = 'bad';
      span.textContent = result.error;
    } else {
      span.className = result.ok ? 'good' : 'bad';
      span.textContent = 'HTTP ' + result.status + (result.ok ? ' (readable)' : ' (readable error)');
    }
    cell.replaceChildren(span);
  }

  async function runCase(id) {
    var c = byId[id];
    if (!c) throw new Error('unknown case: ' + id);
    var req = c.request;
    if (req.credentials === 'include') document.cookie = config.cookie + '; path=/';
    var init = { method: req.method, mode: 'cors', cache: 'no-store' };
    if (req.headers) init.headers = req.headers;
    if (req.body !== undefined) init.body = req.body;
    if (req.credentials) init.credentials = req.credentials;
    var result;
    try {
      var res = await fetch(freshUrl(c), init);
      try { await res.text(); } catch (e) { /* body not needed */ }
      result = { id: id, ok: res.ok, status: res.status };
    } catch (err) {
      result = { id: id, ok: false, error: String(err) };
    }
    show(id, result);
    return result;
  }

  async function runAll() {
    var results = [];
    for (var i = 0; i < window.CASE_IDS.length; i++) results.push(await runCase(window.CASE_IDS[i]));
    return results;
  }

  window.CASE_IDS = config.cases.map(function (c) { return c.id; });
  window.runCase = runCase;
  window.runAll = runAll;

  function setBusy(busy) {
    document.querySelectorAll('button').forEach(function (b) { b.disabled = busy; });
  }

  document.addEventListener('click', async function (event) {
    var target = event.target;
    if (!(target instanceof HTMLButtonElement)) return;
    if (target.id === 'run-all') {
      setBusy(true);
      var summary = document.getElementById('summary');
      summary.textContent = 'Running...';
      try {
        var results = await runAll();
        var failed = results.filter(function (r) { return r.error; }).length;
        summary.textContent = results.length + ' requests: ' + (results.length - failed) + ' readable, ' + failed + ' failed with "Failed to fetch"';
      } finally { setBusy(false); }
    } else if (target.dataset.run) {
      setBusy(true);
      try { await runCase(target.dataset.run); } finally { setBusy(false); }
    }
  });

  document.body.dataset.ready = 'true';
})();
</script>
</body>
</html>
`;
}
