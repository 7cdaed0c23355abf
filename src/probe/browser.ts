/**
 * What a browser (Chromium) does around a cross-origin fetch(): which headers the preflight and
 * the actual request carry, and whether the CORS checks let the answers through.
 *
 * Which requests need a preflight and which headers it names come from model/fetch-spec.ts, the
 * same code the analysis uses. The checks below follow the Fetch standard's order (see
 * docs/cli.md); their reason names are Chromium's Network.CorsError values.
 */
import { needsPreflight, SAFELISTED_METHODS, unsafeRequestHeaderNames } from '../model/fetch-spec';
import { headerValue } from '../model/normalise';
import type { Header } from '../model/types';

export const BROWSER_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36';
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
}

export type CorsReason =
  | 'MissingAllowOriginHeader'
  | 'MultipleAllowOriginValues'
  | 'InvalidAllowOriginValue'
  | 'AllowOriginMismatch'
  | 'WildcardOriginNotAllowed'
  | 'InvalidAllowCredentials'
  | 'PreflightMissingAllowOriginHeader'
  | 'PreflightMultipleAllowOriginValues'
  | 'PreflightInvalidAllowOriginValue'
  | 'PreflightAllowOriginMismatch'
  | 'PreflightWildcardOriginNotAllowed'
  | 'PreflightInvalidAllowCredentials'
  | 'PreflightInvalidStatus'
  | 'PreflightDisallowedRedirect'
  | 'InvalidAllowMethodsPreflightResponse'
  | 'InvalidAllowHeadersPreflightResponse'
  | 'MethodDisallowedByPreflightResponse'
  | 'HeaderDisallowedByPreflightResponse';

export interface CorsCheck {
  ok: boolean;
  reason: CorsReason | null;
  /** The value Chromium names in its message (the origin, method or header at fault). */
  failedParameter: string | null;
  /** One plain sentence in the product's words. */
  explanation: string;
}

const PASS: CorsCheck = { ok: true, reason: null, failedParameter: null, explanation: 'Passes the CORS checks.' };

function fail(reason: CorsReason, failedParameter: string | null, explanation: string): CorsCheck {
  return { ok: false, reason, failedParameter, explanation };
}

export function isCrossOriginRequest(spec: Pick<ProbeRequestSpec, 'url' | 'origin'>): boolean {
  return new URL(spec.url).origin !== spec.origin;
}

/** The Sec-Fetch-Site value for a request from `origin` to `url`. */
function fetchSite(origin: string, url: string): string {
  const target = new URL(url);
  if (target.origin === origin) return 'same-origin';
  const page = new URL(origin);
  const site = (host: string) => host.split('.').slice(-2).join('.');
  return page.protocol === target.protocol && site(page.hostname) === site(target.hostname) ? 'same-site' : 'cross-site';
}

/** Script-set headers that a fetch() from the page would actually put on the wire. */
export function authorHeaders(spec: ProbeRequestSpec): Header[] {
  return spec.headers.filter((h) => h.name.toLowerCase() !== 'cookie');
}

/** Does the browser send an OPTIONS first? (Fetch rules; same-origin requests never need one.) */
export function preflightNeeded(spec: ProbeRequestSpec): boolean {
  return isCrossOriginRequest(spec) && needsPreflight(spec.method, authorHeaders(spec));
}

