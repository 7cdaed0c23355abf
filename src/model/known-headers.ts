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
  };
}

export function knownResponseHeaders(list: readonly Header[]): Readonly<KnownResponseHeaders> {
  let k: KnownResponseHeaders | null = null;
  for (let i = 0; i < list.length; i++) {
    const { name, value } = list[i]!;
    switch (name.length) {
      case 3:
        if (sameHeaderName(name, 'via')) (k ??= emptyResponse()).via = join(k.via, value);
        break;
      case 6:
        if (sameHeaderName(name, 'server')) (k ??= emptyResponse()).server = join(k.server, value);
        else if (sameHeaderName(name, 'cf-ray')) (k ??= emptyResponse()).cfRay = join(k.cfRay, value);
        break;
      case 7:
        if (sameHeaderName(name, 'x-cache')) (k ??= emptyResponse()).xCache = join(k.xCache, value);
        break;
      case 11:
        if (sameHeaderName(name, 'x-amz-cf-id')) (k ??= emptyResponse()).amzCfId = join(k.amzCfId, value);
        break;
      case 12:
        if (sameHeaderName(name, 'cf-mitigated')) (k ??= emptyResponse()).cfMitigated = join(k.cfMitigated, value);
        break;
      case 14:
        if (sameHeaderName(name, 'x-amz-apigw-id')) (k ??= emptyResponse()).amzApigwId = join(k.amzApigwId, value);
        break;
      case 15:
        if (sameHeaderName(name, 'apigw-requestid')) (k ??= emptyResponse()).apigwRequestId = join(k.apigwRequestId, value);
        else if (sameHeaderName(name, 'apim-request-id')) (k ??= emptyResponse()).apimRequestId = join(k.apimRequestId, value);
        break;
      case 16:
        if (sameHeaderName(name, 'x-amzn-errortype')) (k ??= emptyResponse()).amznErrorType = join(k.amznErrorType, value);
        else if (sameHeaderName(name, 'x-amzn-requestid')) (k ??= emptyResponse()).amznRequestId = join(k.amznRequestId, value);
        break;
      case 23:
        if (sameHeaderName(name, 'ocp-apim-trace-location')) (k ??= emptyResponse()).apimTraceLocation = join(k.apimTraceLocation, value);
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
