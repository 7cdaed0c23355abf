/**
 * Panel-side state of the live capture: raw entries from the capture host, normalised once on
 * arrival, and the analysis brought up to date while traffic flows, at a cadence that adapts to the
 * traffic and to what an update costs (schedule()). Each update pairs and analyses only what changed
 * (src/engine/live.ts).
 */
import { normaliseEntry } from '../src/model/normalise';
import type { Exchange } from '../src/model/types';
import { analyzeExchanges } from '../src/engine/analyze';
import { LiveAnalysis } from '../src/engine/live';
import { RULES } from '../src/rules/index';
import type { Analysis } from '../src/engine/schema';
import type { CaptureHost, CaptureStatus, HostMessage, RawEntry, Theme } from '../src/shared/messages';

/**
 * The update cadence (issue 11). Every update costs about the same whatever it carries: the
 * analysis pass, preact's diff, then one frame (style, layout, paint, commit, raster): about 7 ms
 * of the extension renderer's main thread plus 2-3 ms on its compositor and raster threads, measured
 * in a bench:live trace of the shown tab at 20 req/s with 5,000 recorded; in a harness of the panel
 * alone, about 9 ms of CPU an update, 2.2 of it script, the frame's share the same whatever the
 * update changed (docs/internals.md, live section). So the number of updates per second, not the
 * traffic, sets most of what the shown tab costs.
 * - RECOMPUTE_MS: the shortest delay, which the finish -> row target (p95 <= 300 ms at 20 req/s)
 *   bounds: the row waits up to a delay, then the update and the next frame (bench:live: p95
 *   160-180 ms with 150 ms here; 200 ms makes a fifth fewer updates). 250 ms was tried (3.8
 *   updates/s at 20 req/s instead of 4.3, p95 252-259 ms): in four bench:live rounds against
 *   200 in the same rounds no CPU difference showed (C 227 vs 225 ms/s, means), so it stays 200.
 * - Above STEADY_RATE entries a second (no row target there: nobody reads 100 rows a second as
 *   they come) the delay grows with the rate, MS_PER_RATE ms per entry a second, up to
 *   MAX_DELAY_MS: fewer, larger updates. Entries, not requests: a preflighted request is two, and
 *   bench:live's 20 req/s are about 34 entries a second (with 25 here, counted in entries, its
 *   cadence fell to 3.3 updates/s and finish -> row p95 rose to 282 ms); its 100 req/s, about
 *   170 (680 ms).
 * - An update (analysis and preact's render, measured in wall time) takes at most 1 / MAX_BUSY_SHARE
 *   of the time between updates: on a big, busy capture the delay grows with it. Not less than a
 *   third: in wall time on a loaded machine (load 9-10 on the 2 shared cores) updates measured 40-60 ms,
 *   and with a fifth the cadence fell to 3 updates/s at 20 req/s and finish -> row p95 to 682 ms.
 */
const RECOMPUTE_MS = 200;
const STEADY_RATE = 50;
const MS_PER_RATE = RECOMPUTE_MS / STEADY_RATE;
const MAX_DELAY_MS = 1000;
const MAX_BUSY_SHARE = 3;

interface Item {
  raw: RawEntry;
  exchange: Exchange | null;
  problem: string | null;
}

export class PanelStore {
  /** Raw entry and its normalised form side by side, oldest first, so trimming keeps them aligned. */
  private items: Item[] = [];
  /** The same items by raw entry, so a replacement or a "late" mark finds its item at once. */
  private byRaw = new Map<RawEntry, Item>();
  /** Entries whose status may be late (the host left them unread: DevTools' log was too large). */
  private late = new Set<RawEntry>();
  private nextIndex = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Delay before the next update (schedule()). */
  private delay = RECOMPUTE_MS;
  /** Entries that arrived since the last update, and when that was: the arrival rate. */
  private arrived = 0;
  private lastUpdate = 0;
  /** Arrivals per second, smoothed over the last few updates. */
  private rate = 0;
  private listeners = new Set<() => void>();
  private unsubscribe: (() => void) | null = null;
  host: CaptureHost | null = null;
  status: CaptureStatus | null = null;
  theme: Theme | null = null;
  /** Every exchange held, paired and analysed as it changes. */
  private live = new LiveAnalysis(RULES);
  analysis: Analysis = analyzeExchanges([], 0, RULES);
  /** Bumped on every change so components can memoise on it. */
  version = 0;
  /** Bumped when the set behind lateIds() changes. */
  lateVersion = 0;
  /** Something recorded changed since the last analysis. */
  private stale = false;

