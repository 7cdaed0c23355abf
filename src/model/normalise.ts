/**
 * HAR entry → Exchange, done once, in one place. Input may come from Chromium's
 * chrome.devtools.network, a HAR file from any producer, or hand-edited JSON, so every field is
 * treated as untrusted: wrong types are repaired with a note instead of throwing.
 */
import { knownRequestHeaders, knownResponseHeaders, sameHeaderName } from './known-headers';
import type { Exchange, Header, Initiator, ResourceKind } from './types';
import { setBounded } from '../shared/bounded-cache';

/** Header values longer than this are cut (with a note): a 100 KB cookie must not stall the panel. */
export const MAX_HEADER_VALUE = 8192;
const MAX_HEADERS = 500;

type Loose = Record<string, unknown>;

function isObj(v: unknown): v is Loose {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
}
function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function headers(raw: unknown, where: string, notes: string[]): Header[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    notes.push(`${where} headers were not a list and were ignored.`);
    return [];
  }
  // The usual case (well-formed, short, not too many): use the producer's list as it is, no copy.
  if (raw.length <= MAX_HEADERS) {
    let clean = true;
    for (let i = 0; i < raw.length; i++) {
      const h: unknown = raw[i];
      if (!isObj(h) || typeof h.name !== 'string' || typeof h.value !== 'string' || h.value.length > MAX_HEADER_VALUE) {
        clean = false;
        break;
      }
    }
    if (clean) return raw as Header[];
  }
  const out: Header[] = [];
  let cut = 0;
  let bad = 0;
  for (const h of raw) {
    if (out.length >= MAX_HEADERS) {
      notes.push(`${where} had ${raw.length} headers; only the first ${MAX_HEADERS} were kept.`);
      break;
    }
    if (!isObj(h) || typeof h.name !== 'string') {
      bad++;
      continue;
    }
    let value = str(h.value);
    if (value.length > MAX_HEADER_VALUE) {
      value = value.slice(0, MAX_HEADER_VALUE) + '…';
      cut++;
    }
    out.push({ name: h.name, value });
  }
  if (bad) notes.push(`${where}: ${bad} malformed header${bad > 1 ? 's' : ''} skipped.`);
  if (cut) notes.push(`${where}: ${cut} header value${cut > 1 ? 's' : ''} longer than ${MAX_HEADER_VALUE} characters cut.`);
  return out;
}

const KINDS: Record<string, ResourceKind> = {
  preflight: 'preflight',
  fetch: 'fetch',
  xhr: 'xhr',
  xmlhttprequest: 'xhr',
  document: 'document',
  script: 'script',
  stylesheet: 'stylesheet',
  image: 'image',
  font: 'font',
  media: 'media',
  websocket: 'websocket',
};

function resourceKind(entry: Loose, method: string, requestMethod: string | null): ResourceKind {
  const raw = entry._resourceType;
  // Chromium writes these lower-case already: look up first, lower-case only on a miss.
  if (typeof raw === 'string' && Object.hasOwn(KINDS, raw)) return KINDS[raw]!;
  const rt = str(raw).toLowerCase();
  if (rt && Object.hasOwn(KINDS, rt)) return KINDS[rt]!;
  // Producers without _resourceType (Firefox, older Chrome, hand-made HAR): an OPTIONS carrying
  // Access-Control-Request-Method is a preflight by definition.
  if (method === 'OPTIONS' && requestMethod !== null) {
    return 'preflight';
  }
  return rt ? 'other' : 'fetch';
}

function initiator(raw: unknown): Initiator | null {
  if (!isObj(raw)) return null;
  const type = str(raw.type, 'other');
  const url = typeof raw.url === 'string' ? raw.url : null;
  const requestId = typeof raw.requestId === 'string' ? raw.requestId : null;
  let stackUrl: string | null = null;
  if (!url && isObj(raw.stack) && Array.isArray(raw.stack.callFrames)) {
    for (const c of raw.stack.callFrames as unknown[]) {
      if (isObj(c) && typeof c.url === 'string' && c.url) {
        stackUrl = c.url;
        break;
      }
    }
  }
  return { type, url: url ?? stackUrl, requestId };
}

