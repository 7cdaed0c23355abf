import type { Evidence } from '../engine/schema';
import { defineRule } from '../engine/rule';
import { baseData, blockedBy, fixesFor, legName, statusEvidenceSet } from '../engine/rule-kit';

/** A burst: this many requests to one origin within BURST_WINDOW_MS before the failure. */
const BURST_MIN = 5;
const BURST_WINDOW_MS = 1000;
/** Pattern inference: 429s seen within this distance of a failure whose status is unknown. */
const NEAR_MS = 2000;

export default defineRule({
  meta: {
    id: 'throttled',
    title: 'Throttled (429)',
    severity: 'error',
    tier: 1,
    verdicts: ['cors-blocked'],
    description: 'The request was rate-limited (429 Too Many Requests) and the 429 carried no CORS headers.',
    hiddenStatus: 'observed',
    messages: {
      observed:
        '{{gateway}} answered the {{legName}} with 429 {{errorType}}: the request was throttled (rate or burst limit). The 429 has no CORS headers, so the page saw a CORS error and could not back off. {{burst}} Add CORS headers to the gateway\'s error responses, retry with backoff, and raise the limits if this traffic is expected.',
      inferred:
        'No status was recorded for this blocked request, but {{count429}} request(s) to {{target}} got 429 within {{near}} s of it, after a burst of {{burstCount}} requests in one second. It was most likely throttled too (an inference from the pattern, not an observed status).',
    },
    headline: 'Throttled — hidden 429',
  },
  detect(ctx) {
    const t = (ctx.actual ?? ctx.preflight)?.exchange.startedMs ?? 0;
    // The capture is asked only about an exchange this rule can speak of (most blocked ones are not 429s).
    const burstOf = () => ctx.capture.countRequests(ctx.targetOrigin, t - BURST_WINDOW_MS, t);
    const l = blockedBy(ctx, 'throttled');
    if (l) {
      const burstCount = burstOf();
      const ev: Evidence[] = statusEvidenceSet(l, 'rate limited');
      const burst =
        burstCount >= BURST_MIN ? `It came in a burst: ${burstCount} requests to ${ctx.targetOrigin} started within one second.` : '';
      if (burst) ev.push({ leg: l.leg, kind: 'pattern', name: 'burst', value: String(burstCount), why: `requests to ${ctx.targetOrigin} in the preceding second` });
      return {
        messageId: 'observed',
        data: Object.assign(baseData(ctx, l), { legName: legName(ctx, l.leg), burst }),
        leg: l.leg,
        basis: 'observed',
        confidence: 'certain',
        evidence: ev,
        fixes: () => fixesFor(ctx.fix, ['cors-on-errors', 'throttling'], l.leg),
      };
    }
    // Pattern: a blocked request with no usable status amid 429s after a burst.
    if (ctx.verdict !== 'cors-blocked' || (ctx.blocked && ctx.blocked.status > 0)) return null;
    const near = ctx.capture.count429(ctx.targetOrigin, t - NEAR_MS, t + NEAR_MS);
    if (near < 2) return null;
    const burstCount = burstOf();
    if (burstCount < BURST_MIN) return null;
    const leg = ctx.blockedLeg ?? 'actual';
    return {
      messageId: 'inferred',
      data: Object.assign(baseData(ctx), { count429: near, target: ctx.targetOrigin, near: NEAR_MS / 1000, burstCount }),
      leg,
      basis: 'inferred',
      confidence: near >= 3 ? 'medium' : 'low',
      evidence: [
        { leg, kind: 'pattern', name: '429 nearby', value: String(near), why: `429 answers from ${ctx.targetOrigin} within ${NEAR_MS / 1000} s` },
        { leg, kind: 'pattern', name: 'burst', value: String(burstCount), why: 'requests in the preceding second' },
      ],
      fixes: () => fixesFor(ctx.fix, ['cors-on-errors', 'throttling', 'probe'], leg),
      inferredStatus: {
        status: 429,
        leg,
        confidence: near >= 3 ? 'medium' : 'low',
        note: `Inferred from ${near} nearby 429 answers after a burst; the browser recorded no status for this request.`,
      },
    };
  },
});
