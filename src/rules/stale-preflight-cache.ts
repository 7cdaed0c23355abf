import { defineRule } from '../engine/rule';
import { baseData } from '../engine/rule-kit';
import type { FixSnippet } from '../engine/schema';

const BYPASS: FixSnippet = {
  stack: 'Browser',
  lang: 'text',
  title: 'Bypass the preflight cache',
  code: [
    'DevTools > Network > tick "Disable cache" (this also bypasses the preflight cache), then reload.',
    'While changing CORS settings, send Access-Control-Max-Age: 0 (or a few seconds) on the OPTIONS response;',
    'Chromium caps max-age at 7200 s, Firefox at 86400 s. An incognito window starts with an empty cache.',
  ].join('\n'),
};

export default defineRule({
  meta: {
    id: 'stale-preflight-cache',
    title: 'Preflight answered from cache (or not recorded)',
    severity: 'warning',
    tier: 3,
    verdicts: ['cors-blocked'],
    description: 'A request that needs a preflight failed with no preflight row: the browser reused a cached preflight, or the preflight ran before capture.',
    hiddenStatus: 'none',
    messages: {
      cached:
        "This {{method}} needs a preflight, yet no OPTIONS was recorded for it: the browser reused a cached preflight result (kept for Access-Control-Max-Age seconds, default 5 s, at most 2 h in Chromium). {{earlier}}If the server's CORS settings changed since, the cached permission no longer matches what the server now answers. Disable the cache in DevTools and retry to see a fresh preflight.",
      notRecorded:
        'The browser never sent this {{method}}, which needs a preflight, and no preflight was recorded: the preflight ran outside the capture (before DevTools was listening, or the producer dropped OPTIONS rows). A failed preflight is never cached, so the block came from a fresh OPTIONS that is missing here. Reload with DevTools open and "Disable cache" ticked to record it.',
    },
    headline: 'Preflight not recorded',
  },
  detect(ctx) {
    if (ctx.verdict !== 'cors-blocked' || ctx.pairing !== 'no-preflight-recorded' || !ctx.actual) return null;
    const t = ctx.actual.exchange.startedMs;
    const last = ctx.capture.lastPreflight(ctx.origin, ctx.url, t);
    const earlier = last !== null ? `A preflight for this URL was recorded ${((t - last) / 1000).toFixed(1)} s earlier. ` : '';
    if (!ctx.actualSent) {
      return {
        messageId: 'notRecorded',
        data: baseData(ctx),
        leg: 'preflight',
        basis: 'inferred',
        confidence: 'low',
        severity: 'error',
        evidence: [
          { leg: 'actual', kind: 'status', name: 'status', value: '0', why: 'never sent' },
          { leg: 'preflight', kind: 'pattern', name: 'preflight', value: null, why: 'no OPTIONS row in the capture' },
        ],
        fixes: { before: [BYPASS], topics: ['probe'], leg: 'preflight' },
      };
    }
    return {
      messageId: 'cached',
      data: baseData(ctx, null, { earlier }),
      leg: 'preflight',
      basis: 'inferred',
      confidence: last !== null ? 'medium' : 'low',
      severity: 'info',
      evidence: [{ leg: 'preflight', kind: 'pattern', name: 'preflight', value: null, why: 'no OPTIONS row although the request needs one' }],
      fixes: [BYPASS],
    };
  },
});
