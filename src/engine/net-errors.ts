/** Plain-language meaning of network error strings that are not CORS failures. */

/**
 * What Chromium records for a preflight answered with a redirect, which it refuses to follow. The
 * redirect's status can be missing from the entry (it may arrive late, see capture/settle.ts): the
 * error alone still says that the server answered the preflight with a redirect, so the preflight
 * failed a CORS rule; it is not a network error.
 */
export const PREFLIGHT_REDIRECT_ERROR = 'net::ERR_INVALID_REDIRECT';

const KNOWN: Array<[RegExp, string]> = [
  [/ERR_CONNECTION_REFUSED/, 'nothing accepted the connection: the server is down, on another port, or a firewall refused it'],
  [
    /ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED/,
    'the host name could not be resolved (DNS): a typo, a missing record, or a private name used from outside',
  ],
  [/ERR_CERT_|ERR_SSL_|ERR_BAD_SSL/, 'the TLS handshake failed: certificate expired, wrong host name, self-signed, or a protocol mismatch'],
  [/ERR_BLOCKED_BY_CLIENT/, 'the browser itself or an extension (ad or privacy blocker) cancelled the request before it left'],
  [/ERR_BLOCKED_BY_RESPONSE|ERR_BLOCKED_BY_ORB/, 'the response was refused by a resource policy other than CORS (CORP/COEP, or opaque-response blocking)'],
  [/ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|ERR_ADDRESS_UNREACHABLE/, 'the machine had no usable network path to the server'],
  [
    /ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE/,
    'the connection was dropped before a complete response arrived (server crash, proxy or load balancer reset)',
  ],
  [/ERR_TIMED_OUT|ERR_CONNECTION_TIMED_OUT/, 'no answer arrived in time'],
  [/ERR_ABORTED/, 'the page cancelled the request (navigation, AbortController, or a superseded request)'],
  [/NS_ERROR_/, 'Firefox reported a network-level failure'],
];

export function explainNetError(error: string | null): string {
  if (!error) return 'no response and no error were recorded: the request may have been cancelled, or the producer did not record the failure';
  for (const [re, text] of KNOWN) if (re.test(error)) return text;
  return 'a network-level failure that is not a CORS check (the exact value is shown as recorded)';
}
