/**
 * The line Chromium's console prints for a blocked fetch(), rebuilt from the probe's verdict, so
 * the user can match the probe's result with the error they saw in their browser.
 */
import type { BrowserVerdict } from './probe';

function reasonText(reason: string, parameter: string | null, method: string): string {
  const p = parameter ?? '';
  switch (reason.replace(/^Preflight(?=(MissingAllowOriginHeader|MultipleAllowOriginValues|InvalidAllowOriginValue|AllowOriginMismatch|WildcardOriginNotAllowed|InvalidAllowCredentials)$)/, '')) {
    case 'MissingAllowOriginHeader':
      return "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    case 'MultipleAllowOriginValues':
      return `The 'Access-Control-Allow-Origin' header contains multiple values '${p}', but only one is allowed.`;
    case 'InvalidAllowOriginValue':
      return `The 'Access-Control-Allow-Origin' header contains the invalid value '${p}'.`;
    case 'AllowOriginMismatch':
      return `The 'Access-Control-Allow-Origin' header has a value '${p}' that is not equal to the supplied origin.`;
    case 'WildcardOriginNotAllowed':
      return "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.";
    case 'InvalidAllowCredentials':
      return `The value of the 'Access-Control-Allow-Credentials' header in the response is '${p}' which must be 'true' when the request's credentials mode is 'include'.`;
    case 'PreflightInvalidStatus':
      return 'It does not have HTTP ok status.';
    case 'PreflightDisallowedRedirect':
      return 'Redirect is not allowed for a preflight request.';
    case 'MethodDisallowedByPreflightResponse':
      return `Method ${p || method} is not allowed by Access-Control-Allow-Methods in preflight response.`;
    case 'HeaderDisallowedByPreflightResponse':
      return `Request header field ${p} is not allowed by Access-Control-Allow-Headers in preflight response.`;
    case 'InvalidAllowMethodsPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.';
    case 'InvalidAllowHeadersPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.';
    case 'RedirectContainsCredentials':
      return `Redirect location '${p}' contains a username and password, which is disallowed for cross-origin requests.`;
    default:
      return reason;
  }
}

const PREFLIGHT_CHECK = /^Preflight(MissingAllowOriginHeader|MultipleAllowOriginValues|InvalidAllowOriginValue|AllowOriginMismatch|WildcardOriginNotAllowed|InvalidAllowCredentials|InvalidStatus|DisallowedRedirect)$/;

/** Console line(s) Chromium would print; empty when the browser would not complain. */
/**
 * `url` is the URL whose answer failed; `redirectedFrom` the URL the page asked for when a redirect
 * led there (Chromium then says "at '<url>' (redirected from '<first>')").
 */
export function chromiumConsoleLines(
  v: BrowserVerdict,
  url: string,
  origin: string,
  method: string,
  actual: { status: number; statusText: string } | null,
  redirectedFrom: string | null = null,
): string[] {
  if (v.outcome === 'network-error') return [`${method} ${redirectedFrom ?? url} ${v.reason ?? 'net::ERR_FAILED'}`, 'TypeError: Failed to fetch'];
  if (v.outcome !== 'cors-blocked' || !v.reason) return [];
  const prefix = PREFLIGHT_CHECK.test(v.reason) ? "Response to preflight request doesn't pass access control check: " : '';
  const from = redirectedFrom && redirectedFrom !== url ? ` (redirected from '${redirectedFrom}')` : '';
  return [
    `Access to fetch at '${url}'${from} from origin '${origin}' has been blocked by CORS policy: ${prefix}${reasonText(v.reason, v.failedParameter, method)}`,
    // A blocked response still shows its status in this line; a request never sent has none.
    `${method} ${url} net::ERR_FAILED${v.leg === 'actual' && actual?.status ? ` ${actual.status} (${actual.statusText})` : ''}`,
    'TypeError: Failed to fetch',
  ];
}
