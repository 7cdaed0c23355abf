/**
 * "What the console said": the line Chromium prints in the console for a CORS-blocked request,
 * rebuilt from the first failed check (cors-check.ts) with the exchange's URL and origin, so a user
 * can match the row to the line they saw and search for it.
 *
 * The wording is Blink's, character for character: cors::GetErrorString in
 * third_party/blink/renderer/platform/loader/cors/cors_error_string.cc, as Chromium 156 ships it.
 * Chromium 156 no longer adds the "no-cors" advice the older source appends for fetch(): every
 * literal below was found in the Chromium 156 binary, and the fixture test compares the lines to
 * the ones Chromium 156 printed (docs/internals.md, "What the console said").
 * It is a rebuild, not a recording: the analysis says so (basis 'inferred').
 */
import type { ResourceKind } from '../model/types';
import type { ChromiumCorsError, Confidence, ConsoleMessage } from './schema';

interface ChromiumMessageInput {
  corsError: ChromiumCorsError;
  /** CorsErrorStatus.failed_parameter: the header value, method or header name the message names. */
  failedParameter: string;
  /** The request's URL (Chromium's last_request_url). */
  url: string;
  /** The page origin (SecurityOrigin::ToString). */
  origin: string;
  /** What made the request: decides "fetch" / "XMLHttpRequest" / "script"... and the fetch()-only hints. */
  kind: ResourceKind;
  /** The URL before redirects, when the request was redirected (Chromium's initial_request_url). */
  redirectedFrom?: string | null;
}

/** kNoCorsInformation. Older Chromium went on: ", or, if an opaque response serves your needs, set the request's mode to 'no-cors'…". */
const NO_CORS_INFORMATION = ' Have the server send the header with a valid value.';
const XHR_CREDENTIALS = ' The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.';

/**
 * Resource::ResourceTypeToString, lower-cased as GetErrorString does when the name's second
 * letter is lower-case ("Fetch" → "fetch", "XMLHttpRequest" and "CSS stylesheet" stay).
 */
const KIND_NAME: Partial<Record<ResourceKind, string>> = {
  fetch: 'fetch',
  xhr: 'XMLHttpRequest',
  script: 'script',
  stylesheet: 'CSS stylesheet',
  image: 'image',
  font: 'font',
  media: 'media',
};

/** Chromium's IsPreflightError: these get "Response to preflight request doesn't pass access control check: ". */
const PREFLIGHT_ERRORS: ReadonlySet<ChromiumCorsError> = new Set<ChromiumCorsError>([
  'PreflightWildcardOriginNotAllowed',
  'PreflightMissingAllowOriginHeader',
  'PreflightMultipleAllowOriginValues',
  'PreflightInvalidAllowOriginValue',
  'PreflightAllowOriginMismatch',
  'PreflightInvalidAllowCredentials',
  'PreflightInvalidStatus',
  'PreflightDisallowedRedirect',
  'PreflightMissingAllowExternal',
  'PreflightInvalidAllowExternal',
]);

/**
 * The reason part of the message (after "has been blocked by CORS policy: "), for the CorsError
 * values a capture can show; null for the ones whose wording needs facts a capture does not hold
 * (address spaces, the list of CORS-enabled schemes).
 */
function reason(error: ChromiumCorsError, hint: string, kind: ResourceKind): string | null {
  const fetch = kind === 'fetch';
  const xhr = kind === 'xhr';
  switch (error) {
    case 'DisallowedByMode':
      return 'Cross origin requests are not allowed by request mode.';
    case 'InvalidResponse':
      return 'The response is invalid.';
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      return (
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'." +
        (xhr ? XHR_CREDENTIALS : '')
      );
    case 'MissingAllowOriginHeader':
    case 'PreflightMissingAllowOriginHeader':
      // Older Chromium added " If an opaque response serves your needs, …" for fetch(); 156 does not.
      return "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      return `The 'Access-Control-Allow-Origin' header contains multiple values '${hint}', but only one is allowed.` + (fetch ? NO_CORS_INFORMATION : '');
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
      return `The 'Access-Control-Allow-Origin' header contains the invalid value '${hint}'.` + (fetch ? NO_CORS_INFORMATION : '');
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
      return `The 'Access-Control-Allow-Origin' header has a value '${hint}' that is not equal to the supplied origin.` + (fetch ? NO_CORS_INFORMATION : '');
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return (
        `The value of the 'Access-Control-Allow-Credentials' header in the response is '${hint}' which must be 'true' when the request's credentials mode is 'include'.` +
        (xhr ? XHR_CREDENTIALS : '')
      );
    case 'PreflightInvalidStatus':
      return 'It does not have HTTP ok status.';
    case 'PreflightDisallowedRedirect':
      return 'Redirect is not allowed for a preflight request.';
    case 'InvalidAllowMethodsPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.';
    case 'InvalidAllowHeadersPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.';
    case 'MethodDisallowedByPreflightResponse':
      return `Method ${hint} is not allowed by Access-Control-Allow-Methods in preflight response.`;
    case 'HeaderDisallowedByPreflightResponse':
      return `Request header field ${hint} is not allowed by Access-Control-Allow-Headers in preflight response.`;
    case 'RedirectContainsCredentials':
      return `Redirect location '${hint}' contains a username and password, which is disallowed for cross-origin requests.`;
    default:
      return null;
  }
}

/** Chromium's console line for a CORS error, or null when its wording needs facts a capture does not hold. */
export function chromiumConsoleText(input: ChromiumMessageInput): string | null {
  const why = reason(input.corsError, input.failedParameter, input.kind);
  if (why === null) return null;
  const kind = KIND_NAME[input.kind] ?? 'fetch';
  const redirected = input.redirectedFrom && input.redirectedFrom !== input.url ? `(redirected from '${input.redirectedFrom}') ` : '';
  const preflight = PREFLIGHT_ERRORS.has(input.corsError) ? "Response to preflight request doesn't pass access control check: " : '';
  return `Access to ${kind} at '${input.url}' ${redirected}from origin '${input.origin}' has been blocked by CORS policy: ${preflight}${why}`;
}

/**
 * The analysis field: Chromium's line, rebuilt (basis 'inferred'). Confidence: high when the
 * capture named what made the request (fetch, XMLHttpRequest...), which decides the first words and
 * the hints; medium when it did not, or when the CorsError itself is an inference (`sure` false).
 */
export function rebuiltChromiumMessage(input: ChromiumMessageInput, sure = true): ConsoleMessage | null {
  const text = chromiumConsoleText(input);
  if (text === null) return null;
  // A kind KIND_NAME names is one a HAR's _resourceType told us.
  const confidence: Confidence = sure && KIND_NAME[input.kind] !== undefined ? 'high' : 'medium';
  return { source: 'chromium', text, basis: 'inferred', confidence, code: input.corsError, failedParameter: input.failedParameter };
}
