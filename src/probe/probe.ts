/**
 * probe(): do what the browser would do for one fetch(), without hiding anything.
 *
 * 1. Decide from the Fetch rules whether a preflight is needed; send it exactly as Chromium would.
 * 2. Send the actual request when the browser would (safe methods only, unless sendActual), or,
 *    with sendActual, even when the browser would not (its preflight failed): that reveals what
 *    the server does with the request itself.
 * 3. Record what the browser would have recorded, as Chromium-shaped HAR entries, so the same
 *    analyze() that serves the panel explains it.
 */
import { randomInt } from 'node:crypto';
import { send, type RawResult } from './http';
import {
  actualHeaders,
  actualCheck,
  isCrossOriginRequest,
  preflightResponseCheck,
  preflightHeaders,
  preflightNeeded,
  provisionalHeaders,
  type CorsCheck,
  type ProbeRequestSpec,
} from './browser';
import type { Header } from '../model/types';

export interface ProbeOptions extends ProbeRequestSpec {
  /** Send the actual request even when it may change data (unsafe method) or the browser would not send it. */
  sendActual: boolean;
  /** The whole probe (every request, redirect, body and its decoding) ends within this many ms. */
  timeoutMs: number;
}

export type BrowserOutcome =
  /** The page's script would get the response. */
  | 'ok'
  /** The browser would report a CORS error. */
  | 'cors-blocked'
  /** The browser would report a network failure (not CORS). */
  | 'network-error'
  /** Not known: the actual request was not sent (unsafe method without --send-actual). */
  | 'unknown';

export interface BrowserVerdict {
  outcome: BrowserOutcome;
  /** Which leg the browser would block or fail on. */
  leg: 'preflight' | 'actual' | null;
  /** Chromium's CorsError name, or the net::ERR_* for network failures. */
  reason: string | null;
  /** The value Chromium names in its message (origin, method or header at fault). */
  failedParameter: string | null;
  explanation: string;
}