/** Plain lower-case http(s) URLs: the origin can be read without the (slow) URL parser. */
const SIMPLE_ORIGIN = /^(https?):\/\/([a-z0-9][a-z0-9.-]*)(?::(\d{1,5}))?(?=[/?#]|$)/;

/**
 * Every pass (normalise, pairing, analysis, the capture index) asks for the origin of the same URL
 * strings: remember the answers. Bounded (cleared when full), so a long session cannot grow it.
 */
const ORIGIN_CACHE_LIMIT = 50_000;
const originCache = new Map<string, string | null>();

export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  const quick = plainOrigin(url);
  if (quick !== undefined) return quick;
  const known = originCache.get(url);
  if (known !== undefined) return known;
  const o = parseOrigin(url);
  return setBounded(originCache, ORIGIN_CACHE_LIMIT, url, o);
}

/**
 * The origin of a plain http(s) URL (lower-case host of letters, digits, dots and hyphens, no port,
 * no user info), read in one scan: cheaper than looking the whole URL up in the cache, and most
 * URLs in a capture are unique. undefined for anything else, which goes to parseOrigin.
 */
function plainOrigin(url: string): string | undefined {
  let i: number;
  if (url.startsWith('https://')) i = 8;
  else if (url.startsWith('http://')) i = 7;
  else return undefined;
  const start = i;
  let prev = 46; // '.': a host may not start with a dot
  let lastLabel = start;
  for (; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) break; // / ? #
    if (c === 46) {
      if (prev === 46) return undefined; // "..", or a leading dot
      lastLabel = i + 1;
    } else if (!((c >= 97 && c <= 122) || c === 45 || (c >= 48 && c <= 57))) return undefined; // port, user info, upper case, IPv6...
    prev = c;
  }
  // Empty, a trailing dot, a hyphen first, or a last label starting with a digit (an IPv4 form,
  // which the URL parser normalises: "0x7f.1" is 127.0.0.1).
  const first = url.charCodeAt(lastLabel);
  if (i === start || prev === 46 || url.charCodeAt(start) === 45 || (first >= 48 && first <= 57)) return undefined;
  return recentOrigin(url, i);
}

/**
 * A capture talks to a handful of origins: hand back the same string object for the same origin.
 * Later stages key caches by origin, and a string they have seen before needs no hashing again
 * (nor does each URL cost a new string).
 */
const RECENT = 8;
const recent: string[] = [];
let recentNext = 0;

function recentOrigin(url: string, end: number): string {
  for (let k = 0; k < recent.length; k++) {
    const o = recent[k]!;
    if (o.length === end && url.startsWith(o)) return o;
  }
  const o = end === url.length ? url : url.slice(0, end);
  if (recent.length < RECENT) recent.push(o);
  else recent[recentNext++ % RECENT] = o;
  return o;
}

function parseOrigin(url: string): string | null {
  const m = SIMPLE_ORIGIN.exec(url);
  if (m && !m[2]!.endsWith('.') && !m[2]!.includes('..') && !/(^|\.)[0-9][^.]*$/.test(m[2]!)) {
    const scheme = m[1]!;
    if (m[3] === undefined) return `${scheme}://${m[2]}`;
    const port = Number(m[3]);
    if (port <= 65535) return (scheme === 'http' && port === 80) || (scheme === 'https' && port === 443) ? `${scheme}://${m[2]}` : `${scheme}://${m[2]}:${port}`;
  }
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
    return null;
  } catch {
    return null;
  }
}

/** A header's values joined with ", " as HTTP would combine them; null when absent. */
export function headerValue(list: readonly Header[], name: string): string | null {
  const lower = name.toLowerCase();
  let found: string | null = null;
  for (let i = 0; i < list.length; i++) {
    const h = list[i]!;
    if (sameHeaderName(h.name, lower)) found = found === null ? h.value : `${found}, ${h.value}`;
  }
  return found;
}

const DIGIT_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function two(s: string, i: number): number {
  return (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;
}

/** Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/**
 * HAR startedDateTime → epoch ms (NaN when unreadable). Chromium and Firefox write
 * "2025-01-15T10:00:00.123Z": that shape is read digit by digit, about twice as fast as Date.parse
 * (a large capture has tens of thousands); every other shape goes to Date.parse.
 */
export function parseStarted(s: string): number {
  if (s.length === 24 && s.charCodeAt(23) === 90 && s.charCodeAt(10) === 84 && s.charCodeAt(19) === 46 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58) {
    let digits = true;
    for (let k = 0; k < DIGIT_AT.length; k++) {
      const c = s.charCodeAt(DIGIT_AT[k]!);
      if (c < 48 || c > 57) digits = false;
    }
    if (digits) {
      const y = two(s, 0) * 100 + two(s, 2);
      const mo = two(s, 5);
      const d = two(s, 8);
      const h = two(s, 11);
      const mi = two(s, 14);
      const sec = two(s, 17);
      const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
      const last = mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1];
      if (last !== undefined && d >= 1 && d <= last && h <= 23 && mi <= 59 && sec <= 59)
        return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60_000 + sec * 1000 + (s.charCodeAt(20) - 48) * 100 + two(s, 21);
    }
  }
  return Date.parse(s);
}

