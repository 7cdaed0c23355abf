import { defineRule } from '../engine/rule';
import { baseData, blockedBy, neverSentSentence, statusEvidenceSet } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'preflight-missing-route',
    title: 'No OPTIONS route for the preflight',
    severity: 'error',
    tier: 1,
    verdicts: ['cors-blocked'],
    description: 'The preflight got 403 "Missing Authentication Token", 404, 405 or 501: nothing handles OPTIONS for this resource.',
    hiddenStatus: 'observed',
    messages: {
      apigw:
        '{{gateway}} answered the preflight (OPTIONS) with {{status}} {{errorType}}. API Gateway gives this answer for any method that does not exist on the deployed stage: this resource has no OPTIONS method, or it was added but the stage was not redeployed (an OPTIONS method with IAM authorization gives the same answer). {{neverSent}}',
      generic:
        '{{gateway}} answered the preflight (OPTIONS) with {{status}}: nothing on this route handles OPTIONS. Add an OPTIONS handler (or CORS middleware that runs before routing) that answers 2xx with the CORS headers. {{neverSent}}',
    },
    headline: 'No OPTIONS route — preflight {{status}}',
  },
  detect(ctx) {
    // API Gateway answers 403 "Missing Authentication Token" for a method that does not exist; others 404 or 405.
    const l = blockedBy(ctx, 'missing-token', 'no-route');
    if (!l || l.leg !== 'preflight') return null;
    const apigw = l.status === 403;
    return {
      messageId: apigw ? 'apigw' : 'generic',
      data: baseData(ctx, l, { neverSent: neverSentSentence(ctx) }),
      leg: 'preflight',
      basis: 'observed',
      confidence: apigw && l.errorType ? 'certain' : 'high',
      evidence: statusEvidenceSet(l, apigw ? "API Gateway's answer for a method that does not exist" : 'no handler for OPTIONS'),
      fixes: { topics: ['options-route', 'redeploy', 'probe'], leg: 'preflight' },
    };
  },
});
