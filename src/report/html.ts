/**
 * Self-contained HTML report: one file, inline styles, no script, no external request, a strict
 * Content-Security-Policy so that even a rendering bug cannot run or load anything.
 * Every untrusted string goes through escapeHtml.
 */
import type { Analysis } from '../engine/schema';
import { clip, escapeHtml as e } from './escape';
import { AS_IS, PRODUCT, buildReportView, prepare, summaryHead, summaryRow, type PartOf, type RenderOptions, type ReportView, type SummaryRow } from './model';

export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

interface HtmlOptions extends RenderOptions {
  /** 'auto' (default): one report when exactly one id is given, else the summary with every report. */
  mode?: 'auto' | 'single' | 'summary';
  /** Document title (escaped). */
  title?: string;
}

const STYLE = `
:root{--bg:#fff;--fg:#1f1f1f;--muted:#5f6368;--card:#f8f9fa;--border:#dadce0;--bad:#c5221f;--good:#188038;--warn:#b06000;--hl:#fef7e0;--hl-border:#f9ab00;--code:#f1f3f4}
@media (prefers-color-scheme: dark){:root{--bg:#202124;--fg:#e8eaed;--muted:#9aa0a6;--card:#292a2d;--border:#3c4043;--bad:#f28b82;--good:#81c995;--warn:#fdd663;--hl:#3c3419;--hl-border:#fdd663;--code:#1b1b1d}}
*{box-sizing:border-box}
body{margin:0;padding:24px;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.card{max-width:900px;margin:0 auto 24px;border:1px solid var(--border);border-radius:8px;background:var(--card);padding:20px 24px}
h1{font-size:20px;margin:0 0 8px} h2{font-size:17px;margin:0 0 6px} h3{font-size:14px;margin:16px 0 6px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.verdict{font-size:17px;font-weight:600;margin:0 0 6px;overflow-wrap:anywhere}
.bad{color:var(--bad)} .good{color:var(--good)} .muted{color:var(--muted)}
.req{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;overflow-wrap:anywhere}
.legs{display:flex;align-items:stretch;gap:8px;margin:12px 0;flex-wrap:wrap}
.leg{border:1px solid var(--border);border-radius:6px;padding:8px 12px;min-width:180px;background:var(--bg)}
.leg.blocked{border-color:var(--bad);border-width:2px}
.leg.never{border-style:dashed;color:var(--muted)}
.leg .m{font-weight:600} .arrow{align-self:center;color:var(--muted);font-size:20px}
table{border-collapse:collapse;width:100%;font-size:13px}
td,th{border-bottom:1px solid var(--border);padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
.hdr td{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
tr.hl td{background:var(--hl)} tr.hl td:first-child{border-left:3px solid var(--hl-border)}
pre{background:var(--code);border:1px solid var(--border);border-radius:6px;padding:10px 12px;overflow:auto;font-size:12.5px;white-space:pre-wrap;overflow-wrap:anywhere}
.foot{margin-top:14px;font-size:12px;color:var(--muted);display:flex;justify-content:space-between;gap:8px;flex-wrap:wrap}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0} dt{color:var(--muted)} dd{margin:0;overflow-wrap:anywhere}
`;

function legsHtml(v: ReportView): string {
  if (!v.legs.length) return '';
  const parts = v.legs.map((l) => {
    const cls = ['leg', l.blocked ? 'blocked' : '', l.sent ? '' : 'never'].filter(Boolean).join(' ');
    const mark = !l.sent ? '' : l.ok ? '<span class="good"> ✓</span>' : '<span class="bad"> ✗</span>';
    const fail = l.failure ? `<div class="bad">${e(l.failure)}</div>` : '';
    return (
      `<div class="${cls}"><div class="muted">${e(l.label)}</div>` + `<div><span class="m">${e(l.method)}</span> ${e(l.outcome)}${mark}</div>${fail}</div>`
    );
  });
  return `<div class="legs" aria-label="${e(v.legsLine)}">${parts.join('<div class="arrow">→</div>')}</div>`;
}

