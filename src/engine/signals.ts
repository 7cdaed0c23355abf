/**
 * What a refused leg's status and headers say, as one named signal per leg. The status rules
 * each name the signals they explain (and on which leg), so that two rules never claim the same
 * status, and the generic status rules (preflight-not-ok, client-error-without-cors) take the
 * ones no specific rule explains. What a signal means for the request (a WAF, a rejected key, a
 * missing route) is decided in the rule that reports it.
 */
import type { LegFacts, RuleContext } from './context';

export type StatusSignal =
  /** 3xx. */
  | 'redirect'
  /** Cloudflare served a challenge (cf-mitigated: challenge), whatever the status. */
  | 'bot-challenge'
  /** 429 with LimitExceededException or "limit exceeded": a usage plan quota. */
  | 'quota'
  /** Any other 429. */
  | 'throttled'
  /** 504. */
  | 'timeout'
  /** Another 5xx without Access-Control-Allow-Origin. */
  | 'server-error'
  /** 403 MissingAuthenticationTokenException (or its message): API Gateway's "no such method". */
  | 'missing-token'
  /** 403 AccessDeniedException or "not authorized to access": an authorizer's Deny or a resource policy. */
  | 'not-authorized'
  /** 401, or 403 UnauthorizedException. */
  | 'unauthorized'
  /** 403 for an expired token or an invalid or incomplete IAM signature. */
  | 'bad-signature'
  /** 403 ForbiddenException (or a REST API's bare "Forbidden"): the API key check or a WAF. */
  | 'forbidden'
  /** 403 from CloudFront or Cloudflare themselves (no API Gateway error type). */
  | 'edge-block'
  /** 403 from an HTTP API without an error type: its authorizer or IAM refused. */
  | 'http-api-denied'
  /** 404 or 405. */
  | 'no-route'
  /** Anything else (including a 5xx that carries Access-Control-Allow-Origin). */
  | 'other';

const CHALLENGE = /challenge/i;
const LIMIT_EXCEEDED = /limit exceeded/i;
const MISSING_TOKEN = /missing authentication token/i;
const NOT_AUTHORIZED = /not authorized to access/i;
const FORBIDDEN = /^forbidden$/i;
const BAD_SIGNATURE = new Set(['ExpiredTokenException', 'InvalidSignatureException', 'IncompleteSignatureException']);

const has = (s: string | null, re: RegExp) => s !== null && re.test(s);

/** The signal of a refused leg's status; null for 2xx (nothing to explain by status) and for legs without a response. */
/** `ctx` lets a 503 or 4xx be read as a throttle by its pattern (throttleSignal); without it, only its headers decide. */
export function statusSignal(l: LegFacts, ctx?: RuleContext): StatusSignal | null {
  const s = l.status;
  if (s === 0 || (s >= 200 && s < 300)) return null;
  const et = l.errorType;
  const msg = l.bodyMessage;
  const kind = l.gateway?.kind ?? null;
  if (s >= 300 && s < 400) return 'redirect';
  if (has(l.headers.known.cfMitigated, CHALLENGE)) return 'bot-challenge';
  if (s === 429) return et === 'LimitExceededException' || has(msg, LIMIT_EXCEEDED) ? 'quota' : 'throttled';
  if (s >= 400 && ctx && throttleSignal(ctx, l) !== null) return 'throttled';
  if (s === 504) return 'timeout';
  if (s >= 500) return l.hasAllowOrigin ? 'other' : 'server-error';
  if (s === 403) {
    if (missingTokenAnswer(l)) return 'missing-token';
    if (et === 'AccessDeniedException' || has(msg, NOT_AUTHORIZED)) return 'not-authorized';
    if (et === 'UnauthorizedException') return 'unauthorized';
    if (et !== null && BAD_SIGNATURE.has(et)) return 'bad-signature';
    if (et === 'ForbiddenException' || (kind === 'aws-api-gateway-rest' && has(msg, FORBIDDEN))) return 'forbidden';
    if (kind === 'cloudfront' || kind === 'cloudflare') return 'edge-block';
    if (kind === 'aws-api-gateway-http') return 'http-api-denied';
    return 'other';
  }
  if (s === 401) return 'unauthorized';
  if (s === 404 || s === 405) return 'no-route';
  return 'other';
}

/** The refused leg, when the browser blocked the exchange and the leg's status carries one of the signals. */
export function blockedBy(ctx: RuleContext, ...signals: StatusSignal[]): LegFacts | null {
  const signal = ctx.blockedSignal;
  return signal !== null && signals.includes(signal) ? ctx.blocked : null;
}

/** API Gateway's answer for a method or route that does not exist on the deployed stage (by error type or message). */
export function missingTokenAnswer(l: LegFacts): boolean {
  return l.errorType === 'MissingAuthenticationTokenException' || has(l.bodyMessage, MISSING_TOKEN);
}

/** The request carried (or asked to carry) an API key. */
export function sentApiKey(ctx: RuleContext): boolean {
  return ctx.requestHeaderNames.includes('x-api-key') || (ctx.actual?.requestHeaders.has('x-api-key') ?? false);
}

/** How far around a 503 other 503s count as one burst (and twice that before it, a success). */
export const THROTTLE_WINDOW_MS = 1000;
const EXHAUSTED = /^\s*0\s*(?:[,;]|$)/;

export type ThrottleSignal =
  /** A rate-limit header family says no request is left (RateLimit-Remaining: 0, X-RateLimit-Remaining: 0). */
  | 'limit-exhausted'
  /** A 503 carrying rate-limit headers or Retry-After. */
  | 'limit-headers'
  | 'retry-after'
  /** 503s in a burst right after a success from the same origin (nginx limit_req's default answer). */
  | 'burst-after-success'
  /** Many 503s in one burst, no success seen. */
  | 'burst';

/**
 * Why a refused 4xx/5xx (other than 429) is a throttle, or null. Read by the status classifier and
 * by the throttled rule, which states the basis and confidence of each signal.
 */
export function throttleSignal(ctx: RuleContext, l: LegFacts): ThrottleSignal | null {
  const k = l.headers.known;
  const s = l.status;
  if (k.rateLimitRemaining !== null && EXHAUSTED.test(k.rateLimitRemaining)) return 'limit-exhausted';
  if (s !== 503) return null;
  if (k.rateLimitName !== null) return 'limit-headers';
  if (k.retryAfter !== null) return 'retry-after';
  const t = l.exchange.startedMs;
  const target = ctx.targetOrigin;
  const n503 = ctx.capture.count503(target, t - THROTTLE_WINDOW_MS, t + THROTTLE_WINDOW_MS);
  if (n503 < 2) return null;
  if (ctx.capture.countOk(target, t - 2 * THROTTLE_WINDOW_MS, t) > 0) return 'burst-after-success';
  return n503 >= 4 ? 'burst' : null;
}
