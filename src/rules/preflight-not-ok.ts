import { defineRule } from '../engine/rule';
import { baseData, blockedBy, neverSentSentence, statusEvidenceSet } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'preflight-not-ok',
    title: 'Preflight answered with an error status',
    severity: 'error',
    tier: 1,
    verdicts: ['cors-blocked'],
    description: 'The preflight got a non-2xx status that no more specific rule explains.',
    hiddenStatus: 'observed',
    messages: {
      status:
        '{{gateway}} answered the preflight (OPTIONS) with {{status}}. A preflight passes only with a 2xx status, whatever its headers say. Find out why the server refuses OPTIONS on this URL ({{hint}}). {{neverSent}}',
    },
    headline: 'Preflight failed — {{status}}',
  },
  detect(ctx) {
    // The non-2xx answers no specific status rule explains on the preflight.
    const l = blockedBy(ctx, 'other');
    if (!l || l.leg !== 'preflight') return null;
    const hint =
      l.status >= 500
        ? 'a server error: read its logs'
        : l.status === 400
          ? 'the server may validate the request body or parameters on OPTIONS too'
          : l.status === 403
            ? 'a firewall, a framework CORS filter refusing this origin, or an access rule'
            : 'run the preflight by hand to see the answer body';
    return {
      messageId: 'status',
      data: baseData(ctx, l, { hint, neverSent: neverSentSentence(ctx) }),
      leg: 'preflight',
      basis: 'observed',
      confidence: 'certain',
      evidence: statusEvidenceSet(l, 'not an ok status (200-299)'),
      fixes: { topics: ['options-route', 'probe'], leg: 'preflight' },
    };
  },
});
