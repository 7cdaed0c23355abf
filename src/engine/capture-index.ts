/**
 * Capture-wide facts for pattern rules (bursts before a 429, earlier preflights for a URL), built
 * once per analysis in O(n) and queried in O(log n): the panel re-runs analysis on thousands of
 * exchanges as traffic arrives.
 */

interface HostSeries {
  /** Start times, ascending. */
  times: number[];
  /** 1 where the deciding status was 429, prefix-summed: sum429[i] = count of 429s in times[0..i). */
  sum429: number[];
  /** The same for 503 (nginx limit_req's default answer, ASP.NET's rate limiter's), and for 2xx. */
  sum503: number[];
  sumOk: number[];
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

  /** Record one request to a target origin. Call in ascending start order. */
  addRequest(targetOrigin: string, startedMs: number, status: number): void {
    let s = this.hosts.get(targetOrigin);
    if (!s) {
      s = { times: [], sum429: [0], sum503: [0], sumOk: [0] };
      this.hosts.set(targetOrigin, s);
    }
    const n = s.times.length;
    s.times.push(startedMs);
    s.sum429.push(s.sum429[n]! + (status === 429 ? 1 : 0));
    s.sum503.push(s.sum503[n]! + (status === 503 ? 1 : 0));
    s.sumOk.push(s.sumOk[n]! + (status >= 200 && status < 300 ? 1 : 0));
  }

  /** Record a preflight to a URL from an origin. Call in ascending start order. */
  addPreflight(origin: string | null, url: string, startedMs: number): void {
    if (this.pending) this.pending.push({ origin, url, startedMs });
    else this.keyPreflight(origin, url, startedMs);
  }

  private keyPreflight(origin: string | null, url: string, startedMs: number): void {
    const o = origin ?? '';
    let byUrl = this.preflights.get(o);
    if (!byUrl) {
      byUrl = new Map();
      this.preflights.set(o, byUrl);
    }
    const list = byUrl.get(url);
    if (list) list.push(startedMs);
    else byUrl.set(url, [startedMs]);
  }

  private static lowerBound(a: readonly number[], x: number): number {
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Requests to the origin that started in [from, to]. */
  countRequests(targetOrigin: string, from: number, to: number): number {
    const s = this.hosts.get(targetOrigin);
    if (!s) return 0;
    return CaptureIndex.lowerBound(s.times, to + 1e-9) - CaptureIndex.lowerBound(s.times, from);
  }

  /** Responses with status 429 from the origin for requests started in [from, to]. */
  count429(targetOrigin: string, from: number, to: number): number {
    const s = this.hosts.get(targetOrigin);
    if (!s) return 0;
    const a = CaptureIndex.lowerBound(s.times, from);
    const b = CaptureIndex.lowerBound(s.times, to + 1e-9);
    return s.sum429[b]! - s.sum429[a]!;
  }

  /** Responses with status 503 from the origin for requests started in [from, to]. */
  count503(targetOrigin: string, from: number, to: number): number {
    return this.countIn(targetOrigin, from, to, 'sum503');
  }

  /** 2xx responses from the origin for requests started in [from, to]. */
  countOk(targetOrigin: string, from: number, to: number): number {
    return this.countIn(targetOrigin, from, to, 'sumOk');
  }

  private countIn(targetOrigin: string, from: number, to: number, series: 'sum503' | 'sumOk'): number {
    const s = this.hosts.get(targetOrigin);
    if (!s) return 0;
    const a = CaptureIndex.lowerBound(s.times, from);
    const b = CaptureIndex.lowerBound(s.times, to + 1e-9);
    return s[series][b]! - s[series][a]!;
  }

  /** Start time of the latest preflight for the URL from the origin before `before`, or null. */
  lastPreflight(origin: string | null, url: string, before: number): number | null {
    if (this.pending) {
      const pending = this.pending;
      this.pending = null;
      for (let i = 0; i < pending.length; i++) this.keyPreflight(pending[i]!.origin, pending[i]!.url, pending[i]!.startedMs);
    }
    const list = this.preflights.get(origin ?? '')?.get(url);
    if (!list) return null;
    const i = CaptureIndex.lowerBound(list, before);
    return i > 0 ? list[i - 1]! : null;
  }
}
