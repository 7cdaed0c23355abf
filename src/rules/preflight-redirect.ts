import { defineRule } from '../engine/rule';
import { baseData, blockedBy, neverSentSentence, statusEvidenceSet } from '../engine/rule-kit';
import { PREFLIGHT_REDIRECT_ERROR } from '../engine/net-errors';

export default defineRule({
  meta: {
    id: 'preflight-redirect',
    title: 'Preflight redirected',
    severity: 'error',
    tier: 1,
    verdicts: ['cors-blocked'],
    description: 'The preflight got a 3xx redirect; browsers never follow redirects on a preflight.',
    hiddenStatus: 'observed',
    messages: {
      access:
        '{{gateway}} answered the preflight (OPTIONS) with a {{status}} redirect to a Cloudflare Access login ({{location}}). Access demands a login cookie that a preflight never carries. Enable "Bypass options requests" (options_preflight_bypass) on the Access application, or configure its CORS settings. {{neverSent}}',
      redirect:
        '{{gateway}} answered the preflight (OPTIONS) with a {{status}} redirect to {{location}}. A preflight must be answered directly with 2xx: browsers refuse to follow it. Call the final URL from the page (often a trailing slash, http to https, or another host), or exempt OPTIONS from the redirect. {{neverSent}}',
      lost: "The browser refused the preflight (OPTIONS) with {{error}}: the server answered it with a redirect, and browsers never follow one on a preflight. The capture kept neither the redirect's status nor its Location; a request from outside the browser shows both. A preflight must be answered directly with 2xx: call the final URL from the page, or exempt OPTIONS from the redirect. {{neverSent}}",
    },
    headline: 'Preflight redirected — {{status}}',
  },
  detect(ctx) {
    const l = blockedBy(ctx, 'redirect');
    if (!l || l.leg !== 'preflight') {
      // The browser's error names the redirect even when the entry lost its status.
      const p = ctx.blockedLeg === 'preflight' ? ctx.preflight : null;
      if (!p || p.status !== 0 || p.error !== PREFLIGHT_REDIRECT_ERROR) return null;
      return {
        messageId: 'lost',
        data: baseData(ctx, p, { status: '3xx', error: p.error, neverSent: neverSentSentence(ctx) }),
        leg: 'preflight',
        basis: 'inferred',
        confidence: 'high',
        evidence: [
          {
            leg: 'preflight',
            kind: 'error',
            name: 'error',
            value: p.error,
            why: 'the browser refused a redirect of the preflight; its status was not recorded',
          },
        ],
        fixes: { topics: ['options-route', 'probe'], leg: 'preflight' },
      };
    }
    const location = l.headers.get('location') ?? l.exchange.response.redirectURL ?? '';
    const ev = statusEvidenceSet(l, 'a redirect; preflights may not be redirected');
    ev.push({ leg: 'preflight', kind: 'response-header', name: 'Location', value: location || null, why: 'redirect target' });
    return {
      messageId: /cloudflareaccess\.com/i.test(location) ? 'access' : 'redirect',
      data: baseData(ctx, l, { location: location || 'another URL (no Location recorded)', neverSent: neverSentSentence(ctx) }),
      leg: 'preflight',
      basis: 'observed',
      confidence: 'certain',
      evidence: ev,
      fixes: { topics: /cloudflareaccess\.com/i.test(location) ? ['bot-challenge', 'probe'] : ['options-route', 'probe'], leg: 'preflight' },
    };
  },
});
