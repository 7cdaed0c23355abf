import { defineRule } from '../engine/rule';
import { baseData, blockedBy, legName, statusEvidenceSet, missingTokenAnswer } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'client-error-without-cors',
    title: 'Client error without CORS headers',
    severity: 'error',
    tier: 1,
    verdicts: ['cors-blocked'],
    description: 'The actual request got a 4xx (401, 404, 400, 413...) without CORS headers, so the page saw a CORS error instead.',
    hiddenStatus: 'observed',
    messages: {
      missingRoute:
        '{{gateway}} answered the {{method}} with 403 {{errorType}}: no such method or path on the deployed stage (or an IAM-authorized route called without a signature). Check the URL, the method and the stage name, and redeploy if the route is new. The answer has no CORS headers, so the page saw a CORS error.',
      unauthorized:
        '{{gateway}} answered the {{method}} with 401 {{errorType}}: the token is missing, expired or rejected by the authorizer. The 401 has no CORS headers, so the page saw a CORS error and cannot react to it (for example by refreshing the token).',
      other:
        '{{gateway}} answered the {{method}} with {{status}} {{errorType}} and no CORS headers, so the page saw a CORS error instead of the {{status}}. Fix what the {{status}} says about the request, and add CORS headers to error responses.',
    },
    headline: '{{status}} without CORS headers',
  },
  detect(ctx) {
    // The 4xx answers no specific status rule explains on the actual request.
    const l = blockedBy(ctx, 'other', 'unauthorized', 'missing-token', 'no-route');
    if (!l || l.leg !== 'actual' || l.status < 400 || l.status >= 500 || l.hasAllowOrigin) return null;
    const missingRoute = missingTokenAnswer(l);
    const messageId = missingRoute ? 'missingRoute' : l.status === 401 ? 'unauthorized' : 'other';
    return {
      messageId,
      data: baseData(ctx, l, { legName: legName(ctx, l.leg) }),
      leg: 'actual',
      basis: 'observed',
      confidence: 'certain',
      evidence: statusEvidenceSet(l, 'a client error'),
      fixes: { topics: missingRoute ? ['redeploy', 'cors-on-errors'] : ['cors-on-errors'], leg: 'actual' },
    };
  },
});
