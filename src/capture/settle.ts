/**
 * Two quirks between DevTools and an extension, handled here without touching chrome.* so they can
 * be unit-tested with fakes; devtools.ts wires them to the real API.
 */
import type { RawEntry } from '../shared/messages';
import { mayBeIncomplete, statusOf } from './buffer';
import { lateVerdict, PreflightMemory } from './late-policy';

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

interface SettleDeps {
  /** A fresh getHAR() of everything DevTools holds. */
  readHar: () => Promise<RawEntry[]>;
  /** Where entries go as they arrive (the capture buffer). */
  deliver: (entries: RawEntry[]) => void;
  /** Entries delivered earlier, each with the fuller copy the re-read found. */
  replace: (pairs: Array<{ old: RawEntry; entry: RawEntry }>) => void;
  /** How many delivered entries still wait for their re-read. */
  pending: (count: number) => void;
  /**
   * Entries whose status may still be late but that will not be read again unless asked
   * (`add`: DevTools' log was too large for a read), and entries that have been read since (`remove`).
   */
  late: (add: RawEntry[], remove: RawEntry[]) => void;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  now: () => number;
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
 * The pause after a read, in multiples of its duration: reads then take at most about 1/21 of the
 * DevTools front-end's main thread, however slow they get.
 */
export const READ_SPACING = 20;

/**
 * What an automatic read may cost (predicted from the log size and the last read's cost per
 * entry): half of the 100 ms at which a pause of the DevTools front-end counts as a stall.
 */
export const READ_BUDGET_MS = 50;

/** Log entries an automatic read may serialise before any read has been timed. */
export const DEFAULT_LOG_LIMIT = 400;

/** A read of fewer entries is mostly fixed cost: it says little about the cost per entry. */
const MIN_ENTRIES_TO_CALIBRATE = 100;

/**
 * Chromium reports a blocked response's status and headers in a separate event
 * (Network.responseReceivedExtraInfo), and about 1 in 60 times it arrives just after the failure
 * (measured: 11 of 720 requests on Chromium 150 with DevTools open). DevTools then hands
 * onRequestFinished an entry with status 0 and no headers — the exact shape of a request that was
 * never sent, which would turn "the server answered 500 without CORS headers" into "the preflight
 * failed". DevTools fills the status in a moment later (7 of 7 such entries were complete in
 * getHAR() 300 ms on).
 *
 * The only way to see it is getHAR(), which serialises DevTools' whole log on the front-end's main
 * thread (0.2 s at 1,700 entries, 3.3 s at 17,000). So reads are rationed:
 * - every entry is delivered as it arrives; status-less failures are held;
 * - only while the CORS tab is shown (setVisible): a hidden tab needs no status yet;
 * - after half a window, each held entry is judged (late-policy.ts): a failure before any response,
 *   or a request its failed preflight stopped, has nothing to wait for and is let go unread;
 * - the rest are read in one batch, never two reads at once, each read spaced from the last by
 *   READ_SPACING times its duration, and only while DevTools' log is small enough for a read to
 *   stay under READ_BUDGET_MS. Beyond that the entries are reported as `late` (the panel says their
 *   status may be late) and read only when the user asks (rereadNow).
 * An entry still without a status after a read is read once more a window later, up to SETTLE_READS.
 */
interface Held {
  entry: RawEntry;
  at: number;
  reads: number;
  /** Judged worth a read (late-policy.ts); entries judged not to be are let go. */
  judged: boolean;
}

interface SettleOptions {
  settleMs?: number;
  /** The capture buffer's cap: held entries beyond it have been dropped from the capture anyway. */
  cap?: number;
}

/** Counts since start, for bench/live.bench.ts and anyone curious (read on the devtools page). */
export interface SettleStats {
  /** getHAR() calls made, and their total and longest duration (ms). */
  reads: number;
  readMsTotal: number;
  readMsMax: number;
  /** Status-less failures let go unread: nothing to wait for (late-policy.ts). */
  judgedFinal: number;
  /** Status-less failures judged worth a read. */
  candidates: number;
  /** Entries a read found a status for: the late-status quirk, seen. */
  replaced: number;
  /** Entries left unread because the log was too large (marked "status may be late"). */
  markedLate: number;
}

export class LateResponseSettler {
  readonly stats: SettleStats = { reads: 0, readMsTotal: 0, readMsMax: 0, judgedFinal: 0, candidates: 0, replaced: 0, markedLate: 0 };
  /** Entries waiting for a read: when each arrived or was last read (deps.now()), and its reads so far. */
  private held: Held[] = [];
  private timer: unknown = null;
  /** Entries of the read in flight. */
  private reading: Held[] | null = null;
  private lastReadMs = 0;
  /** No automatic read before this (deps.now()): READ_SPACING times the last read's duration after it. */
  private nextReadAt = 0;
  /** Held entries not judged yet: judging runs even while the tab is hidden (it costs DevTools nothing). */
  private unjudged = 0;
  /** Bumped by discard(): a read that started before it belongs to a capture that is gone. */
  private generation = 0;
  private visible = false;
  private manualWanted = false;
  /** Entries left unread because the log was too large, oldest first (a Set keeps insertion order). */
  private lateSet = new Set<RawEntry>();
  private readonly preflights = new PreflightMemory();
  /**
   * DevTools' log size, estimated: the last read's length plus every entry finished since. Reset on
   * navigation (DevTools clears its log then unless its own "Preserve log" is on; the next read
   * corrects the estimate either way).
   */
  private logSize = 0;
  /** Cost of a read per log entry, from the last read large enough to tell; 0 until then. */
  private perEntryMs = 0;
  private readonly settleMs: number;
  private readonly cap: number;

