/**
 * The Fetch standard's CORS check and CORS-preflight checks, run over recorded headers.
 * https://fetch.spec.whatwg.org/#cors-check and #cors-preflight-fetch (steps 7.x).
 *
 * Every step returns a CheckResult, so a rule can name exactly which check failed and the panel
 * can show, for a request that passed, that each check passed.
 */
import { SAFELISTED_METHODS } from '../model/fetch-spec';
import { HeaderIndex, isToken, splitList } from './headers';
import type { CheckResult, Leg } from './schema';
import { setBounded } from '../shared/bounded-cache';

export type CorsFailure =
  | 'missing-allow-origin'
  | 'multiple-allow-origin'
  | 'invalid-allow-origin'
  | 'wildcard-with-credentials'
  | 'origin-mismatch'
  | 'credentials-not-allowed';

export interface CorsCheckOutcome {
  ok: boolean;
  failure: CorsFailure | null;
  /** The Access-Control-Allow-Origin value as recorded (joined if repeated). */
  allowOrigin: string | null;
  allowCredentials: string | null;
  checks: CheckResult[];
}

function finishCors(
  leg: Leg,
  checks: CheckResult[],
  allowOrigin: string | null,
  allowCredentials: string | null,
  failure: CorsFailure | null,
  detail: string,
  credDetail?: string,
): CorsCheckOutcome {
  checks.push({ id: 'allow-origin', leg, outcome: failure && failure !== 'credentials-not-allowed' ? 'fail' : 'pass', detail });
  if (credDetail !== undefined)
    checks.push({ id: 'allow-credentials', leg, outcome: failure === 'credentials-not-allowed' ? 'fail' : 'pass', detail: credDetail });
  return { ok: failure === null, failure, allowOrigin, allowCredentials, checks };
}

function notRun(checks: CheckResult[], ids: CheckResult['id'][], why: string): void {
  for (const id of ids) checks.push({ id, leg: 'preflight', outcome: 'not-run', detail: why });
}

/**
 * Outcomes depend only on a few header values and request facts, which repeat across a capture:
 * each distinct combination is computed once and the outcome shared (read-only) between exchanges.
 * Bounded, so a long session cannot grow it.
 */
const CACHE_LIMIT = 4096;

/**
 * Cache keys are numbers built from small ids, not strings: a string key per exchange and check
 * was most of what analysing a passing exchange allocated. Each distinct value (origin, method,
 * header-name list, set of Allow-* headers) gets an id once; ids and outcomes are dropped together
 * when either grows past its bound, so a long session cannot grow them.
 */
const ID_LIMIT = 1 << 15;
const ids = new Map<string, number>();
const idsOfLists = new WeakMap<readonly string[], number>();
const corsCache = new Map<number, CorsCheckOutcome>();
/** (Allow-* set, origin, credentials) → (status, method, requested headers) → outcome. */
const preflightCache = new Map<number, Map<number, PreflightOutcome>>();
let preflightEntries = 0;
let generation = 0;

function resetCaches(): void {
  ids.clear();
  corsCache.clear();
  preflightCache.clear();
  preflightEntries = 0;
  // Ids cached on header indexes and lists of earlier generations are stale from now on.
  generation++;
}

/** Called first by each check, so that ids of one key all come from the same generation (a check adds at most four). */
function roomForIds(): void {
  if (ids.size >= ID_LIMIT - 8) resetCaches();
}

function idOf(s: string): number {
  let id = ids.get(s);
  if (id === undefined) {
    id = ids.size + 1;
    ids.set(s, id);
  }
  return id;
}

/** The engine's header-name lists are shared per Access-Control-Request-Headers value: id by identity. */
function listId(list: readonly string[]): number {
  const got = idsOfLists.get(list);
  if (got !== undefined && got >> 16 === generation % 0x7fff) return got & 0xffff;
  const id = idOf(list.join(','));
  idsOfLists.set(list, ((generation % 0x7fff) << 16) | id);
  return id;
}