function headersHtml(v: ReportView): string {
  if (!v.decisiveHeaders.length) return '';
  const rows = v.decisiveHeaders.map((h) => {
    const val = h.value === null ? '<span class="muted">(absent)</span>' : e(clip(h.value, 500));
    return `<tr class="hdr${h.highlight ? ' hl' : ''}"><td>${e(h.place)}</td>` + `<td>${e(h.name)}</td><td>${val}</td><td class="muted">${e(h.why)}</td></tr>`;
  });
  return `<h3>Decisive headers</h3><table><thead><tr><th>Leg</th><th>Header</th><th>Value</th><th>Why</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The HTML fragment for one exchange (a card). */
function renderReportHtmlCard(v: ReportView): string {
  const cls = v.verdict === 'ok' ? 'good' : 'bad';
  const out: string[] = [];
  out.push(`<section class="card" id="${e('report-' + v.id)}">`);
  out.push(`<p class="verdict ${cls}">${e(v.symbol)} ${e(v.kind)}${v.verdict === 'ok' ? '' : ' — real cause: ' + e(v.cause)}</p>`);
  out.push(`<div class="req">${e(v.method)} ${e(clip(v.url, 500))}</div>`);
  out.push('<dl>');
  if (v.hidden) out.push(`<dt>Hidden status</dt><dd><strong>${e(v.hidden.label)}</strong>${v.hidden.note ? ' — ' + e(v.hidden.note) : ''}</dd>`);
  else if (v.hiddenAbsentReason) out.push(`<dt>Hidden status</dt><dd>none — ${e(v.hiddenAbsentReason)}</dd>`);
  out.push(`<dt>Page origin</dt><dd class="req">${e(v.origin ?? 'unknown')} → ${e(v.targetOrigin)}</dd>`);
  if (v.gatewayLabel) out.push(`<dt>Detected stack</dt><dd>${e(v.gatewayLabel)}</dd>`);
  out.push(`<dt>Credentials</dt><dd>${e(v.credentialsLine)}</dd>`);
  if (v.confidenceLine) out.push(`<dt>Finding</dt><dd>${e(v.confidenceLine)}</dd>`);
  out.push('</dl>');
  out.push(legsHtml(v));
  if (v.console) out.push(`<h3>What the console said</h3><pre class="console">${e(v.console.text)}</pre><p class="muted">${e(v.console.note)}</p>`);
  out.push(headersHtml(v));
  out.push(`<h3>Why</h3><p>${e(clip(v.explanation, 4000))}</p>`);
  if (v.fix) {
    out.push(`<h3>Fix — ${e(v.fix.stack)}</h3><p>${e(v.fix.title)}</p><pre><code>${e(v.fix.code, true)}</code></pre>`);
    if (v.otherFixStacks.length) out.push(`<p class="muted">Also available for: ${e(v.otherFixStacks.join(', '))}.</p>`);
  }
  if (v.others.length) {
    out.push(`<h3>Other findings</h3><ul>${v.others.map((f) => `<li>${e(f.title)} <span class="muted">(${e(f.rule)})</span></li>`).join('')}</ul>`);
  }
  out.push(
    `<div class="foot"><span>${e(PRODUCT)}</span><span>${v.ruleId ? 'rule ' + e(v.ruleId) : ''}${v.docs ? ' · ' + e(v.docs) : ''} · pair ${e(v.id)}</span></div>`,
  );
  out.push('</section>');
  return out.join('\n');
}

function pageStart(title: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${e(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '',
  ].join('\n');
}

const PAGE_END = '\n</body>\n</html>\n';

function summaryRowHtml(r: SummaryRow): string {
  const cls = r.verdict === 'ok' ? 'good' : 'bad';
  return (
    `<tr><td>${e(r.id)}</td><td class="${cls}">${e(r.symbol)} ${e(r.verdict)}</td><td class="req">${e(r.method)} ${e(clip(r.url, 200))}</td>` +
    `<td class="req">${e(r.legsLine)}</td><td>${e(r.hidden)}</td><td>${e(r.headline)}${r.ruleId ? ' <span class="muted">(' + e(r.ruleId) + ')</span>' : ''}</td></tr>`
  );
}

/**
 * Self-contained HTML for an analysis already prepared (selected, redacted), a piece at a time:
 * one id → one card; otherwise a summary table plus one card per failing exchange. Each exchange
 * is made into its part and rendered just before its piece is yielded (once for its row, once for
 * its card), so nothing is held for the whole capture.
 */
export function* htmlChunks(a: Analysis, opts: Omit<HtmlOptions, 'redact'> = {}, part: PartOf = AS_IS): Generator<string> {
  const mode = opts.mode ?? 'auto';
  const single = mode === 'single' || (mode === 'auto' && opts.ids?.length === 1);
  const viewOpts = opts.stack ? { stack: opts.stack } : {};
  if (single) {
    const ex = opts.ids ? a.exchanges.find((x) => x.id === opts.ids![0]) : a.exchanges[0];
    yield pageStart(opts.title ?? `${PRODUCT} report`);
    yield ex ? renderReportHtmlCard(buildReportView(part(ex), viewOpts)) : `<p>${e(PRODUCT)}: no such request in this capture.</p>`;
    yield PAGE_END;
    return;
  }
  const s = summaryHead(a, opts.ids ? { ids: opts.ids } : {});
  yield pageStart(opts.title ?? s.title);
  yield `<section class="card"><h1>${e(s.title)}</h1><p class="muted">${e(s.countsLine)}</p>`;
  if (s.exchanges.length) {
    yield '\n<table><thead><tr><th>Pair</th><th>Verdict</th><th>Request</th><th>Legs</th><th>Hidden status</th><th>Real cause</th></tr></thead><tbody>';
    for (const ex of s.exchanges) {
      const shown = part(ex);
      yield '\n' + summaryRowHtml(summaryRow(shown, buildReportView(shown, viewOpts)));
    }
    yield '\n</tbody></table>';
  } else yield '\n<p>No failing requests in this capture.</p>';
  if (s.notes.length) yield `\n<h3>Capture notes</h3><ul>${s.notes.map((n) => `<li>${e(clip(n, 500))}</li>`).join('')}</ul>`;
  yield `\n<div class="foot"><span>${e(PRODUCT)}</span><span>${e(s.generator)}</span></div></section>`;
  for (const ex of s.exchanges) yield '\n' + renderReportHtmlCard(buildReportView(part(ex), viewOpts));
  yield PAGE_END;
}

/**
 * Self-contained HTML for an analysis. Redacted unless `redact: false`. One id → one card;
 * otherwise a summary table plus one card per failing exchange.
 */
export function renderHtml(analysis: Analysis, opts: HtmlOptions = {}): string {
  const a = prepare(analysis, opts);
  return [...htmlChunks(a, opts)].join('');
}
