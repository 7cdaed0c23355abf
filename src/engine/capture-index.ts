/**
 * Capture-wide facts for pattern rules (bursts before a 429, earlier preflights for a URL), kept in
 * sorted series and queried in O(log n): the panel re-runs analysis on thousands of exchanges as
 * traffic arrives. Built in O(n) from pairs in start order (analyze.ts), or kept up to date pair by
 * pair as pairs come and go (live.ts: rebuilding it for 5,000 pairs on every live update was most of
 * what an update allocated).
 */
import type { RequestPair } from '../model/types';

interface HostSeries {
  /** Start times of every request to the origin, ascending. */
  times: number[];
  /** Start times of those whose deciding status was 429, ascending; the same for 503 (nginx limit_req's default answer, ASP.NET's rate limiter's) and for 2xx. */
  t429: number[];
  t503: number[];
  tOk: number[];
}

/** The first index of ascending `a` whose value is at least x (a.length when none is). */
export function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts x in ascending a: a push when it comes last (start order, the usual case). */
function insert(a: number[], x: number): void {
  if (a.length === 0 || a[a.length - 1]! <= x) a.push(x);
  else a.splice(lowerBound(a, x), 0, x);
}

/** Removes one x from ascending a, if there. */
function remove(a: number[], x: number): void {
  const i = lowerBound(a, x);
  if (a[i] === x) a.splice(i, 1);
}

/** How many of ascending a fall in [from, to]. */
function countIn(a: readonly number[], from: number, to: number): number {
  return lowerBound(a, to + 1e-9) - lowerBound(a, from);
}

/** Which series a count reads; 'preflight' is lastPreflight (key: the page origin, from: before). */
type Query = 'requests' | '429' | '503' | 'ok' | 'preflight';

/** One query a pair's analysis made of the capture, and its answer (CaptureRecorder). */
export interface CaptureRead {
  readonly query: Query;
  readonly key: string | null;
  readonly from: number;
  readonly to: number;
  readonly url: string;
  readonly value: number | null;
}

export class CaptureIndex {
  private readonly hosts = new Map<string, HostSeries>();
  /** Page origin → URL → start times (nested, so the URL strings themselves are the keys). */
  private readonly preflights = new Map<string, Map<string, number[]>>();
  /**
   * Preflights recorded but not yet in `preflights`: the map is built on the first lastPreflight
   * call. Only a blocked request without its own preflight asks, and keying thousands of unique
   * URLs costs more than the rest of the index.
   */
  private pending: Array<{ origin: string | null; url: string; startedMs: number }> | null = [];

  /** What a pair adds to the index (sign 1), or takes away from it (sign -1). */
  pair(p: RequestPair, sign: 1 | -1): void {
    const lead = p.actual ?? p.preflight;
    if (!lead?.targetOrigin) return;
    const status = p.actual && p.actual.response.status > 0 ? p.actual.response.status : (p.preflight?.response.status ?? 0);
    if (sign > 0) {
      this.addRequest(lead.targetOrigin, lead.startedMs, status);
      if (p.preflight) this.addPreflight(p.preflight.pageOrigin, p.preflight.request.url, p.preflight.startedMs);
    } else {
      this.removeRequest(lead.targetOrigin, lead.startedMs, status);
      if (p.preflight) this.removePreflight(p.preflight.pageOrigin, p.preflight.request.url, p.preflight.startedMs);
    }
  }

  /** Record one request to a target origin. Cheapest in ascending start order. */
  addRequest(targetOrigin: string, startedMs: number, status: number): void {
    let s = this.hosts.get(targetOrigin);
    if (!s) this.hosts.set(targetOrigin, (s = { times: [], t429: [], t503: [], tOk: [] }));
    insert(s.times, startedMs);
    const series = CaptureIndex.seriesOf(s, status);
    if (series) insert(series, startedMs);
  }

  private removeRequest(targetOrigin: string, startedMs: number, status: number): void {
    const s = this.hosts.get(targetOrigin);
    if (!s) return;
    remove(s.times, startedMs);
    const series = CaptureIndex.seriesOf(s, status);
    if (series) remove(series, startedMs);
    if (s.times.length === 0) this.hosts.delete(targetOrigin);
  }

