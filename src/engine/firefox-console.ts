/**
 * "What the console said" for a Firefox capture: the line Firefox prints for a CORS-blocked
 * request, rebuilt from the recorded headers by Firefox's own checks, in Firefox's words.
 *
 * Firefox's checks and their order (netwerk/protocol/http/nsCORSListenerProxy.cpp, mozilla/gecko-dev):
 *   CheckRequestApproved, on every CORS response, the preflight's included (the preflight channel is
 *   opened in CORS mode, so the same listener checks it first): more than one
 *   Access-Control-Allow-Origin header line → CORSMultipleAllowOriginNotAllowed; none →
 *   CORSMissingAllowOrigin2 (with the status code); "*" with credentials →
 *   CORSNotSupportingCredentials; a value other than the origin (unless "*" without credentials) →
 *   CORSAllowOriginNotMatchingOrigin (naming the value); with credentials, Allow-Credentials not
 *   exactly "true" → CORSMissingAllowCredentials.
 *   nsCORSPreflightListener, after that, on the preflight: a redirect →
 *   CORSExternalRedirectNotAllowed; a status outside 2xx → CORSPreflightDidNotSucceed3 (with the
 *   status code); each Allow-Methods item that is not a token → CORSInvalidAllowMethod; the method
 *   not listed (GET, HEAD and POST need no listing; "*" counts without credentials; compared
 *   case-sensitively) → CORSMethodNotFound; each Allow-Headers item that is not a token →
 *   CORSInvalidAllowHeader; a requested header not listed (case-insensitively; "*" without
 *   credentials covers all but Authorization, which it covers with a deprecation warning) →
 *   CORSMissingAllowHeaderFromPreflight2 (naming the header).
 *
 * The wording is dom/locales/en-US/chrome/security/security.properties (mozilla/gecko-dev, read at
 * commit 5f378c92), character for character, curly quotes included; docs/internals.md cites it.
 * It is a rebuild from the source, not compared with a console Firefox printed: confidence medium.
 */
import type { ConsoleMessage, ExchangeResult, LegSummary } from './schema';
import type { Header } from '../model/types';
import { HeaderIndex, isToken, splitList } from './headers';
import { isRedirectStatus } from './cors-check';

/** The reason codes the analysis can infer, named as MDN names them (the properties key less its version suffix). */
export type FirefoxReason =
  | 'CORSMissingAllowOrigin'
  | 'CORSMultipleAllowOriginNotAllowed'
  | 'CORSAllowOriginNotMatchingOrigin'
  | 'CORSNotSupportingCredentials'
  | 'CORSMissingAllowCredentials'
  | 'CORSExternalRedirectNotAllowed'
  | 'CORSPreflightDidNotSucceed'
  | 'CORSInvalidAllowMethod'
  | 'CORSMethodNotFound'
  | 'CORSInvalidAllowHeader'
  | 'CORSMissingAllowHeaderFromPreflight';

const BLOCKED = 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at';

/** security.properties, one entry per reason: %1$S is the URL, %2$S the parameter. */
export function firefoxConsoleText(reason: FirefoxReason, url: string, parameter: string): string {
  switch (reason) {
    case 'CORSMissingAllowOrigin': // CORSMissingAllowOrigin2
      return `${BLOCKED} ${url}. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: ${parameter}.`;
    case 'CORSMultipleAllowOriginNotAllowed':
      return `${BLOCKED} ${url}. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).`;
    case 'CORSAllowOriginNotMatchingOrigin':
      return `${BLOCKED} ${url}. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘${parameter}’).`;
    case 'CORSNotSupportingCredentials':
      // The only one of these that quotes the URL.
      return `${BLOCKED} ‘${url}’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).`;
    case 'CORSMissingAllowCredentials':
      return `${BLOCKED} ${url}. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).`;
    case 'CORSExternalRedirectNotAllowed':
      return `${BLOCKED} ${url}. (Reason: CORS request external redirect not allowed).`;
    case 'CORSPreflightDidNotSucceed': // CORSPreflightDidNotSucceed3
      return `${BLOCKED} ${url}. (Reason: CORS preflight response did not succeed). Status code: ${parameter}.`;
    case 'CORSInvalidAllowMethod':
      return `${BLOCKED} ${url}. (Reason: invalid token ‘${parameter}’ in CORS header ‘Access-Control-Allow-Methods’).`;
    case 'CORSMethodNotFound':
      return `${BLOCKED} ${url}. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).`;
    case 'CORSInvalidAllowHeader':
      return `${BLOCKED} ${url}. (Reason: invalid token ‘${parameter}’ in CORS header ‘Access-Control-Allow-Headers’).`;
    case 'CORSMissingAllowHeaderFromPreflight': // CORSMissingAllowHeaderFromPreflight2
      return `${BLOCKED} ${url}. (Reason: header ‘${parameter}’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).`;
  }
}

interface Found {
  reason: FirefoxReason;
  parameter: string;
}

const values = (headers: Header[], name: string) => new HeaderIndex(headers).all(name).map((v) => v.trim());