  constructor(
    private readonly deps: SettleDeps,
    opts: SettleOptions = {},
  ) {
    this.settleMs = opts.settleMs ?? SETTLE_MS;
    this.cap = opts.cap ?? 5000;
  }

  /** Entries waiting for their re-read, the one in flight included. */
  get pending(): number {
    return this.held.length + (this.reading?.length ?? 0);
  }

  /** Entries whose status may be late and that wait for the user to ask for a read. */
  get late(): number {
    return this.lateSet.size;
  }

  /** The largest log an automatic read may serialise. */
  get logLimit(): number {
    return this.perEntryMs > 0 ? Math.floor(READ_BUDGET_MS / this.perEntryMs) : DEFAULT_LOG_LIMIT;
  }

  get estimatedLogSize(): number {
    return this.logSize;
  }

  /** Constant work per entry: a count, a preflight note, and a push for a status-less failure. */
  offer(entries: RawEntry[]): void {
    this.deps.deliver(entries);
    this.logSize += entries.length;
    // The clock is read only for an entry that is held (a status-less failure): most are not.
    let now: number | null = null;
    let added = false;
    for (const e of entries) {
      this.preflights.note(e);
      if (!mayBeIncomplete(e)) continue;
      now ??= this.deps.now();
      this.held.push({ entry: e, at: now, reads: 0, judged: false });
      this.unjudged++;
      added = true;
    }
    if (!added) return;
    // Held entries beyond the cap have left the capture buffer already.
    if (this.held.length > this.cap) {
      for (const h of this.held.splice(0, this.held.length - this.cap)) if (!h.judged) this.unjudged--;
    }
    this.deps.pending(this.pending);
    this.schedule();
  }

  /** The CORS tab was shown or hidden: reads happen only while it is shown. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
    this.schedule();
  }

  /** The inspected page navigated: DevTools starts a new log (see logSize). */
  navigated(): void {
    this.logSize = 0;
    this.preflights.clear();
  }

  /**
   * The user asked: read now whatever waits or was left unread, whatever the log size (one read,
   * still never two at once).
   */
  rereadNow(): void {
    if (this.held.length === 0 && this.lateSet.size === 0) return;
    if (this.reading) {
      this.manualWanted = true;
      return;
    }
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
    void this.flush(true);
  }

  /** Forgets held entries (the capture was cleared or the page navigated away). */
  discard(): void {
    this.generation++;
    this.held = [];
    this.unjudged = 0;
    this.reading = null;
    this.manualWanted = false;
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
    const late = [...this.lateSet];
    this.lateSet.clear();
    if (late.length) this.deps.late([], late);
    this.deps.pending(0);
  }

