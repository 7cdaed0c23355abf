import { defineRule } from '../engine/rule';
import { explainNetError } from '../engine/net-errors';
import { baseData } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'not-cors-network-error',
    title: 'Network error, not CORS',
    severity: 'error',
    tier: 1,
    verdicts: ['not-cors'],
    description: 'The request failed below HTTP (connection refused, DNS, TLS, blocked by an extension...): not a CORS problem.',
    hiddenStatus: 'none',
    messages: {
      network:
        'The {{legName}} failed with {{error}}: {{meaning}}. No HTTP response arrived, so this is not a CORS problem, even though scripts see the same "Failed to fetch" / TypeError. Changing CORS headers will not help.',
      noError: 'The {{legName}} has no response and no recorded error: {{meaning}}. Nothing here points to CORS.',
    },
    headline: 'Not CORS — {{errorShort}}',
  },
  detect(ctx) {
    if (ctx.verdict !== 'not-cors') return null;
    const errLeg =
      ctx.preflight?.error && ctx.preflight.error !== 'net::ERR_FAILED' && ctx.preflight.status === 0 ? ctx.preflight : (ctx.actual ?? ctx.preflight);
    if (!errLeg) return null;
    const error = errLeg.error;
    const legName = errLeg.leg === 'preflight' ? 'preflight (OPTIONS)' : ctx.method;
    return {
      messageId: error ? 'network' : 'noError',
      data: baseData(ctx, errLeg, {
        legName,
        error: error ?? '',
        errorShort: error ? error.replace(/^net::/, '') : 'no response',
        meaning: explainNetError(error),
      }),
      leg: errLeg.leg,
      basis: 'observed',
      confidence: error ? 'certain' : 'low',
      evidence: [
        { leg: errLeg.leg, kind: 'error', name: 'error', value: error, why: error ? 'the network error as recorded' : 'no error recorded and no status' },
      ],
      fixes: { topics: ['probe'], leg: errLeg.leg },
    };
  },
});
