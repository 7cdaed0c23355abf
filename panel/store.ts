/**
 * Panel-side state of the live capture: raw entries from the capture host, normalised once on
 * arrival, and the analysis recomputed at most every RECOMPUTE_MS while traffic flows.
 */
import { normaliseEntry } from '../src/model/normalise';
import type { Exchange } from '../src/model/types';
import { analyzeExchanges } from '../src/engine/analyze';
import type { Analysis } from '../src/engine/schema';
import type { CaptureHost, CaptureStatus, HostMessage, RawEntry, Theme } from '../src/shared/messages';

const RECOMPUTE_MS = 150;
/** While traffic flows, keep analysis below about a third of the panel's time. */
const MAX_BUSY_SHARE = 3;

export class PanelStore {
  /** Raw entry and its normalised form side by side, oldest first, so trimming keeps them aligned. */
  private items: Array<{ raw: RawEntry; exchange: Exchange | null; problem: string | null }> = [];
  private nextIndex = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Delay before the next recompute: grows with the cost of the last one on a big capture. */
  private delay = RECOMPUTE_MS;
  private listeners = new Set<() => void>();
  private unsubscribe: (() => void) | null = null;
  host: CaptureHost | null = null;
  status: CaptureStatus | null = null;
  theme: Theme | null = null;
  analysis: Analysis = analyzeExchanges([], 0);
  /** Bumped on every change so components can memoise on it. */
  version = 0;

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

  rawEntries(): RawEntry[] {
    return this.items.map((i) => i.raw);
  }

  private onMessage(m: HostMessage): void {
    if (m.type === 'status') {
      // Nothing recorded changed: show the new setting without re-running the analysis.
      this.status = m.status;
      this.version++;
      for (const l of this.listeners) l();
      return;
    }
    switch (m.type) {
      case 'snapshot':
        this.theme = m.theme;
        this.reset();
        this.ingest(m.entries, m.status.cap);
        break;
      case 'entries':
        this.ingest(m.entries, m.status.cap);
        break;
      case 'replaced':
        this.replace(m.entries);
        break;
      case 'cleared':
        this.reset();
        break;
    }
    this.status = m.status;
    this.schedule();
  }

  private reset(): void {
    this.items = [];
  }

  private ingest(entries: RawEntry[], cap: number): void {
    for (const e of entries) {
      const { exchange, problem } = normaliseEntry(e, this.nextIndex++);
      this.items.push({ raw: e, exchange, problem });
    }
    // The host drops its oldest entries at the cap; mirror that so the panel stays bounded too.
    if (this.items.length > cap) this.items.splice(0, this.items.length - cap);
  }

  /** A fuller copy of an entry takes its place (and its index, so its pair keeps its id). */
  private replace(pairs: ReadonlyArray<{ old: RawEntry; entry: RawEntry }>): void {
    for (const { old, entry } of pairs) {
      const item = this.items.find((i) => i.raw === old);
      if (!item) continue;
      const { exchange, problem } = normaliseEntry(entry, item.exchange?.index ?? this.nextIndex++);
      item.raw = entry;
      item.exchange = exchange;
      item.problem = problem;
    }
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const started = performance.now();
      const exchanges: Exchange[] = [];
      const notes: string[] = [];
      for (const i of this.items) {
        if (i.exchange) exchanges.push(i.exchange);
        if (i.problem) notes.push(i.problem);
      }
      this.analysis = analyzeExchanges(exchanges, this.items.length, notes);
      this.version++;
      for (const l of this.listeners) l();
      this.delay = Math.max(RECOMPUTE_MS, Math.round((performance.now() - started) * MAX_BUSY_SHARE));
    }, this.delay);
  }
}

