/**
 * `cors-xray probe <url> --origin <origin>`: do what the browser would do for one fetch(), show
 * both legs as they really went (status, headers, bodies), and explain them with the same
 * analyze() the panel uses.
 */
import { Option, type Command } from 'commander';
import { analyze } from '../engine/analyze';
import { RULES } from '../rules/index';
import { isToken } from '../engine/headers';
import type { Analysis, LegSummary } from '../engine/schema';
import { isForbiddenRequestHeader, SAFELISTED_METHODS } from '../model/fetch-spec';
import type { Header } from '../model/types';
import { forTerminal as T, mdFence } from '../report/escape';
import { renderMarkdown } from '../report/markdown';
import { Redactor } from '../report/redact';
import { CHROMIUM_MAJOR, requestedHeaders } from '../probe/browser';
import { chromiumConsoleLines } from '../probe/console';
import type { RawResult } from '../probe/http';
import { probe, redirectLines, type ProbeOptions, type ProbeResult } from '../probe/probe';
import { NO_REDACT_WARNING, parseFormat, parseStack, renderAnalysis, terminalWidth, writeOut } from './analyze-command';
import { CliError, EXIT } from './errors';
import { colourWanted, makeStyle, type Style } from './style';
import { legDetail, wrap } from './text';

const PROBE_FORMATS = ['text', 'json', 'markdown'] as const;
const DEFAULT_TIMEOUT_MS = 10_000;
const BODY_SHOWN = 2000;

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

function parseUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new CliError(`"${value}" is not a URL. Give the full address, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/prod/orders.`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new CliError(`"${value}" is not an http(s) URL. CORS applies to http:// and https:// requests only.`);
  }
  u.hash = '';
  return u.href;
}

function parseOrigin(value: string): string {
  let u: URL | null = null;
  try {
    u = new URL(value);
  } catch {
    // reported below
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash || u.username) {
    throw new CliError(
      `--origin "${value}" is not an origin. Give the page's origin as scheme://host[:port] with no path, e.g. --origin https://app.example.com (the value of the Origin header your browser sends).`,
    );
  }
  return u.origin;
}

function parseHeader(value: string, previous: Header[] = []): Header[] {
  const colon = value.indexOf(':');
  const name = colon > 0 ? value.slice(0, colon).trim() : '';
  if (!name || !isToken(name)) {
    throw new CliError(`--header "${value}" is not a header. Write it as 'Name: value', e.g. --header 'Authorization: Bearer <token>'.`);
  }
  const headerValue = value.slice(colon + 1).trim();
  if (/[\r\n\0]/.test(headerValue)) throw new CliError(`--header "${name}" has a line break or NUL in its value; that cannot be sent.`);
  return [...previous, { name, value: headerValue }];
}

function parseMethod(value: string): string {
  const m = value.trim().toUpperCase();
  if (!isToken(m)) throw new CliError(`--method "${value}" is not an HTTP method name (e.g. GET, POST, PUT, DELETE, PATCH).`);
  if (m === 'CONNECT' || m === 'TRACE' || m === 'TRACK')
    throw new CliError(`--method ${m}: browsers refuse to send ${m} from fetch(), so there is nothing to probe.`);
  return m;
}

function parseTimeout(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 600_000) {
    throw new CliError(`--timeout "${value}" is not a number of milliseconds between 1 and 600000 (e.g. --timeout 5000).`);
  }
  return n;
}

