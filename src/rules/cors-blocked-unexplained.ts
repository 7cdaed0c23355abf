import { defineRule } from '../engine/rule';
import { baseData } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'cors-blocked-unexplained',
    title: 'Blocked, cause not visible in the capture',
    severity: 'error',
    tier: 3,
    verdicts: ['cors-blocked'],
    description: 'Fallback: the browser blocked the exchange but no recorded header or status explains why.',
    hiddenStatus: 'none',
    fallback: true,
    messages: {
      unexplained:
        "The browser blocked this {{method}} ({{leg}}), but the recorded headers pass every CORS check this tool can run. {{statusNote}}Possible reasons the capture cannot show: the request was credentialed and the server answered differently to it, a Private Network Access check, a response that changed between attempts, or an extension. Replay the exchange outside the browser, or capture with the precise (debugger) mode to get the browser's own reason.",
    },
    headline: 'Blocked — cause not recorded',
  },
  detect(ctx) {
    if (ctx.verdict !== 'cors-blocked') return null;
    const l = ctx.blocked;
    const statusNote = l && l.status > 0 ? `The ${l.leg === 'preflight' ? 'preflight' : ctx.method} got ${l.status}. ` : '';
    return {
      messageId: 'unexplained',
      data: baseData(ctx, l, { leg: ctx.blockedLeg === 'preflight' ? 'at the preflight' : 'on its response', statusNote }),
      leg: ctx.blockedLeg,
      basis: 'inferred',
      confidence: 'low',
      evidence: l ? [{ leg: l.leg, kind: 'status', name: 'status', value: String(l.status), why: 'recorded status' }] : [],
      fixes: { topics: ['probe'], leg: ctx.blockedLeg ?? 'actual' },
    };
  },
});
