/**
 * Copy as cURL (preflight and actual request, exactly as the browser sent them) and copy as fetch.
 *
 * Every value is untrusted (it came from the network or from an imported HAR), so:
 * - shell: every argument is single-quoted; a single quote inside becomes '\'' (POSIX), so each
 *   value stays exactly one argument whatever it contains; a URL that does not start with
 *   http(s):// is passed with --url so it can never be read as an option;
 * - JS: every string is a JSON-style literal that also escapes U+2028/U+2029 and "</".
 * Redacted by default: a copied command shows the shape of a credential, not the credential.
 */
import type { ExchangeResult, Leg } from '../engine/schema';
import type { Header } from '../model/types';
import { isBrowserControlledHeader, unsafeRequestHeaderNames } from '../model/fetch-spec';
import { redactExchangeResult, sweepText } from './redact';

interface CopyOptions {
  /** Mask secrets (default true). */
  redact?: boolean;
  /** Request body of the actual request, when the schema's leg carries none (LegSummary has no request body yet). */
  body?: string | null;
  /** Replace scheme://host:port of the URL (to replay against a staging or test server). */
  targetOrigin?: string;
  /** One argument per line with " \" continuations (default true). */
  multiline?: boolean;
}

/** Headers curl must not be told to send: HTTP/2 pseudo-headers, hop-by-hop, and those curl computes. */
const DROP = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'content-length',
  'accept-encoding',
]);

/** POSIX shell single-quoting: the result is always exactly one word. NUL cannot be in argv and is dropped. */
export function shellQuote(s: string): string {
  return `'${s.replace(/\0/g, '').replace(/'/g, `'\\''`)}'`;
}

/** A JS string literal that is safe in any JS context (also inside a comment-free line or an HTML script). */
export function jsString(s: string): string {
  return JSON.stringify(s)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .replace(/<\//g, '<\\/');
}

function has(headers: Header[], name: string): boolean {
  const n = name.toLowerCase();
  return headers.some((h) => h.name.toLowerCase() === n);
}

function withOrigin(url: string, origin?: string): string {
  if (!origin) return url;
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(url);
  return m ? origin.replace(/\/+$/, '') + url.slice(m[0].length) : url;
}

/** The request a leg sent, as a method, URL and header list; rebuilt where Chromium recorded only provisional headers. */
interface RequestSpec {
  method: string;
  url: string;
  headers: Header[];
  body: string | null;
  /** True when the browser recorded no such request and it was reconstructed (missing preflight, provisional headers). */
  reconstructed: boolean;
}

/** The exact request for a leg, or null when there is nothing to reproduce (no actual leg). */
export function requestSpec(ex: ExchangeResult, leg: Leg, opts: CopyOptions = {}): RequestSpec | null {
  const x = opts.redact === false ? ex : redactExchangeResult(ex);
  const origin = x.origin;
  if (leg === 'preflight') {
    if (x.preflight) {
      const headers = [...x.preflight.requestHeaders];
      let reconstructed = false;
      if (!has(headers, 'origin') && origin) {
        headers.unshift({ name: 'Origin', value: origin });
        reconstructed = true;
      }
      if (!has(headers, 'access-control-request-method')) {
        headers.push({ name: 'Access-Control-Request-Method', value: x.method });
        reconstructed = true;
      }
      return { method: 'OPTIONS', url: x.preflight.url, headers, body: null, reconstructed };
    }
    // No preflight recorded (cache hit, or simple request): build the one the browser would send.
    const base = x.actual?.requestHeaders ?? [];
    const headers: Header[] = [];
    if (origin) headers.push({ name: 'Origin', value: origin });
    headers.push({ name: 'Access-Control-Request-Method', value: x.method });
    const names = unsafeRequestHeaderNames(base);
    if (names.length) headers.push({ name: 'Access-Control-Request-Headers', value: names.join(',') });
    for (const name of ['accept', 'user-agent', 'referer', 'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-dest']) {
      const h = base.find((b) => b.name.toLowerCase() === name);
      if (h) headers.push(name === 'accept' ? { name: h.name, value: '*/*' } : name === 'sec-fetch-mode' ? { name: h.name, value: 'cors' } : h);
    }
    if (!has(headers, 'accept')) headers.push({ name: 'Accept', value: '*/*' });
    return { method: 'OPTIONS', url: x.actual?.url ?? x.url, headers, body: null, reconstructed: true };
  }
  if (!x.actual) return null;
  const headers = [...x.actual.requestHeaders];
  let reconstructed = false;
  // A request Chromium never sent carries only provisional headers: no Origin. Rebuild it.
  if (!has(headers, 'origin') && origin && x.crossOrigin) {
    headers.unshift({ name: 'Origin', value: origin });
    reconstructed = true;
  }
  if (!x.actual.sent || x.actual.status === 0) reconstructed = true;
  // LegSummary carries no request body (yet): the caller's is the only one.
  const raw = opts.body ?? null;
  const body = raw === null ? null : opts.redact === false ? raw : sweepText(raw);
  return { method: x.actual.method || x.method, url: x.actual.url, headers, body, reconstructed };
}

/** cURL arguments for a spec, one shell word each (unquoted). Exposed for tests. */
export function curlArgs(spec: RequestSpec, opts: CopyOptions = {}): string[] {
  const args: string[] = ['curl', '-i'];
  const method = spec.method.toUpperCase();
  if (method === 'HEAD') args.push('--head');
  else if (method !== 'GET' || spec.body !== null) args.push('-X', spec.method);
  const url = withOrigin(spec.url, opts.targetOrigin);
  if (/^https?:\/\//i.test(url)) args.push(url);
  else args.push('--url', url);
  let compressed = false;
  for (const h of spec.headers) {
    const n = h.name.toLowerCase();
    if (n.startsWith(':')) continue;
    if (n === 'accept-encoding') compressed = true;
    if (DROP.has(n)) continue;
    // `-H 'Name;'` is curl's way to send a header with an empty value.
    args.push('-H', h.value === '' ? `${h.name};` : `${h.name}: ${h.value}`);
  }
  if (spec.body !== null) args.push('--data-raw', spec.body);
  if (compressed) args.push('--compressed');
  return args;
}

const SAFE_WORD = /^[A-Za-z0-9_./:@%+=,-]+$/;
const TAKES_VALUE = new Set(['-X', '-H', '--data-raw', '--url']);

/** A shell word for one argument: bare when it is plainly safe, single-quoted otherwise. */
function shellWord(s: string): string {
  return SAFE_WORD.test(s) ? s : shellQuote(s);
}

function joinShell(args: string[], multiline: boolean): string {
  // Group each option with its value; "curl -i" stays on the first line.
  const groups: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (TAKES_VALUE.has(a) && i + 1 < args.length) {
      groups.push(`${a} ${shellWord(args[i + 1]!)}`);
      i++;
    } else groups.push(shellWord(a));
  }
  const lead = groups.splice(0, 2).join(' ');
  return [lead, ...groups].join(multiline ? ' \\\n  ' : ' ');
}

/** One leg as a cURL command line; null when that leg has nothing to reproduce. */
export function curlForLeg(ex: ExchangeResult, leg: Leg, opts: CopyOptions = {}): string | null {
  const spec = requestSpec(ex, leg, opts);
  if (!spec) return null;
  const cmd = joinShell(curlArgs(spec, opts), opts.multiline !== false);
  return spec.reconstructed && leg === 'preflight' && !ex.preflight
    ? `# No preflight was recorded; this is the one the browser sends for this request.\n${cmd}`
    : cmd;
}

