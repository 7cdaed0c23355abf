/**
 * The CLI's plain-text rendering of an analysis: a summary line, then one block per failing pair
 * (every pair with --all). It formats the shared report view model (report/model.ts), the same
 * one the Markdown and HTML exports and the panel use; it decides nothing itself.
 */
import type { Analysis, ExchangeResult, LegSummary } from '../engine/schema';
import { buildReportView, buildSummaryView, type ReportView } from '../report/model';
import type { Style } from './style';

export interface TextOptions {
  /** Include passing pairs (one line each). */
  all: boolean;
  style: Style;
  /** Preferred fix stack ("Terraform", "CDK", ...). */
  stack?: string;
  /** Wrap prose at this many columns. */
  width?: number;
}

const LABEL_WIDTH = 15;

/** Whitespace that wrap() would change: anything but a single inner space. */
const ODD_SPACE = /[^\S ]| {2}|^ | $/;

/** Greedy word wrap; long words (URLs) stay whole. */
export function wrap(text: string, width: number): string[] {
  // Most fields fit on one line with single spaces: nothing to split or rejoin.
  if (text.length <= width && !ODD_SPACE.test(text)) return [text];
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}

class Block {
  readonly lines: string[] = [];
  constructor(
    private readonly style: Style,
    private readonly width: number,
  ) {}
  /** A labelled field; the text wraps under the value column. */
  field(label: string, text: string, colour: (s: string) => string = (s) => s): void {
    const pad = ' '.repeat(2 + LABEL_WIDTH);
    const lines = wrap(text, Math.max(30, this.width - pad.length));
    lines.forEach((l, i) => {
      const head = i === 0 ? `  ${this.style.dim(label.padEnd(LABEL_WIDTH))}` : pad;
      this.lines.push(`${head}${colour(l)}`);
    });
  }
  /** Lines shown verbatim (code, headers), indented under the value column. */
  verbatim(lines: string[], colour: (s: string) => string = (s) => s): void {
    const pad = ' '.repeat(2 + LABEL_WIDTH);
    for (const l of lines) this.lines.push(`${pad}${colour(l)}`);
  }
}

function verdictColour(style: Style, v: ExchangeResult['verdict']): (s: string) => string {
  return v === 'ok' ? style.green : v === 'cors-blocked' ? style.red : style.yellow;
}

function reportBlock(view: ReportView, ex: ExchangeResult, opts: TextOptions, width: number): string[] {
  const { style } = opts;
  const b = new Block(style, width);
  const colour = verdictColour(style, view.verdict);
  b.lines.push(`${colour(view.symbol)} ${style.bold(view.verdictLine)}`);
  b.field('Legs', view.legsLine);
  if (view.origin) b.field('Page origin', view.origin);
  if (view.hidden) {
    b.field('Hidden status', view.hidden.label, style.yellow);
    if (view.hidden.note) b.field('', view.hidden.note, style.dim);
  } else if (view.hiddenAbsentReason) {
    b.field('Hidden status', view.hiddenAbsentReason);
  }
  if (view.gatewayLabel) b.field('Gateway', view.gatewayLabel);
  b.field('Credentials', view.credentialsLine);
  b.field('Cause', view.explanation);
  const meta = [view.ruleId ? `rule ${view.ruleId}` : null, view.confidenceLine, view.docs].filter(Boolean).join(' · ');
  if (meta) b.field('', meta, style.dim);
  const highlighted = view.decisiveHeaders.filter((h) => h.highlight);
  for (const [i, h] of highlighted.entries()) {
    const where = h.leg === 'preflight' ? `preflight ${h.direction}` : h.direction;
    const value = h.value === null ? style.red('(absent)') : h.value;
    b.field(i === 0 ? 'Evidence' : '', `${where}: ${h.name}: ${value}${h.why ? style.dim(` — ${h.why}`) : ''}`);
  }
  if (view.fix) {
    b.field('Fix', `${view.fix.title} [${view.fix.stack}]`, style.cyan);
    b.verbatim(view.fix.code.replace(/\n+$/, '').split('\n').map((l) => `  ${l}`));
    if (view.otherFixStacks.length) {
      b.field('Other fixes', `${[...new Set(view.otherFixStacks)].join(', ')} (choose with --stack "<name>")`, style.dim);
    }
  }
  for (const [i, f] of view.others.entries()) b.field(i === 0 ? 'Also' : '', `${f.title} (${f.rule}, ${f.severity})`);
  if (ex.reveal) {
    b.field('Reveal', ex.reveal.note);
    b.verbatim(ex.reveal.commands.map((c) => `$ ${c}`), style.cyan);
  }
  return b.lines;
}

function okLine(view: ReportView, style: Style): string {
  const note = view.legsLine ? style.dim(`  (${view.legsLine})`) : '';
  return `${style.green(view.symbol)} ${view.method} ${view.url} — ${view.headline || 'OK'}${note}`;
}

export function renderText(a: Analysis, opts: TextOptions): string {
  const { style } = opts;
  const width = opts.width ?? 100;
  const ids = opts.all ? a.exchanges.map((e) => e.id) : undefined;
  const view = buildSummaryView(a, { ...(ids ? { ids } : {}), ...(opts.stack ? { stack: opts.stack } : {}) });
  const byId = new Map(a.exchanges.map((e) => [e.id, e] as const));
  const out: string[] = [];
  // The counts line always describes the whole capture, whatever is shown below it.
  const whole = opts.all ? buildSummaryView(a).countsLine : view.countsLine;
  out.push(style.bold(`CORS X-Ray: ${whole}`));
  if (a.summary.corsBlocked + a.summary.notCors === 0 && !opts.all) {
    out.push(style.green('No failing request in this capture.') + style.dim(' (--all lists every request)'));
  }
  for (const report of view.reports) {
    const ex = byId.get(report.id)!;
    out.push('');
    if (report.verdict === 'ok') out.push(okLine(report, style));
    else out.push(...reportBlock(report, ex, opts, width));
  }
  if (view.notes.length) {
    out.push('', style.dim('Notes:'));
    for (const n of view.notes) out.push(...wrap(n, width - 4).map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)));
  }
  return out.join('\n') + '\n';
}

/** Headers and body of one leg, for the probe's detailed output. */
export function legDetail(leg: LegSummary, style: Style, opts: { bodyLimit: number }): string[] {
  const out: string[] = [];
  out.push(style.dim('  request headers:'));
  for (const h of leg.requestHeaders) out.push(`    ${h.name}: ${h.value}`);
  if (leg.status === 0) {
    out.push(style.dim('  response: ') + (leg.error ? style.red(leg.error) : 'none'));
    return out;
  }
  out.push(style.dim('  response headers:'));
  for (const h of leg.responseHeaders) {
    const decisive = h.name.toLowerCase().startsWith('access-control-');
    out.push(`    ${decisive ? style.cyan(h.name) : h.name}: ${h.value}`);
  }
  out.push(...bodyLines(leg.body, style, opts.bodyLimit));
  return out;
}

export function bodyLines(body: string | null, style: Style, limit: number): string[] {
  if (body === null || body === '') return [style.dim('  body: (empty)')];
  const cut = body.length > limit;
  const shown = cut ? body.slice(0, limit) : body;
  const lines = [style.dim(`  body (${body.length} characters${cut ? `, first ${limit} shown` : ''}):`)];
  for (const l of shown.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n')) lines.push(`    ${l}`);
  return lines;
}
