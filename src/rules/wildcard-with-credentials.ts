import { defineRule } from '../engine/rule';
import { baseData, corsOfBlocked, responseName } from '../engine/rule-kit';
import { EVIDENCE_PLACEHOLDERS, type Evidence } from '../engine/schema';

export default defineRule({
  meta: {
    id: 'wildcard-with-credentials',
    title: '"*" origin with credentials',
    severity: 'error',
    tier: 2,
    verdicts: ['cors-blocked'],
    description: 'Access-Control-Allow-Origin is "*" but the request was sent with credentials (cookies, HTTP auth).',
    hiddenStatus: 'observed',
    messages: {
      wildcard:
        'The {{legName}} allows origin "*", but the request was sent with credentials ({{why}}). For credentialed requests the browser accepts only the exact origin, never "*". Send back {{origin}} and Access-Control-Allow-Credentials: true, or make the request without credentials if it does not need cookies.',
    },
    headline: '"*" with credentials',
  },
  detect(ctx) {
    const b = corsOfBlocked(ctx);
    if (!b || b.cors.failure !== 'wildcard-with-credentials') return null;
    const ev: Evidence[] = [{ leg: b.leg, kind: 'response-header', name: 'Access-Control-Allow-Origin', value: '*', why: 'refused for credentialed requests' }];
    const cookie = ctx.actual?.requestHeaders.has('cookie');
    if (cookie)
      ev.push({ leg: 'actual', kind: 'request-header', name: 'Cookie', value: EVIDENCE_PLACEHOLDERS.present, why: 'credentials were sent', placeholder: true });
    if (b.cors.allowCredentials !== null)
      ev.push({
        leg: b.leg,
        kind: 'response-header',
        name: 'Access-Control-Allow-Credentials',
        value: b.cors.allowCredentials,
        why: 'credentials allowed, but not with "*"',
      });
    return {
      messageId: 'wildcard',
      data: baseData(ctx, b.view, { legName: responseName(ctx, b.leg), why: ctx.credentials.reason }),
      leg: b.leg,
      basis: ctx.credentials.confidence === 'high' ? 'observed' : 'inferred',
      confidence: ctx.credentials.confidence === 'high' ? 'high' : 'medium',
      evidence: ev,
      fixes: { topics: ['allow-origin-exact'], leg: b.leg },
    };
  },
});