/** The four Access-Control-Allow-* headers, as one id (normalise built their key string once). */
function allowId(headers: HeaderIndex): number {
  if (headers.allowId > 0 && headers.allowGeneration === generation) return headers.allowId;
  const id = idOf(headers.known.allowKey);
  headers.allowId = id;
  headers.allowGeneration = generation;
  return id;
}

/** (Allow-* set, origin, credentials): below 2^37, exact as a number. */
function headKey(headers: HeaderIndex, origin: string | null, credentialed: boolean): number {
  const a = allowId(headers);
  const o = origin === null ? 0 : idOf(origin);
  return (a * 0x10000 + o) * 2 + (credentialed ? 1 : 0);
}

/** Fetch "CORS check" for one response (a preflight or an actual response). */
export function corsCheck(leg: Leg, headers: HeaderIndex, origin: string | null, credentialed: boolean): CorsCheckOutcome {
  roomForIds();
  // Allow-Methods/-Headers are in the key too: harmless (the outcome does not read them), and one id per response.
  const key = headKey(headers, origin, credentialed) * 2 + (leg === 'preflight' ? 1 : 0);
  let got = corsCache.get(key);
  if (!got) {
    got = setBounded(corsCache, CACHE_LIMIT, key, corsCheckUncached(leg, headers, origin, credentialed));
  }
  return got;
}

function corsCheckUncached(leg: Leg, headers: HeaderIndex, origin: string | null, credentialed: boolean): CorsCheckOutcome {
  const values = headers.all('access-control-allow-origin');
  const allowOrigin = values.length ? values.join(', ') : null;
  const allowCredentials = headers.get('access-control-allow-credentials');
  const checks: CheckResult[] = [];
  const done = (failure: CorsFailure | null, detail: string, credDetail?: string): CorsCheckOutcome =>
    finishCors(leg, checks, allowOrigin, allowCredentials, failure, detail, credDetail);
  if (allowOrigin === null) return done('missing-allow-origin', 'Access-Control-Allow-Origin is absent.');
  // Several header lines, or one line holding a list: the value is not a single origin.
  const items = splitList(allowOrigin);
  if (values.length > 1 || items.length > 1)
    return done('multiple-allow-origin', `Access-Control-Allow-Origin holds ${items.length} values; exactly one is allowed.`);
  const value = allowOrigin.trim();
  if (value === '*') {
    if (credentialed) return done('wildcard-with-credentials', '"*" is refused for a request sent with credentials.');
    return done(null, '"*" allows any origin for a request without credentials.');
  }
  if (origin === null) return done(null, `Allow-Origin is ${value}; the page origin is unknown, so the match could not be checked.`);
  if (value !== origin) {
    const bad = value !== 'null' && !/^https?:\/\/[^/\s]+$/i.test(value);
    return done(bad ? 'invalid-allow-origin' : 'origin-mismatch', `Allow-Origin is ${value}, the page origin is ${origin} (compared byte for byte).`);
  }
  if (!credentialed) return done(null, `Allow-Origin equals the page origin ${origin}.`);
  if (allowCredentials !== 'true')
    return done(
      'credentials-not-allowed',
      `Allow-Origin equals the page origin ${origin}.`,
      allowCredentials === null
        ? 'Access-Control-Allow-Credentials is absent; a request with credentials needs it to be exactly "true".'
        : `Access-Control-Allow-Credentials is "${allowCredentials}"; only the exact value "true" passes.`,
    );
  return done(null, `Allow-Origin equals the page origin ${origin}.`, 'Access-Control-Allow-Credentials is "true".');
}

export type PreflightFailure =
  | CorsFailure
  | 'preflight-redirect'
  | 'preflight-status'
  | 'invalid-allow-methods'
  | 'invalid-allow-headers'
  | 'method-not-allowed'
  | 'authorization-not-covered-by-wildcard'
  | 'header-not-allowed';

