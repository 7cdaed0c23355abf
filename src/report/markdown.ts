/**
 * Markdown report: pastes cleanly into GitHub, GitLab and Jira, and reads as plain text.
 * Untrusted strings go through mdText / mdCode / mdFence (see escape.ts).
 */
import type { Analysis } from '../engine/schema';
import { clip, mdCellCode, mdCode, mdFence, mdText, visibleControls } from './escape';
import {
  AS_IS,
  PRODUCT,
  buildReportView,
  prepare,
  summaryHead,
  summaryRow,
  type RenderOptions,
  type ReportView,
  type DecisiveHeaderView,
  type PartOf,
  type SummaryRow,
} from './model';

interface MarkdownOptions extends RenderOptions {
  /** 'auto' (default): one report when exactly one id is given, else the summary with every report. */
  mode?: 'auto' | 'single' | 'summary';
}

const LEG_TITLE = { preflight: 'Preflight', actual: 'Actual' } as const;

function headerBlock(headers: DecisiveHeaderView[], view: ReportView): string {
  const lines: string[] = [];
  let group = '';
  const width = Math.min(48, Math.max(0, ...headers.map((h) => h.name.length + 2 + (h.value ?? '(absent)').length)));
  for (const h of headers) {
    const g = `${h.leg}|${h.direction}`;
    if (g !== group) {
      group = g;
      const leg = view.legs.find((l) => l.leg === h.leg);
      const status = h.direction === 'response' && leg && leg.status ? ` (${leg.status})` : '';
      lines.push(`# ${LEG_TITLE[h.leg]} ${h.direction}${status}`);
    }
    const text = `${visibleControls(h.name)}: ${h.value === null ? '(absent)' : clip(visibleControls(h.value), 500)}`;
    const mark = h.highlight ? `  <-- ${visibleControls(h.why || 'decisive')}` : '';
    lines.push(mark ? text.padEnd(width) + mark : text);
  }
  return mdFence(lines.join('\n'), 'http');
}

/** The Markdown for one exchange (already prepared: redacted/selected by the caller). */
export function renderReportMarkdown(view: ReportView, level = 3): string {
  const h = '#'.repeat(level);
  const out: string[] = [];
  out.push(`${h} ${view.symbol} ${view.kind}${view.verdict === 'ok' ? '' : ' — real cause: ' + mdText(view.cause)}`);
  out.push('');
  out.push(`**Request:** ${mdCode(`${view.method} ${clip(view.url, 500)}`)}`);
  out.push('');
  const facts: string[] = [];
  if (view.hidden) facts.push(`**Hidden status:** ${mdText(view.hidden.label)}${view.hidden.note ? ' — ' + mdText(view.hidden.note) : ''}`);
  else if (view.hiddenAbsentReason) facts.push(`**Hidden status:** none — ${mdText(view.hiddenAbsentReason)}`);
  if (view.legs.length) facts.push(`**Legs:** ${mdCode(view.legsLine)}`);
  for (const l of view.legs) if (l.failure) facts.push(`**Failed at:** ${l.label.toLowerCase()}, ${mdText(l.failure)}`);
  if (view.origin || view.targetOrigin) {
    facts.push(`**Page origin:** ${view.origin ? mdCode(view.origin) : 'unknown'} → **target:** ${mdCode(view.targetOrigin || '?')}`);
  }
  if (view.gatewayLabel) facts.push(`**Detected stack:** ${mdText(view.gatewayLabel)}`);
  facts.push(`**Credentials:** ${mdText(view.credentialsLine)}`);
  if (view.confidenceLine) facts.push(`**Finding:** ${mdText(view.confidenceLine)}`);
  out.push(...facts.map((f) => `- ${f}`));
  out.push('');
  if (view.console) {
    out.push(`**What the console said** — ${mdText(view.console.note)}`);
    out.push('');
    out.push(mdFence(view.console.text, 'text'));
    out.push('');
  }
  if (view.decisiveHeaders.length) {
    out.push('**Decisive headers**');
    out.push('');
    out.push(headerBlock(view.decisiveHeaders, view));
    out.push('');
  }
  out.push('**Why**');
  out.push('');
  out.push(mdText(clip(view.explanation, 4000)));
  out.push('');
  if (view.fix) {
    out.push(`**Fix (${mdText(view.fix.stack)}): ${mdText(view.fix.title)}**`);
    out.push('');
    out.push(mdFence(view.fix.code, view.fix.lang));
    out.push('');
    if (view.otherFixStacks.length) {
      out.push(`Also available for: ${view.otherFixStacks.map(mdText).join(', ')}.`);
      out.push('');
    }
  }
  if (view.others.length) {
    out.push('**Other findings**');
    out.push('');
    for (const f of view.others) out.push(`- ${mdText(f.title)} (${mdCode(f.rule)}, ${f.severity}, ${f.confidence})`);
    out.push('');
  }
  const foot = [PRODUCT];
  if (view.ruleId) foot.push(`rule ${mdCode(view.ruleId)}`);
  if (view.docs) foot.push(mdText(view.docs));
  foot.push(`pair ${mdText(view.id)}`);
  out.push(`_${foot.join(' · ')}_`);
  return out.join('\n');
}

