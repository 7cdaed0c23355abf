/**
 * The CLI's plain-text rendering of an analysis: a summary line, then one block per failing pair —
 * in full for the first of its kind, one line for a repeat of it, listed under it (every block in
 * full with --each; passing pairs too with --all). It formats the shared report view model
 * (report/model.ts), the same one the Markdown and HTML exports and the panel use; it decides
 * nothing itself.
 *
 * Every value it prints goes through forTerminal (report/escape.ts): a control character, bidi
 * control or line break inside a value is written out visibly (\x1b, \u202e, \n), so a hostile
 * HAR or server can neither drive the terminal nor forge a line of the output.
 */
import type { Analysis, ExchangeResult, LegSummary } from '../engine/schema';
import { forTerminal as T } from '../report/escape';
import { buildReportView, causeOf, countsLine, verdictLineOf, type ReportView } from '../report/model';
import { withoutQuery } from '../shared/url';
import type { Style } from './style';

export interface TextOptions {
  /** Include passing pairs (one line each). */
  all: boolean;
  /**
   * Every failing pair in full. Otherwise a repeat of an earlier failure (same route, same result:
   * see failureKey) is one line under that failure's block, which says how often and when: a
   * capture of a polling or retrying page repeats one failure thousands of times.
   */
  each?: boolean;
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

type Colour = (s: string) => string;
const plain: Colour = (s) => s;

/**
 * One kind of labelled field (a label and a colour): the text wraps under the value column.
 * Nothing is kept between calls: a same-process A/B on the 100 MB bench HAR (render only, CPU,
 * load 8-10) measured the memos this renderer had (rendered fields, code, composed lines, clock)
 * at 916 ms with them and 851 ms without for the default text output (Markdown 1384 vs 1351).
 *
 * The field renders a text as its lines, joined with "\n" (no trailing newline). The text goes
 * through forTerminal unless `safe` says its values already did (it holds the style's own colour
 * sequences).
 */
function field(label: string, colour: Colour, style: Style, wrapWidth: number): (text: string, safe?: boolean) => string {
  const head = `  ${style.dim(label.padEnd(LABEL_WIDTH))}`;
  return (text, safe = false) =>
    head +
    wrap(safe ? text : T(text), wrapWidth)
      .map((l) => colour(l))
      .join('\n' + VALUE_PAD);
}

const VALUE_PAD = ' '.repeat(2 + LABEL_WIDTH);

/** Lines shown verbatim (code, headers), indented under the value column. */
function verbatim(lines: readonly string[], colour: Colour): string {
  let out = '';
  for (const l of lines) out += '\n' + VALUE_PAD + colour(l);
  return out;
}

/** How the strings of a pair that is not rendered in full are shown (the CLI passes its redactor's). */
interface ShownFields {
  url: (u: string) => string;
  text: (s: string) => string;
}

const AS_RECORDED: ShownFields = { url: (u) => u, text: (s) => s };

/** Renders report blocks for one output (one style, one width). */
class BlockRenderer {
  private readonly f;
  constructor(
    private readonly style: Style,
    width: number,
  ) {
    const w = Math.max(30, width - VALUE_PAD.length);
    const make = (label: string, colour: Colour = plain) => field(label, colour, style, w);
    this.f = {
      legs: make('Legs'),
      origin: make('Page origin'),
      hidden: make('Hidden status', style.yellow),
      hiddenAbsent: make('Hidden status'),
      gateway: make('Gateway'),
      credentials: make('Credentials'),
      cause: make('Cause'),
      console: make('Console said'),
      dimmed: make('', style.dim),
      unlabelled: make(''),
      evidence: make('Evidence'),
      fix: make('Fix', style.cyan),
      otherFixes: make('Other fixes', style.dim),
      also: make('Also'),
      reveal: make('Reveal'),
      repeated: make('Repeated', style.dim),
    };
  }