/** FNV-1a over the UTF-16 code units: cheap, and well spread for URLs. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** The usual methods, as one shared string each (caches keyed by method then hash no new string). */
const METHODS = new Map(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'].map((m) => [m, m]));

/**
 * Normalise one HAR entry. Returns null only when the entry has no usable request at all; the
 * caller records that as a capture note so nothing is dropped silently.
 */
export function normaliseEntry(raw: unknown, index: number): { exchange: Exchange | null; problem: string | null } {
  if (!isObj(raw)) return { exchange: null, problem: `Entry ${index + 1} is not an object and was skipped.` };
  const req = raw.request;
  if (!isObj(req)) return { exchange: null, problem: `Entry ${index + 1} has no request and was skipped.` };
  const url = str(req.url);
  if (!url) return { exchange: null, problem: `Entry ${index + 1} has no request URL and was skipped.` };
  const notes: string[] = [];
  const rawMethod = str(req.method, 'GET') || 'GET';
  const method = METHODS.get(rawMethod) ?? rawMethod.toUpperCase();
  const reqHeaders = headers(req.headers, 'Request', notes);
  const res = isObj(raw.response) ? raw.response : {};
  if (!isObj(raw.response)) notes.push('No response object was recorded.');
  const resHeaders = headers(res.headers, 'Response', notes);
  const content = isObj(res.content) ? res.content : {};
  const post = isObj(req.postData) ? req.postData : null;
  const timings = isObj(raw.timings) ? raw.timings : {};
  const started = typeof raw.startedDateTime === 'string' ? parseStarted(raw.startedDateTime) : Number.NaN;
  if (Number.isNaN(started)) notes.push('Start time missing or unreadable.');
  const status = num(res.status, 0);
  // Chromium writes `_error`; Firefox writes nothing for CORS failures but may leave status 0.
  const rawError = raw._error ?? res._error;
  const error = typeof rawError === 'string' && rawError ? rawError : null;
  const init = initiator(raw._initiator);
  const reqKnown = knownRequestHeaders(reqHeaders);
  // `Origin: null` is an origin too (opaque: a sandboxed frame, or a request redirected across
  // origins, which Fetch taints): the CORS checks compare Allow-Origin with "null", not the page's.
  const originHeader = reqKnown.origin === 'null' ? 'null' : originOf(reqKnown.origin);
  const origin = originHeader ?? originOf(init?.url) ?? originOf(reqKnown.referer);
  const exchange: Exchange = {
    index,
    requestId: typeof raw._requestId === 'string' ? raw._requestId : null,
    resourceKind: resourceKind(raw, method, reqKnown.requestMethod),
    startedMs: Number.isNaN(started) ? 0 : started,
    durationMs: num(raw.time, -1),
    blockedMs: num(timings.blocked, -1),
    request: {
      method,
      url,
      headers: reqHeaders,
      known: reqKnown,
      httpVersion: str(req.httpVersion),
      bodySize: num(req.bodySize, -1),
      postData: post ? { mimeType: str(post.mimeType), text: str(post.text) } : null,
    },
    response: {
      status,
      statusText: str(res.statusText),
      headers: resHeaders,
      known: knownResponseHeaders(resHeaders),
      httpVersion: str(res.httpVersion),
      mimeType: str(content.mimeType),
      body: typeof content.text === 'string' ? content.text : null,
      redirectURL: str(res.redirectURL),
    },
    error,
    initiator: init,
    pageOrigin: origin,
    originHeader,
    targetOrigin: originOf(url),
    urlHash: hashString(url),
    // Most entries need no note: they share one empty, frozen list.
    notes: notes.length ? notes : NO_NOTES,
    engineMemo: null,
  };
  return { exchange, problem: null };
}

const NO_NOTES = Object.freeze([]) as unknown as string[];

export interface NormalisedCapture {
  exchanges: Exchange[];
  notes: string[];
}

export function normaliseEntries(entries: readonly unknown[]): NormalisedCapture {
  const exchanges: Exchange[] = [];
  const notes: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const { exchange, problem } = normaliseEntry(entries[i], i);
    if (exchange) exchanges.push(exchange);
    if (problem) notes.push(problem);
  }
  return { exchanges, notes };
}
