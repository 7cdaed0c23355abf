import { defineRule } from '../engine/rule';
import { baseData, blockedBy, legName, statusEvidenceSet } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'gateway-timeout',
    title: 'Gateway timeout (504)',
    severity: 'error',
    tier: 1,
    verdicts: ['cors-blocked'],
    description: 'The gateway gave up waiting for the integration/upstream (504) and its error had no CORS headers.',
    hiddenStatus: 'observed',
    messages: {
      apigw:
        "{{gateway}} answered the {{legName}} with 504 {{errorType}}: the integration did not answer within the gateway's timeout (about 29 s by default for API Gateway). The 504 has no CORS headers, so the page saw a CORS error. The backend is slow or stuck: make it faster or asynchronous, and add CORS headers to 5XX gateway responses.",
      generic:
        '{{gateway}} answered the {{legName}} with 504: the upstream did not answer in time. The 504 has no CORS headers, so the page saw a CORS error; the real problem is the slow upstream.',
    },
    headline: 'Gateway timeout — hidden 504',
  },
  detect(ctx) {
    const l = blockedBy(ctx, 'timeout');
    if (!l) return null;
    const aws = ctx.gateway?.kind === 'aws-api-gateway-rest' || ctx.gateway?.kind === 'aws-api-gateway-http';
    const ev = statusEvidenceSet(l, 'the upstream timed out');
    const d = l.exchange.durationMs;
    if (d > 0) ev.push({ leg: l.leg, kind: 'timing', name: 'time', value: `${Math.round(d)} ms`, why: 'time until the 504 arrived' });
    return {
      messageId: aws ? 'apigw' : 'generic',
      data: baseData(ctx, l, { legName: legName(ctx, l.leg) }),
      leg: l.leg,
      basis: 'observed',
      confidence: 'certain',
      evidence: ev,
      fixes: { topics: ['timeout', 'cors-on-errors'], leg: l.leg },
    };
  },
});