function summaryRowMarkdown(r: SummaryRow): string {
  const verdict = r.verdict === 'ok' ? '✓ ok' : r.verdict === 'not-cors' ? '✗ not CORS' : '✗ CORS';
  return `| ${mdText(r.id)} | ${verdict} | ${mdCellCode(`${r.method} ${clip(r.url, 200)}`)} | ${mdCellCode(r.legsLine)} | ${mdText(r.hidden)} | ${mdText(r.headline)}${r.ruleId ? ' ' + mdCellCode(r.ruleId) : ''} |`;
}

/**
 * Markdown for an analysis already prepared (selected, redacted), a piece at a time: one id → that
 * exchange's report; otherwise (or mode 'summary') the "all failures" summary: a table, then one
 * report per row. Each exchange is made into its part (`part`) and rendered just before its piece
 * is yielded, once for its row and once for its report, so nothing is held for the whole capture.
 */
export function* markdownChunks(a: Analysis, opts: Omit<MarkdownOptions, 'redact'> = {}, part: PartOf = AS_IS): Generator<string> {
  const mode = opts.mode ?? 'auto';
  const single = mode === 'single' || (mode === 'auto' && opts.ids?.length === 1);
  const viewOpts = opts.stack ? { stack: opts.stack } : {};
  if (single) {
    const ex = opts.ids ? a.exchanges.find((e) => e.id === opts.ids![0]) : a.exchanges[0];
    yield ex ? renderReportMarkdown(buildReportView(part(ex), viewOpts)) + '\n' : `_${PRODUCT}: no such request in this capture._\n`;
    return;
  }
  const s = summaryHead(a, opts.ids ? { ids: opts.ids } : {});
  yield `## ${mdText(s.title)}\n\n${mdText(s.countsLine)}\n\n`;
  if (s.exchanges.length) {
    yield '| Pair | Verdict | Request | Legs | Hidden status | Real cause |\n|---|---|---|---|---|---|';
    for (const ex of s.exchanges) {
      const shown = part(ex);
      yield '\n' + summaryRowMarkdown(summaryRow(shown, buildReportView(shown, viewOpts)));
    }
  } else {
    yield 'No failing requests in this capture.';
  }
  for (const ex of s.exchanges) yield '\n\n---\n\n' + renderReportMarkdown(buildReportView(part(ex), viewOpts), 3);
  let tail = '';
  if (s.notes.length) {
    tail += '\n\n**Capture notes**\n';
    for (const n of s.notes) tail += `\n- ${mdText(clip(n, 500))}`;
  }
  yield `${tail}\n\n_${mdText(s.generator)}_\n`;
}

/**
 * Markdown for an analysis. Redacted unless `redact: false`. One id → that exchange's report;
 * otherwise (or mode 'summary') the "all failures" summary with a table and every report.
 */
export function renderMarkdown(analysis: Analysis, opts: MarkdownOptions = {}): string {
  const a = prepare(analysis, opts);
  return [...markdownChunks(a, opts)].join('');
}