export interface ProbeResult {
  options: ProbeOptions;
  crossOrigin: boolean;
  preflightNeeded: boolean;
  preflight: RawResult | null;
  preflightCheck: CorsCheck | null;
  /** The actual request as the probe sent it (null when not sent). */
  actual: RawResult | null;
  actualCheck: CorsCheck | null;
  /** False when the browser would never send the actual request (its preflight failed). */
  browserSendsActual: boolean;
  /** Why the probe did not send the actual request, in plain words; null when it did. */
  actualSkipped: string | null;
  browser: BrowserVerdict;
  /** What the browser would have recorded (Chromium HAR shape), for analyze(). */
  entries: unknown[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

// ---------------------------------------------------------------------------------------------
// Chromium-shaped HAR entries
// ---------------------------------------------------------------------------------------------

function queryString(url: string): Header[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function mimeOf(headers: Header[]): string {
  const ct = headers.find((h) => h.name.toLowerCase() === 'content-type');
  return ct ? ct.value : 'x-unknown';
}

function harRequest(method: string, url: string, headers: Header[], httpVersion: string, body?: string): Record<string, unknown> {
  const req: Record<string, unknown> = {
    method,
    url,
    httpVersion,
    headers,
    queryString: queryString(url),
    cookies: [],
    headersSize: -1,
    bodySize: body !== undefined ? Buffer.byteLength(body) : 0,
  };
  if (body !== undefined) req.postData = { mimeType: mimeOf(headers), text: body };
  return req;
}

interface EntryMeta {
  resourceType: 'fetch' | 'preflight';
  initiator: Record<string, unknown>;
  requestId?: string;
  /** Extra ms the request waited before its own transaction (an actual request waits for its preflight). */
  blockedMs?: number;
  startedMs?: number;
}

/** A request that reached the network (answered, or failed at the network level). */
function sentEntry(r: RawResult, meta: EntryMeta, corsFailed: boolean): Record<string, unknown> {
  const error = r.error ?? (corsFailed ? 'net::ERR_FAILED' : null);
  const blocked = meta.blockedMs ?? 0;
  const entry: Record<string, unknown> = {
    _initiator: meta.initiator,
    _priority: 'High',
    _resourceType: meta.resourceType,
    cache: {},
    request: harRequest(r.request.method, r.request.url, r.request.headers, r.status ? r.httpVersion : '', r.request.body),
    response: {
      status: r.status,
      statusText: r.statusText,
      httpVersion: r.httpVersion,
      headers: r.headers,
      cookies: [],
      content: {
        size: r.body !== null ? Buffer.byteLength(r.body) : 0,
        mimeType: r.status ? mimeOf(r.headers) : 'x-unknown',
        ...(r.body !== null ? { text: r.body } : {}),
        ...(r.bodyNote || r.bodyTruncated ? { comment: r.bodyNote ?? 'Body cut by cors-xray probe.' } : {}),
      },
      redirectURL: r.headers.find((h) => h.name.toLowerCase() === 'location')?.value ?? '',
      headersSize: -1,
      bodySize: r.bodySize,
      _transferSize: r.bodySize,
      ...(error ? { _error: error } : {}),
    },
    startedDateTime: new Date(meta.startedMs ?? r.startedMs).toISOString(),
    time: r.durationMs + blocked,
    timings: { blocked, dns: r.timings.dns, ssl: r.timings.ssl, connect: r.timings.connect, send: r.timings.send, wait: r.timings.wait, receive: r.timings.receive },
  };
  if (meta.requestId) entry._requestId = meta.requestId;
  return entry;
}

/** The entry Chromium records for a request it never sent: status 0, net::ERR_FAILED, provisional headers. */
function unsentEntry(spec: ProbeRequestSpec, meta: EntryMeta, error: string, durationMs: number): Record<string, unknown> {
  const blocked = meta.blockedMs ?? durationMs;
  const entry: Record<string, unknown> = {
    _initiator: meta.initiator,
    _priority: 'High',
    _resourceType: 'fetch',
    cache: {},
    request: harRequest(spec.method, spec.url, provisionalHeaders(spec), '', spec.body),
    response: {
      status: 0,
      statusText: '',
      httpVersion: '',
      headers: [],
      cookies: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      _transferSize: 0,
      _error: error,
    },
    startedDateTime: new Date(meta.startedMs ?? Date.now()).toISOString(),
    time: blocked,
    timings: { blocked, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0 },
  };
  if (meta.requestId) entry._requestId = meta.requestId;
  return entry;
}

// ---------------------------------------------------------------------------------------------
// The probe
// ---------------------------------------------------------------------------------------------

function networkVerdict(r: RawResult, leg: 'preflight' | 'actual'): BrowserVerdict {
  return {
    outcome: 'network-error',
    leg,
    reason: r.error,
    failedParameter: null,
    explanation: `The ${leg === 'preflight' ? 'preflight' : 'request'} failed at the network level (${r.errorDetail ?? r.error}); the browser would report a network failure, which is not a CORS problem.`,
  };
}

export async function probe(options: ProbeOptions): Promise<ProbeResult> {
  const spec: ProbeRequestSpec = options;
  const crossOrigin = isCrossOriginRequest(spec);
  const needsPf = preflightNeeded(spec);
  const requestId = `${process.pid}.${randomInt(1, 100000)}`;
  const pageInitiator = { type: 'script', url: `${spec.origin}/` };
  const entries: unknown[] = [];
  const result: ProbeResult = {
    options,
    crossOrigin,
    preflightNeeded: needsPf,
    preflight: null,
    preflightCheck: null,
    actual: null,
    actualCheck: null,
    browserSendsActual: true,
    actualSkipped: null,
    browser: { outcome: 'ok', leg: null, reason: null, failedParameter: null, explanation: '' },
    entries,
  };

  const startedMs = Date.now();
  const deadline = startedMs + options.timeoutMs;
  let preflightEntry: Record<string, unknown> | null = null;
  if (needsPf) {
    const pf = await send({ method: 'OPTIONS', url: spec.url, headers: preflightHeaders(spec), deadline });
    result.preflight = pf;
    preflightEntry = sentEntry(pf, { resourceType: 'preflight', initiator: { type: 'preflight', url: spec.url, requestId } }, false);
    if (pf.error) {
      result.browserSendsActual = false;
      result.browser = networkVerdict(pf, 'preflight');
    } else {
      const check = preflightResponseCheck(pf, spec);
      result.preflightCheck = check;
      if (!check.ok) {
        result.browserSendsActual = false;
        result.browser = { outcome: 'cors-blocked', leg: 'preflight', reason: check.reason, failedParameter: check.failedParameter, explanation: `The preflight was answered ${pf.status} ${pf.statusText}`.trimEnd() + `: ${check.explanation}` };
      }
    }
  }

  const unsafe = !SAFE_METHODS.has(spec.method);
  if (!result.browserSendsActual && !options.sendActual) {
    result.actualSkipped = 'The browser would never send it, because the preflight failed. Add --send-actual to send it anyway and see what the server answers.';
  } else if (result.browserSendsActual && unsafe && !options.sendActual) {
    result.actualSkipped = `${spec.method} may change data on the server, so the probe did not send it. Add --send-actual to send it.`;
    result.browser = {
      outcome: 'unknown',
      leg: null,
      reason: null,
      failedParameter: null,
      explanation: needsPf
        ? `The preflight passes, so the browser would send the ${spec.method}; whether its response passes the CORS check is unknown until it is sent (--send-actual).`
        : `Whether the ${spec.method} response passes the CORS check is unknown until it is sent (--send-actual).`,
    };
  } else {
    const actual = await send({ method: spec.method, url: spec.url, headers: actualHeaders(spec), body: spec.body, deadline });
    result.actual = actual;
    if (result.browserSendsActual) {
      if (actual.error) result.browser = networkVerdict(actual, 'actual');
      else if (crossOrigin) {
        const check = actualCheck(actual.headers, spec);
        result.actualCheck = check;
        if (!check.ok) result.browser = { outcome: 'cors-blocked', leg: 'actual', reason: check.reason, failedParameter: check.failedParameter, explanation: `The response was ${actual.status} ${actual.statusText}`.trimEnd() + `, but the page may not read it: ${check.explanation}` };
      }
    } else if (!actual.error && crossOrigin) {
      result.actualCheck = actualCheck(actual.headers, spec);
    }
  }
  if (result.browser.outcome === 'ok') {
    result.browser.explanation = crossOrigin
      ? 'The browser would let the page read this response.'
      : 'Same-origin request: CORS does not apply.';
  }

  // What the browser records: the actual request first (it starts first and waits for its preflight).
  const pfDuration = result.preflight ? result.preflight.durationMs : 0;
  const actualMeta: EntryMeta = { resourceType: 'fetch', initiator: pageInitiator, requestId, startedMs };
  if (!result.browserSendsActual) {
    const error = result.preflight?.error ?? 'net::ERR_FAILED';
    entries.push(unsentEntry(spec, { ...actualMeta, blockedMs: pfDuration }, error, pfDuration));
  } else if (result.actual) {
    const gap = result.preflight ? Math.max(0, result.actual.startedMs - startedMs) : 0;
    entries.push(sentEntry(result.actual, { ...actualMeta, blockedMs: gap }, result.browser.outcome === 'cors-blocked' && result.browser.leg === 'actual'));
  }
  if (preflightEntry) entries.push(preflightEntry);
  return result;
}
