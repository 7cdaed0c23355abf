/**
 * The Fetch standard's CORS check and CORS-preflight checks, run over recorded headers, in the
 * order Chromium runs them, so that the first failed check is the one Chromium reports
 * (https://fetch.spec.whatwg.org/#cors-check and #cors-preflight-fetch; Chromium's order is in
 * docs/internals.md, "Chromium's check order"):
 *
 *   preflight: redirect? → Allow-Origin (and Allow-Credentials) → ok status → Allow-Methods and
 *              Allow-Headers parse → method allowed → headers allowed
 *   actual:    Allow-Origin (and Allow-Credentials)
 *
 * Every step appends a CheckResult to the list it is given (one per exchange), so a rule can name
 * exactly which check failed and the panel can show, for a request that passed, that each check
 * passed. Each failing outcome also names the Chromium CorsError it corresponds to and the "failed
 * parameter" Chromium puts in its console message (see console-message.ts).
 */
import { SAFELISTED_METHODS } from '../model/fetch-spec';
import { HeaderIndex, isToken, splitList } from './headers';
import type { CheckResult, ChromiumCorsError, Leg } from './schema';

type CorsFailure =
  'missing-allow-origin' | 'multiple-allow-origin' | 'invalid-allow-origin' | 'wildcard-with-credentials' | 'origin-mismatch' | 'credentials-not-allowed';

export interface CorsCheckOutcome {
  ok: boolean;
  failure: CorsFailure | null;
  /**
   * The CorsError Chromium reports for this failure on this leg (the Preflight… codes on a
   * preflight); null when the check passed.
   */
  corsError: ChromiumCorsError | null;
  /** Chromium's failed_parameter for it: the Allow-Origin or Allow-Credentials value ('' when none). */
  failedParameter: string;
  /** The Access-Control-Allow-Origin value as recorded (joined if repeated). */
  allowOrigin: string | null;
  allowCredentials: string | null;
}

/** Chromium's CorsError for each failure of the CORS check (services/network/public/cpp/cors/cors.cc, CheckAccess). */
const CORS_ERROR: Record<CorsFailure, ChromiumCorsError> = {
  'missing-allow-origin': 'MissingAllowOriginHeader',
  'multiple-allow-origin': 'MultipleAllowOriginValues',
  'invalid-allow-origin': 'InvalidAllowOriginValue',
  'wildcard-with-credentials': 'WildcardOriginNotAllowed',
  'origin-mismatch': 'AllowOriginMismatch',
  'credentials-not-allowed': 'InvalidAllowCredentials',
};

/** The same failures found on a preflight (preflight_controller.cc maps them to the Preflight* codes). */
const PREFLIGHT_CORS_ERROR: Record<CorsFailure, ChromiumCorsError> = {
  'missing-allow-origin': 'PreflightMissingAllowOriginHeader',
  'multiple-allow-origin': 'PreflightMultipleAllowOriginValues',
  'invalid-allow-origin': 'PreflightInvalidAllowOriginValue',
  'wildcard-with-credentials': 'PreflightWildcardOriginNotAllowed',
  'origin-mismatch': 'PreflightAllowOriginMismatch',
  'credentials-not-allowed': 'PreflightInvalidAllowCredentials',
};

/** Chromium's CorsError for a CORS-check failure on the given leg. */
function corsErrorOf(failure: CorsFailure, leg: Leg): ChromiumCorsError {
  return leg === 'preflight' ? PREFLIGHT_CORS_ERROR[failure] : CORS_ERROR[failure];
}

/** Append the Allow-Origin (and Allow-Credentials) checks to `checks` and settle `out`. */
function finishCors(
  out: CorsCheckOutcome,
  checks: CheckResult[],
  leg: Leg,
  failure: CorsFailure | null,
  detail: string,
  credDetail?: string,
  // How Chromium classifies it, where that differs from the finer `failure` rules read.
  chromium: CorsFailure | null = failure,
): CorsCheckOutcome {
  checks.push({ id: 'allow-origin', leg, outcome: failure && failure !== 'credentials-not-allowed' ? 'fail' : 'pass', detail });
  if (credDetail !== undefined)
    checks.push({ id: 'allow-credentials', leg, outcome: failure === 'credentials-not-allowed' ? 'fail' : 'pass', detail: credDetail });
  // Chromium names the Allow-Origin value (or the Allow-Credentials one) in its message; '' when absent.
  out.failedParameter =
    failure === null || failure === 'missing-allow-origin' || failure === 'wildcard-with-credentials'
      ? ''
      : failure === 'credentials-not-allowed'
        ? (out.allowCredentials ?? '')
        : (out.allowOrigin ?? '');
  out.ok = failure === null;
  out.failure = failure;
  out.corsError = chromium && corsErrorOf(chromium, leg);
  return out;
}

