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
  originValue,
  preflightResponseCheck,
  preflightHeaders,
  preflightNeeded,
  provisionalHeaders,
  type CorsCheck,
  type ProbeRequestSpec,
} from './browser';
import type { Header } from '../model/types';
import type { ChromiumCorsError } from '../engine/schema';

export interface ProbeOptions extends ProbeRequestSpec {
  /** Send the actual request even when it may change data (unsafe method) or the browser would not send it. */
  sendActual: boolean;
  /** The whole probe (every request, redirect, body and its decoding) ends within this many ms. */
  timeoutMs: number;
}

type BrowserOutcome =
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

interface RedirectHop {
  /** The request as sent at this hop (URL, method, headers; tainted after a cross-origin redirect). */
  spec: ProbeRequestSpec;
  /** A new preflight at this URL (the hop is only that), or null. */
  preflight: RawResult | null;
  preflightCheck: CorsCheck | null;
  /** The answer at this hop (null for a preflight hop). */
  response: RawResult | null;
  /** Its CORS check, when the request was cross-origin here. */
  check: CorsCheck | null;
  /** The Location followed from here, or null when this is the final answer. */
  location: string | null;
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
  /**
   * The actual request and every redirect the browser would follow, in order (with a new
   * preflight as its own hop where one is needed); [] when it was not sent.
   */
  hops: RedirectHop[];
  /** Why a redirect was refused (net::ERR_TOO_MANY_REDIRECTS, RedirectContainsCredentials, ...). */
  redirectError: string | null;
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
  return {
    ...entryHead(meta, meta.resourceType),
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
      redirectURL: locationOf(r) ?? '',
      headersSize: -1,
      bodySize: r.bodySize,
      _transferSize: r.bodySize,
      ...(error ? { _error: error } : {}),
    },
    startedDateTime: new Date(meta.startedMs ?? r.startedMs).toISOString(),
    time: r.durationMs + blocked,
    timings: { blocked, ...r.timings },
    ...entryTail(meta),
  };
}

/** The entry Chromium records for a request it never sent: status 0, net::ERR_FAILED, provisional headers. */
function unsentEntry(spec: ProbeRequestSpec, meta: EntryMeta, error: string, durationMs: number): Record<string, unknown> {
  const blocked = meta.blockedMs ?? durationMs;
  return {
    ...entryHead(meta, 'fetch'),
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
    ...entryTail(meta),
  };
}

const entryHead = (meta: EntryMeta, resourceType: string) => ({ _initiator: meta.initiator, _priority: 'High', _resourceType: resourceType, cache: {} });
const entryTail = (meta: EntryMeta) => (meta.requestId ? { _requestId: meta.requestId } : {});

// ---------------------------------------------------------------------------------------------
// The probe
// ---------------------------------------------------------------------------------------------

/** The browser's CORS error on `leg`, as `check` found it. */
function corsVerdict(leg: 'preflight' | 'actual', check: CorsCheck, explanation: string): BrowserVerdict {
  return { outcome: 'cors-blocked', leg, reason: check.reason, failedParameter: check.failedParameter, explanation };
}

function networkVerdict(r: RawResult, leg: 'preflight' | 'actual'): BrowserVerdict {
  return {
    outcome: 'network-error',
    leg,
    reason: r.error,
    failedParameter: null,
    explanation: `The ${leg === 'preflight' ? 'preflight' : 'request'} failed at the network level (${r.errorDetail ?? r.error}): no answer arrived, so the probe could not learn whether CORS would pass. The browser would report a network failure, not a CORS error.`,
  };
}

/** Statuses a browser follows as redirects (with a Location). */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Chromium fails the 21st redirect of one request (net::ERR_TOO_MANY_REDIRECTS), as Fetch says. */
export const MAX_REDIRECTS = 20;

/** Request-body headers dropped when a redirect turns the request into a GET (Fetch, HTTP-redirect fetch). */
const BODY_HEADERS = new Set(['content-encoding', 'content-language', 'content-location', 'content-type']);

