/**
 * Pair each preflight with the request it guards. Works on exchanges in any order: Chromium's
 * onRequestFinished can deliver an actual request before its preflight.
 */
import { needsPreflight } from './fetch-spec';
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
      return ex.request.known.origin !== null;
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

/**
 * Exchanges in start order (ties by HAR index), as `[...input].sort(byStart)` would give them.
 * Captures arrive nearly or fully in order (then nothing is sorted), or in listener order; a
 * comparator sort calls back into JS 200,000 times for 17,000 entries, so when the start times
 * allow, each exchange is packed into one number (start offset, then position) and the numbers
 * are sorted natively.
 */
export function sortByStart(input: readonly Exchange[]): Exchange[] {
  const n = input.length;
  let sorted = true;
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const e = input[i]!;
    const t = e.startedMs;
    if (t < min) min = t;
    if (t > max) max = t;
    if (!Number.isInteger(t)) integral = false;
    if (sorted && i > 0 && byStart(input[i - 1]!, e) > 0) sorted = false;
  }
  if (sorted) return input.slice();
  // Packed key: (start - min) * 2^20 + position, exact while it stays below 2^53.
  const SLOTS = 1 << 20;
  if (!integral || n >= SLOTS || (max - min + 1) * SLOTS >= Number.MAX_SAFE_INTEGER) return [...input].sort(byStart);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (input[i]!.startedMs - min) * SLOTS + i;
  keys.sort();
  const out = new Array<Exchange>(n);
  // Same start: byStart orders by HAR index, the packed key by position; they agree unless the
  // input is not in index order, so ties are re-checked.
  for (let i = 0; i < n; i++) out[i] = input[keys[i]! % SLOTS]!;
  for (let i = 1; i < n; i++) {
    if (out[i - 1]!.startedMs === out[i]!.startedMs && out[i - 1]!.index > out[i]!.index) return [...input].sort(byStart);
  }
  return out;
}

export function pairExchanges(input: readonly Exchange[]): RequestPair[] {
  const exchanges = sortByStart(input);
  const preflights: Exchange[] = [];
  const actuals: Exchange[] = [];
  for (let k = 0; k < exchanges.length; k++) {
    const ex = exchanges[k]!;
    (ex.resourceKind === 'preflight' ? preflights : actuals).push(ex);
  }

  // Positions into `actuals`: no per-object map, the partner of actual k is partners[k].
  const byId = new Map<string, number>();
  // Keyed by the URL's hash (normalise computed it while the URL was at hand; a fresh URL string
  // would be hashed again here), then checked by URL and method. The map holds the latest request
  // per hash, `earlier` chains to the previous one: no list per URL.
  const byUrl = new Map<number, number>();
  const earlier = new Int32Array(actuals.length);
  for (let k = 0; k < actuals.length; k++) {
    const a = actuals[k]!;
    if (a.requestId) byId.set(a.requestId, k);
    const last = byUrl.get(a.urlHash);
    earlier[k] = last ?? -1;
    byUrl.set(a.urlHash, k);
  }

  const partners: Array<Exchange | null> = new Array(actuals.length).fill(null);
  const partnerBasis: Array<RequestPair['basis']> = new Array(actuals.length);
  const orphans: Exchange[] = [];

  for (let q = 0; q < preflights.length; q++) {
    const p = preflights[q]!;
    const viaId = p.initiator?.requestId ? byId.get(p.initiator.requestId) : undefined;
    if (viaId !== undefined && partners[viaId] === null) {
      partners[viaId] = p;
      partnerBasis[viaId] = 'initiator-id';
      continue;
    }
    const latest = byUrl.get(p.urlHash);
    if (latest === undefined) {
      orphans.push(p);
      continue;
    }
    const method = (p.request.known.requestMethod ?? '').trim().toUpperCase();
    let best = -1;
    let bestGap = Infinity;
    // Candidates are visited latest first; `<=` below keeps the earliest of equal gaps.
    for (let k = latest; k >= 0; k = earlier[k]!) {
      const a = actuals[k]!;
      if (a.request.url !== p.request.url) continue;
      if (method && a.request.method !== method) continue;
      if (partners[k] !== null) continue;
      const gap = p.startedMs - a.startedMs;
      if (gap < -EARLY_SLACK_MS) continue;
      const window = a.blockedMs >= 0 ? a.blockedMs + LATE_SLACK_MS : UNKNOWN_BLOCKED_WINDOW_MS;
      if (gap > window) continue;
      // Several identical requests in flight: preflights are visited in start order, so the
      // earliest unclaimed request with the smallest gap is the one this preflight guards.
      if (Math.abs(gap) <= bestGap) {
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
