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

/**
 * "The next position at or after i (or at or before i) not yet claimed", over positions 0..n-1:
 * a union-find that skips claimed positions, so that thousands of identical requests (same URL,
 * same start time) are paired in near-constant time each instead of rescanning the claimed ones.
 */
class FreeList {
  private readonly next: Int32Array;
  constructor(
    n: number,
    private readonly step: 1 | -1,
  ) {
    this.next = new Int32Array(n);
    for (let i = 0; i < n; i++) this.next[i] = i;
  }
  /** The first free position from i in this list's direction; -1 or n when none. */
  find(i: number): number {
    const n = this.next.length;
    let r = i;
    while (r >= 0 && r < n && this.next[r] !== r) r = this.next[r]!;
    // Path compression: everything visited points at the answer.
    while (i >= 0 && i < n && this.next[i] !== i) {
      const up = this.next[i]!;
      this.next[i] = r;
      i = up;
    }
    return r;
  }
  claim(i: number): void {
    this.next[i] = i + this.step;
  }
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
 * Actual requests laid out group after group (each group in start order), with the two free lists
 * over those positions: one array and two skip lists for the whole capture, not a set per URL.
 */
class Grouped {
  private readonly right: FreeList;
  private readonly left: FreeList;
  constructor(
    /** Position -> index into the actuals. */
    readonly members: Int32Array,
    /** Position -> that request's start. */
    readonly starts: Float64Array,
  ) {
    this.right = new FreeList(members.length, 1);
    this.left = new FreeList(members.length, -1);
  }
  claim(pos: number): void {
    this.right.claim(pos);
    this.left.claim(pos);
  }
  /**
   * The unclaimed member of `g` whose start is nearest the preflight's (`p`) and whose window admits
   * it: among equal distances the earliest. Returns [distance, actual index] or null.
   */
  nearest(g: Group, p: number, actuals: readonly Exchange[]): [number, number] | null {
    const { starts, members, right, left } = this;
    const i0 = lowerBound(starts, p, g.lo, g.hi);
    // Right of p (started at or after it): the preflight may start at most EARLY_SLACK_MS before its request.
    const r = right.find(i0);
    const rightDistance = r < g.hi && starts[r]! - p <= EARLY_SLACK_MS ? starts[r]! - p : Infinity;
    // Left of p, one run of equal start times at a time (nearest first); in a run, the earliest free member the window admits.
    for (let l = left.find(i0 - 1); l >= g.lo;) {
      const distance = p - starts[l]!;
      if (distance > rightDistance || distance > g.maxWindow) break;
      const runStart = lowerBound(starts, starts[l]!, g.lo, l + 1);
      for (let k = right.find(runStart); k <= l; k = right.find(k + 1)) {
        if (distance <= windowOf(actuals[members[k]!]!)) return [distance, members[k]!];
      }
      l = left.find(runStart - 1);
    }
    return rightDistance < Infinity ? [rightDistance, members[r]!] : null;
  }
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
  const exchanges = sortByStart(input);
  const preflights = exchanges.filter((ex) => ex.resourceKind === 'preflight');
  const actuals = exchanges.filter((ex) => ex.resourceKind !== 'preflight');

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
  const members = new Int32Array(actuals.length);
  const starts = new Float64Array(actuals.length);
  /** Each actual's position in the grouped order. */
  const home = new Int32Array(actuals.length);
  for (let k = 0; k < actuals.length; k++) {
    const g = groupOf[k]!;
    members[g.hi] = k;
    starts[g.hi] = actuals[k]!.startedMs;
    home[k] = g.hi++;
  }
  const grouped = new Grouped(members, starts);

  const partners = new Array<Exchange | null>(actuals.length).fill(null);
  const partnerBasis = new Array<RequestPair['basis']>(actuals.length);
  const orphans: Exchange[] = [];
  const claim = (k: number, p: Exchange, basis: RequestPair['basis']) => {
    partners[k] = p;
    partnerBasis[k] = basis;
    grouped.claim(home[k]!);
  };

  for (const p of preflights) {
    const viaId = p.initiator?.requestId ? byId.get(p.initiator.requestId) : undefined;
    if (viaId !== undefined && partners[viaId] === null) {
      claim(viaId, p, 'initiator-id');
      continue;
    }
    // Same URL and the method Access-Control-Request-Method names (any method when it names none).
    // Several identical requests in flight: preflights are visited in start order, so the earliest
    // unclaimed request with the smallest gap is the one this preflight guards.
    const method = (p.request.known.requestMethod ?? '').trim().toUpperCase();
    let best: [number, number] | null = null;
    for (let g = byUrl.get(p.request.url) ?? null; g; g = g.next) {
      if (method && g.method !== method) continue;
      const got = grouped.nearest(g, p.startedMs, actuals);
      if (got && (!best || got[0] < best[0] || (got[0] === best[0] && got[1] < best[1]))) best = got;
    }
    if (best) claim(best[1], p, 'url-method-timing');
    else orphans.push(p);
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
