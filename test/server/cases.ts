/**
 * The emulator's scenarios: one entry per failure mode (plus controls that work).
 *
 * This list is the single source of truth for the emulator (test/server/emulator.ts), the demo
 * page, the unit and end-to-end tests and the docs. Each case owns one path on the API origin,
 * and the emulator decides everything from that path, so a browser, Node's fetch or the CLI probe
 * all get the same answers.
 *
 * Conventions (read before writing assertions against `expect`):
 * - `preflightStatus` / `actualStatus` are what the *server* answers, whatever the browser then
 *   does with it. `actualStatus` is null when the browser never sends the actual request.
 * - `hiddenStatus` is the real HTTP status that the page's script could not see because the
 *   browser turned the exchange into a CORS error:
 *     * actual leg blocked: the actual response's status (even a 200), leg 'actual';
 *     * preflight blocked because of its status (non-2xx, redirects included): the preflight's
 *       status, leg 'preflight';
 *     * preflight answered 2xx but refused a method or header: null. The preflight's status is
 *       not what went wrong and the actual request was never sent, so there is nothing hidden.
 *   Every hidden status here is 'observed': Chromium's HAR keeps the real status of a preflight
 *   and of a blocked actual response, even though script and the Network panel see only a CORS error.
 * - `verdict` 'ok' includes same-origin requests; `primaryRule` is null for them.
 */

export interface CaseSpec {
  /** kebab-case, e.g. "missing-options-route". */
  id: string;
  /** Short human title for the demo page and tables. */
  title: string;
  /** One or two sentences: what the server does. */
  description: string;
  request: {
    /** Method the page's fetch uses. */
    method: string;
    /** Path on the target origin; the page adds "?run=<n>" so each run is a fresh URL. */
    path: string;
    /** Headers the page's fetch sends. */
    headers?: Record<string, string>;
    body?: string;
    credentials?: 'omit' | 'same-origin' | 'include';
    /** Default 'api'; 'refused' = the closed port; 'app' = a same-origin request. */
    target?: 'api' | 'refused' | 'app';
  };
  expect: {
    /** Does Chromium send an OPTIONS for it. */
    preflightSent: boolean;
    /** Status of the OPTIONS as the server sends it. */
    preflightStatus: number | null;
    /** Does the server receive the actual request. */
    actualSent: boolean;
    /** Status the server answers the actual request with (null if never sent). */
    actualStatus: number | null;
    verdict: 'ok' | 'cors-blocked' | 'not-cors';
    blockedLeg: 'preflight' | 'actual' | null;
    /** The real status hidden behind the CORS error (null for ok / not-cors); see the convention above. */
    hiddenStatus: { status: number; leg: 'preflight' | 'actual'; basis: 'observed' | 'inferred' } | null;
    /** Rule id expected to come first; null for ok. */
    primaryRule: string | null;
    gateway: 'aws-api-gateway-rest' | 'aws-api-gateway-http' | 'cloudfront' | 'cloudflare' | 'nginx' | null;
  };
}

/** A fake, unsigned JWT: looks like a real bearer token, grants nothing. */
export const DEMO_JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' +
  'eyJzdWIiOiJkZW1vLXVzZXItNDIiLCJzY29wZSI6Im9yZGVyczp3cml0ZSIsImlhdCI6MTcwMDAwMDAwMH0.' +
  'ZmFrZS1zaWduYXR1cmUtZm9yLXRoZS1kZW1v';

/** A fake API key (usage-plan key shape: 40 characters). */
export const DEMO_API_KEY = 'dEmOkEy0123456789aBcDeFgHiJkLmNoPqRsTuVw';

/** Cookie the demo page sets before the credentialed request (cookies are per host, not per port). */
export const DEMO_COOKIE = 'session=demo-session-token';

const JSON_CT = { 'Content-Type': 'application/json' };
const AUTH = { Authorization: `Bearer ${DEMO_JWT}` };

const observed = (status: number, leg: 'preflight' | 'actual') => ({ status, leg, basis: 'observed' as const });

