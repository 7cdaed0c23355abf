/**
 * HAR entry → Exchange, done once, in one place. Input may come from Chromium's
 * chrome.devtools.network, a HAR file from any producer, or hand-edited JSON, so every field is
 * treated as untrusted: wrong types are repaired with a note instead of throwing.
 */
import { knownRequestHeaders, knownResponseHeaders } from './known-headers';
import type { Exchange, Header, Initiator, ProbeAnswer, ResourceKind } from './types';
import { isObj, type Loose } from './har-input';

/** Header values longer than this are cut (with a note): a 100 KB cookie must not stall the panel. */
export const MAX_HEADER_VALUE = 8192;
const MAX_HEADERS = 500;

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

/** The origin of an http(s) URL, as the URL standard serialises it; null for anything else. */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

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
  const method = rawMethod.toUpperCase();
  const reqHeaders = headers(req.headers, 'Request', notes);
  const res = isObj(raw.response) ? raw.response : {};
  if (!isObj(raw.response)) notes.push('No response object was recorded.');
  const resHeaders = headers(res.headers, 'Response', notes);
  const content = isObj(res.content) ? res.content : {};
  const post = isObj(req.postData) ? req.postData : null;
  const timings = isObj(raw.timings) ? raw.timings : {};
  const started = typeof raw.startedDateTime === 'string' ? Date.parse(raw.startedDateTime) : Number.NaN;
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
    // Most entries need no note: they share one empty, frozen list.
    notes: notes.length ? notes : NO_NOTES,
  };
  const probed = probeAnswerOf(raw._corsXrayProbeAnswer);
  if (probed) exchange.probeAnswer = probed;
  return { exchange, problem: null };
}

const NO_NOTES = Object.freeze([]) as unknown as string[];

interface NormalisedCapture {
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

/** `_corsXrayProbeAnswer`, written by `cors-xray probe --send-actual`; anything malformed is ignored. */
function probeAnswerOf(v: unknown): ProbeAnswer | null {
  if (!isObj(v) || typeof v.status !== 'number' || !Number.isInteger(v.status) || v.status < 0 || v.status > 999) return null;
  return {
    status: v.status,
    statusText: typeof v.statusText === 'string' ? v.statusText.slice(0, 200) : '',
    error: typeof v.error === 'string' && v.error ? v.error.slice(0, 200) : null,
  };
}