  attach(host: CaptureHost): void {
    if (this.host === host) return;
    this.unsubscribe?.();
    this.host = host;
    this.unsubscribe = host.subscribe((m) => this.onMessage(m));
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Ids of the rows whose status may be late: the pair id is "p" + the actual request's index (or
   * the preflight's, for a preflight without its request). A late preflight with its request shows
   * on the request's row: its request is status-less too, and held as late with it.
   */
  lateIds(): Set<string> {
    const ids = new Set<string>();
    for (const raw of this.late) {
      const index = this.byRaw.get(raw)?.exchange?.index;
      if (index !== undefined) ids.add(`p${index}`);
    }
    return ids;
  }

  /** Asks the host to read DevTools' log now for every status that may be late. */
  rereadStatuses(): void {
    this.host?.send({ type: 'reread' });
  }

  rawEntries(): RawEntry[] {
    return this.items.map((i) => i.raw);
  }

  private onMessage(m: HostMessage): void {
    // A status or a "late" mark alone changes nothing recorded: no re-analysis, and no render of its
    // own either: the settler's count moves with every status-less failure, and a render per message
    // (inside the devtools page's onRequestFinished) was 380 of the shown tab's 6,345 ms of CPU in a
    // 20-s bench:live C run at 20 req/s. It shows with the next tick, RECOMPUTE_MS at most.
    switch (m.type) {
      case 'status':
        break;
      case 'snapshot':
        this.theme = m.theme;
        this.reset();
        this.ingest(m.entries, m.status.held);
        for (const e of m.late) this.late.add(e);
        this.stale = true;
        break;
      case 'late':
        for (const e of m.add) this.late.add(e);
        for (const e of m.remove) this.late.delete(e);
        this.lateVersion++;
        break;
      case 'entries':
        this.arrived += m.entries.length;
        this.ingest(m.entries, m.status.held);
        this.stale = true;
        break;
      case 'replaced':
        this.replace(m.entries);
        this.stale = true;
        break;
      case 'cleared':
        this.reset();
        this.stale = true;
        break;
    }
    // A setting the user just changed (Preserve log) shows at once.
    const toggled = this.status !== null && m.status.preserveLog !== this.status.preserveLog;
    this.status = m.status;
    if (toggled) this.notify();
    this.schedule();
  }

  private notify(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  private reset(): void {
    this.items = [];
    this.live = new LiveAnalysis(RULES);
    this.byRaw.clear();
    this.late.clear();
    this.lateVersion++;
  }

  private ingest(entries: RawEntry[], held: number): void {
    for (const e of entries) {
      const { exchange, problem } = normaliseEntry(e, this.nextIndex++);
      const item = { raw: e, exchange, problem };
      this.items.push(item);
      this.byRaw.set(e, item);
      if (exchange) this.live.add(exchange);
    }
    // The host drops its oldest entries at the cap; mirror that so the panel stays bounded too.
    if (this.items.length > held) {
      for (const old of this.items.splice(0, this.items.length - held)) {
        if (old.exchange) this.live.remove(old.exchange);
        this.byRaw.delete(old.raw);
        if (this.late.delete(old.raw)) this.lateVersion++;
      }
    }
  }

  /** A fuller copy of an entry takes its place (and its index, so its pair keeps its id). */
  private replace(pairs: ReadonlyArray<{ old: RawEntry; entry: RawEntry }>): void {
    for (const { old, entry } of pairs) {
      const item = this.byRaw.get(old);
      if (!item) continue;
      const { exchange, problem } = normaliseEntry(entry, item.exchange?.index ?? this.nextIndex++);
      this.byRaw.delete(old);
      if (this.late.delete(old)) this.lateVersion++;
      this.byRaw.set(entry, item);
      if (item.exchange) this.live.remove(item.exchange);
      if (exchange) this.live.add(exchange);
      item.raw = entry;
      item.exchange = exchange;
      item.problem = problem;
    }
  }

  private schedule(): void {
    if (this.timer !== null) return;
    // After a pause in the traffic the rate measured before it is stale: the first new request
    // shows within RECOMPUTE_MS, not after the delay of a busy stream.
    const idle = this.lastUpdate > 0 && performance.now() - this.lastUpdate > MAX_DELAY_MS;
    this.timer = setTimeout(() => this.update(), idle ? RECOMPUTE_MS : this.delay);
  }

  private update(): void {
    this.timer = null;
    const started = performance.now();
    // The arrival rate since the last update, smoothed: one bursty interval moves it half way.
    const since = started - this.lastUpdate;
    if (this.lastUpdate > 0 && since > 0) this.rate = (this.rate + (this.arrived * 1000) / since) / 2;
    this.arrived = 0;
    this.lastUpdate = started;
    if (this.stale) {
      this.stale = false;
      const notes: string[] = [];
      for (const i of this.items) if (i.problem) notes.push(i.problem);
      this.analysis = this.live.run(this.items.length, notes);
    }
    this.notify();
    // preact renders in a microtask queued by notify(): this one runs after it, at the end of the update.
    queueMicrotask(() => {
      const cost = performance.now() - started;
      this.delay = Math.round(Math.min(MAX_DELAY_MS, Math.max(RECOMPUTE_MS, this.rate * MS_PER_RATE, cost * MAX_BUSY_SHARE)));
    });
  }
}
