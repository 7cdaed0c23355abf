/**
 * Fixture builder: HAR entries shaped like Chromium's (see shared extension-data.md).
 * - preflight entries: _resourceType "preflight", _initiator {type: "preflight", url, requestId};
 * - blocked responses: real status and headers, _error "net::ERR_FAILED";
 * - never-sent requests: status 0, httpVersion "", no response headers, provisional request
 *   headers (no Origin/Host), _initiator of type script with a stack, timings.blocked spanning
 *   the preflight.
 */

export type Headers = Record<string, string> | Array<[string, string]>;

export interface LegSpec {
  status: number;
  responseHeaders?: Headers;
  requestHeaders?: Headers;
  error?: string | null;
  body?: string;
}

export interface ExchangeSpec {
  url: string;
  method?: string;
  /** Page origin (default http://app.test). */
  origin?: string;
  /** Headers set by the page's script (Content-Type, Authorization...). */
  requestHeaders?: Headers;
  /** Sent cookies (credentials include). */
  cookie?: string;
  status?: number;
  responseHeaders?: Headers;
  /** _error of the actual request ("net::ERR_FAILED" for a CORS block). */
  error?: string | null;
  body?: string;
  /** Record a preflight with this answer. */
  preflight?: LegSpec;
  /** The actual request was never sent (its preflight failed): Chromium's status-0 entry. */
  neverSent?: boolean;
  /** Start time, ms since epoch (default a fixed instant). */
  startedMs?: number;
  /** Network id of the actual request (Chromium's HAR does not carry it; the preflight's initiator does). */
  requestId?: string;
  /** Put _requestId on the actual entry too (some producers do). */
  withOwnRequestId?: boolean;
}

export const PAGE = 'http://app.test';
export const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);
let nextId = 1000;

function list(h: Headers | undefined): Array<{ name: string; value: string }> {
  if (!h) return [];
  const pairs = Array.isArray(h) ? h : Object.entries(h);
  return pairs.map(([name, value]) => ({ name, value }));
}