function notRun(checks: CheckResult[], ids: CheckResult['id'][], why: string): void {
  for (const id of ids) checks.push({ id, leg: 'preflight', outcome: 'not-run', detail: why });
}

/**
 * Access-Control-Allow-Origin as Chromium reads it (HttpResponseHeaders::GetNormalizedHeader): each
 * line trimmed, lines joined by ", "; null when absent.
 */
function normalizedAllowOrigin(headers: HeaderIndex): string | null {
  const { allowOrigin, allowOriginLines } = headers.known;
  if (allowOrigin === null) return null;
  return allowOriginLines === 1
    ? allowOrigin.trim()
    : headers
        .all('access-control-allow-origin')
        .map((v) => v.trim())
        .join(', ');
}

/**
 * Chromium's CheckAccess (services/network/public/cpp/cors/cors.cc), step for step: "*" first, then
 * absent, then (when not equal to the origin) several values, "null", an unparsable value, a
 * different origin; then Allow-Credentials for a request with credentials. The checks go to `checks`.
 */
export function corsCheck(leg: Leg, headers: HeaderIndex, origin: string | null, credentialed: boolean, checks: CheckResult[]): CorsCheckOutcome {
  // Normalise picked the Allow-* values out of the list already (model/known-headers.ts): no scan.
  const allowOrigin = normalizedAllowOrigin(headers);
  const allowCredentials = headers.known.allowCredentials;
  const out: CorsCheckOutcome = { ok: true, failure: null, corsError: null, failedParameter: '', allowOrigin, allowCredentials };
  if (allowOrigin === '*') {
    if (credentialed) return finishCors(out, checks, leg, 'wildcard-with-credentials', '"*" is refused for a request sent with credentials.');
    return finishCors(out, checks, leg, null, '"*" allows any origin for a request without credentials.');
  }
  if (allowOrigin === null) return finishCors(out, checks, leg, 'missing-allow-origin', 'Access-Control-Allow-Origin is absent.');
  if (origin === null)
    return finishCors(out, checks, leg, null, `Allow-Origin is ${allowOrigin}; the page origin is unknown, so the match could not be checked.`);
  if (allowOrigin !== origin) {
    // Several header lines, or one line holding a list: Chromium looks for a space or a comma.
    if (/[ ,]/.test(allowOrigin)) {
      const n = allowOrigin.split(/[ ,]+/).filter(Boolean).length;
      return finishCors(out, checks, leg, 'multiple-allow-origin', `Access-Control-Allow-Origin holds ${n} values (${allowOrigin}); exactly one is allowed.`);
    }
    const detail = `Allow-Origin is ${allowOrigin}, the page origin is ${origin} (compared byte for byte).`;
    // Not an origin (a path, no scheme): the rules say so; Chromium calls it invalid only when it
    // does not parse as a URL at all, and a mismatch otherwise ("https://a.example/").
    const isOrigin = allowOrigin === 'null' || /^https?:\/\/[^/\s]+$/i.test(allowOrigin);
    const chromium = allowOrigin === 'null' || parsesAsUrl(allowOrigin) ? 'origin-mismatch' : 'invalid-allow-origin';
    return finishCors(out, checks, leg, isOrigin ? 'origin-mismatch' : 'invalid-allow-origin', detail, undefined, chromium);
  }
  if (!credentialed) return finishCors(out, checks, leg, null, `Allow-Origin equals the page origin ${origin}.`);
  if (allowCredentials !== 'true')
    return finishCors(
      out,
      checks,
      leg,
      'credentials-not-allowed',
      `Allow-Origin equals the page origin ${origin}.`,
      allowCredentials === null
        ? 'Access-Control-Allow-Credentials is absent; a request with credentials needs it to be exactly "true".'
        : `Access-Control-Allow-Credentials is "${allowCredentials}"; only the exact value "true" passes.`,
    );
  return finishCors(out, checks, leg, null, `Allow-Origin equals the page origin ${origin}.`, 'Access-Control-Allow-Credentials is "true".');
}

