import { defineRule } from '../engine/rule';
import { baseData } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'method-not-allowed',
    title: 'Method not allowed by the preflight',
    severity: 'error',
    tier: 2,
    verdicts: ['cors-blocked'],
    description: 'The preflight succeeded but Access-Control-Allow-Methods does not list the request method.',
    hiddenStatus: 'none',
    messages: {
      notListed:
        'The preflight answered {{status}} but its Access-Control-Allow-Methods "{{allowMethods}}" does not include {{method}}, so the browser did not send the {{method}}. Add {{method}} to the list on the OPTIONS response.',
      absent:
        'The preflight answered {{status}} without Access-Control-Allow-Methods. {{method}} is not a simple method, so it must be listed; the browser did not send it.',
      wildcardCredentials:
        'The preflight allows methods "*", but the request carries credentials ({{why}}), and then "*" counts as a literal name, not a wildcard. List {{method}} explicitly.',
      unparsable:
        'The preflight\'s Access-Control-Allow-Methods "{{allowMethods}}" is not a comma-separated list of method names, so the browser rejects the whole preflight.',
    },
    headline: '{{method}} not in Allow-Methods',
  },
  detect(ctx) {
    const pf = ctx.preflightCheck;
    if (ctx.verdict !== 'cors-blocked' || ctx.blockedLeg !== 'preflight' || !pf || !ctx.preflight) return null;
    if (pf.failure !== 'method-not-allowed' && pf.failure !== 'invalid-allow-methods') return null;
    const allowMethods = pf.allowMethods ?? '';
    const messageId =
      pf.failure === 'invalid-allow-methods'
        ? 'unparsable'
        : pf.allowMethods === null
          ? 'absent'
          : allowMethods.split(',').some((m) => m.trim() === '*')
            ? 'wildcardCredentials'
            : 'notListed';
    return {
      messageId,
      data: baseData(ctx, ctx.preflight, { allowMethods, why: ctx.credentials.reason }),
      leg: 'preflight',
      basis: 'observed',
      confidence: messageId === 'wildcardCredentials' ? 'medium' : 'certain',
      evidence: [
        {
          leg: 'preflight',
          kind: 'response-header',
          name: 'Access-Control-Allow-Methods',
          value: pf.allowMethods,
          why: pf.allowMethods === null ? 'absent' : `does not allow ${ctx.method}`,
        },
        { leg: 'preflight', kind: 'request-header', name: 'Access-Control-Request-Method', value: ctx.method, why: 'the method asked for' },
      ],
      fixes: { topics: ['allow-lists', 'redeploy', 'probe'], leg: 'preflight' },
    };
  },
});