export const CASES: CaseSpec[] = [
  {
    id: 'missing-options-route',
    title: 'No OPTIONS method on the resource',
    description:
      'REST API resource with a PUT method but no deployed OPTIONS method. API Gateway answers the preflight ' +
      'itself with 403 "Missing Authentication Token" and no CORS headers, so the PUT is never sent.',
    request: {
      method: 'PUT',
      path: '/prod/missing-options-route',
      headers: { ...JSON_CT },
      body: JSON.stringify({ orderId: 'ord-1001', quantity: 2 }),
    },
    expect: {
      preflightSent: true,
      preflightStatus: 403,
      actualSent: false,
      actualStatus: null,
      verdict: 'cors-blocked',
      blockedLeg: 'preflight',
      hiddenStatus: observed(403, 'preflight'),
      primaryRule: 'preflight-missing-route',
      gateway: 'aws-api-gateway-rest',
    },
  },
  {
    id: 'throttled-post',
    title: 'Throttled POST (429)',
    description:
      'The preflight is answered correctly, but the stage throttles the POST: API Gateway returns 429 ' +
      '"Too Many Requests" (TooManyRequestsException) without CORS headers.',
    request: {
      method: 'POST',
      path: '/prod/throttled-post',
      headers: { ...JSON_CT },
      body: JSON.stringify({ event: 'checkout', cartId: 'cart-77' }),
    },
    expect: {
      preflightSent: true,
      preflightStatus: 204,
      actualSent: true,
      actualStatus: 429,
      verdict: 'cors-blocked',
      blockedLeg: 'actual',
      hiddenStatus: observed(429, 'actual'),
      primaryRule: 'throttled',
      gateway: 'aws-api-gateway-rest',
    },
  },
  {
    id: 'authorizer-on-preflight',
    title: 'Authorizer applied to OPTIONS',
    description:
      'A Lambda/Cognito authorizer also guards the OPTIONS method. The preflight carries no Authorization ' +
      'header, so the gateway rejects it with 401 "Unauthorized" and no CORS headers.',
    request: {
      method: 'GET',
      path: '/prod/authorizer-on-preflight',
      headers: { ...AUTH },
    },
    expect: {
      preflightSent: true,
      preflightStatus: 401,
      actualSent: false,
      actualStatus: null,
      verdict: 'cors-blocked',
      blockedLeg: 'preflight',
      hiddenStatus: observed(401, 'preflight'),
      primaryRule: 'preflight-auth-required',
      gateway: 'aws-api-gateway-rest',
    },
  },
  {
    id: 'waf-blocked-get',
    title: 'WAF blocks a simple GET (403)',
    description:
      'A simple GET (no preflight) is stopped by AWS WAF attached to the stage: API Gateway returns 403 ' +
      '"Forbidden" (ForbiddenException) without CORS headers.',
    request: {
      method: 'GET',
      path: '/prod/waf-blocked-get',
    },
    expect: {
      preflightSent: false,
      preflightStatus: null,
      actualSent: true,
      actualStatus: 403,
      verdict: 'cors-blocked',
      blockedLeg: 'actual',
      hiddenStatus: observed(403, 'actual'),
      primaryRule: 'waf-blocked',
      gateway: 'aws-api-gateway-rest',
    },
  },
  {
    id: 'allow-headers-missing-authorization',
    title: 'Preflight does not allow Authorization',
    description:
      'The OPTIONS mock answers 204 with a matching origin, but Access-Control-Allow-Headers is ' +
      '"Content-Type,X-Api-Key": Authorization is not listed, so the GET is never sent.',
    request: {
      method: 'GET',
      path: '/prod/allow-headers-missing-authorization',
      headers: { ...AUTH },
    },
    expect: {
      preflightSent: true,
      preflightStatus: 204,
      actualSent: false,
      actualStatus: null,
      verdict: 'cors-blocked',
      blockedLeg: 'preflight',
      hiddenStatus: null,
      primaryRule: 'header-not-allowed',
      gateway: 'aws-api-gateway-rest',
    },
  },
  {
    id: 'wildcard-with-credentials',
    title: 'Wildcard origin with credentials',
    description:
      'A credentialed GET (the page sends its session cookie) gets 200 with Access-Control-Allow-Origin "*" ' +
      'and Allow-Credentials "true". Browsers refuse "*" for credentialed requests.',
    request: {
      method: 'GET',
      path: '/prod/wildcard-with-credentials',
      credentials: 'include',
    },
    expect: {
      preflightSent: false,
      preflightStatus: null,
      actualSent: true,
      actualStatus: 200,
      verdict: 'cors-blocked',
      blockedLeg: 'actual',
      hiddenStatus: observed(200, 'actual'),
      primaryRule: 'wildcard-with-credentials',
      gateway: 'aws-api-gateway-rest',
    },
  },
  {
    id: 'cors-ok',
    title: 'Correct CORS (control)',
    description:
      'Everything configured right: the OPTIONS mock reflects the origin and allows PUT, Content-Type and ' +
      'Authorization; the Lambda proxy response carries Access-Control-Allow-Origin too.',
    request: {
      method: 'PUT',
      path: '/prod/cors-ok',
      headers: { ...JSON_CT, ...AUTH },
      body: JSON.stringify({ orderId: 'ord-1002', status: 'paid' }),
    },
    expect: {
      preflightSent: true,
      preflightStatus: 204,
      actualSent: true,
      actualStatus: 200,
      verdict: 'ok',
      blockedLeg: null,
      hiddenStatus: null,
      primaryRule: null,
      gateway: 'aws-api-gateway-rest',
    },
  },
  {
    id: 'connection-refused',
    title: 'Server not reachable',
    description:
      'The request goes to a port where nothing listens: the connection is refused. The browser reports ' +
      'the same "Failed to fetch", but this is a network failure, not CORS.',
    request: {
      method: 'GET',
      path: '/prod/connection-refused',
      target: 'refused',
    },
    expect: {
      preflightSent: false,
      preflightStatus: null,
      actualSent: false,
      actualStatus: null,
      verdict: 'not-cors',
      blockedLeg: null,
      hiddenStatus: null,
      primaryRule: 'not-cors-network-error',
      gateway: null,
    },
  },
  {
    id: 'server-error-502',
    title: 'Lambda failure behind the gateway (502)',
    description:
      'The preflight succeeds; the Lambda proxy integration fails (bad response shape or crash) and API ' +
      'Gateway returns 502 "Internal server error" without CORS headers.',
    request: {
      method: 'POST',
      path: '/prod/server-error-502',
      headers: { ...JSON_CT },
      body: JSON.stringify({ sku: 'BOOK-9', quantity: 1 }),
    },
    expect: {
      preflightSent: true,
      preflightStatus: 204,
      actualSent: true,
      actualStatus: 502,
      verdict: 'cors-blocked',
      blockedLeg: 'actual',
      hiddenStatus: observed(502, 'actual'),
      primaryRule: 'server-error-without-cors',
      gateway: 'aws-api-gateway-rest',
    },
  },
  {
    id: 'gateway-timeout',
    title: 'Integration timeout (504)',
    description:
      "The preflight succeeds; the integration runs past API Gateway's timeout and the gateway returns 504 " +
      '"Endpoint request timed out" without CORS headers. (The emulator answers at once.)',
    request: {
      method: 'POST',
      path: '/prod/gateway-timeout',
      headers: { ...JSON_CT },
      body: JSON.stringify({ report: 'yearly', format: 'pdf' }),
    },
    expect: {
      preflightSent: true,
      preflightStatus: 204,
      actualSent: true,
      actualStatus: 504,
      verdict: 'cors-blocked',
      blockedLeg: 'actual',
      hiddenStatus: observed(504, 'actual'),
      primaryRule: 'gateway-timeout',
      gateway: 'aws-api-gateway-rest',
    },
  },
  {
    id: 'quota-exceeded',
    title: 'Usage-plan quota exceeded (429)',
    description:
      "The preflight allows X-Api-Key; the GET is rejected because the key's usage-plan quota is used up: " +
      '429 "Limit Exceeded" (LimitExceededException) without CORS headers.',
    request: {
      method: 'GET',
      path: '/prod/quota-exceeded',
      headers: { 'X-Api-Key': DEMO_API_KEY },
    },
    expect: {
      preflightSent: true,
      preflightStatus: 204,
      actualSent: true,
      actualStatus: 429,
      verdict: 'cors-blocked',
      blockedLeg: 'actual',
      hiddenStatus: observed(429, 'actual'),
      primaryRule: 'quota-exceeded',
      gateway: 'aws-api-gateway-rest',
    },
  },
  {
    id: 'origin-mismatch',
    title: 'Allow-Origin names another origin',
    description:
      'A simple GET gets 200, but the Lambda hard-codes Access-Control-Allow-Origin to the production ' +
      "origin https://app.example.com, which is not the page's origin.",
    request: {
      method: 'GET',
      path: '/prod/origin-mismatch',
    },
    expect: {
      preflightSent: false,
      preflightStatus: null,
      actualSent: true,
      actualStatus: 200,
      verdict: 'cors-blocked',
      blockedLeg: 'actual',
      hiddenStatus: observed(200, 'actual'),
      primaryRule: 'origin-mismatch',
      gateway: 'aws-api-gateway-rest',
    },
  },
  {
    id: 'http-api-authorizer',
    title: 'HTTP API: authorizer catches OPTIONS',
    description:
      'An HTTP API without a CORS configuration routes everything through "ANY /{proxy+}" with a JWT ' +
      'authorizer, so the credential-less preflight gets 401 "Unauthorized" without CORS headers.',
    request: {
      method: 'DELETE',
      path: '/http-api/http-api-authorizer',
      headers: { ...AUTH },
    },
    expect: {
      preflightSent: true,
      preflightStatus: 401,
      actualSent: false,
      actualStatus: null,
      verdict: 'cors-blocked',
      blockedLeg: 'preflight',
      hiddenStatus: observed(401, 'preflight'),
      primaryRule: 'preflight-auth-required',
      gateway: 'aws-api-gateway-http',
    },
  },
  {
    id: 'method-not-allowed',
    title: 'Preflight does not allow DELETE',
    description:
      'DELETE was added to the resource but the OPTIONS mock still answers Access-Control-Allow-Methods ' + '"GET,POST,OPTIONS", so the DELETE is never sent.',
    request: {
      method: 'DELETE',
      path: '/prod/method-not-allowed',
    },
    expect: {
      preflightSent: true,
      preflightStatus: 204,
      actualSent: false,
      actualStatus: null,
      verdict: 'cors-blocked',
      blockedLeg: 'preflight',
      hiddenStatus: null,
      primaryRule: 'method-not-allowed',
      gateway: 'aws-api-gateway-rest',
    },
  },
  {
    id: 'cloudflare-challenge',
    title: 'Cloudflare bot challenge (403)',
    description:
      'Cloudflare in front of the API answers a simple GET with its 403 HTML challenge page ' +
      '(cf-mitigated: challenge), which has no CORS headers and cannot be solved by fetch().',
    request: {
      method: 'GET',
      path: '/cf/cloudflare-challenge',
    },
    expect: {
      preflightSent: false,
      preflightStatus: null,
      actualSent: true,
      actualStatus: 403,
      verdict: 'cors-blocked',
      blockedLeg: 'actual',
      hiddenStatus: observed(403, 'actual'),
      primaryRule: 'bot-challenge',
      gateway: 'cloudflare',
    },
  },
  {
    id: 'cloudfront-waf',
    title: 'CloudFront WAF block (403)',
    description:
      'A WAF web ACL on the CloudFront distribution blocks a simple GET: CloudFront returns its HTML ' +
      '"403 ERROR / The request could not be satisfied" page without CORS headers.',
    request: {
      method: 'GET',
      path: '/prod/cloudfront-waf',
    },
    expect: {
      preflightSent: false,
      preflightStatus: null,
      actualSent: true,
      actualStatus: 403,
      verdict: 'cors-blocked',
      blockedLeg: 'actual',
      hiddenStatus: observed(403, 'actual'),
      primaryRule: 'waf-blocked',
      gateway: 'cloudfront',
    },
  },
  {
    id: 'preflight-redirect',
    title: 'Preflight redirected (301)',
    description:
      'nginx redirects the path to its trailing-slash form with 301, preflight included. Browsers refuse ' +
      'to follow a redirect on a preflight, so the PUT is never sent.',
    request: {
      method: 'PUT',
      path: '/api/preflight-redirect',
      headers: { ...JSON_CT },
      body: JSON.stringify({ displayName: 'Ada' }),
    },
    expect: {
      preflightSent: true,
      preflightStatus: 301,
      actualSent: false,
      actualStatus: null,
      verdict: 'cors-blocked',
      blockedLeg: 'preflight',
      hiddenStatus: observed(301, 'preflight'),
      primaryRule: 'preflight-redirect',
      gateway: 'nginx',
    },
  },
  {
    id: 'same-origin',
    title: 'Same-origin request (control)',
    description: 'The page fetches its own /app/config.json from the app origin. No CORS is involved at all.',
    request: {
      method: 'GET',
      path: '/app/config.json',
      target: 'app',
    },
    expect: {
      preflightSent: false,
      preflightStatus: null,
      actualSent: true,
      actualStatus: 200,
      verdict: 'ok',
      blockedLeg: null,
      hiddenStatus: null,
      primaryRule: null,
      gateway: null,
    },
  },
  {
    id: 'multiple-allow-origin',
    title: 'Two values in Allow-Origin',
    description:
      'A simple GET gets 200 with "Access-Control-Allow-Origin: <page origin>, https://other.example": ' +
      'both the integration response and the Lambda add the header. Only one origin is allowed.',
    request: {
      method: 'GET',
      path: '/prod/multiple-allow-origin',
    },
    expect: {
      preflightSent: false,
      preflightStatus: null,
      actualSent: true,
      actualStatus: 200,
      verdict: 'cors-blocked',
      blockedLeg: 'actual',
      hiddenStatus: observed(200, 'actual'),
      primaryRule: 'multiple-allow-origin',
      gateway: 'aws-api-gateway-rest',
    },
  },
  {
    id: 'nginx-error-without-always',
    title: 'nginx error page loses CORS headers (500)',
    description:
      'nginx answers the preflight itself, but its add_header lines lack "always": when the upstream ' +
      'fails, the 500 HTML error page goes out without CORS headers.',
    request: {
      method: 'POST',
      path: '/api/nginx-error-without-always',
      headers: { ...JSON_CT },
      body: JSON.stringify({ title: 'Quarterly numbers' }),
    },
    expect: {
      preflightSent: true,
      preflightStatus: 204,
      actualSent: true,
      actualStatus: 500,
      verdict: 'cors-blocked',
      blockedLeg: 'actual',
      hiddenStatus: observed(500, 'actual'),
      primaryRule: 'server-error-without-cors',
      gateway: 'nginx',
    },
  },
  {
    id: 'simple-get-ok',
    title: 'Simple GET with "*" (control)',
    description: 'A simple, credential-less GET answered 200 with Access-Control-Allow-Origin "*": correct, no ' + 'preflight needed.',
    request: {
      method: 'GET',
      path: '/prod/simple-get-ok',
    },
    expect: {
      preflightSent: false,
      preflightStatus: null,
      actualSent: true,
      actualStatus: 200,
      verdict: 'ok',
      blockedLeg: null,
      hiddenStatus: null,
      primaryRule: null,
      gateway: 'aws-api-gateway-rest',
    },
  },
];

export function caseById(id: string): CaseSpec {
  const found = CASES.find((c) => c.id === id);
  if (!found) throw new Error(`Unknown emulator case "${id}". Known: ${CASES.map((c) => c.id).join(', ')}`);
  return found;
}

/**
 * The request headers Chromium would put in Access-Control-Request-Headers for a case:
 * the non-safelisted header names, lower-cased, sorted, comma-joined ('' when none).
 * Simplified safelist check (enough for the cases above).
 */
export function preflightRequestHeaders(spec: CaseSpec): string {
  const names: string[] = [];
  for (const [name, value] of Object.entries(spec.request.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'accept' || lower === 'accept-language' || lower === 'content-language') continue;
    if (lower === 'content-type') {
      const essence = value.split(';')[0]!.trim().toLowerCase();
      if (['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'].includes(essence)) continue;
    }
    names.push(lower);
  }
  return [...new Set(names)].sort().join(',');
}
