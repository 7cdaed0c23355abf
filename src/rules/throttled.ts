import type { Basis, Confidence, Evidence } from '../engine/schema';
import { defineRule } from '../engine/rule';
import { baseData, blockedBy, legName, statusEvidenceSet } from '../engine/rule-kit';
import { throttleSignal, THROTTLE_WINDOW_MS, type ThrottleSignal } from '../engine/signals';
import { throttleRemedy } from '../engine/fixes/stacks';
import type { LegFacts } from '../engine/context';

/** A burst: this many requests to one origin within BURST_WINDOW_MS before the failure. */
const BURST_MIN = 5;
const BURST_WINDOW_MS = 1000;
/** Pattern inference: 429s seen within this distance of a failure whose status is unknown. */
const NEAR_MS = 2000;

/** How each throttle signal on a status other than 429 is known (see signals.ts). */
const SIGNALS: Record<ThrottleSignal, { basis: Basis; confidence: Confidence; text: string }> = {
  'limit-exhausted': { basis: 'observed', confidence: 'high', text: 'its rate-limit headers say no request is left' },
  'limit-headers': { basis: 'inferred', confidence: 'high', text: 'it carries rate-limit headers' },
  'retry-after': { basis: 'inferred', confidence: 'medium', text: 'it carries Retry-After (a 503 with Retry-After can also mean maintenance)' },
  'burst-after-success': {
    basis: 'inferred',
    confidence: 'medium',
    text: 'it came in a burst of 503s right after a success from the same server, the way nginx limit_req answers by default',
  },
  burst: { basis: 'inferred', confidence: 'low', text: 'it came in a burst of 503s from the same server' },
};

/** Retry-After as a sentence: seconds or an HTTP date, bounded (the value comes from the capture). */
function retryAfterSentence(l: LegFacts): string {
  const v = l.headers.known.retryAfter;
  if (v === null) return '';
  const value = v.trim().slice(0, 64);
  if (/^\d{1,9}$/.test(value)) return `It asked the client to wait ${Number(value)} s before retrying (Retry-After: ${value}).`;
  return `It asked the client to retry after ${value} (Retry-After).`;
}

function rateLimitEvidence(l: LegFacts, ev: Evidence[]): void {
  const k = l.headers.known;
  if (k.retryAfter !== null) ev.push({ leg: l.leg, kind: 'response-header', name: 'Retry-After', value: k.retryAfter, why: 'how long to back off' });
  if (k.rateLimitName !== null) ev.push({ leg: l.leg, kind: 'response-header', name: k.rateLimitName, value: k.rateLimit, why: 'a rate-limit header' });
}