  /**
   * "811 more times on /orders/{id} with the same result (09:00:03–09:14:51 UTC)": the other
   * members of a block's group, each then on a line of its own (repeatLines). The route is named
   * when their paths are not all the block's.
   */
  repeatLine(first: ExchangeResult, more: readonly ExchangeResult[], shown: ShownFields): string {
    let from = Infinity;
    let to = -Infinity;
    const path = withoutQuery(first.url);
    let samePath = true;
    for (const ex of more) {
      const t = startedOf(ex);
      if (t !== null) {
        from = Math.min(from, t);
        to = Math.max(to, t);
      }
      samePath &&= withoutQuery(ex.url) === path;
    }
    const times = more.length === 1 ? 'once more' : `${more.length} more times`;
    const where = samePath ? '' : ` on ${pathPart(shown.url(routeOf(first.url)))}`;
    const span = from === Infinity ? '' : from === to ? ` (at ${utc(from)} UTC)` : ` (${utc(from)}–${utc(to)} UTC)`;
    const list = more.length === 1 ? 'listed below' : 'each listed below';
    return '\n' + this.f.repeated(`${times}${where} with the same result${span}, ${list}; --each shows them in full`);
  }

  /**
   * One line per repeat of a block: its verdict line (its own URL and headline), when it started,
   * and that its cause and fix are the block's.
   */
  repeatLines(more: readonly ExchangeResult[], shown: ShownFields): string {
    const { style } = this;
    let out = '';
    for (const ex of more) {
      const colour = verdictColour(style, ex.verdict);
      const method = T(shown.text(ex.method));
      const headline = T(shown.text(ex.headline));
      const url = T(shown.url(ex.url));
      const line = verdictLineOf(ex.verdict, method, url, causeOf(ex.verdict, headline));
      const t = startedOf(ex);
      out += `\n${colour('✗')} ${line}${style.dim(t === null ? ' · same cause and fix as above' : ` · ${utc(t)} UTC · same cause and fix as above`)}`;
    }
    return out;
  }