export interface PreflightOutcome {
  ok: boolean;
  /** The first check that failed, in the order the standard runs them. */
  failure: PreflightFailure | null;
  status: number;
  cors: CorsCheckOutcome;
  allowMethods: string | null;
  allowHeaders: string | null;
  /** Method the request needs and the preflight did not allow. */
  deniedMethod: string | null;
  /** Header names (lower-case) the preflight did not allow. */
  deniedHeaders: string[];
  /** Authorization was allowed only through "*": Fetch refuses, Chromium (156) and Firefox warn. */
  authorizationOnlyByWildcard: boolean;
  checks: CheckResult[];
}

export interface PreflightInput {
  status: number;
  headers: HeaderIndex;
  origin: string | null;
  credentialed: boolean;
  /** The method of the request the preflight guards. */
  method: string;
  /** Header names that Access-Control-Request-Headers asked about (lower-case). */
  requestHeaders: readonly string[];
}

/** Fetch CORS-preflight fetch, steps after the response arrives. */
export function preflightCheck(input: PreflightInput): PreflightOutcome {
  return preflightOutcome(input.status, input.headers, input.origin, input.credentialed, input.method, input.requestHeaders);
}

/** preflightCheck with its inputs as arguments: the engine calls it for every preflight, and builds no input object unless the outcome is new. */
export function preflightOutcome(
  rawStatus: number,
  headers: HeaderIndex,
  origin: string | null,
  credentialed: boolean,
  method: string,
  requestHeaders: readonly string[],
): PreflightOutcome {
  roomForIds();
  const head = headKey(headers, origin, credentialed);
  // (status, method, requested headers): status below 1000 (else one shared slot that is never cached).
  const status = rawStatus >= 0 && rawStatus < 1000 && Number.isInteger(rawStatus) ? rawStatus : -1;
  const tail = status < 0 ? -1 : (idOf(method) * 0x10000 + listId(requestHeaders)) * 1000 + status;
  let byTail = preflightCache.get(head);
  let got = tail < 0 ? undefined : byTail?.get(tail);
  if (!got) {
    got = preflightCheckUncached({ status: rawStatus, headers, origin, credentialed, method, requestHeaders });
    if (tail >= 0) {
      if (preflightEntries >= CACHE_LIMIT) {
        preflightCache.clear();
        preflightEntries = 0;
        byTail = undefined;
      }
      if (!byTail) preflightCache.set(head, (byTail = new Map()));
      byTail.set(tail, got);
      preflightEntries++;
    }
  }
  return got;
}

