/**
 * Small helpers the rule files share (kept here so src/rules holds only rules and the registry).
 */
import type { LegFacts, RuleContext } from './context';
import { GATEWAY_LABEL } from './gateway';
import type { CorsCheckOutcome } from './cors-check';
import type { Evidence, Leg } from './schema';
import type { ProbeAnswer } from '../model/types';

export { blockedBy, missingTokenAnswer, sentApiKey, statusSignal } from './signals';

/** Who answered, as prose for a message: the gateway's name or "the server" (report/model.ts gatewayLabel is a field's label). */
function answererName(ctx: RuleContext): string {
  return ctx.gateway ? GATEWAY_LABEL[ctx.gateway.kind] : 'the server';
}

/** Evidence for a status-driven finding: the status, the error type, and the missing Allow-Origin. */
export function statusEvidenceSet(l: LegFacts, why: string): Evidence[] {
  const ev: Evidence[] = [{ leg: l.leg, kind: 'status', name: 'status', value: String(l.status), why }];
  if (l.errorType)
    ev.push({ leg: l.leg, kind: 'response-header', name: 'x-amzn-ErrorType', value: l.headers.known.amznErrorType, why: 'error type set by API Gateway' });
  if (l.bodyMessage) ev.push({ leg: l.leg, kind: 'body', name: 'message', value: l.bodyMessage, why: 'gateway error message' });
  if (!l.hasAllowOrigin)
    ev.push({ leg: l.leg, kind: 'response-header', name: 'Access-Control-Allow-Origin', value: null, why: 'absent, so the browser hid this status' });
  return ev;
}

/**
 * Common placeholder values, then the rule's own (`more`, which may also replace one of them):
 * `baseData(ctx, l, { legName })`. Merged here, not as `{ ...baseData(ctx, l), legName }`: in
 * Node 20 a spread followed by more properties makes a dictionary-mode object, 2-3 KB kept in the
 * result. Bytes allocated for bench/analyze.bench.ts's 2,500 blocked pairs 31.4 -> 28.0 MB; their
 * analysis CPU 0.94x (same-process A/B, load 3-4).
 */
export function baseData<More extends object = object>(ctx: RuleContext, l?: LegFacts | null, more?: More) {
  const base = {
    method: ctx.method,
    url: ctx.url,
    origin: ctx.origin ?? 'the page origin (unknown)',
    gateway: answererName(ctx),
    status: l ? l.status : '',
    leg: l ? (l.leg === 'preflight' ? 'preflight (OPTIONS)' : `${ctx.method} response`) : '',
    errorType: l?.errorType ? `(${l.errorType})` : '',
  };
  return Object.assign(base, more);
}

/** "200 OK" / "net::ERR_CONNECTION_RESET": what the probe's own request got (probe --send-actual). */
export function probeAnswerText(a: ProbeAnswer): string {
  return a.error && a.status === 0 ? a.error : `${a.status}${a.statusText ? ' ' + a.statusText : ''}`;
}

/** "The PUT was never sent." / "" — stated plainly wherever it applies. */
export function neverSentSentence(ctx: RuleContext): string {
  const probed = ctx.actual?.exchange.probeAnswer;
  if (ctx.actual && !ctx.actualSent && probed) {
    return `A browser would not send the ${ctx.method}; the probe sent it anyway (--send-actual) and got ${probeAnswerText(probed)}.`;
  }
  if (ctx.actual && !ctx.actualSent) return `The ${ctx.method} itself was never sent, so its real answer is unknown.`;
  if (!ctx.actual) return `No ${ctx.method} was recorded after this preflight.`;
  return '';
}

/** The CORS check (Allow-Origin / Allow-Credentials) outcome of the refused leg, when it ran. */
export function corsOfBlocked(ctx: RuleContext): { leg: Leg; view: LegFacts; cors: CorsCheckOutcome } | null {
  if (ctx.verdict !== 'cors-blocked') return null;
  if (ctx.blockedLeg === 'preflight' && ctx.preflight && ctx.preflightCheck) return { leg: 'preflight', view: ctx.preflight, cors: ctx.preflightCheck.cors };
  if (ctx.blockedLeg === 'actual' && ctx.actual && ctx.actualCheck) return { leg: 'actual', view: ctx.actual, cors: ctx.actualCheck };
  return null;
}

/** "preflight (OPTIONS)" / "PUT": what was answered. */
export function legName(ctx: RuleContext, leg: Leg): string {
  return leg === 'preflight' ? 'preflight (OPTIONS)' : ctx.method;
}

/** "preflight (OPTIONS) response" / "PUT response": what carried (or lacked) the headers. */
export function responseName(ctx: RuleContext, leg: Leg): string {
  return leg === 'preflight' ? 'preflight (OPTIONS) response' : `${ctx.method} response`;
}
