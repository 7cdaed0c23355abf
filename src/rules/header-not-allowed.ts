import { defineRule } from '../engine/rule';
import { baseData } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'header-not-allowed',
    title: 'Request header not allowed by the preflight',
    severity: 'error',
    tier: 2,
    verdicts: ['cors-blocked'],
    description: 'The preflight succeeded but Access-Control-Allow-Headers does not list a header the request sends.',
    hiddenStatus: 'none',
    messages: {
      notListed:
        'The request sends {{headers}}, but the preflight\'s Access-Control-Allow-Headers "{{allowHeaders}}" does not list {{them}}, so the browser did not send the {{method}}. Add {{headers}} to the list on the OPTIONS response (names are case-insensitive).',
      absent:
        'The request sends {{headers}}, which the browser has to ask about, but the preflight answered without Access-Control-Allow-Headers, so the {{method}} was not sent. Return Access-Control-Allow-Headers listing {{headers}}.',
      unparsable:
        'The preflight\'s Access-Control-Allow-Headers "{{allowHeaders}}" is not a comma-separated list of header names, so the browser rejects the whole preflight.',
    },
    headline: 'Header not allowed: {{headers}}',
  },
  detect(ctx) {
    const pf = ctx.preflightCheck;
    if (ctx.verdict !== 'cors-blocked' || ctx.blockedLeg !== 'preflight' || !pf || !ctx.preflight) return null;
    if (pf.failure !== 'header-not-allowed' && pf.failure !== 'invalid-allow-headers') return null;
    const denied = pf.deniedHeaders;
    const headers = denied.length ? denied.join(', ') : ctx.requestHeaderNames.join(', ');
    const messageId = pf.failure === 'invalid-allow-headers' ? 'unparsable' : pf.allowHeaders === null ? 'absent' : 'notListed';
    return {
      messageId,
      data: baseData(ctx, ctx.preflight, { headers, them: denied.length > 1 ? 'them' : 'it', allowHeaders: pf.allowHeaders ?? '' }),
      leg: 'preflight',
      basis: 'observed',
      confidence: 'certain',
      evidence: [
        {
          leg: 'preflight',
          kind: 'response-header',
          name: 'Access-Control-Allow-Headers',
          value: pf.allowHeaders,
          why: pf.allowHeaders === null ? 'absent' : `does not list ${headers}`,
        },
        {
          leg: 'preflight',
          kind: 'request-header',
          name: 'Access-Control-Request-Headers',
          value: ctx.preflight.requestHeaders.get('access-control-request-headers') ?? ctx.requestHeaderNames.join(','),
          why: 'the headers asked for',
        },
      ],
      fixes: { topics: ['allow-lists', 'redeploy', 'probe'], leg: 'preflight' },
    };
  },
});
