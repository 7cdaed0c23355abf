/**
 * What a browser (Chromium) does around a cross-origin fetch(): which headers the preflight and
 * the actual request carry, and whether the CORS checks let the answers through.
 *
 * Which requests need a preflight and which headers it names come from model/fetch-spec.ts, the
 * same facts the analysis uses; the CORS checks, their order, the Network.CorsError each failure is
 * and the value Chromium names are the engine's (engine/cors-check.ts), and the console line is the
 * engine's too (engine/console-message.ts, via console.ts). This file only adds what the browser
 * puts on the wire.
 *
 * One difference from reading a HAR: here the headers are the script's own, so only the Fetch
 * standard's forbidden request headers are left out (isForbiddenRequestHeader). Cache-Control and
 * Pragma, which a HAR lists because DevTools "Disable cache" adds them, are the script's here: they
 * are sent and, not being safelisted, named in Access-Control-Request-Headers.
 */
import { isForbiddenRequestHeader, nonSafelistedHeaderNames, SAFELISTED_METHODS } from '../model/fetch-spec';
import { corsCheck, preflightCheck } from '../engine/cors-check';
import { HeaderIndex } from '../engine/headers';
import type { CheckResult, ChromiumCorsError } from '../engine/schema';
import type { Header } from '../model/types';

/**
 * The Chromium major whose requests the probe imitates: Debian 12's chromium 156.0.8078.114, the
 * browser the project's end-to-end tests run (Chrome's stable channel moves every two weeks since
 * 153; --help and docs/cli.md say which version this is).
 */
export const CHROMIUM_MAJOR = 156;