/** CheckRequestApproved on one response; null when it passes. */
function corsReason(leg: LegSummary, origin: string, credentialed: boolean): Found | null {
  const allow = values(leg.responseHeaders, 'access-control-allow-origin');
  // Firefox counts header lines (VisitOriginalResponseHeaders), not comma-separated items.
  if (allow.length > 1) return { reason: 'CORSMultipleAllowOriginNotAllowed', parameter: '' };
  const value = allow[0];
  if (value === undefined) return { reason: 'CORSMissingAllowOrigin', parameter: String(leg.status) };
  if (credentialed && value === '*') return { reason: 'CORSNotSupportingCredentials', parameter: '' };
  if ((credentialed || value !== '*') && value !== origin) return { reason: 'CORSAllowOriginNotMatchingOrigin', parameter: value };
  if (credentialed && values(leg.responseHeaders, 'access-control-allow-credentials')[0] !== 'true')
    return { reason: 'CORSMissingAllowCredentials', parameter: '' };
  return null;
}

/** The headers the preflight asked about (Access-Control-Request-Headers, as Firefox sends them: lower-case, sorted). */
function requestedHeaders(preflight: LegSummary): string[] {
  const acrh = values(preflight.requestHeaders, 'access-control-request-headers')[0];
  return splitList(acrh ?? null).map((h) => h.toLowerCase());
}

/** nsCORSPreflightListener after the CORS check; null when it passes. */
function preflightReason(preflight: LegSummary, method: string, credentialed: boolean): Found | null {
  if (isRedirectStatus(preflight.status)) return { reason: 'CORSExternalRedirectNotAllowed', parameter: '' };
  if (!(preflight.status >= 200 && preflight.status < 300)) return { reason: 'CORSPreflightDidNotSucceed', parameter: String(preflight.status) };
  let found = method === 'GET' || method === 'HEAD' || method === 'POST';
  for (const m of splitList(values(preflight.responseHeaders, 'access-control-allow-methods')[0] ?? null)) {
    if (!isToken(m)) return { reason: 'CORSInvalidAllowMethod', parameter: m };
    found ||= m === '*' ? !credentialed : m === method;
  }
  if (!found) return { reason: 'CORSMethodNotFound', parameter: '' };
  const listed = new Set<string>();
  let wildcard = false;
  for (const h of splitList(values(preflight.responseHeaders, 'access-control-allow-headers')[0] ?? null)) {
    if (!isToken(h)) return { reason: 'CORSInvalidAllowHeader', parameter: h };
    if (h === '*' && !credentialed) wildcard = true;
    else listed.add(h.toLowerCase());
  }
  for (const name of requestedHeaders(preflight)) {
    // "*" covers Authorization too, with a deprecation warning (network.cors_preflight.authorization_covered_by_wildcard).
    if (wildcard || listed.has(name)) continue;
    return { reason: 'CORSMissingAllowHeaderFromPreflight', parameter: name };
  }
  return null;
}

/** Firefox's reason for the blocked leg of an exchange, from its recorded headers; null when Firefox's checks pass on them. */
function firefoxReason(ex: ExchangeResult): Found | null {
  if (ex.verdict !== 'cors-blocked' || ex.origin === null) return null;
  const credentialed = ex.credentials.value;
  if (ex.blockedLeg === 'preflight' && ex.preflight && ex.preflight.status > 0) {
    return corsReason(ex.preflight, ex.origin, credentialed) ?? preflightReason(ex.preflight, ex.method, credentialed);
  }
  if (ex.blockedLeg === 'actual' && ex.actual && ex.actual.sent && ex.actual.status > 0) return corsReason(ex.actual, ex.origin, credentialed);
  return null;
}

/**
 * The analysis field for a Firefox capture: Firefox's line, rebuilt (basis 'inferred'). Medium
 * confidence: the checks and wording are read from Firefox's source, not compared with a console
 * Firefox printed; low when the credentials it depends on are themselves a low-confidence guess.
 */
function rebuiltFirefoxMessage(ex: ExchangeResult): ConsoleMessage | null {
  const found = firefoxReason(ex);
  if (!found) return null;
  return {
    source: 'firefox',
    text: firefoxConsoleText(found.reason, ex.url, found.parameter),
    basis: 'inferred',
    confidence: ex.credentials.confidence === 'low' && credentialsMatter(found.reason) ? 'low' : 'medium',
    code: found.reason,
    failedParameter: found.parameter,
  };
}

function credentialsMatter(reason: FirefoxReason): boolean {
  return reason === 'CORSNotSupportingCredentials' || reason === 'CORSMissingAllowCredentials';
}

/** The browser a HAR came from, by its `log.creator.name` ("Firefox" from Firefox's DevTools); null when not Firefox. */
export function isFirefoxCreator(creator: string | undefined): boolean {
  return creator !== undefined && /^firefox\b/i.test(creator.trim());
}

/** The analysis of a Firefox capture: every blocked exchange's console line in Firefox's words (none where Firefox's checks would pass). */
export function inFirefoxWords<A extends { exchanges: ExchangeResult[] }>(analysis: A): A {
  // New objects: the engine reuses results between analyses of the same exchanges.
  return { ...analysis, exchanges: analysis.exchanges.map((ex) => (ex.verdict === 'cors-blocked' ? { ...ex, console: rebuiltFirefoxMessage(ex) } : ex)) };
}
