/**
 * Pair each preflight with the request it guards. Works on exchanges in any order: Chromium's
 * onRequestFinished can deliver an actual request before its preflight.
 */
import { needsPreflight } from './fetch-spec';
import { headerValue } from './normalise';
import type { Exchange, RequestPair } from './types';

/** A preflight starts a few ms after its request; it must lie within the request's blocked time. */
const EARLY_SLACK_MS = 50;
/** When the producer recorded no blocked time, accept a preflight this long after the request. */
const UNKNOWN_BLOCKED_WINDOW_MS = 5000;
const LATE_SLACK_MS = 250;

function byStart(a: Exchange, b: Exchange): number {
  return a.startedMs - b.startedMs || a.index - b.index;
}

/**
 * Whether CORS governs this request at all. Navigations never are CORS requests, and scripts,
 * styles, images and media load in "no-cors" mode unless the page asked for CORS (then Chromium
 * sends an Origin header). Those requests are treated like same-origin ones: nothing to explain.
 */
export function corsApplies(ex: Exchange): boolean {
  switch (ex.resourceKind) {
    case 'document':
    case 'websocket':
      return false;
    case 'script':
    case 'stylesheet':
    case 'image':
    case 'media':
      return headerValue(ex.request.headers, 'origin') !== null;
    default:
      return true;
  }
}

/** Cross-origin and governed by CORS; null when the page origin cannot be told. */
export function isCrossOrigin(ex: Exchange): boolean | null {
  if (!corsApplies(ex)) return false;
  const target = ex.targetOrigin;
  if (!ex.pageOrigin || !target) return null;
  return ex.pageOrigin !== target;
}

export function pairExchanges(input: readonly Exchange[]): RequestPair[] {
  const exchanges = [...input].sort(byStart);
  const preflights: Exchange[] = [];
  const actuals: Exchange[] = [];
  for (const ex of exchanges) (ex.resourceKind === 'preflight' ? preflights : actuals).push(ex);

  // Positions into `actuals`: no per-object map, the partner of actual k is partners[k].
  const byId = new Map<string, number>();
  // Keyed by the URL string itself (its hash is computed once per string), then filtered by method.
  const byUrl = new Map<string, number[]>();
  for (let k = 0; k < actuals.length; k++) {
    const a = actuals[k]!;
    if (a.requestId) byId.set(a.requestId, k);
    const list = byUrl.get(a.request.url);
    if (list) list.push(k);
    else byUrl.set(a.request.url, [k]);
  }

  const partners: Array<Exchange | null> = new Array(actuals.length).fill(null);
  const partnerBasis: Array<RequestPair['basis']> = new Array(actuals.length);
  const orphans: Exchange[] = [];

  for (const p of preflights) {
    const viaId = p.initiator?.requestId ? byId.get(p.initiator.requestId) : undefined;
    if (viaId !== undefined && partners[viaId] === null) {
      partners[viaId] = p;
      partnerBasis[viaId] = 'initiator-id';
      continue;
    }
    const method = (headerValue(p.request.headers, 'access-control-request-method') ?? '').trim().toUpperCase();
    const candidates = byUrl.get(p.request.url);
    let best = -1;
    let bestGap = Infinity;
    for (const k of candidates ?? []) {
      const a = actuals[k]!;
      if (method && a.request.method !== method) continue;
      if (partners[k] !== null) continue;
      const gap = p.startedMs - a.startedMs;
      if (gap < -EARLY_SLACK_MS) continue;
      const window = a.blockedMs >= 0 ? a.blockedMs + LATE_SLACK_MS : UNKNOWN_BLOCKED_WINDOW_MS;
      if (gap > window) continue;
      // Several identical requests in flight: preflights are visited in start order, so the
      // earliest unclaimed request with the smallest gap is the one this preflight guards.
      if (Math.abs(gap) < bestGap) {
        best = k;
        bestGap = Math.abs(gap);
      }
    }
    if (best >= 0) {
      partners[best] = p;
      partnerBasis[best] = 'url-method-timing';
    } else orphans.push(p);
  }

  // Actuals and orphans are each in start order already: merge them (same order as a stable sort
  // on start time, then HAR index).
  const pairs: RequestPair[] = new Array(actuals.length + orphans.length);
  let ai = 0;
  let oi = 0;
  for (let k = 0; k < pairs.length; k++) {
    const a = actuals[ai];
    const o = orphans[oi];
    if (a && (!o || byStart(a, o) <= 0)) {
      const link = partners[ai];
      let basis: RequestPair['basis'];
      if (link) basis = partnerBasis[ai]!;
      else if (isCrossOrigin(a) !== false && needsPreflight(a.request.method, a.request.headers)) {
        basis = 'no-preflight-recorded';
      } else basis = 'no-preflight-needed';
      ai++;
      pairs[k] = { id: `p${a.index}`, actual: a, preflight: link ?? null, basis };
    } else {
      oi++;
      pairs[k] = { id: `p${o!.index}`, actual: null, preflight: o!, basis: 'orphan-preflight' };
    }
  }
  return pairs;
}