  /** One failing pair's block (no trailing newline). */
  block(view: ReportView, ex: ExchangeResult): string {
    const { style, f } = this;
    const colour = verdictColour(style, view.verdict);
    let out = `${colour(view.symbol)} ${style.bold(T(view.verdictLine))}`;
    out += '\n' + f.legs(view.legsLine);
    if (view.origin) out += '\n' + f.origin(view.origin);
    if (view.hidden) {
      out += '\n' + f.hidden(view.hidden.label);
      if (view.hidden.note) out += '\n' + f.dimmed(view.hidden.note);
    } else if (view.hiddenAbsentReason) {
      out += '\n' + f.hiddenAbsent(view.hiddenAbsentReason);
    }
    if (view.gatewayLabel) out += '\n' + f.gateway(view.gatewayLabel);
    out += '\n' + f.credentials(view.credentialsLine);
    if (view.console) {
      out += '\n' + f.console(view.console.text);
      out += '\n' + f.dimmed(view.console.note);
    }
    out += '\n' + f.cause(view.explanation);
    // "rule x · observed, confidence certain · docs/…", as a line of its own.
    const meta = [view.ruleId && `rule ${view.ruleId}`, view.confidenceLine, view.docs].filter(Boolean).join(' · ');
    if (meta) out += '\n' + f.dimmed(meta);
    const evidence = view.decisiveHeaders.filter((h) => h.highlight);
    evidence.forEach((h, i) => {
      const value = h.value === null ? style.red('(absent)') : T(h.value);
      const line = `${h.place}: ${T(h.name)}: ${value}${h.why ? style.dim(` — ${T(h.why)}`) : ''}`;
      out += '\n' + (i === 0 ? f.evidence : f.unlabelled)(line, true);
    });
    if (view.fix) {
      out += '\n' + f.fix(`${view.fix.title} [${view.fix.stack}]`);
      // The code, indented two more columns.
      out += verbatim(
        view.fix.code
          .replace(/\n+$/, '')
          .split('\n')
          .map((l) => `  ${T(l)}`),
        plain,
      );
      if (view.otherFixStacks.length) out += '\n' + f.otherFixes(`${view.otherFixStacks.join(', ')} (choose with --stack "<name>")`);
    }
    view.others.forEach((o, i) => (out += '\n' + (i === 0 ? f.also : f.unlabelled)(`${o.title} (${o.rule}, ${o.severity})`)));
    const reveal = ex.reveal;
    if (reveal) {
      out += '\n' + f.reveal(reveal.note);
      out += verbatim(
        reveal.commands.map((c) => `$ ${T(c)}`),
        style.cyan,
      );
    }
    return out;
  }
}

/** "09:14:51" (UTC). */
function utc(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(11, 19);
}

function verdictColour(style: Style, v: ExchangeResult['verdict']): (s: string) => string {
  return v === 'ok' ? style.green : v === 'cors-blocked' ? style.red : style.yellow;
}

/** "/orders/{id}" of "https://api.example.com/orders/{id}" (the block's first line names the host). */
function pathPart(url: string): string {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  return slash === -1 ? url : url.slice(slash);
}

/** When a pair started (its actual request, else its preflight), epoch ms; null when unknown. */
function startedOf(ex: ExchangeResult): number | null {
  const t = ex.actual?.startedMs || ex.preflight?.startedMs || 0;
  return t > 0 ? t : null;
}

function legKey(leg: LegSummary | null): string {
  return leg ? `${leg.status}${leg.sent ? '' : '-'}${leg.error ?? ''}` : 'none';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_ID = /^[0-9a-f]{16,}$/i;
const TOKEN_ID = /^(?=[^/]*\d)[A-Za-z0-9_-]{20,}$/;

/**
 * A URL without its query, with the path segments that look like record ids (numbers, UUIDs, long
 * hex or token-like strings) written "{id}": /orders/1042 and /orders/1043 are one route.
 */
export function routeOf(url: string): string {
  const base = withoutQuery(url);
  const start = base.indexOf('/', base.indexOf('//') + 2);
  if (start === -1) return base;
  const path = base.slice(start).split('/');
  return base.slice(0, start) + path.map((seg) => (/^\d+$/.test(seg) || UUID.test(seg) || HEX_ID.test(seg) || TOKEN_ID.test(seg) ? '{id}' : seg)).join('/');
}

/**
 * What makes two failures "the same" for the text output: the route (method, URL without query,
 * ids as {id}), the page origin and credentials, and the result: each leg's status, the verdict,
 * the hidden status, the gateway, the Fetch checks that did not pass and the findings' rules (the
 * headline when no rule spoke). The block shows the first one; its explanation's details (a burst
 * count, a request id in a URL) are that one's.
 */
function failureKey(ex: ExchangeResult): string {
  const h = ex.hiddenStatus;
  return JSON.stringify([
    ex.verdict,
    ex.method,
    routeOf(ex.url),
    ex.origin,
    ex.credentials.value,
    legKey(ex.preflight),
    legKey(ex.actual),
    ex.blockedLeg,
    h && [h.status, h.leg, h.basis, h.confidence],
    ex.gateway,
    (ex.checks ?? []).filter((c) => c.outcome !== 'pass').map((c) => [c.id, c.leg, c.outcome, c.detail]),
    ex.findings.length ? ex.findings.map((f) => [f.rule, f.severity, f.confidence, f.basis]) : ex.headline,
  ]);
}

/** First failing pair of each group → the later members of its group, in capture order. */
function groupFailures(exchanges: readonly ExchangeResult[]): Map<ExchangeResult, ExchangeResult[]> {
  const byKey = new Map<string, ExchangeResult[]>();
  const groups = new Map<ExchangeResult, ExchangeResult[]>();
  for (const ex of exchanges) {
    if (ex.verdict === 'ok') continue;
    const k = failureKey(ex);
    const more = byKey.get(k);
    if (more) more.push(ex);
    else {
      const list: ExchangeResult[] = [];
      byKey.set(k, list);
      groups.set(ex, list);
    }
  }
  return groups;
}

function okLine(view: ReportView, style: Style): string {
  const note = view.legsLine ? style.dim(`  (${T(view.legsLine)})`) : '';
  return `${style.green(view.symbol)} ${T(view.method)} ${T(view.url)} — ${T(view.headline) || 'OK'}${note}`;
}

/**
 * The text output in pieces: the summary line, then one piece per shown pair (a failing pair's full
 * block, followed by one line for each later repeat of it; with --each a full block for every
 * failing pair; passing pairs too with --all), then the notes. `part` gives what to render of each
 * pair shown in full (the CLI passes its redacted report part); it runs just before the pair is
 * rendered, so nothing is held for the whole capture. A repeat's line shows only its URL, method
 * and headline, through `shown`. Joined, the pieces are renderText's string.
 */
export function* textChunks(
  a: Analysis,
  opts: TextOptions,
  part?: (ex: ExchangeResult) => ExchangeResult,
  shown: ShownFields = AS_RECORDED,
): Generator<string> {
  const { style } = opts;
  const width = opts.width ?? 100;
  const viewOpts = opts.stack ? { stack: opts.stack } : {};
  // The counts line always describes the whole capture, whatever is shown below it.
  let head = style.bold(`CORS X-Ray: ${countsLine(a.summary)}`);
  if (a.summary.corsBlocked + a.summary.notCors === 0 && !opts.all) {
    head += '\n' + style.green('No failing request in this capture.') + style.dim(' (--all lists every request)');
  }
  const groups = opts.each ? null : groupFailures(a.exchanges);
  let failing = 0;
  if (groups) for (const more of groups.values()) failing += 1 + more.length;
  if (groups && groups.size < failing) {
    head +=
      '\n' +
      style.dim(
        `${failing} failures, ${groups.size} distinct: a repeat of a request (or of a route, with another record id) with the same result gets one line under the first one's block (--each shows each in full).`,
      );
  }
  yield head;
  const blocks = new BlockRenderer(style, width);
  for (const ex of a.exchanges) {
    if (ex.verdict === 'ok' && !opts.all) continue;
    const more = groups && ex.verdict !== 'ok' ? groups.get(ex) : undefined;
    // A later member of a group: it has its line under its group's first block.
    if (groups && ex.verdict !== 'ok' && !more) continue;
    const rendered = part ? part(ex) : ex;
    const view = buildReportView(rendered, viewOpts);
    if (view.verdict === 'ok') yield '\n\n' + okLine(view, style);
    else yield '\n\n' + blocks.block(view, rendered) + (more?.length ? blocks.repeatLine(ex, more, shown) + blocks.repeatLines(more, shown) : '');
  }
  let tail = '';
  if (a.notes.length) {
    tail += '\n\n' + style.dim('Notes:');
    for (const n of a.notes) wrap(T(n), width - 4).forEach((l, i) => (tail += (i === 0 ? '\n  - ' : '\n    ') + l));
  }
  yield tail + '\n';
}

export function renderText(a: Analysis, opts: TextOptions): string {
  return [...textChunks(a, opts)].join('');
}

/** Headers and body of one leg, for the probe's detailed output. */
export function legDetail(leg: LegSummary, style: Style, opts: { bodyLimit: number }): string[] {
  const out: string[] = [];
  out.push(style.dim('  request headers:'));
  for (const h of leg.requestHeaders) out.push(`    ${T(h.name)}: ${T(h.value)}`);
  if (leg.status === 0) {
    out.push(style.dim('  response: ') + (leg.error ? style.red(T(leg.error)) : 'none'));
    return out;
  }
  out.push(style.dim('  response headers:'));
  for (const h of leg.responseHeaders) {
    const decisive = h.name.toLowerCase().startsWith('access-control-');
    out.push(`    ${decisive ? style.cyan(T(h.name)) : T(h.name)}: ${T(h.value)}`);
  }
  out.push(...bodyLines(leg.body, style, opts.bodyLimit));
  return out;
}

function bodyLines(body: string | null, style: Style, limit: number): string[] {
  if (body === null || body === '') return [style.dim('  body: (empty)')];
  const cut = body.length > limit;
  const shown = cut ? body.slice(0, limit) : body;
  const lines = [style.dim(`  body (${body.length} characters${cut ? `, first ${limit} shown` : ''}):`)];
  // The body's own lines stay lines (indented under the heading); anything else in them is escaped.
  for (const l of shown.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n')) lines.push(`    ${T(l)}`);
  return lines;
}