function locationOf(r: RawResult): string | null {
  const h = r.headers.find((x) => x.name.toLowerCase() === 'location');
  return h ? h.value : null;
}

function originOf(url: string): string {
  return new URL(url).origin;
}

/**
 * The actual request and the redirects a browser would follow for it, under the CORS rules of
 * Fetch's "HTTP-redirect fetch" as Chromium implements them (services/network/cors/cors_url_loader.cc,
 * OnReceiveRedirect / FollowRedirect / CheckRedirectLocation):
 *   - every response, a redirect included, passes the CORS check while the request is cross-origin;
 *   - the 21st redirect fails with net::ERR_TOO_MANY_REDIRECTS;
 *   - a Location with a user name or password fails (RedirectContainsCredentials) once the request
 *     is cross-origin; a non-HTTP(S) Location fails (net::ERR_UNSAFE_REDIRECT);
 *   - 301/302 turn a POST into a GET, 303 anything but HEAD, without body or body headers;
 *   - a redirect from a cross-origin URL to another origin taints the origin: from then on the
 *     request carries `Origin: null` and responses must allow "null";
 *   - Authorization is dropped across origins (Fetch); a request that needs a preflight gets a new
 *     one at each new URL where it is cross-origin.
 */
async function followActual(spec: ProbeRequestSpec, deadline: number, result: ProbeResult, judge: boolean): Promise<void> {
  let cur: ProbeRequestSpec = { ...spec };
  const seen = new Set<string>();
  for (let hop = 0; ; hop++) {
    const req = { method: cur.method, url: cur.url, headers: actualHeaders(cur), body: cur.body, deadline };
    const r = await send(req);
    const step: RedirectHop = { spec: cur, preflight: null, preflightCheck: null, response: r, check: null, location: null };
    result.hops.push(step);
    if (r.error) {
      if (judge) result.browser = networkVerdict(r, 'actual');
      return;
    }
    const cross = isCrossOriginRequest(cur);
    if (cross) {
      step.check = actualCheck(r.headers, cur);
      if (!step.check.ok) {
        if (judge) {
          const redirect = REDIRECT_STATUSES.has(r.status) && locationOf(r) !== null;
          result.browser = corsVerdict(
            'actual',
            step.check,
            redirect
              ? `The ${r.status} redirect${hop ? ` (hop ${hop + 1})` : ''} to ${locationOf(r)} fails the CORS check, so the browser stops there and does not follow it: ${step.check.explanation}`
              : `The response${hop ? ` (after ${hop} redirect${hop > 1 ? 's' : ''})` : ''} was ${r.status} ${r.statusText}`.trimEnd() +
                  `, but the page may not read it: ${step.check.explanation}`,
          );
        }
        return;
      }
    }
    const loc = REDIRECT_STATUSES.has(r.status) ? locationOf(r) : null;
    if (loc === null) return;
    step.location = loc;
    // Refuse the redirect: `reason` a CORS error, else the net error `error`.
    const fail = (error: string, detail: string, reason?: ChromiumCorsError) => {
      result.redirectError = reason ?? error;
      if (!judge) return;
      result.browser = reason
        ? { outcome: 'cors-blocked', leg: 'actual', reason, failedParameter: loc, explanation: detail }
        : { outcome: 'network-error', leg: 'actual', reason: error, failedParameter: null, explanation: detail };
    };
    seen.add(`${cur.method} ${cur.url}`);
    if (hop + 1 > MAX_REDIRECTS) {
      const loop =
        seen.size <= MAX_REDIRECTS
          ? ` It is a redirect loop: the ${seen.size === 1 ? 'URL redirects to itself' : `chain cycles through ${seen.size} URLs`}.`
          : '';
      fail(
        'net::ERR_TOO_MANY_REDIRECTS',
        `The request was redirected ${MAX_REDIRECTS} times and the ${MAX_REDIRECTS + 1}st answer redirects again (${r.status} to ${loc}): the browser gives up with net::ERR_TOO_MANY_REDIRECTS, a network error, not a CORS one.${loop}`,
      );
      return;
    }
    let next: URL;
    try {
      next = new URL(loc, cur.url);
    } catch {
      fail(
        'net::ERR_INVALID_REDIRECT',
        `The ${r.status} redirect's Location "${loc}" is not a URL: the browser fails the request with net::ERR_INVALID_REDIRECT.`,
      );
      return;
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      fail(
        'net::ERR_UNSAFE_REDIRECT',
        `The ${r.status} redirect goes to a ${next.protocol} URL (${loc}): a browser follows redirects to http and https only and fails the request (net::ERR_UNSAFE_REDIRECT).`,
      );
      return;
    }
    if ((next.username || next.password) && (cross || cur.tainted || next.origin !== spec.origin)) {
      fail(
        'net::ERR_FAILED',
        `The ${r.status} redirect goes to ${loc}, a URL with a user name or password: a browser refuses to follow that on a cross-origin request (RedirectContainsCredentials).`,
        'RedirectContainsCredentials',
      );
      return;
    }
    next.hash = '';
    const toGet = ((r.status === 301 || r.status === 302) && cur.method === 'POST') || (r.status === 303 && cur.method !== 'GET' && cur.method !== 'HEAD');
    const crossHop = next.origin !== originOf(cur.url);
    const tainted = !!cur.tainted || (crossHop && spec.origin !== originOf(cur.url));
    let headers = cur.headers;
    if (toGet) headers = headers.filter((h) => !BODY_HEADERS.has(h.name.toLowerCase()));
    if (crossHop) headers = headers.filter((h) => h.name.toLowerCase() !== 'authorization');
    const { body: _dropped, ...rest } = cur;
    cur = { ...(toGet ? rest : cur), url: next.href, method: toGet ? 'GET' : cur.method, headers, tainted };
    // A new preflight where the redirected request needs one (Chromium re-starts the request).
    if (preflightNeeded(cur)) {
      const pf = await send({ method: 'OPTIONS', url: cur.url, headers: preflightHeaders(cur), deadline });
      const pstep: RedirectHop = { spec: cur, preflight: pf, preflightCheck: null, response: null, check: null, location: null };
      result.hops.push(pstep);
      if (pf.error) {
        if (judge) result.browser = networkVerdict(pf, 'preflight');
        return;
      }
      pstep.preflightCheck = preflightResponseCheck(pf, cur);
      if (!pstep.preflightCheck.ok) {
        if (judge) {
          result.browser = corsVerdict(
            'preflight',
            pstep.preflightCheck,
            `After the redirect to ${cur.url}, the browser sent a new preflight there; it was answered ${pf.status} ${pf.statusText}`.trimEnd() +
              `: ${pstep.preflightCheck.explanation}`,
          );
        }
        return;
      }
    }
  }
}

