import { defineRule } from '../engine/rule';
import { baseData, corsOfBlocked, responseName } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'missing-allow-origin',
    title: 'No Access-Control-Allow-Origin',
    severity: 'error',
    tier: 2,
    verdicts: ['cors-blocked'],
    description: 'The refused response (preflight or actual) carries no Access-Control-Allow-Origin header.',
    hiddenStatus: 'observed',
    messages: {
      success:
        'The {{legName}} ({{status}}) has no Access-Control-Allow-Origin header, so the browser refused to hand it to the page. The header must be on this response itself.',
      successAfterPreflight:
        'The {{legName}} ({{status}}) has no Access-Control-Allow-Origin header, so the browser refused to hand it to the page. The header must be on this response itself, not only on the preflight.',
      error:
        'The {{legName}} is a {{status}} error without Access-Control-Allow-Origin. Error responses need the CORS headers too, or the page sees a CORS failure instead of the {{status}}.',
      preflight: 'The {{legName}} ({{status}}) has no Access-Control-Allow-Origin header, so the preflight fails and the {{method}} is not sent.',
    },
    headline: 'No Allow-Origin on the {{legShort}}',
  },
  detect(ctx) {
    const b = corsOfBlocked(ctx);
    if (!b || b.cors.failure !== 'missing-allow-origin') return null;
    const l = b.view;
    const ok = l.status >= 200 && l.status < 300;
    // "not only on the preflight" only when there was one: a simple request has none.
    const messageId = b.leg === 'preflight' ? 'preflight' : !ok ? 'error' : ctx.preflight ? 'successAfterPreflight' : 'success';
    return {
      messageId,
      data: baseData(ctx, l, { legName: responseName(ctx, b.leg), legShort: b.leg === 'preflight' ? 'preflight' : 'response' }),
      leg: b.leg,
      basis: 'observed',
      confidence: 'certain',
      evidence: [
        { leg: b.leg, kind: 'response-header', name: 'Access-Control-Allow-Origin', value: null, why: 'absent' },
        { leg: b.leg, kind: 'status', name: 'status', value: String(l.status), why: ok ? 'the response itself succeeded' : 'an error response' },
      ],
      fixes:
        b.leg === 'preflight'
          ? { topics: ['options-route', 'redeploy'], leg: 'preflight' }
          : ok
            ? { topics: ['allow-lists'], leg: 'actual' }
            : { topics: ['cors-on-errors', 'redeploy'], leg: 'actual' },
    };
  },
});