/** Drop the headers a page's script cannot set (fetch() ignores them), with a warning for each. */
export function scriptHeaders(headers: Header[], credentials: boolean, warn: (msg: string) => void): Header[] {
  const out: Header[] = [];
  for (const h of headers) {
    const n = h.name.toLowerCase();
    if (n === 'cookie') {
      if (!credentials) warn(`--header "Cookie" is only sent with --credentials (fetch(..., {credentials: 'include'})); it is left out.`);
      out.push(h);
      continue;
    }
    if (n === 'origin') {
      warn('--header "Origin" ignored: the browser sets Origin itself; use --origin.');
      continue;
    }
    // The Fetch standard's forbidden list, exactly: Cache-Control and Pragma are the script's to
    // set (they then need a preflight), unlike in a HAR where the browser itself adds them.
    if (isForbiddenRequestHeader(n, h.value)) {
      warn(`--header "${h.name}" ignored: a page's script cannot set it, so the browser would not send it.`);
      continue;
    }
    if (n === 'user-agent') {
      warn(`--header "${h.name}" ignored: Chromium sends its own User-Agent whatever the script sets.`);
      continue;
    }
    out.push(h);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

function rawLeg(r: RawResult, method: string): LegSummary {
  return {
    method,
    url: r.request.url,
    status: r.status,
    statusText: r.statusText,
    error: r.error,
    sent: true,
    requestHeaders: r.request.headers,
    responseHeaders: r.headers,
    body: r.body,
    startedMs: r.startedMs,
    durationMs: r.durationMs,
  };
}

/** Why a body is cut or not shown (limit, deadline, undecodable coding), under the body. */
function bodyNote(r: RawResult, style: Style): string[] {
  return r.bodyNote ? [style.dim(`  ${T(r.bodyNote)}`)] : [];
}

function redactLeg(leg: LegSummary): LegSummary {
  // One redactor: a secret sent in a header is masked in the body too.
  const r = new Redactor();
  const requestHeaders = leg.requestHeaders.map((h) => r.header(h));
  const responseHeaders = leg.responseHeaders.map((h) => r.header(h));
  return { ...leg, requestHeaders, responseHeaders, body: leg.body === null ? null : r.text(leg.body) };
}

/**
 * The legs the probe shows, in order (redacted unless --no-redact): the first preflight (hop -1;
 * its location: any 3xx Location), then each hop of the actual request (its location: the
 * redirect followed from it).
 */
function shownLegs(r: ProbeResult, redact: boolean) {
  const show = (raw: RawResult, method: string) => (redact ? redactLeg(rawLeg(raw, method)) : rawLeg(raw, method));
  const pf = r.preflight;
  const location = pf && pf.status >= 300 && pf.status < 400 ? (pf.headers.find((h) => h.name.toLowerCase() === 'location')?.value ?? null) : null;
  const first = pf ? [{ label: 'Preflight', leg: show(pf, 'OPTIONS'), raw: pf, location, hop: -1 }] : [];
  return first.concat(
    r.hops.map((h, i) => {
      const raw = h.preflight ?? h.response!;
      const label = h.preflight ? 'Preflight (after the redirect)' : i ? 'Redirected request' : 'Request';
      return { label, leg: show(raw, h.preflight ? 'OPTIONS' : h.spec.method), raw, location: h.location, hop: i };
    }),
  );
}

/** The probe's own facts, added to the analysis notes so every format (JSON included) carries them. */
function probeNotes(r: ProbeResult): string[] {
  const notes: string[] = [];
  const { method } = r.options;
  if (r.actual && !r.browserSendsActual) {
    const a = r.actual;
    const answer = a.error ? `it failed with ${a.error}` : `the server answered ${a.status}${a.statusText ? ' ' + a.statusText : ''}`;
    notes.push(`Probe (--send-actual): a browser would never send this ${method}, because its preflight failed. The probe sent it anyway and ${answer}.`);
  }
  if (r.actualSkipped) notes.push(`Probe: the ${method} itself was not sent. ${r.actualSkipped}`);
  for (const line of redirectLines(r)) notes.push(`Probe, redirects: ${line}`);
  return notes;
}

function whyPreflight(r: ProbeResult): string {
  if (!r.crossOrigin) return 'no: same-origin request (CORS does not apply)';
  if (!r.preflightNeeded) return `no: ${r.options.method} with only safelisted headers is a simple request`;
  const reasons: string[] = [];
  if (!SAFELISTED_METHODS.has(r.options.method)) reasons.push(`${r.options.method} is not a simple method`);
  const names = requestedHeaders(r.options);
  if (names.length) reasons.push(`it sends ${names.length > 1 ? 'headers' : 'a header'} outside the CORS safelist (${names.join(', ')})`);
  return `yes: ${reasons.join(' and ')}`;
}

/** A leg the probe sent (rawLeg): the probe never shows an unsent leg as a leg (actualSkipped says why). */
function statusText(leg: LegSummary): string {
  if (leg.status === 0) return leg.error ?? 'no response';
  return `${leg.status}${leg.statusText ? ' ' + leg.statusText : ''}`;
}

function legHeading(n: string, label: string, leg: LegSummary, style: Style, extra = ''): string {
  const st = statusText(leg);
  const colour = leg.status === 0 || leg.status >= 400 ? style.red : leg.status >= 300 ? style.yellow : style.green;
  const ms = leg.durationMs >= 0 ? style.dim(` (${Math.round(leg.durationMs)} ms)`) : '';
  return `${style.bold(`${n} ${label}`)}  ${T(leg.method)} ${T(leg.url)} → ${colour(T(st))}${ms}${extra}`;
}

function verdictLines(r: ProbeResult, style: Style, width: number): string[] {
  const v = r.browser;
  const out: string[] = [];
  const head =
    v.outcome === 'ok'
      ? style.green('allowed')
      : v.outcome === 'cors-blocked'
        ? style.red(`blocked by CORS on the ${v.leg === 'preflight' ? 'preflight' : 'response'}`) + (v.reason ? style.dim(` (${T(v.reason)})`) : '')
        : v.outcome === 'network-error'
          ? style.yellow('network failure, not CORS') + (v.reason ? style.dim(` (${T(v.reason)})`) : '')
          : style.yellow('unknown until the request is sent');
  out.push(`${style.bold('Browser verdict:')} ${head}`);
  for (const l of wrap(T(v.explanation), width - 2)) out.push(`  ${l}`);
  // After redirects, Chromium names the URL that failed and the one the page asked for.
  const lastHop = r.hops.length > 1 ? r.hops[r.hops.length - 1]! : null;
  const failedUrl = lastHop ? lastHop.spec.url : r.options.url;
  const consoleLines = chromiumConsoleLines(
    v,
    failedUrl,
    r.options.origin,
    r.options.method,
    r.browserSendsActual ? r.actual : null,
    lastHop ? r.options.url : null,
  );
  if (consoleLines.length) {
    out.push(style.dim("  What Chrome's console shows:"));
    for (const l of consoleLines) out.push(style.dim(`    ${T(l)}`));
  }
  return out;
}

export function renderProbeText(r: ProbeResult, analysis: Analysis, opts: { redact: boolean; style: Style; width: number; stack?: string }): string {
  const { style, width } = opts;
  const out: string[] = [];
  // Values (the server's answers, the command line) go through forTerminal (report/escape.ts).
  out.push(style.bold(`CORS X-Ray probe: ${T(r.options.method)} ${T(r.options.url)}`));
  out.push(`  from origin ${T(r.options.origin)}${r.options.credentials ? ', with credentials' : ''}`);
  out.push(`  preflight needed: ${T(whyPreflight(r))}`);
  out.push('');
  let n = 1;
  const unsent = !r.browserSendsActual;
  for (const { label, leg, raw, location, hop } of shownLegs(r, opts.redact)) {
    const extra = hop === 0 && unsent ? style.yellow('  [sent only because of --send-actual]') : '';
    const loc = location !== null ? style.yellow(`  redirect to ${T(location)}`) : '';
    out.push(legHeading(`${n++}.`, label, leg, style, extra + loc));
    if (hop === 0 && unsent) {
      out.push(style.yellow('  A browser would NEVER send this request: its preflight failed. This is what the server does with it.'));
    }
    // A long chain (a loop) shows the first hops and the last in full, the others as one line each.
    if (hop < 3 || hop === r.hops.length - 1) out.push(...legDetail(leg, style, { bodyLimit: BODY_SHOWN }), ...bodyNote(raw, style), '');
    else if (hop === r.hops.length - 2) out.push('');
  }
  if (r.hops.length) {
    const redirects = redirectLines(r);
    if (redirects.length) {
      out.push(style.bold('Redirects:'));
      for (const line of redirects) wrap(T(line), width - 4).forEach((l, k) => out.push((k ? '    ' : '  - ') + l));
      out.push('');
    }
  } else if (r.actualSkipped) {
    out.push(`${style.bold(`${n}. Request`)}  ${T(r.options.method)} ${T(r.options.url)} → ${style.yellow('not sent')}`);
    for (const l of wrap(T(r.actualSkipped), width - 2)) out.push(`  ${l}`);
    out.push('');
  }
  out.push(...verdictLines(r, style, width));
  out.push('');
  // The probe has just shown the real answer: the "how to reveal it" hint would only repeat it.
  const explained = r.actual ? { ...analysis, exchanges: analysis.exchanges.map((e) => ({ ...e, reveal: null })) } : analysis;
  out.push(
    renderAnalysis(explained, {
      format: 'text',
      all: true,
      redact: opts.redact,
      colour: style.enabled,
      width,
      ...(opts.stack ? { stack: opts.stack } : {}),
    }).trimEnd(),
  );
  return out.join('\n') + '\n';
}

function renderProbeMarkdown(r: ProbeResult, analysis: Analysis, opts: { redact: boolean; stack?: string }): string {
  const plain = makeStyle(false);
  const lines: string[] = [
    `## Probe: ${r.options.method} ${r.options.url}`,
    '',
    `From origin \`${r.options.origin}\`; preflight needed: ${whyPreflight(r)}.`,
    '',
  ];
  for (const { label, leg, raw } of shownLegs(r, opts.redact)) {
    const title = label === 'Request' && !r.browserSendsActual ? 'Request (sent only because of --send-actual; a browser would never send it)' : label;
    lines.push(`### ${title}: ${leg.method} → ${statusText(leg)}`, '');
    lines.push(mdFence([...legDetail(leg, plain, { bodyLimit: BODY_SHOWN }), ...bodyNote(raw, plain)].join('\n'), 'http'), '');
  }
  if (r.actualSkipped) lines.push(`**Request not sent:** ${r.actualSkipped}`, '');
  const redirects = redirectLines(r);
  if (redirects.length) lines.push('**Redirects:**', '', mdFence(redirects.join('\n'), 'text'), '');
  lines.push(mdFence(verdictLines(r, plain, 100).join('\n'), 'text'), '');
  lines.push(renderMarkdown(analysis, { redact: opts.redact, ids: analysis.exchanges.map((e) => e.id), ...(opts.stack ? { stack: opts.stack } : {}) }));
  return lines.join('\n');
}

interface ProbeCliOpts {
  origin?: string;
  method: string;
  header?: Header[];
  data?: string;
  credentials?: boolean;
  sendActual?: boolean;
  format: string;
  timeout: number;
  redact: boolean;
  stack?: string;
}

/** Run a probe and analyse what the browser would have recorded. */
export async function runProbe(options: ProbeOptions): Promise<{ result: ProbeResult; analysis: Analysis }> {
  const result = await probe(options);
  const analysis = analyze(result.entries, RULES);
  analysis.notes.push(...probeNotes(result));
  return { result, analysis };
}

/**
 * 1 when the browser would report a CORS error; 3 when the probe could not learn the answer (a
 * network failure: refused, DNS, TLS, timeout, too many redirects), which is neither a pass nor a
 * CORS failure; else 0.
 */
export function probeExitCode(r: ProbeResult, a: Analysis): number {
  if (r.browser.outcome === 'cors-blocked') return EXIT.CORS_FAILURE;
  if (r.browser.outcome === 'network-error') return EXIT.NETWORK_FAILURE;
  return a.summary.corsBlocked > 0 ? EXIT.CORS_FAILURE : EXIT.OK;
}

export function registerProbe(program: Command): void {
  program
    .command('probe')
    .description('Send a request the way the browser would (preflight first) and show what it hides: real statuses, headers and bodies.')
    .argument('<url>', 'the API URL the page calls')
    .requiredOption('-o, --origin <origin>', "required: the page's origin, e.g. https://app.example.com")
    .option('-X, --method <method>', 'HTTP method of the fetch()', parseMethod, 'GET')
    // No default value: commander would print "(default: [])" in --help.
    .option('-H, --header <header>', "request header the page's script sets, 'Name: value' (repeatable)", parseHeader)
    .option('-d, --data <body>', 'request body of the actual request')
    .option('--credentials', "send as fetch(..., {credentials: 'include'}): Cookie headers go out, and the response must allow credentials")
    .option('--send-actual', 'also send the actual request when it may change data (not GET/HEAD) or when the browser would not (preflight failed)')
    .addOption(new Option('-f, --format <format>', `output format: ${PROBE_FORMATS.join(', ')}`).default('text'))
    .option('-t, --timeout <ms>', 'the whole probe (both requests, redirects, bodies) ends within this many milliseconds', parseTimeout, DEFAULT_TIMEOUT_MS)
    .option('--no-redact', 'show credentials, cookies and tokens unmasked (redacted by default)')
    .option('--stack <name>', 'prefer fixes for this stack, e.g. "Terraform", "nginx", "Express" (an unknown name lists the known ones)')
    .addHelpText(
      'after',
      `
The preflight is sent exactly as a browser sends it (OPTIONS, Origin, Access-Control-Request-Method,
Access-Control-Request-Headers; no cookies, no Authorization) and never follows a redirect.
GET and HEAD are then sent too; other methods only with --send-actual, since they may change data.

Redirects of the actual request are followed as Chromium follows them (CORS check at each hop,
Origin "null" after a cross-origin redirect, at most 20). Bodies are decoded as they arrive and cut
at 64 KiB; --timeout bounds the whole probe. The User-Agent is Chromium ${CHROMIUM_MAJOR}'s on Linux.

Exit status: 0 the browser would not report a CORS error, 1 it would, 2 bad usage,
3 the answer could not be learned: a network failure (refused, DNS, TLS, timeout, too many
redirects), which is not a CORS result either way.

Examples:
  $ cors-xray probe https://abc123.execute-api.eu-west-1.amazonaws.com/prod/orders --origin https://app.example.com
  $ cors-xray probe https://api.example.com/orders/42 --origin https://app.example.com \\
      -X PUT -H 'Content-Type: application/json' -H 'Authorization: Bearer <token>' -d '{"qty":2}' --send-actual
  $ cors-xray probe https://api.example.com/me --origin https://app.example.com --credentials -H 'Cookie: session=<value>'
  $ cors-xray probe https://api.example.com/orders --origin https://app.example.com -X POST --format json`,
    )
    .action(async (rawUrl: string, opts: ProbeCliOpts) => {
      const format = parseFormat(opts.format, PROBE_FORMATS);
      const url = parseUrl(rawUrl);
      if (!opts.origin) throw new CliError('--origin is required: the origin of the page that makes the request, e.g. --origin https://app.example.com.');
      const origin = parseOrigin(opts.origin);
      if (opts.stack !== undefined) opts.stack = parseStack(opts.stack);
      if (!opts.redact) process.stderr.write(NO_REDACT_WARNING + '\n');
      const warn = (msg: string) => process.stderr.write(`cors-xray: warning: ${T(msg)}\n`);
      const headers = scriptHeaders(opts.header ?? [], !!opts.credentials, warn);
      if (opts.data !== undefined && (opts.method === 'GET' || opts.method === 'HEAD')) {
        throw new CliError(`--data cannot be used with ${opts.method}: fetch() refuses a body on GET and HEAD. Add -X POST (or PUT, PATCH...).`);
      }
      const { result, analysis } = await runProbe({
        url,
        origin,
        method: opts.method,
        headers,
        ...(opts.data !== undefined ? { body: opts.data } : {}),
        credentials: !!opts.credentials,
        sendActual: !!opts.sendActual,
        timeoutMs: opts.timeout,
      });
      const stack = opts.stack ? { stack: opts.stack } : {};
      let out: string;
      if (format === 'json') out = renderAnalysis(analysis, { format: 'json', all: true, redact: opts.redact, colour: false });
      else if (format === 'markdown') out = renderProbeMarkdown(result, analysis, { redact: opts.redact, ...stack });
      else out = renderProbeText(result, analysis, { redact: opts.redact, style: makeStyle(colourWanted(process.stdout)), width: terminalWidth(), ...stack });
      process.exitCode = probeExitCode(result, analysis);
      await writeOut(out, format);
    });
}
