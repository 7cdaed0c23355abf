import { defineRule } from '../engine/rule';
import { baseData } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'authorization-not-covered-by-wildcard',
    title: 'Authorization allowed only through "*"',
    severity: 'error',
    tier: 2,
    verdicts: ['ok', 'cors-blocked'],
    description: 'Access-Control-Allow-Headers is "*" and the request sends Authorization, which "*" never covers per the Fetch standard.',
    hiddenStatus: 'none',
    messages: {
      passed:
        'This request passed, but only because the browser is lenient: the preflight allows headers "*", and by the Fetch standard "*" does not cover Authorization. Chromium lets it through with a deprecation warning and Firefox warns too; a browser that enforces the rule will block the {{method}}. Name Authorization explicitly in Access-Control-Allow-Headers.',
      enforced:
        'The preflight allows headers "*", but the request sends Authorization, which "*" never covers: it must be named explicitly. The browser enforced this and did not send the {{method}}.',
    },
    headline: 'Authorization not covered by "*"',
  },
  detect(ctx) {
    const pf = ctx.preflightCheck;
    // Cheapest test first: most preflights pass without the wildcard (no leg view is built for them).
    if (!pf || !pf.authorizationOnlyByWildcard || !ctx.preflight) return null;
    const blocked = ctx.verdict === 'cors-blocked' && ctx.blockedLeg === 'preflight';
    if (!blocked && ctx.verdict !== 'ok') return null;
    return {
      messageId: blocked ? 'enforced' : 'passed',
      data: baseData(ctx, ctx.preflight),
      leg: 'preflight',
      basis: 'observed',
      confidence: 'certain',
      severity: blocked ? 'error' : 'warning',
      evidence: [
        { leg: 'preflight', kind: 'response-header', name: 'Access-Control-Allow-Headers', value: pf.allowHeaders, why: '"*" does not cover Authorization' },
        {
          leg: 'preflight',
          kind: 'request-header',
          name: 'Access-Control-Request-Headers',
          value: ctx.preflight.requestHeaders.get('access-control-request-headers'),
          why: 'asks for authorization',
        },
      ],
      fixes: { topics: ['allow-lists', 'redeploy'], leg: 'preflight' },
    };
  },
});
