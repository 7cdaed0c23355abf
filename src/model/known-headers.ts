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

/**
 * `name` equals `lower` (already lower-case) ignoring ASCII case. Lengths first, then characters
 * folded one by one: no lower-cased copy is allocated, and most names differ in length or in
 * their first characters. Rules and checks make dozens of lookups per exchange.
 */
export function sameHeaderName(name: string, lower: string): boolean {
  const n = name.length;
  if (n !== lower.length) return false;
  for (let i = 0; i < n; i++) {
    let c = name.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}


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
  /**
   * The four Access-Control-Allow-* headers above as one string, for caches keyed by them: built
   * once here, so that analysing the exchange again (the panel does, as traffic arrives) builds none.
   */
  allowKey: string;
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

export function knownRequestHeaders(list: readonly Header[]): KnownRequestHeaders {
  const k: KnownRequestHeaders = { origin: null, referer: null, cookie: null, requestMethod: null, requestHeaders: null };
  for (let i = 0; i < list.length; i++) {
    const { name, value } = list[i]!;
    // Names compared by length first: most headers are skipped on one integer test.
    switch (name.length) {
      case 6:
        if (sameHeaderName(name, 'origin')) k.origin = join(k.origin, value);
        else if (sameHeaderName(name, 'cookie')) k.cookie = join(k.cookie, value);
        break;
      case 7:
        if (sameHeaderName(name, 'referer')) k.referer = join(k.referer, value);
        break;
      case 29:
        if (sameHeaderName(name, 'access-control-request-method')) k.requestMethod = join(k.requestMethod, value);
        break;
      case 30:
        if (sameHeaderName(name, 'access-control-request-headers')) k.requestHeaders = join(k.requestHeaders, value);
        break;
    }
  }
  return k;
}

/** "value" for one line, "n=value" for n lines joined, "-" when absent. */
function allowPart(v: string | null, lines: number): string {
  return v === null ? '-' : lines === 1 ? v : `${lines}=${v}`;
}

const NO_ALLOW_KEY = '-\u0001-\u0001-\u0001-';

/** The answer of a response without any of the known headers (most images, scripts, errors): shared. */
const NO_KNOWN_RESPONSE_HEADERS: Readonly<KnownResponseHeaders> = Object.freeze(emptyResponse());

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
    allowKey: NO_ALLOW_KEY,
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

/** Keeps the first header of a family by name (the evidence shows it as sent). */
function rateLimit(k: KnownResponseHeaders, name: string, value: string): void {
  if (k.rateLimitName === null) {
    k.rateLimitName = name;
    k.rateLimit = value;
  }
}

function kong(k: KnownResponseHeaders, name: string, value: string): void {
  if (k.kongName === null) {
    k.kongName = name;
    k.kong = value;
  }
}

function akamai(k: KnownResponseHeaders, name: string, value: string): void {
  if (k.akamaiName === null) {
    k.akamaiName = name;
    k.akamai = value;
  }
}

export function knownResponseHeaders(list: readonly Header[]): Readonly<KnownResponseHeaders> {
  let k: KnownResponseHeaders | null = null;
  for (let i = 0; i < list.length; i++) {
    const { name, value } = list[i]!;
    switch (name.length) {
      case 3:
        if (sameHeaderName(name, 'via')) (k ??= emptyResponse()).via = join(k.via, value);
        break;
      case 4:
        if (sameHeaderName(name, 'vary')) (k ??= emptyResponse()).vary = join(k.vary, value);
        break;
      case 6:
        if (sameHeaderName(name, 'server')) (k ??= emptyResponse()).server = join(k.server, value);
        else if (sameHeaderName(name, 'cf-ray')) (k ??= emptyResponse()).cfRay = join(k.cfRay, value);
        break;
      case 7:
        if (sameHeaderName(name, 'x-cache')) (k ??= emptyResponse()).xCache = join(k.xCache, value);
        else if (sameHeaderName(name, 'x-timer')) (k ??= emptyResponse()).xTimer = join(k.xTimer, value);
        break;
      case 9:
        if (sameHeaderName(name, 'x-runtime')) (k ??= emptyResponse()).xRuntime = join(k.xRuntime, value);
        else if (sameHeaderName(name, 'ratelimit')) rateLimit((k ??= emptyResponse()), name, value);
        break;
      case 10:
        if (sameHeaderName(name, 'keep-alive')) (k ??= emptyResponse()).keepAlive = join(k.keepAlive, value);
        else if (sameHeaderName(name, 'akamai-grn')) akamai((k ??= emptyResponse()), name, value);
        break;
      case 11:
        if (sameHeaderName(name, 'x-amz-cf-id')) (k ??= emptyResponse()).amzCfId = join(k.amzCfId, value);
        else if (sameHeaderName(name, 'x-served-by')) (k ??= emptyResponse()).xServedBy = join(k.xServedBy, value);
        else if (sameHeaderName(name, 'x-vercel-id')) (k ??= emptyResponse()).xVercelId = join(k.xVercelId, value);
        else if (sameHeaderName(name, 'x-azure-ref')) (k ??= emptyResponse()).xAzureRef = join(k.xAzureRef, value);
        else if (sameHeaderName(name, 'retry-after')) (k ??= emptyResponse()).retryAfter = join(k.retryAfter, value);
        break;
      case 12:
        if (sameHeaderName(name, 'cf-mitigated')) (k ??= emptyResponse()).cfMitigated = join(k.cfMitigated, value);
        else if (sameHeaderName(name, 'x-powered-by')) (k ??= emptyResponse()).xPoweredBy = join(k.xPoweredBy, value);
        break;
      case 13:
        if (sameHeaderName(name, 'cache-control')) (k ??= emptyResponse()).cacheControl = join(k.cacheControl, value);
        break;
      case 14:
        if (sameHeaderName(name, 'x-amz-apigw-id')) (k ??= emptyResponse()).amzApigwId = join(k.amzApigwId, value);
        else if (sameHeaderName(name, 'fly-request-id')) (k ??= emptyResponse()).flyRequestId = join(k.flyRequestId, value);
        break;
      case 15:
        if (sameHeaderName(name, 'apigw-requestid')) (k ??= emptyResponse()).apigwRequestId = join(k.apigwRequestId, value);
        else if (sameHeaderName(name, 'apim-request-id')) (k ??= emptyResponse()).apimRequestId = join(k.apimRequestId, value);
        else if (sameHeaderName(name, 'x-nf-request-id')) (k ??= emptyResponse()).xNfRequestId = join(k.xNfRequestId, value);
        else if (sameHeaderName(name, 'referrer-policy')) (k ??= emptyResponse()).referrerPolicy = join(k.referrerPolicy, value);
        else if (sameHeaderName(name, 'x-frame-options')) (k ??= emptyResponse()).xFrameOptions = join(k.xFrameOptions, value);
        else if (sameHeaderName(name, 'ratelimit-limit') || sameHeaderName(name, 'ratelimit-reset')) rateLimit((k ??= emptyResponse()), name, value);
        break;
      case 16:
        if (sameHeaderName(name, 'x-amzn-errortype')) (k ??= emptyResponse()).amznErrorType = join(k.amznErrorType, value);
        else if (sameHeaderName(name, 'x-amzn-requestid')) (k ??= emptyResponse()).amznRequestId = join(k.amznRequestId, value);
        else if (sameHeaderName(name, 'x-xss-protection')) (k ??= emptyResponse()).xXssProtection = join(k.xXssProtection, value);
        else if (sameHeaderName(name, 'x-aspnet-version')) (k ??= emptyResponse()).xAspNetVersion = join(k.xAspNetVersion, value);
        else if (sameHeaderName(name, 'ratelimit-policy')) rateLimit((k ??= emptyResponse()), name, value);
        break;
      case 17:
        if (sameHeaderName(name, 'x-ratelimit-limit') || sameHeaderName(name, 'x-ratelimit-reset')) rateLimit((k ??= emptyResponse()), name, value);
        else if (sameHeaderName(name, 'x-kong-request-id')) kong((k ??= emptyResponse()), name, value);
        break;
      case 19:
        if (sameHeaderName(name, 'ratelimit-remaining')) {
          rateLimit((k ??= emptyResponse()), name, value);
          k.rateLimitRemaining = join(k.rateLimitRemaining, value);
        } else if (sameHeaderName(name, 'akamai-cache-status') || sameHeaderName(name, 'x-akamai-request-id')) akamai((k ??= emptyResponse()), name, value);
        break;
      case 20:
        if (sameHeaderName(name, 'x-kong-proxy-latency')) kong((k ??= emptyResponse()), name, value);
        else if (sameHeaderName(name, 'x-akamai-transformed')) akamai((k ??= emptyResponse()), name, value);
        break;
      case 21:
        if (sameHeaderName(name, 'x-ratelimit-remaining')) {
          rateLimit((k ??= emptyResponse()), name, value);
          k.rateLimitRemaining = join(k.rateLimitRemaining, value);
        } else if (sameHeaderName(name, 'x-cloud-trace-context')) (k ??= emptyResponse()).xCloudTraceContext = join(k.xCloudTraceContext, value);
        break;
      case 23:
        if (sameHeaderName(name, 'ocp-apim-trace-location')) (k ??= emptyResponse()).apimTraceLocation = join(k.apimTraceLocation, value);
        else if (sameHeaderName(name, 'x-kong-upstream-latency') || sameHeaderName(name, 'x-kong-response-latency')) kong((k ??= emptyResponse()), name, value);
        break;
      case 26:
        if (sameHeaderName(name, 'cross-origin-opener-policy')) (k ??= emptyResponse()).crossOriginOpenerPolicy = join(k.crossOriginOpenerPolicy, value);
        break;
      case 27:
        if (sameHeaderName(name, 'access-control-allow-origin')) {
          k ??= emptyResponse();
          k.allowOrigin = join(k.allowOrigin, value);
          k.allowOriginLines++;
        }
        break;
      case 28:
        if (sameHeaderName(name, 'access-control-allow-methods')) {
          k ??= emptyResponse();
          k.allowMethods = join(k.allowMethods, value);
          k.allowMethodsLines++;
        } else if (sameHeaderName(name, 'access-control-allow-headers')) {
          k ??= emptyResponse();
          k.allowHeaders = join(k.allowHeaders, value);
          k.allowHeadersLines++;
        }
        break;
      case 29:
        if (sameHeaderName(name, 'x-envoy-upstream-service-time')) (k ??= emptyResponse()).xEnvoyUpstreamServiceTime = join(k.xEnvoyUpstreamServiceTime, value);
        break;
      case 32:
        if (sameHeaderName(name, 'access-control-allow-credentials')) {
          k ??= emptyResponse();
          k.allowCredentials = join(k.allowCredentials, value);
          k.allowCredentialsLines++;
        }
        break;
    }
  }
  if (k === null) return NO_KNOWN_RESPONSE_HEADERS;
  if (k.allowOriginLines || k.allowCredentialsLines || k.allowMethodsLines || k.allowHeadersLines) k.allowKey = allowKeyOf(k);
  return k;
}

/**
 * Responses from one API repeat the same Allow-* values: the key string of a recent response with
 * the same values is handed back (one string object per combination, which caches keyed by it
 * hash once), instead of a new string per response.
 */
const recentAllow: KnownResponseHeaders[] = [];
let recentAllowNext = 0;

function allowKeyOf(k: KnownResponseHeaders): string {
  for (let i = 0; i < recentAllow.length; i++) {
    const r = recentAllow[i]!;
    if (
      r.allowOrigin === k.allowOrigin &&
      r.allowMethods === k.allowMethods &&
      r.allowHeaders === k.allowHeaders &&
      r.allowCredentials === k.allowCredentials &&
      r.allowOriginLines === k.allowOriginLines &&
      r.allowMethodsLines === k.allowMethodsLines &&
      r.allowHeadersLines === k.allowHeadersLines &&
      r.allowCredentialsLines === k.allowCredentialsLines
    )
      return r.allowKey;
  }
  const key = `${allowPart(k.allowOrigin, k.allowOriginLines)}\u0001${allowPart(k.allowCredentials, k.allowCredentialsLines)}\u0001${allowPart(k.allowMethods, k.allowMethodsLines)}\u0001${allowPart(k.allowHeaders, k.allowHeadersLines)}`;
  // Remember the values only (a copy), so no response object is kept alive by the cache.
  const kept = { ...emptyResponse(), allowOrigin: k.allowOrigin, allowOriginLines: k.allowOriginLines, allowCredentials: k.allowCredentials, allowCredentialsLines: k.allowCredentialsLines, allowMethods: k.allowMethods, allowMethodsLines: k.allowMethodsLines, allowHeaders: k.allowHeaders, allowHeadersLines: k.allowHeadersLines, allowKey: key };
  if (recentAllow.length < 4) recentAllow.push(kept);
  else recentAllow[recentAllowNext++ % 4] = kept;
  return key;
}
