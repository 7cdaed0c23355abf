import { defineRule } from '../engine/rule';
import { baseData, corsOfBlocked, responseName } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'credentials-not-allowed',
    title: 'Credentials not allowed',
    severity: 'error',
    tier: 2,
    verdicts: ['cors-blocked'],
    description: 'A credentialed request got a matching Allow-Origin but no "Access-Control-Allow-Credentials: true".',
    hiddenStatus: 'observed',
    messages: {
      missing:
        'The {{legName}} allows {{origin}} but does not send Access-Control-Allow-Credentials: true, and the request carried credentials ({{why}}). Add the header with the exact value "true", or send the request without credentials.',
      wrong:
        'The {{legName}} sends Access-Control-Allow-Credentials "{{value}}"; only the exact, lower-case value "true" lets a credentialed request through ({{why}}).',
    },
    headline: 'Credentials not allowed',
  },
  detect(ctx) {
    const b = corsOfBlocked(ctx);
    if (!b || b.cors.failure !== 'credentials-not-allowed') return null;
    const value = b.cors.allowCredentials;
    return {
      messageId: value === null ? 'missing' : 'wrong',
      data: baseData(ctx, b.view, { legName: responseName(ctx, b.leg), why: ctx.credentials.reason, value: value ?? '' }),
      leg: b.leg,
      basis: ctx.credentials.confidence === 'high' ? 'observed' : 'inferred',
      confidence: ctx.credentials.confidence === 'high' ? 'high' : 'medium',
      evidence: [
        { leg: b.leg, kind: 'response-header', name: 'Access-Control-Allow-Credentials', value, why: value === null ? 'absent' : 'not exactly "true"' },
        { leg: b.leg, kind: 'response-header', name: 'Access-Control-Allow-Origin', value: b.cors.allowOrigin, why: 'matches the page origin' },
      ],
      fixes: { topics: b.leg === 'preflight' ? ['allow-lists'] : ['allow-origin-exact'], leg: b.leg },
    };
  },
});
