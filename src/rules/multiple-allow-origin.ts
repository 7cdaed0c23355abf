import { defineRule } from '../engine/rule';
import { baseData, corsOfBlocked, responseName } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'multiple-allow-origin',
    title: 'Several values in Allow-Origin',
    severity: 'error',
    tier: 2,
    verdicts: ['cors-blocked'],
    description: 'Access-Control-Allow-Origin holds a list or appears twice; exactly one origin (or "*") is allowed.',
    hiddenStatus: 'observed',
    messages: {
      multiple:
        'The {{legName}} carries Access-Control-Allow-Origin "{{allowOrigin}}": {{count}} values. The header must hold exactly one origin, so the browser refuses it{{among}}. Usually two layers each add the header (gateway mapping and function, proxy and application): keep one, and have it send back only the requesting origin.',
    },
    headline: 'Allow-Origin has {{count}} values',
  },
  detect(ctx) {
    const b = corsOfBlocked(ctx);
    if (!b || b.cors.failure !== 'multiple-allow-origin') return null;
    const allowOrigin = b.cors.allowOrigin ?? '';
    const values = allowOrigin
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const count = values.length;
    const among = ctx.origin && values.includes(ctx.origin) ? `, even though ${ctx.origin} is among them` : '';
    return {
      messageId: 'multiple',
      data: baseData(ctx, b.view, { legName: responseName(ctx, b.leg), allowOrigin, count, among }),
      leg: b.leg,
      basis: 'observed',
      confidence: 'certain',
      evidence: [{ leg: b.leg, kind: 'response-header', name: 'Access-Control-Allow-Origin', value: allowOrigin, why: `${count} values` }],
      fixes: { topics: ['allow-origin-exact'], leg: b.leg },
    };
  },
});