export default defineRule({
  meta: {
    id: 'throttled',
    title: 'Throttled (429)',
    severity: 'error',
    tier: 1,
    verdicts: ['cors-blocked'],
    description: 'The request was rate-limited (429 Too Many Requests, or a 503/4xx that a rate limiter produced) and the refusal carried no CORS headers.',
    hiddenStatus: 'observed',
    messages: {
      observed:
        '{{gateway}} answered the {{legName}} with 429 {{errorType}}: the request was throttled (rate or burst limit). The 429 has no CORS headers, so the page saw a CORS error and could not back off. {{burst}} {{retryAfter}} {{remedy}}',
      pattern:
        '{{gateway}} answered the {{legName}} with {{status}} {{errorType}}, and {{signal}}: the request was most likely throttled, not broken ({{basis}}, {{confidence}} confidence). The answer has no CORS headers, so the page saw a CORS error and could not back off. {{burst}} {{retryAfter}} {{remedy}}',
      inferred:
        'No status was recorded for this blocked request, but {{count429}} request(s) to {{target}} got 429 within {{near}} s of it, after a burst of {{burstCount}} requests in one second. It was most likely throttled too (an inference from the pattern, not an observed status).',
    },
    headline: 'Throttled — hidden 429',
  },
  detect(ctx) {
    // The signal first: most blocked exchanges are not throttled, and the start time needs the actual leg's facts.
    const l = blockedBy(ctx, 'throttled');
    if (!l && (ctx.verdict !== 'cors-blocked' || (ctx.blocked && ctx.blocked.status > 0))) return null;
    const t = (ctx.actual ?? ctx.preflight)?.exchange.startedMs ?? 0;
    // The capture is asked only about an exchange this rule can speak of (most blocked ones are not 429s).
    const burstOf = () => ctx.capture.countRequests(ctx.targetOrigin, t - BURST_WINDOW_MS, t);
    if (l) {
      const burstCount = burstOf();
      const ev: Evidence[] = statusEvidenceSet(l, 'rate limited');
      const burst = burstCount >= BURST_MIN ? `It came in a burst: ${burstCount} requests to ${ctx.targetOrigin} started within one second.` : '';
      if (burst)
        ev.push({ leg: l.leg, kind: 'pattern', name: 'burst', value: String(burstCount), why: `requests to ${ctx.targetOrigin} in the preceding second` });
      rateLimitEvidence(l, ev);
      // AWS: the gateway responses first (they are what hides the 429); elsewhere the limiter's own fix.
      const kind = ctx.gateway?.kind;
      const topics =
        kind === 'aws-api-gateway-rest' || kind === 'aws-api-gateway-http' || kind === 'cloudfront'
          ? (['cors-on-errors', 'throttling'] as const)
          : (['throttling', 'cors-on-errors'] as const);
      const data = baseData(ctx, l, {
        legName: legName(ctx, l.leg),
        burst,
        retryAfter: retryAfterSentence(l),
        remedy: throttleRemedy(ctx.gateway?.kind ?? null),
      });
      if (l.status === 429) {
        return {
          messageId: 'observed',
          data,
          leg: l.leg,
          basis: 'observed',
          confidence: 'certain',
          evidence: ev,
          fixes: { topics, leg: l.leg },
        };
      }
      const signal = throttleSignal(ctx, l)!;
      const how = SIGNALS[signal];
      if (signal === 'burst-after-success' || signal === 'burst') {
        const n = ctx.capture.count503(ctx.targetOrigin, t - THROTTLE_WINDOW_MS, t + THROTTLE_WINDOW_MS);
        ev.push({
          leg: l.leg,
          kind: 'pattern',
          name: '503 burst',
          value: String(n),
          why: `503 answers from ${ctx.targetOrigin} within ${THROTTLE_WINDOW_MS / 1000} s`,
        });
        if (signal === 'burst-after-success')
          ev.push({
            leg: l.leg,
            kind: 'pattern',
            name: '2xx just before',
            value: String(ctx.capture.countOk(ctx.targetOrigin, t - 2 * THROTTLE_WINDOW_MS, t)),
            why: 'the same server answered normally a moment earlier',
          });
      }
      return {
        messageId: 'pattern',
        data: Object.assign(data, { signal: how.text, basis: how.basis, confidence: how.confidence }),
        leg: l.leg,
        basis: how.basis,
        confidence: how.confidence,
        evidence: ev,
        fixes: { topics, leg: l.leg },
      };
    }
    // Pattern: a blocked request with no usable status amid 429s after a burst.
    const near = ctx.capture.count429(ctx.targetOrigin, t - NEAR_MS, t + NEAR_MS);
    if (near < 2) return null;
    const burstCount = burstOf();
    if (burstCount < BURST_MIN) return null;
    const leg = ctx.blockedLeg ?? 'actual';
    return {
      messageId: 'inferred',
      data: baseData(ctx, null, { count429: near, target: ctx.targetOrigin, near: NEAR_MS / 1000, burstCount }),
      leg,
      basis: 'inferred',
      confidence: near >= 3 ? 'medium' : 'low',
      evidence: [
        { leg, kind: 'pattern', name: '429 nearby', value: String(near), why: `429 answers from ${ctx.targetOrigin} within ${NEAR_MS / 1000} s` },
        { leg, kind: 'pattern', name: 'burst', value: String(burstCount), why: 'requests in the preceding second' },
      ],
      fixes: { topics: ['throttling', 'cors-on-errors', 'probe'], leg },
      inferredStatus: {
        status: 429,
        leg,
        confidence: near >= 3 ? 'medium' : 'low',
        note: `Inferred from ${near} nearby 429 answers after a burst; the browser recorded no status for this request.`,
      },
    };
  },
});
