import { defineRule } from '../engine/rule';
import { baseData, blockedBy, legName, statusEvidenceSet } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'quota-exceeded',
    title: 'Usage-plan quota exceeded (429)',
    severity: 'error',
    tier: 1,
    verdicts: ['cors-blocked'],
    description: 'API Gateway answered 429 "Limit Exceeded" (LimitExceededException): the API key used up its usage-plan quota.',
    hiddenStatus: 'observed',
    messages: {
      quota:
        '{{gateway}} answered the {{legName}} with 429 {{errorType}}: the API key has used up its usage-plan quota for the period. Retrying will not help until the quota resets or is raised. The 429 has no CORS headers, so the page saw a CORS error instead.',
    },
    headline: 'Quota exceeded — hidden 429',
  },
  detect(ctx) {
    const l = blockedBy(ctx, 'quota');
    if (!l) return null;
    return {
      messageId: 'quota',
      data: baseData(ctx, l, { legName: legName(ctx, l.leg) }),
      leg: l.leg,
      basis: 'observed',
      confidence: l.errorType === 'LimitExceededException' ? 'certain' : 'high',
      evidence: statusEvidenceSet(l, 'usage-plan quota used up'),
      fixes: { topics: ['quota', 'cors-on-errors'], leg: l.leg },
    };
  },
});
