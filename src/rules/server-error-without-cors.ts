import { defineRule } from '../engine/rule';
import { baseData, blockedBy, legName, statusEvidenceSet } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'server-error-without-cors',
    title: 'Server error without CORS headers',
    severity: 'error',
    tier: 1,
    verdicts: ['cors-blocked'],
    description: 'A 5xx response (other than 504) without CORS headers: the real problem is the server error.',
    hiddenStatus: 'observed',
    messages: {
      apigw:
        '{{gateway}} answered the {{legName}} with {{status}} {{errorType}}. {{detail}} The error response has no CORS headers, so the page saw a CORS error; fix the failing integration first, then add CORS headers to 5XX responses so the next failure shows up as what it is.',
      nginx:
        'nginx answered the {{legName}} with {{status}} and no CORS headers. nginx adds headers from add_header only to 2xx/3xx responses unless the directive ends with "always", so the error page went out without them. Fix the upstream failure, and add "always" so errors stay readable.',
      generic:
        '{{gateway}} answered the {{legName}} with {{status}} and no CORS headers, so the page saw a CORS error instead of the server error. Fix the server error (check its logs), and make error responses carry the CORS headers too.',
    },
    headline: 'Server error — hidden {{status}}',
  },
  detect(ctx) {
    const l = blockedBy(ctx, 'server-error');
    if (!l) return null;
    const kind = ctx.gateway?.kind;
    const aws = kind === 'aws-api-gateway-rest' || kind === 'aws-api-gateway-http';
    const detail =
      l.status === 502
        ? 'With a Lambda proxy integration this usually means the function crashed or returned a malformed response (it must return statusCode, headers and a string body).'
        : 'The gateway or its integration failed (configuration error, authorizer failure, or a backend error).';
    return {
      messageId: aws ? 'apigw' : kind === 'nginx' ? 'nginx' : 'generic',
      data: baseData(ctx, l, { legName: legName(ctx, l.leg), detail }),
      leg: l.leg,
      basis: 'observed',
      confidence: 'certain',
      evidence: statusEvidenceSet(l, 'a server error'),
      fixes: { topics: ['server-error', 'cors-on-errors'], leg: l.leg },
    };
  },
});