  private schedule(): void {
    if (this.timer !== null || this.reading || this.held.length === 0) return;
    // Hidden: a timer only to judge new entries; the judged ones wait until the tab is shown.
    if (!this.visible && this.unjudged === 0) return;
    const wait = this.visible ? Math.max(this.settleMs, this.nextReadAt - this.deps.now()) : this.settleMs;
    this.timer = this.deps.setTimer(() => void this.flush(false), wait);
  }

  private async flush(manual: boolean): Promise<void> {
    this.timer = null;
    // Entries held for less than half a window stay for the next read (their preflight may not
    // have arrived yet, and DevTools may not have their status yet); a manual read takes all.
    const cutoff = manual ? Infinity : this.deps.now() - this.settleMs / 2;
    let n = 0;
    while (n < this.held.length && this.held[n]!.at <= cutoff) n++;
    const due = this.held.splice(0, n);
    const batch: Held[] = [];
    for (const h of due) {
      if (!h.judged) {
        this.unjudged--;
        if (lateVerdict(h.entry, this.preflights) === 'final') {
          this.stats.judgedFinal++;
          continue;
        }
        this.stats.candidates++;
        h.judged = true;
      }
      batch.push(h);
    }
    if (!manual && (!this.visible || this.deps.now() < this.nextReadAt)) {
      // Judged, not read: the tab is hidden, or the last read was too recent. Same order as before.
      this.held = batch.concat(this.held);
      this.deps.pending(this.pending);
      this.schedule();
      return;
    }
    const wasLate: RawEntry[] = [];
    if (manual) {
      for (const e of this.lateSet) {
        wasLate.push(e);
        // One read settles it: DevTools has had plenty of time to fill the status in.
        batch.push({ entry: e, at: 0, reads: SETTLE_READS - 1, judged: true });
      }
      this.lateSet.clear();
    }
    if (batch.length === 0) {
      this.deps.pending(this.pending);
      this.schedule();
      return;
    }
    if (!manual && this.logSize > this.logLimit) {
      // A read now would stall DevTools: say the status may be late, and read only when asked.
      const add = batch.map((h) => h.entry);
      for (const e of add) this.lateSet.add(e);
      this.stats.markedLate += add.length;
      this.trimLate();
      this.deps.late(add, []);
      this.deps.pending(this.pending);
      this.schedule();
      return;
    }
    this.reading = batch;
    if (manual) this.deps.pending(this.pending);
    const generation = this.generation;
    const started = this.deps.now();
    const sizeAtStart = this.logSize;
    let fresh: RawEntry[];
    let ok = true;
    try {
      fresh = await this.deps.readHar();
    } catch {
      // The entries stay as they arrived: possibly incomplete, never lost.
      fresh = [];
      ok = false;
    }
    if (generation !== this.generation) return;
    this.lastReadMs = this.deps.now() - started;
    this.nextReadAt = this.deps.now() + READ_SPACING * this.lastReadMs;
    this.stats.reads++;
    this.stats.readMsTotal += this.lastReadMs;
    this.stats.readMsMax = Math.max(this.stats.readMsMax, this.lastReadMs);
    if (ok) {
      this.logSize = fresh.length + (this.logSize - sizeAtStart);
      if (fresh.length >= MIN_ENTRIES_TO_CALIBRATE) this.perEntryMs = this.lastReadMs / fresh.length;
    }
    this.reading = null;
    const found = this.fuller(
      batch.map((h) => h.entry),
      fresh,
    );
    if (found.length) this.deps.replace(found);
    this.stats.replaced += found.length;
    if (wasLate.length) this.deps.late([], wasLate);
    // Still without a status: read again in a later window, up to SETTLE_READS reads in all.
    const done = new Set(found.map((f) => f.old));
    const now = this.deps.now();
    for (const h of batch) {
      if (done.has(h.entry) || h.reads + 1 >= SETTLE_READS) continue;
      this.held.push({ entry: h.entry, at: now, reads: h.reads + 1, judged: true });
    }
    this.deps.pending(this.pending);
    if (this.manualWanted) {
      this.manualWanted = false;
      this.rereadNow();
      return;
    }
    this.schedule();
  }

  private trimLate(): void {
    // Entries beyond the cap have left the capture buffer already.
    for (const e of this.lateSet) {
      if (this.lateSet.size <= this.cap) break;
      this.lateSet.delete(e);
    }
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
