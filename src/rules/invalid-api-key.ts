import { defineRule } from '../engine/rule';
import { baseData, blockedBy, legName, statusEvidenceSet, sentApiKey } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'invalid-api-key',
    title: 'API key rejected',
    severity: 'error',
    tier: 1,
    verdicts: ['cors-blocked'],
    description: 'API Gateway answered 403 Forbidden (ForbiddenException) to a request that sent an x-api-key.',
    hiddenStatus: 'observed',
    messages: {
      key: '{{gateway}} answered the {{legName}} with 403 {{errorType}} although the request sent an x-api-key. The key is unknown, disabled, or not in a usage plan that covers this stage; the error has no CORS headers, so the page saw a CORS error. Check the key and its usage plan (a WAF block gives the same answer, so check the web ACL if the key is fine).',
    },
    headline: 'API key rejected — hidden 403',
  },
  detect(ctx) {
    // API Gateway's 403 ForbiddenException to a request that sent an x-api-key (on the preflight, which
    // never carries the key, this is preflight-auth-required).
    const l = blockedBy(ctx, 'forbidden');
    if (!l || l.leg !== 'actual' || !sentApiKey(ctx)) return null;
    const ev = statusEvidenceSet(l, 'refused by the API key check');
    ev.push({ leg: 'actual', kind: 'request-header', name: 'x-api-key', value: '(present, value hidden)', why: 'a key was sent' });
    return {
      messageId: 'key',
      data: baseData(ctx, l, { legName: legName(ctx, l.leg) }),
      leg: l.leg,
      basis: 'observed',
      confidence: 'high',
      evidence: ev,
      fixes: { topics: ['api-key', 'cors-on-errors'], leg: l.leg },
    };
  },
});
