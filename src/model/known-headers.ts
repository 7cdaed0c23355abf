/**
 * The headers every analysis reads, picked out of each list once, by normalise, in one pass right
 * after it validated that list. Pairing and the engine then read these fields instead of scanning
 * header lists again: on a large capture, going back to thousands of header objects scattered over
 * the parsed HAR cost more than everything else done for an exchange that passed.
 *
 * Values are joined with ", " when a header is repeated (as HTTP combines them); null when absent.
 * Everything else is read from the header list itself.
 */
import type { Header } from './types';

export interface KnownRequestHeaders {
  origin: string | null;
  referer: string | null;
  cookie: string | null;
  /** Access-Control-Request-Method. */
  requestMethod: string | null;
  /** Access-Control-Request-Headers. */
  requestHeaders: string | null;
}

export interface KnownResponseHeaders {
  allowOrigin: string | null;
  /** How many Access-Control-Allow-Origin lines there were (several is itself a failure). */
  allowOriginLines: number;
  allowCredentials: string | null;
  allowCredentialsLines: number;
  allowMethods: string | null;
  allowMethodsLines: number;
  allowHeaders: string | null;
  allowHeadersLines: number;
  // Who answered (gateway.ts).
  via: string | null;
  server: string | null;
  xCache: string | null;
  amzCfId: string | null;
  apigwRequestId: string | null;
  amzApigwId: string | null;
  amznErrorType: string | null;
  amznRequestId: string | null;
  cfRay: string | null;
  cfMitigated: string | null;
  apimRequestId: string | null;
  apimTraceLocation: string | null;
  // Servers, frameworks and platforms (gateway.ts, docs/stacks.md).
  xPoweredBy: string | null;
  /** Rack::Runtime (Rails). */
  xRuntime: string | null;
  /** Fastly: X-Served-By "cache-…", X-Timer "S…,VS0,VE…". */
  xServedBy: string | null;
  xTimer: string | null;
  xVercelId: string | null;
  xNfRequestId: string | null;
  xAzureRef: string | null;
  flyRequestId: string | null;
  xCloudTraceContext: string | null;
  xEnvoyUpstreamServiceTime: string | null;
  /** The first X-Kong-* header seen (name and value): Kong's latency and request-id headers. */
  kongName: string | null;
  kong: string | null;
  /** The first Akamai header seen (Akamai-GRN, Akamai-Cache-Status, X-Akamai-Transformed, X-Akamai-Request-ID). */
  akamaiName: string | null;
  akamai: string | null;
  xAspNetVersion: string | null;
  /** Library defaults some fingerprints rest on (Fastify's Keep-Alive timeout, Spring's Vary and security headers, Django's). */
  keepAlive: string | null;
  vary: string | null;
  xXssProtection: string | null;
  cacheControl: string | null;
  referrerPolicy: string | null;
  crossOriginOpenerPolicy: string | null;
  xFrameOptions: string | null;
  // Throttling (throttled.ts): Retry-After and the rate-limit header families.
  retryAfter: string | null;
  /** The first RateLimit-* / X-RateLimit-* header seen (name and value), and any "remaining" value. */
  rateLimitName: string | null;
  rateLimit: string | null;
  rateLimitRemaining: string | null;
}

const join = (a: string | null, b: string): string => (a === null ? b : `${a}, ${b}`);

type RequestField = keyof KnownRequestHeaders;
const REQUEST_FIELDS = new Map<string, RequestField>([
  ['origin', 'origin'],
  ['referer', 'referer'],
  ['cookie', 'cookie'],
  ['access-control-request-method', 'requestMethod'],
  ['access-control-request-headers', 'requestHeaders'],
]);

export function knownRequestHeaders(list: readonly Header[]): KnownRequestHeaders {
  const k: KnownRequestHeaders = { origin: null, referer: null, cookie: null, requestMethod: null, requestHeaders: null };
  for (const { name, value } of list) {
    const field = REQUEST_FIELDS.get(name.toLowerCase());
    if (field) k[field] = join(k[field], value);
  }
  return k;
}

type ValueField = { [F in keyof KnownResponseHeaders]: KnownResponseHeaders[F] extends string | null ? F : never }[keyof KnownResponseHeaders];
type LinesField = 'allowOriginLines' | 'allowCredentialsLines' | 'allowMethodsLines' | 'allowHeadersLines';

/**
 * Lower-case header name -> what it fills: a field its values are joined into (and, for the
 * Allow-* headers, the field counting its lines); or, for a family of headers, the pair of fields
 * that keep the first one seen (its name as sent and its value).
 */
