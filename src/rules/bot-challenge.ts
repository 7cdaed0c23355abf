import { defineRule } from '../engine/rule';
import { baseData, blockedBy, legName, statusEvidenceSet } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'bot-challenge',
    title: 'Bot challenge instead of the API answer',
    severity: 'error',
    tier: 1,
    verdicts: ['cors-blocked'],
    description: 'A bot-management layer (e.g. Cloudflare, cf-mitigated: challenge) answered with a challenge page; fetch() cannot solve it.',
    hiddenStatus: 'observed',
    messages: {
      challenge:
        '{{gateway}} answered the {{legName}} with {{status}} and "cf-mitigated: {{mitigated}}": a bot challenge page, not your API. Scripts cannot solve a challenge, and the page has no CORS headers, so the browser reported a CORS error. Exempt the API host or path from challenges (or from the bot-fight setting that triggered it).',
    },
    headline: 'Bot challenge — hidden {{status}}',
  },
  detect(ctx) {
    const l = blockedBy(ctx, 'bot-challenge');
    if (!l) return null;
    const mitigated = l.headers.known.cfMitigated ?? 'challenge';
    const ev = statusEvidenceSet(l, 'a challenge page');
    ev.unshift({ leg: l.leg, kind: 'response-header', name: 'cf-mitigated', value: mitigated, why: 'Cloudflare served a challenge' });
    return {
      messageId: 'challenge',
      data: baseData(ctx, l, { legName: legName(ctx, l.leg), mitigated }),
      leg: l.leg,
      basis: 'observed',
      confidence: 'certain',
      evidence: ev,
      fixes: { topics: ['bot-challenge'], leg: l.leg },
    };
  },
});
