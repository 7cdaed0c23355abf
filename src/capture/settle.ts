/**
 * Two quirks between DevTools and an extension, handled here without touching chrome.* so they can
 * be unit-tested with fakes; devtools.ts wires them to the real API.
 */
import type { RawEntry } from '../shared/messages';
import { mayBeIncomplete, statusOf } from './buffer';

type HarCallback = (har: unknown) => void;

/**
 * Calls devtools.network.getHAR in whichever style the browser speaks. webextension-polyfill has no
 * metadata for getHAR and passes the call straight through, and Chromium answered a call without a
 * callback with undefined (measured on Chromium 150; later builds return a promise). A callback
 * works on both; a returned promise is honoured too, and the first answer wins.
 */
export function readHar(getHAR: (callback?: HarCallback) => unknown): Promise<RawEntry[]> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (har: unknown) => {
      if (settled) return;
      settled = true;
      const entries = (har as { entries?: unknown } | null)?.entries;
      resolve(Array.isArray(entries) ? (entries as RawEntry[]) : []);
    };
    try {
      const ret = getHAR(done) as { then?: unknown } | undefined;
      if (ret && typeof ret.then === 'function') (ret as Promise<unknown>).then(done, reject);
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

function matchKey(e: RawEntry): string {
  const req = (e.request ?? {}) as { method?: unknown; url?: unknown };
  return `${String(e.startedDateTime)}|${String(req.method)}|${String(req.url)}`;
}

export interface SettleDeps {
  /** A fresh getHAR() of everything DevTools holds. */
  readHar(): Promise<RawEntry[]>;
  /** Where entries go as they arrive (the capture buffer). */
  deliver(entries: RawEntry[]): void;
  /** Entries delivered earlier, each with the fuller copy the re-read found. */
  replace(pairs: Array<{ old: RawEntry; entry: RawEntry }>): void;
  /** How many delivered entries still wait for their re-read. */
  pending(count: number): void;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  now(): number;
}

/** Long enough for DevTools to apply a status that trailed the failure (it trails by under 1 ms). */
export const SETTLE_MS = 250;

/**
 * Reads of the HAR an entry waits for before it is taken as it came. A second one: a preflight
 * redirected with 301 was still status-less after the first read in 1 of 4 demo runs, and its row
 * then lacked the 301.
 */
export const SETTLE_READS = 2;

/**
 * Chromium reports a blocked response's status and headers in a separate event
 * (Network.responseReceivedExtraInfo), and about 1 in 60 times it arrives just after the failure
 * (measured: 11 of 720 requests on Chromium 150 with DevTools open). DevTools then hands
 * onRequestFinished an entry with status 0 and no headers — the exact shape of a request that was
 * never sent, which would turn "the server answered 500 without CORS headers" into "the preflight
 * failed". DevTools fills the status in a moment later (7 of 7 such entries were complete in
 * getHAR() 300 ms on).
 *
 * So every entry is delivered as it arrives, and entries of that shape are read again with
 * getHAR() once they have waited at least half a window, up to SETTLE_READS times; a fuller copy
 * replaces the first one.
 * Most of them (a request whose preflight failed really has no status) come back unchanged.
 * getHAR() serialises everything DevTools holds, so reads are batched: one per window, and the
 * window stretches to four times the last read's duration when reads get slow.
 */
interface Held {
  entry: RawEntry;
  at: number;
  reads: number;
}

export class LateResponseSettler {
  /** Entries waiting for a read: when each arrived or was last read (deps.now()), and its reads so far. */
  private held: Held[] = [];
  private timer: unknown = null;
  /** Entries of the read in flight. */
  private reading: Held[] | null = null;
  private lastReadMs = 0;
  /** Bumped by discard(): a read that started before it belongs to a capture that is gone. */
  private generation = 0;

  constructor(
    private readonly deps: SettleDeps,
    private readonly settleMs = SETTLE_MS,
  ) {}

  /** Entries waiting for their re-read, the one in flight included. */
  get pending(): number {
    return this.held.length + (this.reading?.length ?? 0);
  }

  offer(entries: RawEntry[]): void {
    this.deps.deliver(entries);
    const now = this.deps.now();
    let added = false;
    for (const e of entries) {
      if (!mayBeIncomplete(e)) continue;
      this.held.push({ entry: e, at: now, reads: 0 });
      added = true;
    }
    if (added) {
      this.deps.pending(this.pending);
      this.schedule();
    }
  }

  /** Forgets held entries (the capture was cleared or the page navigated away). */
  discard(): void {
    this.generation++;
    this.held = [];
    this.reading = null;
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
    this.deps.pending(0);
  }

  private schedule(): void {
    if (this.timer !== null || this.reading) return;
    const wait = Math.max(this.settleMs, 4 * this.lastReadMs);
    this.timer = this.deps.setTimer(() => void this.flush(), wait);
  }

  private async flush(): Promise<void> {
    this.timer = null;
    // Entries held for less than half a window stay for the next read.
    const cutoff = this.deps.now() - this.settleMs / 2;
    let n = 0;
    while (n < this.held.length && this.held[n]!.at <= cutoff) n++;
    if (n === 0) {
      this.schedule();
      return;
    }
    const batch = this.held.splice(0, n);
    this.reading = batch;
    const generation = this.generation;
    const started = this.deps.now();
    let fresh: RawEntry[] = [];
    try {
      fresh = await this.deps.readHar();
    } catch {
      // The entries stay as they arrived: possibly incomplete, never lost.
      fresh = [];
    }
    if (generation !== this.generation) return;
    this.lastReadMs = this.deps.now() - started;
    this.reading = null;
    const found = this.fuller(batch.map((h) => h.entry), fresh);
    if (found.length) this.deps.replace(found);
    // Still without a status: read again in a later window, up to SETTLE_READS reads in all.
    const done = new Set(found.map((f) => f.old));
    const now = this.deps.now();
    for (const h of batch) {
      if (done.has(h.entry) || h.reads + 1 >= SETTLE_READS) continue;
      this.held.push({ entry: h.entry, at: now, reads: h.reads + 1 });
    }
    this.deps.pending(this.pending);
    if (this.held.length) this.schedule();
  }

  private fuller(batch: RawEntry[], fresh: RawEntry[]): Array<{ old: RawEntry; entry: RawEntry }> {
    const wanted = new Set(batch.map(matchKey));
    const byKey = new Map<string, RawEntry[]>();
    for (const e of fresh) {
      if (statusOf(e) === 0) continue;
      const k = matchKey(e);
      if (!wanted.has(k)) continue;
      const list = byKey.get(k);
      if (list) list.push(e);
      else byKey.set(k, [e]);
    }
    // Two identical requests started in the same millisecond share a key: each takes one copy.
    const out: Array<{ old: RawEntry; entry: RawEntry }> = [];
    for (const old of batch) {
      const entry = byKey.get(matchKey(old))?.shift();
      if (entry) out.push({ old, entry });
    }
    return out;
  }
}
