/**
 * The capture buffer: bounded, de-duplicated, and pure (no chrome.*), so it is unit-tested
 * apart from the browser. The devtools page feeds it; the panel reads it.
 */
import { compactEntry, StringTable } from './compact';
import type { CaptureHost, CaptureStatus, HostMessage, PanelCommand, RawEntry, Theme } from '../shared/messages';

const DEFAULT_CAP = 5000;

/**
 * Past the cap the oldest go a twentieth of the cap at a time (250 of 5,000), not one by one: the
 * rows in view at the top of the shown table then stay put for seconds instead of shifting on every
 * update, and an unchanged row is not rendered again (panel/Table.tsx).
 */
const DROP_SHARE = 20;

/**
 * getHAR() and onRequestFinished can both deliver a request that finished while the listener
 * was being registered; this key lets the buffer keep one copy.
 */
export function entryKey(e: RawEntry): string {
  const req = (e.request ?? {}) as Record<string, unknown>;
  // Any value makes a key (Chromium's _requestId is a string); an object's '[object Object]' still only matches an equal entry.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return `${String(e.startedDateTime)}|${String(req.method)}|${String(req.url)}|${String(e.time)}|${String(e._requestId ?? '')}`;
}

/**
 * getHAR() also lists requests still in flight (status 0, no error yet); onRequestFinished
 * delivers them again once complete, with other timings. Keeping the early copy would show a
 * phantom failed pair, so snapshot entries that have not finished are left to the listener.
 */
export function isFinished(e: RawEntry): boolean {
  return statusOf(e) > 0 || hasError(e);
}

/**
 * True for an entry that says "failed, no response": a request blocked before it was sent, a
 * network error — or a blocked response whose status DevTools had not received yet (settle.ts).
 */
export function mayBeIncomplete(e: RawEntry): boolean {
  return statusOf(e) === 0 && hasError(e);
}

/** The response status, 0 when there is none. */
export function statusOf(e: RawEntry): number {
  const s = (e.response as { status?: unknown } | undefined)?.status;
  return typeof s === 'number' ? s : 0;
}

/** Chromium writes `_error` under `response`; other producers at the entry's top level. */
function hasError(e: RawEntry): boolean {
  return typeof (e.response as { _error?: unknown } | undefined)?._error === 'string' || typeof e._error === 'string';
}

export class CaptureBuffer implements CaptureHost {
  private entries: RawEntry[] = [];
  private keys = new Set<string>();
  /** Repeated strings of the held entries, one copy each (compact.ts). */
  private readonly strings = new StringTable();
  private dropped = 0;
  private listeners = new Set<(m: HostMessage) => void>();
  preserveLog = false;
  pageUrl: string | null = null;
  private settling = 0;
  /** Held entries whose status may be late (left unread: DevTools' log was too large). */
  private lateSet = new Set<RawEntry>();
  /** What a { type: 'reread' } command runs (the devtools page wires it to the settler). */
  onReread: () => void = () => undefined;

  constructor(
    readonly cap = DEFAULT_CAP,
    private readonly theme: () => Theme = () => 'light',
  ) {}

  status(): CaptureStatus {
    return {
      held: this.entries.length,
      dropped: this.dropped,
      cap: this.cap,
      preserveLog: this.preserveLog,
      pageUrl: this.pageUrl,
      settling: this.settling,
      late: this.lateSet.size,
    };
  }

  add(batch: RawEntry[]): void {
    const fresh: RawEntry[] = [];
    for (const e of batch) {
      const k = entryKey(e);
      if (this.keys.has(k)) continue;
      this.keys.add(k);
      compactEntry(e, this.strings);
      this.entries.push(e);
      fresh.push(e);
    }
    if (this.entries.length > this.cap) {
      const excess = this.entries.length - this.cap + Math.floor(this.cap / DROP_SHARE);
      for (const old of this.entries.splice(0, excess)) {
        this.keys.delete(entryKey(old));
        this.lateSet.delete(old);
      }
      this.dropped += excess;
    }
    if (fresh.length) this.emit({ type: 'entries', entries: fresh, status: this.status() });
  }

  /**
   * Swaps entries for fuller copies of themselves. An entry no longer held (dropped at the cap,
   * cleared) is left out; so is a copy whose key another held entry already has.
   */
  replace(pairs: ReadonlyArray<{ old: RawEntry; entry: RawEntry }>): void {
    const done: Array<{ old: RawEntry; entry: RawEntry }> = [];
    for (const p of pairs) {
      const i = this.entries.indexOf(p.old);
      if (i === -1) continue;
      const oldKey = entryKey(p.old);
      const newKey = entryKey(p.entry);
      if (newKey !== oldKey && this.keys.has(newKey)) continue;
      compactEntry(p.entry, this.strings);
      this.entries[i] = p.entry;
      this.lateSet.delete(p.old);
      this.keys.delete(oldKey);
      this.keys.add(newKey);
      done.push(p);
    }
    if (done.length) this.emit({ type: 'replaced', entries: done, status: this.status() });
  }

  /** How many entries wait for a re-read (shown to the panel, and to tests, as `settling`). */
  setSettling(n: number): void {
    if (n === this.settling) return;
    this.settling = n;
    this.emit({ type: 'status', status: this.status() });
  }

  /**
   * Marks entries as "status may be late" (add) or no longer (remove). Entries not held (dropped
   * at the cap, cleared) are left out.
   */
  setLate(add: readonly RawEntry[], remove: readonly RawEntry[]): void {
    const added = add.filter((e) => this.keys.has(entryKey(e)) && !this.lateSet.has(e));
    const removed = remove.filter((e) => this.lateSet.has(e));
    for (const e of added) this.lateSet.add(e);
    for (const e of removed) this.lateSet.delete(e);
    if (added.length || removed.length) this.emit({ type: 'late', add: added, remove: removed, status: this.status() });
  }

  clear(reason: 'user' | 'navigation'): void {
    this.entries = [];
    this.lateSet.clear();
    this.keys.clear();
    this.dropped = 0;
    this.emit({ type: 'cleared', reason, status: this.status() });
  }

  navigated(url: string): void {
    this.pageUrl = url;
    if (!this.preserveLog) this.clear('navigation');
  }

  subscribe(listener: (msg: HostMessage) => void): () => void {
    this.listeners.add(listener);
    listener({ type: 'snapshot', entries: [...this.entries], late: [...this.lateSet], status: this.status(), theme: this.theme() });
    return () => this.listeners.delete(listener);
  }

  send(cmd: PanelCommand): void {
    switch (cmd.type) {
      case 'clear':
        this.clear('user');
        break;
      case 'set-preserve-log':
        this.preserveLog = cmd.value;
        this.emit({ type: 'status', status: this.status() });
        break;
      case 'reread':
        this.onReread();
        break;
    }
  }

  private emit(msg: HostMessage): void {
    for (const l of this.listeners) {
      try {
        l(msg);
      } catch (err) {
        // A panel that was closed leaves a dead listener behind; drop it rather than stall capture.
        console.warn('CORS X-Ray: a panel listener failed and was removed', err);
        this.listeners.delete(l);
      }
    }
  }
}
