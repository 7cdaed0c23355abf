/**
 * Facts from the Fetch standard that both pairing and the rules need: which requests are
 * "simple" (sent without a preflight) and which headers a preflight has to ask about.
 */
import type { Header } from './types';

export const SAFELISTED_METHODS = new Set(['GET', 'HEAD', 'POST']);

const SAFELISTED_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/**
 * The Fetch standard's forbidden request-header names (https://fetch.spec.whatwg.org/#forbidden-request-header),
 * exactly: headers a script's fetch() may not set. Unlike isBrowserControlledHeader, Cache-Control,
 * Pragma, Priority, Purpose and User-Agent are NOT here: a script may set them (they then need a
 * preflight), so a tool that sends requests on a script's behalf (the CLI probe) must send them.
 */
const FORBIDDEN_REQUEST_HEADERS = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);

/**
 * Headers the browser sets itself. A HAR lists them among the request headers, but the page's
 * script cannot set them, so they never make a request non-simple.
 *
 * This is deliberately wider than the Fetch standard's forbidden request-header list (see
 * isForbiddenRequestHeader): it is used to read a HAR, where Chromium itself adds
 * Cache-Control and Pragma when DevTools "Disable cache" is on (and Priority, Purpose,
 * User-Agent on its own), so their presence must not make us believe a preflight was needed.
 * A script may set Cache-Control or Pragma, and then they do need a preflight; a HAR cannot tell
 * the two apart, and the browser's own are far more common.
 */
const BROWSER_HEADERS = new Set([
  ...FORBIDDEN_REQUEST_HEADERS,
  'access-control-request-private-network',
  'user-agent',
  'pragma',
  'cache-control',
  'priority',
  'purpose',
]);

export function isBrowserControlledHeader(name: string): boolean {
  const n = name.toLowerCase();
  // HTTP/2 pseudo-headers (":authority"), Sec-* and Proxy-* cannot be set by script.
  return BROWSER_HEADERS.has(n) || n.startsWith(':') || n.startsWith('sec-') || n.startsWith('proxy-');
}

/** The Fetch standard's CORS-unsafe request-header bytes (and the controls Accept may not hold). */
const UNSAFE_BYTE = /["():<>?@[\\\]{}\u007f]/;
const CONTROL_BYTE = /[\u0000-\u0008\u000a-\u001f]/;
const LANGUAGE_VALUE = /^[0-9A-Za-z *,\-.;=]*$/;
const SIMPLE_RANGE = /^bytes=\d+-\d*$/;

/** The Fetch standard's CORS-safelisted request-header check, for one header. */
function isSafelistedHeader(name: string, value: string): boolean {
  const n = name.toLowerCase();
  if (value.length > 128) return false;
  switch (n) {
    case 'accept':
      return !UNSAFE_BYTE.test(value) && !CONTROL_BYTE.test(value);
    case 'accept-language':
    case 'content-language':
      return LANGUAGE_VALUE.test(value);
    case 'content-type': {
      const essence = (value.split(';')[0] ?? '').trim().toLowerCase();
      return SAFELISTED_CONTENT_TYPES.has(essence) && !UNSAFE_BYTE.test(value);
    }
    case 'range':
      return SIMPLE_RANGE.test(value.trim());
    default:
      return false;
  }
}

/** Author-set headers that would be named in Access-Control-Request-Headers (lower-cased, sorted). */
export function unsafeRequestHeaderNames(headers: Header[]): string[] {
  return nonSafelistedHeaderNames(headers, isBrowserControlledHeader);
}

/**
 * The names a preflight asks about (headers for which `skip` is true left out): every one
 * outside the safelist, and all of them when the safelisted ones together exceed 1024 bytes.
 * Lower-cased, sorted.
 */
export function nonSafelistedHeaderNames(headers: Header[], skip?: (name: string) => boolean): string[] {
  const names = new Set<string>();
  let safelistedTotal = 0;
  const safelisted: string[] = [];
  for (const h of headers) {
    if (skip?.(h.name)) continue;
    const n = h.name.toLowerCase();
    if (isSafelistedHeader(n, h.value)) {
      safelistedTotal += n.length + h.value.length;
      safelisted.push(n);
    } else names.add(n);
  }
  // All safelisted headers together may not exceed 1024 bytes, or they all need the preflight.
  if (safelistedTotal > 1024) for (const n of safelisted) names.add(n);
  return [...names].sort();
}

/** Whether the browser had to preflight this request. Same rules as unsafeRequestHeaderNames, without building the list. */
export function needsPreflight(method: string, headers: readonly Header[]): boolean {
  if (!SAFELISTED_METHODS.has(method) && !SAFELISTED_METHODS.has(method.toUpperCase())) return true;
  let safelistedTotal = 0;
  for (let i = 0; i < headers.length; i++) {
    const { name, value } = headers[i]!;
    if (isBrowserControlledHeader(name)) continue;
    if (!isSafelistedHeader(name, value)) return true;
    safelistedTotal += name.length + value.length;
  }
  return safelistedTotal > 1024;
}

const METHOD_OVERRIDE_HEADERS = new Set(['x-http-method', 'x-http-method-override', 'x-method-override']);
const FORBIDDEN_METHODS = new Set(['connect', 'trace', 'track']);

/**
 * Whether Fetch forbids a script to set this request header. `value` matters only for the
 * method-override headers (X-HTTP-Method, X-HTTP-Method-Override, X-Method-Override), which are
 * forbidden when any of their comma-separated values is CONNECT, TRACE or TRACK.
 */
export function isForbiddenRequestHeader(name: string, value?: string): boolean {
  const n = name.toLowerCase();
  if (FORBIDDEN_REQUEST_HEADERS.has(n) || n.startsWith('proxy-') || n.startsWith('sec-')) return true;
  if (value !== undefined && METHOD_OVERRIDE_HEADERS.has(n)) {
    for (const v of value.split(',')) if (FORBIDDEN_METHODS.has(v.trim().toLowerCase())) return true;
  }
  return false;
}
