import { defineRule } from '../engine/rule';
import { baseData, corsOfBlocked, responseName } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'origin-mismatch',
    title: 'Allow-Origin names another origin',
    severity: 'error',
    tier: 2,
    verdicts: ['cors-blocked'],
    description: 'Access-Control-Allow-Origin holds one origin, but not the page origin (or not a valid origin at all).',
    hiddenStatus: 'observed',
    messages: {
      mismatch:
        'The {{legName}} allows origin {{allowOrigin}}, but the page runs on {{origin}}. The browser compares the two byte for byte (scheme, host and port). Send back the requesting origin when it is on your allow-list, and add Vary: Origin.',
      invalid:
        'The {{legName}} sends Access-Control-Allow-Origin "{{allowOrigin}}", which is not a valid origin (an origin has no path, no trailing slash and no spaces). Send exactly {{origin}}.',
    },
    headline: 'Origin mismatch ({{allowOrigin}})',
  },
  detect(ctx) {
    const b = corsOfBlocked(ctx);
    if (!b || (b.cors.failure !== 'origin-mismatch' && b.cors.failure !== 'invalid-allow-origin')) return null;
    const allowOrigin = b.cors.allowOrigin ?? '';
    return {
      messageId: b.cors.failure === 'origin-mismatch' ? 'mismatch' : 'invalid',
      data: baseData(ctx, b.view, { legName: responseName(ctx, b.leg), allowOrigin }),
      leg: b.leg,
      basis: 'observed',
      confidence: ctx.origin ? 'certain' : 'medium',
      evidence: [
        { leg: b.leg, kind: 'response-header', name: 'Access-Control-Allow-Origin', value: allowOrigin, why: 'not the page origin' },
        { leg: b.leg, kind: 'request-header', name: 'Origin', value: ctx.origin, why: 'the page origin' },
      ],
      fixes: { topics: b.leg === 'preflight' ? ['allow-lists', 'allow-origin-exact'] : ['allow-origin-exact'], leg: b.leg },
    };
  },
});