/**
 * Chromium tells an invalid Allow-Origin value from a mismatching one by whether GURL parses it;
 * the WHATWG URL parser agrees with GURL on the values servers send ("example.com" and "*.example.com"
 * fail both, "https://example.com/" passes both).
 */
function parsesAsUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

type PreflightFailure =
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
  /** The first check that failed, in the order Chromium runs them. */
  failure: PreflightFailure | null;
  /**
   * The CorsError Chromium reports for `failure` (null when none, and for
   * authorization-not-covered-by-wildcard, which Chromium lets through with a warning).
   */
  corsError: ChromiumCorsError | null;
  /** Chromium's failed_parameter: the Allow-Origin/-Credentials value, the method or the header name ('' when none). */
  failedParameter: string;
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
}

interface PreflightInput {
  status: number;
  headers: HeaderIndex;
  origin: string | null;
  credentialed: boolean;
  /** The method of the request the preflight guards. */
  method: string;
  /** Header names that Access-Control-Request-Headers asked about (lower-case). */
  requestHeaders: readonly string[];
  checks: CheckResult[];
}

/** Statuses Chromium's network stack follows as redirects (net::HttpResponseHeaders::IsRedirect); Firefox's checks use the same set. */
export function isRedirectStatus(status: number): boolean {
  return status === 300 || status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function statusDetail(status: number): string {
  return isRedirectStatus(status)
    ? `Status ${status} is a redirect; a preflight may not be redirected.`
    : status >= 200 && status < 300
      ? `Status ${status} is an ok status (200-299).`
      : status === 0
        ? 'No status was recorded for the preflight.'
        : `Status ${status} is not an ok status (200-299).`;
}

/** The checks of a CORS check, marked as not reached. */
function notReached(checks: CheckResult[], from: CheckResult[], why: string): void {
  for (const c of from) checks.push({ id: c.id, leg: c.leg, outcome: 'not-run', detail: why });
}

/** Settle a preflight outcome on its first failed check. */
function failed(out: PreflightOutcome, failure: PreflightFailure, corsError: ChromiumCorsError | null, failedParameter = ''): PreflightOutcome {
  out.failure = failure;
  out.corsError = corsError;
  out.failedParameter = failedParameter;
  return out;
}

/**
 * The preflight's checks in Chromium's order (services/network/cors/preflight_controller.cc):
 * a redirect fails before any header is read (PreflightLoader::HandleRedirect); then
 * CheckPreflightAccess runs the CORS check and only then the status, so a 401 without
 * Allow-Origin is reported as a missing Allow-Origin, not as a bad status; then
 * PreflightResult::Create parses Allow-Methods and Allow-Headers; then CheckPreflightResult
 * checks the method, then the headers (preflight_result.cc).
 */
/** Fetch CORS-preflight fetch, steps after the response arrives; the checks go to `input.checks`. */
export function preflightCheck(input: PreflightInput): PreflightOutcome {
  const { status, headers, checks } = input;
  // A redirect, or a preflight whose answer was not recorded: the header checks do not apply,
  // and the CORS check's come after the status's, as not reached.
  const unread = isRedirectStatus(status) || !(status > 0);
  const corsChecks: CheckResult[] = unread ? [] : checks;
  const cors = corsCheck('preflight', headers, input.origin, input.credentialed, corsChecks);
  const allowMethods = headers.known.allowMethods;
  const allowHeaders = headers.known.allowHeaders;
  const out: PreflightOutcome = {
    ok: false,
    failure: null,
    corsError: null,
    failedParameter: '',
    status,
    cors,
    allowMethods,
    allowHeaders,
    deniedMethod: null,
    deniedHeaders: [],
    authorizationOnlyByWildcard: false,
  };
  const okStatus = status >= 200 && status < 300;
  if (unread) {
    checks.push({ id: 'preflight-status', leg: 'preflight', outcome: 'fail', detail: statusDetail(status) });
    const why = status > 0 ? 'Not reached: Chromium refuses a redirected preflight before reading its headers.' : 'Not reached: no response was recorded.';
    notReached(checks, corsChecks, why);
    notRun(checks, ['allow-methods', 'allow-headers'], why);
    return status > 0 ? failed(out, 'preflight-redirect', 'PreflightDisallowedRedirect') : failed(out, 'preflight-status', 'PreflightInvalidStatus');
  }
  if (!cors.ok && cors.failure) {
    checks.push({
      id: 'preflight-status',
      leg: 'preflight',
      outcome: 'not-run',
      detail: `Not reached: Chromium reports the Allow-Origin failure first. (${statusDetail(status)})`,
    });
    notRun(checks, ['allow-methods', 'allow-headers'], 'Not reached: an earlier preflight check failed.');
    return failed(out, cors.failure, cors.corsError, cors.failedParameter);
  }
  checks.push({ id: 'preflight-status', leg: 'preflight', outcome: okStatus ? 'pass' : 'fail', detail: statusDetail(status) });
  if (!okStatus) {
    notRun(checks, ['allow-methods', 'allow-headers'], 'Not reached: an earlier preflight check failed.');
    return failed(out, 'preflight-status', 'PreflightInvalidStatus');
  }
  // Step: parse the lists. A value that is not a list of tokens is a network error.
  const methods = splitList(allowMethods);
  const heads = splitList(allowHeaders);
  if (!methods.every(isToken)) {
    checks.push({
      id: 'allow-methods',
      leg: 'preflight',
      outcome: 'fail',
      detail: `Access-Control-Allow-Methods "${allowMethods}" does not parse as a list of methods.`,
    });
    notRun(checks, ['allow-headers'], 'Not reached: an earlier preflight check failed.');
    return failed(out, 'invalid-allow-methods', 'InvalidAllowMethodsPreflightResponse');
  }
  if (!heads.every(isToken)) {
    checks.push({ id: 'allow-methods', leg: 'preflight', outcome: 'not-run', detail: 'Not reached: Allow-Headers does not parse.' });
    checks.push({
      id: 'allow-headers',
      leg: 'preflight',
      outcome: 'fail',
      detail: `Access-Control-Allow-Headers "${allowHeaders}" does not parse as a list of header names.`,
    });
    return failed(out, 'invalid-allow-headers', 'InvalidAllowHeadersPreflightResponse');
  }
  const method = input.method.toUpperCase();
  // Methods compare case-sensitively in Fetch, but "get"/"post" etc. are normalised by the
  // browser before the request is made, and servers list them upper-case: compare as given.
  const methodListed = methods.includes(method) || methods.includes(input.method);
  const methodWildcard = methods.includes('*') && !input.credentialed;
  if (!SAFELISTED_METHODS.has(method) && !methodListed && !methodWildcard) {
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
    // Chromium names the method as the request carried it.
    return failed(out, 'method-not-allowed', 'MethodDisallowedByPreflightResponse', input.method);
  }
  checks.push({
    id: 'allow-methods',
    leg: 'preflight',
    outcome: 'pass',
    detail: SAFELISTED_METHODS.has(method) && !methodListed ? `${method} is a simple method and needs no listing.` : `${method} is allowed.`,
  });
  const listed = new Set<string>();
  for (const h of heads) listed.add(h.toLowerCase());
  const headerWildcard = listed.has('*') && !input.credentialed;
  const denied: string[] = [];
  let authByWildcard = false;
  for (const n of input.requestHeaders) {
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
    checks.push({
      id: 'allow-headers',
      leg: 'preflight',
      outcome: 'fail',
      detail:
        allowHeaders === null
          ? `Access-Control-Allow-Headers is absent; the request sends ${denied.join(', ')}.`
          : `Allow-Headers "${allowHeaders}" does not list ${denied.join(', ')}.`,
    });
    // Chromium names the first header it finds missing; the requested names are sorted, as in
    // Access-Control-Request-Headers (inferred: the fixture's cases agree).
    return failed(out, 'header-not-allowed', 'HeaderDisallowedByPreflightResponse', denied[0]);
  }
  if (authByWildcard) {
    checks.push({
      id: 'allow-headers',
      leg: 'preflight',
      outcome: 'warn',
      detail:
        'Authorization is allowed only through "*"; the Fetch standard requires it to be named (Chromium still lets it through with a deprecation warning).',
    });
    // Not a CORS error in Chromium today; where it is enforced, it is reported as this header being refused.
    return failed(out, 'authorization-not-covered-by-wildcard', null, 'authorization');
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