function unsafeNames(h: Array<{ name: string; value: string }>): string[] {
  const names = new Set<string>();
  for (const { name, value } of h) {
    const n = name.toLowerCase();
    if (n === 'accept' || n === 'accept-language' || n === 'content-language') continue;
    if (n === 'content-type' && /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i.test(value)) continue;
    names.add(n);
  }
  return [...names].sort();
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function entry(opts: {
  method: string;
  url: string;
  reqHeaders: Array<{ name: string; value: string }>;
  status: number;
  resHeaders: Array<{ name: string; value: string }>;
  httpVersion: string;
  started: number;
  time: number;
  blocked: number;
  resourceType: string;
  initiator: unknown;
  error?: string | null;
  body?: string;
  requestId?: string;
}): Record<string, unknown> {
  const e: Record<string, unknown> = {
    startedDateTime: iso(opts.started),
    time: opts.time,
    request: {
      method: opts.method,
      url: opts.url,
      httpVersion: opts.httpVersion,
      headers: opts.reqHeaders,
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: opts.status,
      statusText: opts.status ? 'X' : '',
      httpVersion: opts.httpVersion,
      headers: opts.resHeaders,
      cookies: [],
      content: { size: 0, mimeType: 'x-unknown', ...(opts.body !== undefined ? { text: opts.body } : {}) },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      _transferSize: 0,
      _error: opts.error ?? null,
    },
    cache: {},
    timings: { blocked: opts.blocked, dns: -1, ssl: -1, connect: -1, send: 0, wait: opts.time, receive: 0 },
    _initiator: opts.initiator,
    _priority: 'High',
    _resourceType: opts.resourceType,
  };
  if (opts.error) e._error = opts.error;
  if (opts.requestId) e._requestId = opts.requestId;
  return e;
}

/** HAR entries for one exchange: [preflight?, actual], in Chromium's start order. */
export function exchange(spec: ExchangeSpec): Record<string, unknown>[] {
  const method = (spec.method ?? 'GET').toUpperCase();
  const origin = spec.origin ?? PAGE;
  const started = spec.startedMs ?? T0;
  const host = (() => {
    try {
      return new URL(spec.url).host;
    } catch {
      return '';
    }
  })();
  const scriptHeaders = list(spec.requestHeaders);
  const requestId = spec.requestId ?? String(nextId++);
  const initiator = {
    type: 'script',
    stack: { callFrames: [{ functionName: 'load', scriptId: '12', url: `${origin}/app.js`, lineNumber: 10, columnNumber: 4 }] },
  };
  const out: Record<string, unknown>[] = [];
  const pfTime = 3;
  if (spec.preflight) {
    const acrh = unsafeNames(scriptHeaders);
    const pfReq = [
      { name: 'Accept', value: '*/*' },
      { name: 'Access-Control-Request-Method', value: method },
      ...(acrh.length ? [{ name: 'Access-Control-Request-Headers', value: acrh.join(',') }] : []),
      { name: 'Origin', value: origin },
      { name: 'Host', value: host },
      { name: 'Sec-Fetch-Mode', value: 'cors' },
      ...list(spec.preflight.requestHeaders),
    ];
    out.push(
      entry({
        method: 'OPTIONS',
        url: spec.url,
        reqHeaders: pfReq,
        status: spec.preflight.status,
        resHeaders: list(spec.preflight.responseHeaders),
        httpVersion: spec.preflight.status ? 'HTTP/1.1' : '',
        started: started + 1,
        time: pfTime,
        blocked: 0.5,
        resourceType: 'preflight',
        initiator: { type: 'preflight', url: spec.url, requestId },
        error: spec.preflight.error ?? null,
        body: spec.preflight.body,
      }),
    );
  }
  if (spec.neverSent) {
    out.unshift(
      entry({
        method,
        url: spec.url,
        reqHeaders: [...scriptHeaders, { name: 'Referer', value: `${origin}/` }],
        status: 0,
        resHeaders: [],
        httpVersion: '',
        started,
        time: pfTime + 2,
        blocked: pfTime + 2,
        resourceType: 'fetch',
        initiator,
        error: spec.error ?? 'net::ERR_FAILED',
        requestId: spec.withOwnRequestId ? requestId : undefined,
      }),
    );
    return out;
  }
  const status = spec.status ?? 200;
  let sameOrigin = false;
  try {
    sameOrigin = new URL(spec.url).origin === origin;
  } catch {
    /* keep false */
  }
  const actualReq = [
    ...scriptHeaders,
    { name: 'Accept', value: '*/*' },
    ...(sameOrigin && (method === 'GET' || method === 'HEAD') ? [] : [{ name: 'Origin', value: origin }]),
    { name: 'Host', value: host },
    { name: 'Referer', value: `${origin}/` },
    ...(spec.cookie ? [{ name: 'Cookie', value: spec.cookie }] : []),
  ];
  out.unshift(
    entry({
      method,
      url: spec.url,
      reqHeaders: actualReq,
      status,
      resHeaders: list(spec.responseHeaders),
      httpVersion: status ? 'HTTP/1.1' : '',
      started,
      time: (spec.preflight ? pfTime + 2 : 0) + 5,
      blocked: spec.preflight ? pfTime + 2 : 0.3,
      resourceType: 'fetch',
      initiator,
      error: spec.error ?? null,
      body: spec.body,
      requestId: spec.withOwnRequestId ? requestId : undefined,
    }),
  );
  return out;
}

/** Shortcut headers. */
export const REST = { 'x-amzn-RequestId': 'a1b2c3d4-0000-4000-8000-000000000001', 'x-amz-apigw-id': 'AbCdEfGhIjKlMnO=' };
export const API = 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/items';
export const PLAIN = 'https://api.example.org/v1/items';
