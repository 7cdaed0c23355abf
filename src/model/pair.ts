/**
 * Pair each preflight with the request it guards. Works on exchanges in any order: Chromium's
 * onRequestFinished can deliver an actual request before its preflight.
 */
import { needsPreflight } from './fetch-spec';
import type { Exchange, RequestPair } from './types';

/** A preflight may start this long before its request (they are recorded a few ms apart). */
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
function corsApplies(ex: Exchange): boolean {
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

/** Exchanges in start order (ties by HAR index). */
export function sortByStart(input: readonly Exchange[]): Exchange[] {
  return [...input].sort(byStart);
}

/** Positions 0..n-1, each pointing at itself: all free (see `Grouped`). */
function allFree(n: number): Int32Array {
  const list = new Int32Array(n);
  for (let i = 0; i < n; i++) list[i] = i;
  return list;
}

/** The free position `list` leads to from i, with path compression (everything visited points at the answer). */
function firstFree(list: Int32Array, i: number): number {
  const n = list.length;
  let r = i;
  while (r >= 0 && r < n && list[r] !== r) r = list[r]!;
  while (i >= 0 && i < n && list[i] !== i) {
    const up = list[i]!;
    list[i] = r;
    i = up;
  }
  return r;
}

/**
 * The actual requests to one URL with one method: positions lo..hi-1 of the grouped order (see
 * pairExchanges), in start order. Groups of one URL are chained through `next` (one per method).
 */
interface Group {
  method: string;
  lo: number;
  hi: number;
  /** The largest window any member accepts a preflight in (see `windowOf`). */
  maxWindow: number;
  next: Group | null;
}

/**
 * Actual requests laid out group after group (each group in start order), with two free lists over
 * those positions: one array and two skip lists for the whole capture, not a set per URL. A free
 * list is a union-find that skips claimed positions, so that thousands of identical requests (same
 * URL, same start time) are paired in near-constant time each instead of rescanning the claimed
 * ones: a free position points at itself, a claimed one one step on (`right` leads to the next
 * free position at or after it, n when none; `left` to the one at or before it, -1 when none).
 */
interface Grouped {
  actuals: readonly Exchange[];
  /** Position -> index into the actuals. */
  members: Int32Array;
  /** Position -> that request's start. */
  starts: Float64Array;
  right: Int32Array;
  left: Int32Array;
}

/**
 * The position of the unclaimed member of `g` whose start is nearest the preflight's (`p`) and
 * whose window admits it: among equal distances the earliest. -1 when none.
 */
function nearest({ actuals, members, starts, right, left }: Grouped, g: Group, p: number): number {
  const i0 = lowerBound(starts, p, g.lo, g.hi);
  // Right of p (started at or after it): the preflight may start at most EARLY_SLACK_MS before its request.
  const r = firstFree(right, i0);
  const rightDistance = r < g.hi && starts[r]! - p <= EARLY_SLACK_MS ? starts[r]! - p : Infinity;
  // Left of p, one run of equal start times at a time (nearest first); in a run, the earliest free member the window admits.
  for (let l = firstFree(left, i0 - 1); l >= g.lo;) {
    const distance = p - starts[l]!;
    if (distance > rightDistance || distance > g.maxWindow) break;
    const runStart = lowerBound(starts, starts[l]!, g.lo, l + 1);
    for (let k = firstFree(right, runStart); k <= l; k = firstFree(right, k + 1)) {
      if (distance <= windowOf(actuals[members[k]!]!)) return k;
    }
    l = firstFree(left, runStart - 1);
  }
  return rightDistance < Infinity ? r : -1;
}

/** A preflight starts a few ms after its request; it must lie within the request's blocked time. */
function windowOf(a: Exchange): number {
  return a.blockedMs >= 0 ? a.blockedMs + LATE_SLACK_MS : UNKNOWN_BLOCKED_WINDOW_MS;
}

/** The first position in a[lo..hi) holding a value >= x (hi when none). */
function lowerBound(a: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function pairExchanges(input: readonly Exchange[]): RequestPair[] {
  const preflights: Exchange[] = [];
  const actuals: Exchange[] = [];
  for (const ex of sortByStart(input)) (ex.resourceKind === 'preflight' ? preflights : actuals).push(ex);

  // Positions into `actuals`: the partner of actual k is partners[k].
  const byId = new Map<string, number>();
  /** URL -> its groups (one per method). */
  const byUrl = new Map<string, Group>();
  /** Each actual's group. */
  const groupOf = new Array<Group>(actuals.length);
  for (let k = 0; k < actuals.length; k++) {
    const a = actuals[k]!;
    if (a.requestId) byId.set(a.requestId, k);
    const first = byUrl.get(a.request.url);
    let g = first ?? null;
    while (g && g.method !== a.request.method) g = g.next;
    if (!g) {
      g = { method: a.request.method, lo: 0, hi: 0, maxWindow: 0, next: null };
      if (first) {
        g.next = first.next;
        first.next = g;
      } else byUrl.set(a.request.url, g);
    }
    groupOf[k] = g;
    g.hi++;
    g.maxWindow = Math.max(g.maxWindow, windowOf(a));
  }
  // Lay the groups out one after another (a counting sort: each group keeps start order).
  let end = 0;
  for (const first of byUrl.values()) {
    for (let g: Group | null = first; g; g = g.next) {
      g.lo = end;
      end += g.hi;
      g.hi = g.lo;
    }
  }
  const grouped: Grouped = {
    actuals,
    members: new Int32Array(actuals.length),
    starts: new Float64Array(actuals.length),
    right: allFree(actuals.length),
    left: allFree(actuals.length),
  };
  /** Each actual's position in the grouped order. */
  const home = new Int32Array(actuals.length);
  for (let k = 0; k < actuals.length; k++) {
    const g = groupOf[k]!;
    grouped.members[g.hi] = k;
    grouped.starts[g.hi] = actuals[k]!.startedMs;
    home[k] = g.hi++;
  }

  const partners = new Array<Exchange | null>(actuals.length).fill(null);
  const partnerBasis = new Array<RequestPair['basis']>(actuals.length);
  const orphans: Exchange[] = [];
  for (const p of preflights) {
    const viaId = p.initiator?.requestId ? byId.get(p.initiator.requestId) : undefined;
    let k = -1;
    if (viaId !== undefined && partners[viaId] === null) {
      k = viaId;
      partnerBasis[k] = 'initiator-id';
    } else {
      // Same URL and the method Access-Control-Request-Method names (any method when it names none).
      // Several identical requests in flight: preflights are visited in start order, so the earliest
      // unclaimed request with the smallest gap is the one this preflight guards.
      const method = (p.request.known.requestMethod ?? '').trim().toUpperCase();
      let bestDistance = Infinity;
      for (let g = byUrl.get(p.request.url) ?? null; g; g = g.next) {
        if (method && g.method !== method) continue;
        const pos = nearest(grouped, g, p.startedMs);
        if (pos < 0) continue;
        const distance = Math.abs(grouped.starts[pos]! - p.startedMs);
        const got = grouped.members[pos]!;
        if (distance < bestDistance || (distance === bestDistance && got < k)) {
          bestDistance = distance;
          k = got;
        }
      }
      if (k < 0) {
        orphans.push(p);
        continue;
      }
      partnerBasis[k] = 'url-method-timing';
    }
    partners[k] = p;
    grouped.right[home[k]!] = home[k]! + 1;
    grouped.left[home[k]!] = home[k]! - 1;
  }

  // Actuals and orphans are each in start order already: merge them (same order as a stable sort
  // on start time, then HAR index).
  const pairs = new Array<RequestPair>(actuals.length + orphans.length);
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