function preflightCheckUncached(input: PreflightInput): PreflightOutcome {
  const { status, headers } = input;
  const checks: CheckResult[] = [];
  const cors = corsCheck('preflight', headers, input.origin, input.credentialed);
  const allowMethods = headers.get('access-control-allow-methods');
  const allowHeaders = headers.get('access-control-allow-headers');
  const out: PreflightOutcome = {
    ok: false,
    failure: null,
    status,
    cors,
    allowMethods,
    allowHeaders,
    deniedMethod: null,
    deniedHeaders: [],
    authorizationOnlyByWildcard: false,
    checks,
  };
  const redirect = status >= 300 && status < 400;
  checks.push({
    id: 'preflight-status',
    leg: 'preflight',
    outcome: status >= 200 && status < 300 ? 'pass' : 'fail',
    detail: redirect
      ? `Status ${status} is a redirect; a preflight may not be redirected.`
      : status >= 200 && status < 300
        ? `Status ${status} is an ok status (200-299).`
        : status === 0
          ? 'No status was recorded for the preflight.'
          : `Status ${status} is not an ok status (200-299).`,
  });
  checks.push(...cors.checks);
  if (redirect) out.failure = 'preflight-redirect';
  else if (!(status >= 200 && status < 300)) out.failure = 'preflight-status';
  if (!cors.ok && out.failure === null) out.failure = cors.failure;
  if (out.failure) {
    notRun(checks, ['allow-methods', 'allow-headers'], 'Not reached: an earlier preflight check failed.');
    return out;
  }
  // Step: parse the lists. A value that is not a list of tokens is a network error.
  const methods = splitList(allowMethods);
  const heads = splitList(allowHeaders);
  if (methods.some((m) => !isToken(m))) {
    out.failure = 'invalid-allow-methods';
    checks.push({ id: 'allow-methods', leg: 'preflight', outcome: 'fail', detail: `Access-Control-Allow-Methods "${allowMethods}" does not parse as a list of methods.` });
    notRun(checks, ['allow-headers'], 'Not reached: an earlier preflight check failed.');
    return out;
  }
  if (heads.some((h) => !isToken(h))) {
    out.failure = 'invalid-allow-headers';
    checks.push({ id: 'allow-methods', leg: 'preflight', outcome: 'not-run', detail: 'Not reached: Allow-Headers does not parse.' });
    checks.push({ id: 'allow-headers', leg: 'preflight', outcome: 'fail', detail: `Access-Control-Allow-Headers "${allowHeaders}" does not parse as a list of header names.` });
    return out;
  }
  const method = input.method.toUpperCase();
  // Methods compare case-sensitively in Fetch, but "get"/"post" etc. are normalised by the
  // browser before the request is made, and servers list them upper-case: compare as given.
  const methodListed = methods.includes(method) || methods.includes(input.method);
  const methodWildcard = methods.includes('*') && !input.credentialed;
  if (!SAFELISTED_METHODS.has(method) && !methodListed && !methodWildcard) {
    out.failure = 'method-not-allowed';
    out.deniedMethod = method;
    checks.push({
      id: 'allow-methods',
      leg: 'preflight',
      outcome: 'fail',
      detail:
        allowMethods === null
          ? `Access-Control-Allow-Methods is absent; ${method} is not a simple method, so it must be listed.`
          : methods.includes('*')
            ? `Allow-Methods is "*", which does not count for a request with credentials; ${method} must be named.`
            : `Allow-Methods "${allowMethods}" does not list ${method}.`,
    });
    notRun(checks, ['allow-headers'], 'Not reached: the method check failed.');
    return out;
  }
  checks.push({
    id: 'allow-methods',
    leg: 'preflight',
    outcome: 'pass',
    detail: SAFELISTED_METHODS.has(method) && !methodListed ? `${method} is a simple method and needs no listing.` : `${method} is allowed.`,
  });
  const listed = new Set(heads.map((h) => h.toLowerCase()));
  const headerWildcard = listed.has('*') && !input.credentialed;
  const denied: string[] = [];
  let authByWildcard = false;
  for (const name of input.requestHeaders) {
    const n = name.toLowerCase();
    if (listed.has(n)) continue;
    if (n === 'authorization') {
      if (headerWildcard) authByWildcard = true;
      else denied.push(n);
      continue;
    }
    if (!headerWildcard) denied.push(n);
  }
  out.deniedHeaders = denied;
  out.authorizationOnlyByWildcard = authByWildcard;
  if (denied.length) {
    out.failure = 'header-not-allowed';
    checks.push({
      id: 'allow-headers',
      leg: 'preflight',
      outcome: 'fail',
      detail:
        allowHeaders === null
          ? `Access-Control-Allow-Headers is absent; the request sends ${denied.join(', ')}.`
          : `Allow-Headers "${allowHeaders}" does not list ${denied.join(', ')}.`,
    });
    return out;
  }
  if (authByWildcard) {
    out.failure = 'authorization-not-covered-by-wildcard';
    checks.push({
      id: 'allow-headers',
      leg: 'preflight',
      outcome: 'warn',
      detail: 'Authorization is allowed only through "*"; the Fetch standard requires it to be named (Chromium still lets it through with a deprecation warning).',
    });
    return out;
  }
  checks.push({
    id: 'allow-headers',
    leg: 'preflight',
    outcome: 'pass',
    detail: input.requestHeaders.length ? `All requested headers are allowed (${input.requestHeaders.join(', ')}).` : 'The request asked for no extra headers.',
  });
  out.ok = true;
  return out;
}