/** Access-Control-Request-Headers: unsafe header names, lower-cased, sorted, comma-joined. */
export function requestedHeaders(spec: ProbeRequestSpec): string[] {
  return unsafeRequestHeaderNames(authorHeaders(spec));
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
  list.push(
    { name: 'Origin', value: spec.origin },
    { name: 'Referer', value: `${spec.origin}/` },
    { name: 'Sec-Fetch-Dest', value: 'empty' },
    { name: 'Sec-Fetch-Mode', value: 'cors' },
    { name: 'Sec-Fetch-Site', value: fetchSite(spec.origin, spec.url) },
    { name: 'User-Agent', value: BROWSER_USER_AGENT },
  );
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
  if (cross || !['GET', 'HEAD'].includes(spec.method)) list.push({ name: 'Origin', value: spec.origin });
  list.push({ name: 'Referer', value: `${spec.origin}/` });
  if (spec.credentials || !cross) {
    for (const h of spec.headers) if (h.name.toLowerCase() === 'cookie') list.push({ name: 'Cookie', value: h.value });
  }
  list.push(
    { name: 'Sec-Fetch-Dest', value: 'empty' },
    { name: 'Sec-Fetch-Mode', value: 'cors' },
    { name: 'Sec-Fetch-Site', value: fetchSite(spec.origin, spec.url) },
    { name: 'User-Agent', value: BROWSER_USER_AGENT },
  );
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
// The checks
// ---------------------------------------------------------------------------------------------

function allValues(headers: Header[], name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter((h) => h.name.toLowerCase() === lower).map((h) => h.value);
}

/** The Fetch "CORS check" on one response (Access-Control-Allow-Origin / -Credentials). */
export function corsCheck(headers: Header[], origin: string, credentials: boolean, preflight: boolean): CorsCheck {
  const p = (r: string) => (preflight ? `Preflight${r}` : r) as CorsReason;
  const what = preflight ? 'The preflight response' : 'The response';
  const values = allValues(headers, 'access-control-allow-origin');
  if (values.length === 0) {
    return fail(p('MissingAllowOriginHeader'), null, `${what} has no Access-Control-Allow-Origin header.`);
  }
  const joined = values.join(', ');
  if (values.length > 1 || joined.includes(',')) {
    return fail(p('MultipleAllowOriginValues'), joined, `${what} lists several origins in Access-Control-Allow-Origin ("${joined}"); only one is allowed.`);
  }
  const value = joined.trim();
  if (value === '*') {
    if (credentials) {
      return fail(p('WildcardOriginNotAllowed'), '*', `${what} allows any origin ("*"), which browsers refuse for a request with credentials.`);
    }
    return PASS;
  }
  if (value !== origin) {
    if (value !== 'null' && !/^[a-z][a-z0-9+.-]*:\/\/[^/]+$/i.test(value)) {
      return fail(p('InvalidAllowOriginValue'), value, `${what}'s Access-Control-Allow-Origin "${value}" is not a valid origin.`);
    }
    return fail(p('AllowOriginMismatch'), value, `${what} allows origin "${value}", not the page's origin ${origin}.`);
  }
  if (credentials) {
    const acac = allValues(headers, 'access-control-allow-credentials').join(', ');
    if (acac !== 'true') {
      return fail(
        p('InvalidAllowCredentials'),
        acac || null,
        `${what} must carry "Access-Control-Allow-Credentials: true" for a request with credentials (found ${acac ? `"${acac}"` : 'none'}).`,
      );
    }
  }
  return PASS;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function parseList(value: string | null): string[] | null {
  if (value === null) return [];
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return items.every((s) => TOKEN.test(s)) ? items : null;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Everything the browser checks on a preflight response, in the Fetch standard's order. */
export function preflightCheck(
  res: { status: number; headers: Header[] },
  spec: ProbeRequestSpec,
): CorsCheck {
  if (REDIRECTS.has(res.status)) {
    const loc = headerValue(res.headers, 'location');
    return fail('PreflightDisallowedRedirect', loc, `The preflight was answered with a ${res.status} redirect${loc ? ` to ${loc}` : ''}; browsers never follow a redirect on a preflight.`);
  }
  const cors = corsCheck(res.headers, spec.origin, spec.credentials, true);
  if (!cors.ok) return cors;
  if (res.status < 200 || res.status > 299) {
    return fail('PreflightInvalidStatus', String(res.status), `The preflight was answered with status ${res.status}; it needs a 2xx status.`);
  }
  const methods = parseList(headerValue(res.headers, 'access-control-allow-methods'));
  if (methods === null) {
    return fail('InvalidAllowMethodsPreflightResponse', headerValue(res.headers, 'access-control-allow-methods'), 'Access-Control-Allow-Methods cannot be parsed.');
  }
  const allowedHeaders = parseList(headerValue(res.headers, 'access-control-allow-headers'));
  if (allowedHeaders === null) {
    return fail('InvalidAllowHeadersPreflightResponse', headerValue(res.headers, 'access-control-allow-headers'), 'Access-Control-Allow-Headers cannot be parsed.');
  }
  const method = spec.method.toUpperCase();
  // Method names are compared case-sensitively (only the safelisted ones are normalised).
  const methodOk =
    SAFELISTED_METHODS.has(method) ||
    methods.includes(spec.method) ||
    (!spec.credentials && methods.includes('*'));
  if (!methodOk) {
    return fail('MethodDisallowedByPreflightResponse', spec.method, `The preflight does not allow the method ${spec.method} (Access-Control-Allow-Methods: ${methods.join(', ') || 'absent'}).`);
  }
  const allowed = new Set(allowedHeaders.map((h) => h.toLowerCase()));
  for (const name of requestedHeaders(spec)) {
    if (allowed.has(name)) continue;
    if (allowed.has('*') && !spec.credentials && name !== 'authorization') continue;
    const why = name === 'authorization' && allowed.has('*') ? ' ("*" never covers Authorization)' : '';
    return fail('HeaderDisallowedByPreflightResponse', name, `The preflight does not allow the request header ${name}${why} (Access-Control-Allow-Headers: ${allowedHeaders.join(', ') || 'absent'}).`);
  }
  return PASS;
}