type Pick = { join: ValueField; lines?: LinesField; first?: never } | { first: [ValueField, ValueField]; join?: ValueField; lines?: never };
const RATE_LIMIT: [ValueField, ValueField] = ['rateLimitName', 'rateLimit'];
const KONG: [ValueField, ValueField] = ['kongName', 'kong'];
const AKAMAI: [ValueField, ValueField] = ['akamaiName', 'akamai'];
const RESPONSE_FIELDS = new Map<string, Pick>([
  ['access-control-allow-origin', { join: 'allowOrigin', lines: 'allowOriginLines' }],
  ['access-control-allow-credentials', { join: 'allowCredentials', lines: 'allowCredentialsLines' }],
  ['access-control-allow-methods', { join: 'allowMethods', lines: 'allowMethodsLines' }],
  ['access-control-allow-headers', { join: 'allowHeaders', lines: 'allowHeadersLines' }],
  ['via', { join: 'via' }],
  ['server', { join: 'server' }],
  ['x-cache', { join: 'xCache' }],
  ['x-amz-cf-id', { join: 'amzCfId' }],
  ['apigw-requestid', { join: 'apigwRequestId' }],
  ['x-amz-apigw-id', { join: 'amzApigwId' }],
  ['x-amzn-errortype', { join: 'amznErrorType' }],
  ['x-amzn-requestid', { join: 'amznRequestId' }],
  ['cf-ray', { join: 'cfRay' }],
  ['cf-mitigated', { join: 'cfMitigated' }],
  ['apim-request-id', { join: 'apimRequestId' }],
  ['ocp-apim-trace-location', { join: 'apimTraceLocation' }],
  ['x-powered-by', { join: 'xPoweredBy' }],
  ['x-runtime', { join: 'xRuntime' }],
  ['x-served-by', { join: 'xServedBy' }],
  ['x-timer', { join: 'xTimer' }],
  ['x-vercel-id', { join: 'xVercelId' }],
  ['x-nf-request-id', { join: 'xNfRequestId' }],
  ['x-azure-ref', { join: 'xAzureRef' }],
  ['fly-request-id', { join: 'flyRequestId' }],
  ['x-cloud-trace-context', { join: 'xCloudTraceContext' }],
  ['x-envoy-upstream-service-time', { join: 'xEnvoyUpstreamServiceTime' }],
  ['x-aspnet-version', { join: 'xAspNetVersion' }],
  ['keep-alive', { join: 'keepAlive' }],
  ['vary', { join: 'vary' }],
  ['x-xss-protection', { join: 'xXssProtection' }],
  ['cache-control', { join: 'cacheControl' }],
  ['referrer-policy', { join: 'referrerPolicy' }],
  ['cross-origin-opener-policy', { join: 'crossOriginOpenerPolicy' }],
  ['x-frame-options', { join: 'xFrameOptions' }],
  ['retry-after', { join: 'retryAfter' }],
  ['ratelimit', { first: RATE_LIMIT }],
  ['ratelimit-limit', { first: RATE_LIMIT }],
  ['ratelimit-reset', { first: RATE_LIMIT }],
  ['ratelimit-policy', { first: RATE_LIMIT }],
  ['x-ratelimit-limit', { first: RATE_LIMIT }],
  ['x-ratelimit-reset', { first: RATE_LIMIT }],
  ['ratelimit-remaining', { first: RATE_LIMIT, join: 'rateLimitRemaining' }],
  ['x-ratelimit-remaining', { first: RATE_LIMIT, join: 'rateLimitRemaining' }],
  ['x-kong-request-id', { first: KONG }],
  ['x-kong-proxy-latency', { first: KONG }],
  ['x-kong-upstream-latency', { first: KONG }],
  ['x-kong-response-latency', { first: KONG }],
  ['akamai-grn', { first: AKAMAI }],
  ['akamai-cache-status', { first: AKAMAI }],
  ['x-akamai-request-id', { first: AKAMAI }],
  ['x-akamai-transformed', { first: AKAMAI }],
]);

export function knownResponseHeaders(list: readonly Header[]): KnownResponseHeaders {
  const k = emptyResponse();
  for (const { name, value } of list) {
    const pick = RESPONSE_FIELDS.get(name.toLowerCase());
    if (!pick) continue;
    if (pick.first && k[pick.first[0]] === null) {
      k[pick.first[0]] = name;
      k[pick.first[1]] = value;
    }
    if (pick.join) k[pick.join] = join(k[pick.join], value);
    if (pick.lines) k[pick.lines]++;
  }
  return k;
}

function emptyResponse(): KnownResponseHeaders {
  return {
    allowOrigin: null,
    allowOriginLines: 0,
    allowCredentials: null,
    allowCredentialsLines: 0,
    allowMethods: null,
    allowMethodsLines: 0,
    allowHeaders: null,
    allowHeadersLines: 0,
    via: null,
    server: null,
    xCache: null,
    amzCfId: null,
    apigwRequestId: null,
    amzApigwId: null,
    amznErrorType: null,
    amznRequestId: null,
    cfRay: null,
    cfMitigated: null,
    apimRequestId: null,
    apimTraceLocation: null,
    xPoweredBy: null,
    xRuntime: null,
    xServedBy: null,
    xTimer: null,
    xVercelId: null,
    xNfRequestId: null,
    xAzureRef: null,
    flyRequestId: null,
    xCloudTraceContext: null,
    xEnvoyUpstreamServiceTime: null,
    kongName: null,
    kong: null,
    akamaiName: null,
    akamai: null,
    xAspNetVersion: null,
    keepAlive: null,
    vary: null,
    xXssProtection: null,
    cacheControl: null,
    referrerPolicy: null,
    crossOriginOpenerPolicy: null,
    xFrameOptions: null,
    retryAfter: null,
    rateLimitName: null,
    rateLimit: null,
    rateLimitRemaining: null,
  };
}