/** Both legs: the preflight (recorded or the one the browser would send, when one is needed) and the request. */
export function curlForExchange(ex: ExchangeResult, opts: CopyOptions = {}): { preflight: string | null; actual: string | null } {
  const needsPreflight = !!ex.preflight || ex.pairing === 'no-preflight-recorded';
  return {
    preflight: needsPreflight ? curlForLeg(ex, 'preflight', opts) : null,
    actual: curlForLeg(ex, 'actual', opts),
  };
}

/**
 * The actual request as `fetch(...)` for the browser console of the page's origin. Only headers a
 * script may set are listed (the browser adds Origin, Cookie, User-Agent...); credentials mode is
 * inferred from the analysis.
 */
export function fetchForExchange(ex: ExchangeResult, opts: CopyOptions = {}): string | null {
  const spec = requestSpec(ex, 'actual', opts);
  if (!spec) return null;
  const init: string[] = [];
  init.push(`  method: ${jsString(spec.method)},`);
  const hs = spec.headers.filter((h) => !isBrowserControlledHeader(h.name));
  if (hs.length) {
    init.push('  headers: {');
    for (const h of hs) init.push(`    ${jsString(h.name)}: ${jsString(h.value)},`);
    init.push('  },');
  }
  if (spec.body !== null) init.push(`  body: ${jsString(spec.body)},`);
  init.push(`  mode: "cors",`);
  if (ex.credentials.value) init.push(`  credentials: "include",`);
  const where = ex.origin
    ? `// Run in the DevTools console of a page on ${jsString(ex.origin)}`
    : '// Run in the DevTools console of the page that made the request';
  return [
    where,
    `const res = await fetch(${jsString(withOrigin(spec.url, opts.targetOrigin))}, {`,
    ...init,
    '});',
    'console.log(res.status, [...res.headers]);',
  ].join('\n');
}
