import { defineRule } from '../engine/rule';
import { baseData, blockedBy, legName, statusEvidenceSet } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'access-denied',
    title: 'Access denied (403)',
    severity: 'error',
    tier: 1,
    verdicts: ['cors-blocked'],
    description: "The request was refused with 403 by a resource policy, IAM, an authorizer's Deny, or an expired/invalid signature.",
    hiddenStatus: 'observed',
    messages: {
      denied:
        '{{gateway}} answered the {{legName}} with 403 {{errorType}}: the caller is not allowed to invoke this resource (an authorizer returned Deny, a resource policy denies it, or the IAM signature or token is invalid or expired). The 403 has no CORS headers, so the page saw a CORS error; CORS is not what needs fixing.',
    },
    headline: 'Access denied — hidden 403',
  },
  detect(ctx) {
    // On the preflight these are preflight-auth-required: a preflight never carries credentials.
    const l = blockedBy(ctx, 'not-authorized', 'bad-signature', 'http-api-denied');
    if (!l || l.leg !== 'actual') return null;
    return {
      messageId: 'denied',
      data: baseData(ctx, l, { legName: legName(ctx, l.leg) }),
      leg: l.leg,
      basis: 'observed',
      confidence: l.errorType ? 'certain' : 'medium',
      evidence: statusEvidenceSet(l, 'refused by an access policy'),
      fixes: { topics: ['access-denied', 'cors-on-errors'], leg: l.leg },
    };
  },
});