  private static seriesOf(s: HostSeries, status: number): number[] | null {
    return status === 429 ? s.t429 : status === 503 ? s.t503 : status >= 200 && status < 300 ? s.tOk : null;
  }

  /** Record a preflight to a URL from an origin. Cheapest in ascending start order. */
  addPreflight(origin: string | null, url: string, startedMs: number): void {
    if (this.pending) this.pending.push({ origin, url, startedMs });
    else this.keyPreflight(origin, url, startedMs);
  }

  private removePreflight(origin: string | null, url: string, startedMs: number): void {
    this.flush();
    const byUrl = this.preflights.get(origin ?? '');
    const list = byUrl?.get(url);
    if (!byUrl || !list) return;
    remove(list, startedMs);
    if (list.length === 0) byUrl.delete(url);
    if (byUrl.size === 0) this.preflights.delete(origin ?? '');
  }

  private keyPreflight(origin: string | null, url: string, startedMs: number): void {
    const o = origin ?? '';
    let byUrl = this.preflights.get(o);
    if (!byUrl) {
      byUrl = new Map();
      this.preflights.set(o, byUrl);
    }
    const list = byUrl.get(url);
    if (list) insert(list, startedMs);
    else byUrl.set(url, [startedMs]);
  }

  private flush(): void {
    if (!this.pending) return;
    const pending = this.pending;
    this.pending = null;
    for (let i = 0; i < pending.length; i++) this.keyPreflight(pending[i]!.origin, pending[i]!.url, pending[i]!.startedMs);
  }

  /** Whether every recorded query still gets the answer it got. */
  holds(reads: readonly CaptureRead[]): boolean {
    for (const r of reads) if (this.ask(r.query, r.key, r.from, r.to, r.url) !== r.value) return false;
    return true;
  }

  /** The answer to one query (CaptureRecorder asks through it too). */
  ask(query: Query, key: string | null, from: number, to: number, url = ''): number | null {
    if (query === 'preflight') {
      this.flush();
      const list = this.preflights.get(key ?? '')?.get(url);
      if (!list) return null;
      const i = lowerBound(list, from);
      return i > 0 ? list[i - 1]! : null;
    }
    const s = this.hosts.get(key ?? '');
    if (!s) return 0;
    const series = query === 'requests' ? s.times : query === '429' ? s.t429 : query === '503' ? s.t503 : s.tOk;
    return countIn(series, from, to);
  }
}

/**
 * The capture as one pair's analysis sees it (RuleContext.capture): the questions pattern rules
 * ask, each noted in `reads` with its answer. analyze.ts reuses a pair's result while the queries
 * its analysis made still get the same answers (CaptureIndex.holds()).
 */
export class CaptureRecorder {
  constructor(
    private readonly index: CaptureIndex,
    private readonly reads: CaptureRead[],
  ) {}

  private ask(query: Query, key: string | null, from: number, to: number, url = ''): number | null {
    const value = this.index.ask(query, key, from, to, url);
    this.reads.push({ query, key, from, to, url, value });
    return value;
  }

  /** Requests to the origin that started in [from, to]. */
  countRequests(targetOrigin: string, from: number, to: number): number {
    return this.ask('requests', targetOrigin, from, to)!;
  }

  /** Responses with status 429 from the origin for requests started in [from, to]. */
  count429(targetOrigin: string, from: number, to: number): number {
    return this.ask('429', targetOrigin, from, to)!;
  }

  /** Responses with status 503 from the origin for requests started in [from, to]. */
  count503(targetOrigin: string, from: number, to: number): number {
    return this.ask('503', targetOrigin, from, to)!;
  }

  /** 2xx responses from the origin for requests started in [from, to]. */
  countOk(targetOrigin: string, from: number, to: number): number {
    return this.ask('ok', targetOrigin, from, to)!;
  }

  /** Start time of the latest preflight for the URL from the origin before `before`, or null. */
  lastPreflight(origin: string | null, url: string, before: number): number | null {
    return this.ask('preflight', origin, before, 0, url);
  }
}
