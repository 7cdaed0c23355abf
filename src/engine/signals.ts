/**
 * What a status and its headers say about who refused a request and why. Shared by the
 * status rules so that they agree with each other, and so that preflight-not-ok /
 * client-error-without-cors fire exactly when no specific rule claims the status.
 */
import type { LegView, RuleContext } from './context';

export type StatusCause =
  | 'redirect'
  | 'missing-route'
  | 'auth'
  | 'throttled'
  | 'quota'
  | 'waf'
  | 'bot-challenge'
  | 'invalid-api-key'
  | 'access-denied'
  | 'timeout'
  | 'server-error'
  | 'other';

const has = (s: string | null, re: RegExp) => s !== null && re.test(s);

/** The request carried (or asked to carry) an API key. */
export function sentApiKey(ctx: RuleContext): boolean {
  return ctx.requestHeaderNames.includes('x-api-key') || (ctx.actual?.requestHeaders.has('x-api-key') ?? false);
}

/**
 * Classify the status of a leg that the browser refused. `null` for 2xx (nothing to explain by
 * status) and for legs without a response.
 */
export function statusCause(ctx: RuleContext, l: LegView): StatusCause | null {
  // A dozen rules ask about the same refused leg in a row: remember the last answer.
  if (l === lastLeg && ctx === lastCtx) return lastCause;
  const cause = classifyStatus(ctx, l);
  lastLeg = l;
  lastCtx = ctx;
  lastCause = cause;
  return cause;
}

let lastLeg: LegView | null = null;
let lastCtx: RuleContext | null = null;
let lastCause: StatusCause | null = null;

// Module-level: a regex literal in a function is a new RegExp each time it runs.
const CHALLENGE = /challenge/i;
const LIMIT_EXCEEDED = /limit exceeded/i;
export const MISSING_TOKEN = /missing authentication token/i;
const NOT_AUTHORIZED = /not authorized to access/i;
const FORBIDDEN = /^forbidden$/i;

function classifyStatus(ctx: RuleContext, l: LegView): StatusCause | null {
  const s = l.status;
  if (s === 0 || (s >= 200 && s < 300)) return null;
  const pre = l.leg === 'preflight';
  const et = l.errorType;
  const msg = l.bodyMessage;
  const kind = l.gateway?.kind ?? null;
  if (s >= 300 && s < 400) return pre ? 'redirect' : 'other';
  if (has(l.headers.known.cfMitigated, CHALLENGE)) return 'bot-challenge';
  if (s === 429) return et === 'LimitExceededException' || has(msg, LIMIT_EXCEEDED) ? 'quota' : 'throttled';
  if (s === 504) return 'timeout';
  if (s >= 500) return l.hasAllowOrigin ? 'other' : 'server-error';
  if (s === 403) {
    if (et === 'MissingAuthenticationTokenException' || has(msg, MISSING_TOKEN)) return 'missing-route';
    if (et === 'AccessDeniedException' || has(msg, NOT_AUTHORIZED)) return pre ? 'auth' : 'access-denied';
    if (et === 'UnauthorizedException') return pre ? 'auth' : 'other';
    if (et === 'ExpiredTokenException' || et === 'InvalidSignatureException' || et === 'IncompleteSignatureException')
      return pre ? 'auth' : 'access-denied';
    if (et === 'ForbiddenException' || (kind === 'aws-api-gateway-rest' && has(msg, FORBIDDEN))) {
      if (sentApiKey(ctx)) return pre ? 'auth' : 'invalid-api-key';
      return 'waf';
    }
    if (kind === 'cloudfront') return 'waf';
    if (kind === 'cloudflare') return 'waf';
    if (kind === 'aws-api-gateway-http') return pre ? 'auth' : 'access-denied';
    return 'other';
  }
  if (s === 401) return pre ? 'auth' : 'other';
  if (pre && (s === 404 || s === 405 || s === 501)) return 'missing-route';
  return 'other';
}

/** Status causes that have their own rule (everything except 'other'). */
export function isSpecificCause(c: StatusCause | null): boolean {
  return c !== null && c !== 'other';
}