/** Chromium's reduced User-Agent on Linux (minor version numbers frozen at 0.0.0). */
export const BROWSER_USER_AGENT = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${CHROMIUM_MAJOR}.0.0.0 Safari/537.36`;
const ACCEPT_LANGUAGE = 'en-US,en;q=0.9';
const ACCEPT_ENCODING = 'gzip, deflate, br';

export interface ProbeRequestSpec {
  url: string;
  /** Page origin, e.g. "https://app.example.com". */
  origin: string;
  method: string;
  /** Headers the page's script sets (Cookie only goes out with credentials). */
  headers: Header[];
  body?: string;
  /** fetch(..., {credentials: 'include'}). */
  credentials: boolean;
  /**
   * Set after a redirect from a cross-origin URL to another origin (the Fetch standard's "tainted
   * origin flag"): from then on the request carries `Origin: null` and every response must allow
   * the origin "null".
   */
  tainted?: boolean;
}

/** The Origin header value: the page's origin, or "null" once a redirect tainted it. */
export function originValue(spec: Pick<ProbeRequestSpec, 'origin' | 'tainted'>): string {
  return spec.tainted ? 'null' : spec.origin;
}

export interface CorsCheck {
  ok: boolean;
  /** Chromium's Network.CorsError name for a failed check: the engine's (engine/cors-check.ts). */
  reason: ChromiumCorsError | null;
  /** The value Chromium names in its message (the origin, method or header at fault). */
  failedParameter: string | null;
  /** One plain sentence in the product's words. */
  explanation: string;
}

const PASS: CorsCheck = { ok: true, reason: null, failedParameter: null, explanation: 'Passes the CORS checks.' };

function fail(reason: ChromiumCorsError, failedParameter: string | null, explanation: string): CorsCheck {
  return { ok: false, reason, failedParameter, explanation };
}

export function isCrossOriginRequest(spec: Pick<ProbeRequestSpec, 'url' | 'origin' | 'tainted'>): boolean {
  return !!spec.tainted || new URL(spec.url).origin !== spec.origin;
}

/** The Sec-Fetch-Site value for a request from `origin` to `url`. */
function fetchSite(origin: string, url: string): string {
  const target = new URL(url);
  if (target.origin === origin) return 'same-origin';
  const page = new URL(origin);
  const site = (host: string) => host.split('.').slice(-2).join('.');
  return page.protocol === target.protocol && site(page.hostname) === site(target.hostname) ? 'same-site' : 'cross-site';
}

/**
 * Script-set headers that a fetch() from the page would actually put on the wire: everything but
 * the forbidden request headers (Cookie goes out separately, with credentials). User-Agent is left
 * out too: Fetch allows a script to set it, but Chromium ignores it and sends its own.
 */
function authorHeaders(spec: ProbeRequestSpec): Header[] {
  return spec.headers.filter((h) => {
    const n = h.name.toLowerCase();
    return n !== 'user-agent' && !isForbiddenRequestHeader(n, h.value);
  });
}

/** Does the browser send an OPTIONS first? (Fetch rules; same-origin requests never need one.) */
export function preflightNeeded(spec: ProbeRequestSpec): boolean {
  return isCrossOriginRequest(spec) && (!SAFELISTED_METHODS.has(spec.method.toUpperCase()) || requestedHeaders(spec).length > 0);
}

/** Access-Control-Request-Headers: unsafe header names, lower-cased, sorted, comma-joined. */
export function requestedHeaders(spec: ProbeRequestSpec): string[] {
  return nonSafelistedHeaderNames(authorHeaders(spec));
}

/** The headers Chromium ends every CORS request with: fetch metadata, then its User-Agent. */
function fetchMetadata(spec: ProbeRequestSpec): Header[] {
  return [
    { name: 'Sec-Fetch-Dest', value: 'empty' },
    { name: 'Sec-Fetch-Mode', value: 'cors' },
    { name: 'Sec-Fetch-Site', value: fetchSite(spec.origin, spec.url) },
    { name: 'User-Agent', value: BROWSER_USER_AGENT },
  ];
}

function hostHeader(url: string): Header {
  return { name: 'Host', value: new URL(url).host };
}

/** The preflight exactly as Chromium sends it: no credentials, no body, no author headers. */
export function preflightHeaders(spec: ProbeRequestSpec): Header[] {
  const list: Header[] = [
    hostHeader(spec.url),
    { name: 'Accept', value: '*/*' },
    { name: 'Accept-Encoding', value: ACCEPT_ENCODING },
    { name: 'Accept-Language', value: ACCEPT_LANGUAGE },
    { name: 'Access-Control-Request-Method', value: spec.method },
  ];
  const names = requestedHeaders(spec);
  if (names.length) list.push({ name: 'Access-Control-Request-Headers', value: names.join(',') });
  list.push({ name: 'Origin', value: originValue(spec) }, { name: 'Referer', value: `${spec.origin}/` }, ...fetchMetadata(spec));
  return list;
}

/** The actual request: the author's headers plus what the browser adds (Origin, cookies if credentialed). */
export function actualHeaders(spec: ProbeRequestSpec): Header[] {
  const author = authorHeaders(spec);
  const has = (n: string) => author.some((h) => h.name.toLowerCase() === n);
  const list: Header[] = [hostHeader(spec.url)];
  if (!has('accept')) list.push({ name: 'Accept', value: '*/*' });
  list.push({ name: 'Accept-Encoding', value: ACCEPT_ENCODING });
  if (!has('accept-language')) list.push({ name: 'Accept-Language', value: ACCEPT_LANGUAGE });
  list.push(...author);
  if (spec.body !== undefined && !has('content-type')) list.push({ name: 'Content-Type', value: 'text/plain;charset=UTF-8' });
  if (spec.body !== undefined) list.push({ name: 'Content-Length', value: String(Buffer.byteLength(spec.body)) });
  const cross = isCrossOriginRequest(spec);
  // Chromium sends Origin on every CORS-mode cross-origin request, and on same-origin ones except GET/HEAD.
  if (cross || !['GET', 'HEAD'].includes(spec.method)) list.push({ name: 'Origin', value: originValue(spec) });
  list.push({ name: 'Referer', value: `${spec.origin}/` });
  if (spec.credentials || !cross) {
    for (const h of spec.headers) if (h.name.toLowerCase() === 'cookie') list.push({ name: 'Cookie', value: h.value });
  }
  list.push(...fetchMetadata(spec));
  return list;
}

/**
 * The headers Chromium records for a request it never sent (its preflight failed): the
 * provisional headers the script asked for, without Origin, Host or cookies.
 */
export function provisionalHeaders(spec: ProbeRequestSpec): Header[] {
  const author = authorHeaders(spec);
  const list: Header[] = [...author];
  if (!author.some((h) => h.name.toLowerCase() === 'accept')) list.unshift({ name: 'Accept', value: '*/*' });
  list.push({ name: 'Referer', value: `${spec.origin}/` }, { name: 'User-Agent', value: BROWSER_USER_AGENT });
  return list;
}

// ---------------------------------------------------------------------------------------------
// The checks: the engine's Fetch checks (engine/cors-check.ts), named the way Chromium reports them
// ---------------------------------------------------------------------------------------------

function failedDetail(checks: CheckResult[]): string {
  return checks.find((c) => c.outcome === 'fail')?.detail ?? 'The CORS check failed.';
}

/**
 * The Fetch "CORS check" on an actual response (Access-Control-Allow-Origin / -Credentials). The
 * CorsError and the value Chromium names are the engine's, so the probe and an analysed capture
 * name a failure alike.
 */
export function actualCheck(headers: Header[], spec: ProbeRequestSpec): CorsCheck {
  const checks: CheckResult[] = [];
  const out = corsCheck('actual', new HeaderIndex(headers), originValue(spec), spec.credentials, checks);
  if (out.ok || !out.corsError) return PASS;
  return fail(out.corsError, out.failedParameter, failedDetail(checks));
}

/**
 * Everything the browser checks on a preflight response, in Chromium's order (the engine's
 * preflightCheck: Allow-Origin before the status, so a 403 without CORS headers is
 * PreflightMissingAllowOriginHeader).
 */
export function preflightResponseCheck(res: { status: number; headers: Header[] }, spec: ProbeRequestSpec): CorsCheck {
  const checks: CheckResult[] = [];
  const out = preflightCheck({
    status: res.status,
    headers: new HeaderIndex(res.headers),
    origin: originValue(spec),
    credentialed: spec.credentials,
    method: spec.method,
    requestHeaders: requestedHeaders(spec),
    checks,
  });
  // Chromium still lets Authorization through "*" (with a deprecation warning): it sends the
  // request, and the engine gives that case no CorsError.
  if (out.ok || !out.corsError) return PASS;
  return fail(out.corsError, out.failedParameter, failedDetail(checks));
}