/** The redirects in plain words, one line each, for every output (notes carry them into JSON). */
export function redirectLines(r: ProbeResult): string[] {
  const out: string[] = [];
  let taintedSaid = false;
  for (const h of r.hops) {
    if (h.preflight) {
      out.push(
        `New preflight at ${h.spec.url} (Origin: ${originValue(h.spec)}): ${h.preflight.error ?? `${h.preflight.status} ${h.preflight.statusText}`.trimEnd()}${h.preflightCheck && !h.preflightCheck.ok ? ` — fails: ${h.preflightCheck.reason}` : ''}.`,
      );
      continue;
    }
    if (h.spec.tainted && !taintedSaid) {
      taintedSaid = true;
      out.push(
        `From here on the request carries Origin: null: it was redirected from a cross-origin URL to another origin, which taints its origin (the response must allow "null").`,
      );
    }
    if (h.location !== null && h.response) {
      out.push(
        `${h.spec.method} ${h.spec.url} → ${h.response.status} ${h.response.statusText}`.trimEnd() +
          ` redirect to ${h.location}${h.check && !h.check.ok ? ` — fails the CORS check (${h.check.reason}); not followed` : ''}.`,
      );
    }
  }
  if (r.redirectError) out.push(`Redirect refused: ${r.redirectError}.`);
  // A loop repeats the same line: once, with its count.
  const folded: string[] = [];
  for (let i = 0; i < out.length;) {
    let j = i + 1;
    while (j < out.length && out[j] === out[i]) j++;
    folded.push(j - i > 1 ? `${out[i]} (${j - i} times)` : out[i]!);
    i = j;
  }
  return folded;
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
    hops: [],
    redirectError: null,
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
        const answered = `The preflight was answered ${pf.status} ${pf.statusText}`.trimEnd();
        const why =
          check.reason === 'PreflightDisallowedRedirect'
            ? ` with a redirect to ${locationOf(pf) ?? '(no Location)'}. Chromium never follows a redirect of a preflight: it fails the request ("Redirect is not allowed for a preflight request"). Call the final URL from the page, or answer OPTIONS directly with 2xx.`
            : `: ${check.explanation}`;
        result.browser = corsVerdict('preflight', check, answered + why);
      }
    }
  }

  const unsafe = !SAFE_METHODS.has(spec.method);
  if (!result.browserSendsActual && !options.sendActual) {
    result.actualSkipped =
      'The browser would never send it, because the preflight failed. Add --send-actual to send it anyway and see what the server answers.';
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
    await followActual(spec, deadline, result, result.browserSendsActual);
    const first = result.hops[0]!;
    const last = [...result.hops].reverse().find((h) => h.response)!;
    // The first answer is what the server does with the request itself; a redirect's final answer is
    // what the page would read.
    result.actual = last.response;
    result.actualCheck = last.check ?? (first.response && !first.response.error && crossOrigin ? actualCheck(first.response.headers, spec) : null);
  }
  if (result.browser.outcome === 'ok') {
    result.browser.explanation = crossOrigin
      ? `The browser would let the page read this response${result.hops.length > 1 ? ` (after ${result.hops.filter((h) => h.location !== null).length} redirect(s), each allowed)` : ''}.`
      : 'Same-origin request: CORS does not apply.';
  }

  // What the browser records: the actual request first (it starts first and waits for its preflight).
  const pfDuration = result.preflight ? result.preflight.durationMs : 0;
  const actualMeta: EntryMeta = { resourceType: 'fetch', initiator: pageInitiator, requestId, startedMs };
  if (!result.browserSendsActual) {
    const error = result.preflight?.error ?? 'net::ERR_FAILED';
    const entry = unsentEntry(spec, { ...actualMeta, blockedMs: pfDuration }, error, pfDuration);
    // Sent anyway (--send-actual): the analysis speaks of the answer it got (model/normalise.ts).
    if (result.actual) entry._corsXrayProbeAnswer = { status: result.actual.status, statusText: result.actual.statusText, error: result.actual.error };
    entries.push(entry);
  } else if (result.hops.length) {
    const gap = result.preflight ? Math.max(0, result.hops[0]!.response!.startedMs - startedMs) : 0;
    const blocked = result.browser.outcome === 'cors-blocked' ? result.hops[result.hops.length - 1] : null;
    // Each redirect starts a new request in the record; a new preflight shares its request's id.
    let redirects = 0;
    const idOf = () => (redirects ? `${requestId}.${redirects}` : requestId);
    result.hops.forEach((h, i) => {
      if (h.preflight) {
        entries.push(sentEntry(h.preflight, { resourceType: 'preflight', initiator: { type: 'preflight', url: h.spec.url, requestId: idOf() } }, false));
        return;
      }
      const failed = h === blocked && result.browser.leg === 'actual';
      const netErr =
        h === result.hops[result.hops.length - 1] && result.redirectError && !h.response!.error
          ? result.redirectError.startsWith('net::')
            ? result.redirectError
            : 'net::ERR_FAILED'
          : null;
      const entry = sentEntry(h.response!, { ...actualMeta, ...(i ? { requestId: idOf(), startedMs: h.response!.startedMs } : { blockedMs: gap }) }, failed);
      if (netErr) (entry.response as Record<string, unknown>)._error = netErr;
      entries.push(entry);
      if (h.location !== null) redirects++;
    });
  }
  if (preflightEntry) entries.push(preflightEntry);
  return result;
}
