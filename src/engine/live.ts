/**
 * The panel's analysis kept up to date as traffic arrives (issue 11: the per-tick analysis touches
 * only what changed). The result of every run equals a from-scratch `analyzeExchanges` of the same
 * exchanges (test/unit/engine/live.test.ts checks it after random appends, replacements and
 * evictions at the cap).
 *
 * - Pairing links a preflight only to a request to the same URL (or to the request its initiator
 *   names, which Chromium records for the same URL). So exchanges are kept per URL, and only the
 *   URLs that gained or lost an exchange are paired again. Should a preflight name a request to
 *   another URL, every run pairs the whole capture, as before.
 * - The capture index (capture-index.ts) is kept up to date pair by pair as pairs come and go,
 *   instead of being built again from every pair at every update: with 5,000 exchanges held and 4
 *   new requests per update, an update allocated 774 KB, 504 KB of them that rebuild; now 246 KB
 *   (V8's sampling heap profiler, collected objects included). Garbage sets the panel renderer's
 *   heap peak (bench:live) and its GC time.
 * - A pair's result is reused when its exchanges did not change and the capture facts its rules read
 *   (bursts, nearby 429s, earlier preflights for the URL) still read the same (the engine's reuse,
 *   analyze.ts).
 */
import { pairExchanges } from '../model/pair';
import type { Exchange, RequestPair } from '../model/types';
import { analyzePairs, type ReusableResults } from './analyze';
import { CaptureIndex } from './capture-index';
import type { Rule } from './rule';
import type { Analysis } from './schema';

const leadOf = (p: RequestPair): Exchange => (p.actual ?? p.preflight)!;

function byLeadStart(a: RequestPair, b: RequestPair): number {
  const x = leadOf(a);
  const y = leadOf(b);
  return x.startedMs - y.startedMs || x.index - y.index;
}

/**
 * `ordered` without the pairs in `gone`, with `added` (in start order) merged in, in place: new
 * traffic starts last, so the merge from the end stops after the newest pairs. Speed device: a
 * filter, a push and a sort of every pair held allocated about 100 KB per update at the 5,000 cap
 * (V8's sampling heap profiler in Node, one new entry per update), and the sort's comparisons were
 * 76 ms of a 20-s bench:live C profile at 100 req/s (load 9); now no allocation, and comparisons
 * only for the pairs that start after the earliest new one. In place is safe: `ordered` is
 * LiveAnalysis's own list, and analyzePairs only reads it during run() (an Analysis holds its own
 * `exchanges` array, and no result keeps the list).
 */
function mergeInPlace(ordered: RequestPair[], gone: ReadonlySet<RequestPair>, added: readonly RequestPair[]): RequestPair[] {
  let n = 0;
  if (gone.size) {
    for (const p of ordered) if (!gone.has(p)) ordered[n++] = p;
    ordered.length = n;
  } else n = ordered.length;
  // Merge from the end: the larger of the two tails goes last.
  let i = n - 1;
  let j = added.length - 1;
  ordered.length = n + added.length;
  for (let k = ordered.length - 1; j >= 0; k--) ordered[k] = i >= 0 && byLeadStart(ordered[i]!, added[j]!) > 0 ? ordered[i--]! : added[j--]!;
  return ordered;
}

export class LiveAnalysis {
  /** URL -> the exchanges to it. */
  private readonly byUrl = new Map<string, Set<Exchange>>();
  /** URL -> its pairs at the last run. */
  private readonly pairsByUrl = new Map<string, RequestPair[]>();
  /** URLs that gained or lost an exchange since the last run. */
  private readonly dirty = new Set<string>();
  /** All pairs at the last run, in start order (as pairExchanges orders them). */
  private ordered: RequestPair[] = [];
  /** Request ids of actual requests, and the request ids preflights name: to spot a link across URLs. */
  private readonly actualsById = new Map<string, Set<Exchange>>();
  private readonly preflightsById = new Map<string, Set<Exchange>>();
  /** (preflight, request) couples with the same id and different URLs in the capture now. */
  private crossUrlLinks = 0;
  /** The last run paired the whole capture (a link across URLs): the next one starts over per URL. */
  private wasWhole = false;
  /** The capture index of `ordered`. */
  private index = new CaptureIndex();
  /** The results of the last runs, reused while what they depend on holds (analyze.ts). */
  private readonly reuse: ReusableResults = new WeakMap();

  constructor(private readonly rules: readonly Rule[]) {}

  add(ex: Exchange): void {
    const url = ex.request.url;
    let set = this.byUrl.get(url);
    if (!set) this.byUrl.set(url, (set = new Set()));
    set.add(ex);
    this.dirty.add(url);
    this.link(ex, 1);
  }

  remove(ex: Exchange): void {
    const url = ex.request.url;
    const set = this.byUrl.get(url);
    if (!set?.delete(ex)) return;
    if (set.size === 0) this.byUrl.delete(url);
    this.dirty.add(url);
    this.link(ex, -1);
  }

  /** Keeps the id maps and the count of links across URLs (sign 1 when added, -1 when removed). */
  private link(ex: Exchange, sign: 1 | -1): void {
    const preflight = ex.resourceKind === 'preflight';
    const id = preflight ? ex.initiator?.requestId : ex.requestId;
    if (!id) return;
    const own = preflight ? this.preflightsById : this.actualsById;
    const other = preflight ? this.actualsById : this.preflightsById;
    for (const o of other.get(id) ?? []) if (o.request.url !== ex.request.url) this.crossUrlLinks += sign;
    let set = own.get(id);
    if (sign > 0) {
      if (!set) own.set(id, (set = new Set()));
      set.add(ex);
    } else if (set) {
      set.delete(ex);
      if (set.size === 0) own.delete(id);
    }
  }

  /** Pairs the URLs that changed (or, when a link crosses URLs, everything). */
  private pair(): void {
    if (this.crossUrlLinks > 0) {
      const all: Exchange[] = [];
      for (const set of this.byUrl.values()) for (const ex of set) all.push(ex);
      this.ordered = pairExchanges(all);
      this.index = new CaptureIndex();
      for (const p of this.ordered) this.index.pair(p, 1);
      this.pairsByUrl.clear();
      this.dirty.clear();
      this.wasWhole = true;
      return;
    }
    if (this.wasWhole) {
      // The per-URL lists are gone: pair every URL again.
      for (const url of this.byUrl.keys()) this.dirty.add(url);
      this.ordered = [];
      this.index = new CaptureIndex();
      this.wasWhole = false;
    }
    if (this.dirty.size === 0) return;
    const gone = new Set<RequestPair>();
    const fresh = new Set<RequestPair>();
    for (const url of this.dirty) {
      const before = this.pairsByUrl.get(url);
      if (before) for (const p of before) gone.add(p);
      const set = this.byUrl.get(url);
      if (!set) {
        this.pairsByUrl.delete(url);
        continue;
      }
      const now = pairExchanges([...set]);
      this.pairsByUrl.set(url, now);
      for (const p of now) fresh.add(p);
    }
    this.dirty.clear();
    for (const p of gone) this.index.pair(p, -1);
    // In start order, the index's series grow by appends.
    const added = [...fresh].sort(byLeadStart);
    for (const p of added) this.index.pair(p, 1);
    this.ordered = mergeInPlace(this.ordered, gone, added);
  }

  /** The analysis of every exchange added and not removed; `entryCount` and `notes` as for analyzeExchanges. */
  run(entryCount: number, notes: string[] = []): Analysis {
    this.pair();
    return analyzePairs(this.ordered, entryCount, notes, this.rules, this.index, this.reuse);
  }
}
