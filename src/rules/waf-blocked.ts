import { defineRule } from '../engine/rule';
import { baseData, blockedBy, legName, statusEvidenceSet, sentApiKey, statusSignal } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'waf-blocked',
    title: 'Blocked by a web application firewall',
    severity: 'error',
    tier: 1,
    verdicts: ['cors-blocked'],
    description: 'A WAF (AWS WAF on API Gateway or CloudFront, Cloudflare) refused the request with 403 and no CORS headers.',
    hiddenStatus: 'observed',
    messages: {
      apigw:
        '{{gateway}} answered the {{legName}} with 403 {{errorType}} and no CORS headers, so the page saw a CORS error instead. No API key was sent, so the likely cause is an AWS WAF web ACL on the stage blocking this request (if the method requires an API key, a missing key gives the same answer). The CORS configuration is not the problem: find the WAF rule that matched, or add CORS headers to the block response so the page can see the 403.',
      cloudfront:
        '{{gateway}} answered the {{legName}} with its own 403 ("The request could not be satisfied") before it reached the API: typically an AWS WAF web ACL on the distribution, or a geo restriction. That page has no CORS headers, so the browser hid the 403. Find the WAF rule that matched, or give the block action a custom response with Access-Control-Allow-Origin.',
      cloudflare:
        '{{gateway}} answered the {{legName}} with 403 and no CORS headers: a firewall rule or security setting blocked it before it reached your server. Check Security > Events for this Ray ID and exempt API calls from the rule.',
    },
    headline: 'WAF block — hidden 403',
  },
  detect(ctx) {
    // CloudFront or Cloudflare refusing on their own; or API Gateway's 403 ForbiddenException to a
    // request without an API key: the key check cannot be what refused it, so a WAF web ACL did
    // (a method that requires a key answers the same to a request without one: medium confidence).
    const l = blockedBy(ctx, 'edge-block', 'forbidden');
    if (!l || (statusSignal(l) === 'forbidden' && sentApiKey(ctx))) return null;
    const kind = ctx.gateway?.kind;
    const messageId = kind === 'cloudfront' ? 'cloudfront' : kind === 'cloudflare' ? 'cloudflare' : 'apigw';
    const ev = statusEvidenceSet(l, 'refused before the API ran');
    if (kind === 'cloudfront') {
      const xc = l.headers.get('x-cache');
      if (xc) ev.push({ leg: l.leg, kind: 'response-header', name: 'X-Cache', value: xc, why: 'CloudFront generated this error' });
    }
    return {
      messageId,
      data: baseData(ctx, l, { legName: legName(ctx, l.leg) }),
      leg: l.leg,
      basis: 'observed',
      confidence: kind === 'cloudfront' ? 'high' : 'medium',
      evidence: ev,
      fixes: { topics: kind === 'cloudflare' ? ['bot-challenge'] : ['waf', 'cors-on-errors'], leg: l.leg },
    };
  },
});
