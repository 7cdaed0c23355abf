import { describe, it, expect } from 'vitest';
import { LateResponseSettler, SETTLE_MS, SETTLE_READS, readHar } from '../../../src/capture/settle';
import { mayBeIncomplete } from '../../../src/capture/buffer';
import type { RawEntry } from '../../../src/shared/messages';

function entry(url: string, status: number, error?: string, start = '2026-12-01T12:00:00.000Z'): RawEntry {
  return {
    startedDateTime: start,
    time: 12,
    request: { method: 'POST', url, headers: [] },
    response: { status, headers: status ? [{ name: 'x-amzn-ErrorType', value: 'InternalServerErrorException' }] : [], ...(error ? { _error: error } : {}) },
  };
}

/** A hand-driven clock and getHAR: tests decide when timers fire and when reads answer. */
function rig(harEntries: () => RawEntry[] | Error = () => []) {
  const delivered: RawEntry[][] = [];
  const replaced: Array<Array<{ old: RawEntry; entry: RawEntry }>> = [];
  const pendingSeen: number[] = [];
  const timers: Array<{ fn: () => void; ms: number; live: boolean }> = [];
  const reads: Array<() => void> = [];
  let clock = 0;
  const settler = new LateResponseSettler({
    readHar: () =>
      new Promise((resolve, reject) => {
        reads.push(() => {
          const r = harEntries();
          if (r instanceof Error) reject(r);
          else resolve(r);
        });
      }),
    deliver: (entries) => void delivered.push(entries),
    replace: (pairs) => void replaced.push(pairs),
    pending: (n) => void pendingSeen.push(n),
    setTimer: (fn, ms) => {
      const t = { fn, ms, live: true };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => {
      (t as { live: boolean }).live = false;
    },
    now: () => clock,
  });
  /** Fires the armed timer, the clock moving on by its delay first. */
  const fire = () => {
    const t = timers.find((x) => x.live);
    if (!t) throw new Error('no timer armed');
    t.live = false;
    clock += t.ms;
    t.fn();
  };
  const advance = (ms: number) => {
    clock += ms;
  };
  const answer = async (tookMs = 0) => {
    const r = reads.shift();
    if (!r) throw new Error('no read in flight');
    clock += tookMs;
    r();
    // Let the settler's await resume.
    await Promise.resolve();
    await Promise.resolve();
  };
  return { settler, delivered, replaced, pendingSeen, timers, reads, fire, answer, advance };
}

describe('readHar', () => {
  it('works with a getHAR that only calls back (Chromium 150 returns undefined)', async () => {
    const entries = await readHar((cb) => {
      cb?.({ entries: [entry('https://a/1', 200)] });
      return undefined;
    });
    expect(entries).toHaveLength(1);
  });

  it('works with a getHAR that returns a promise and ignores the callback', async () => {
    const entries = await readHar(() => Promise.resolve({ entries: [entry('https://a/1', 200), entry('https://a/2', 204)] }));
    expect(entries).toHaveLength(2);
  });

  it('takes the first answer when a getHAR both calls back and returns a promise', async () => {
    const entries = await readHar((cb) => {
      cb?.({ entries: [entry('https://a/1', 200)] });
      return Promise.resolve({ entries: [] });
    });
    expect(entries).toHaveLength(1);
  });

  it('gives an empty list for a log without entries, and rejects when getHAR throws', async () => {
    expect(await readHar((cb) => cb?.({}))).toEqual([]);
    expect(await readHar((cb) => cb?.(null))).toEqual([]);
    await expect(
      readHar(() => {
        throw new Error('Extension context invalidated');
      }),
    ).rejects.toThrow('Extension context invalidated');
  });
});

describe('mayBeIncomplete', () => {
  it('holds only failed entries without a status', () => {
    expect(mayBeIncomplete(entry('https://a/1', 0, 'net::ERR_FAILED'))).toBe(true);
    expect(mayBeIncomplete({ ...entry('https://a/1', 0), _error: 'net::ERR_FAILED' })).toBe(true);
    expect(mayBeIncomplete(entry('https://a/1', 500, 'net::ERR_FAILED'))).toBe(false);
    expect(mayBeIncomplete(entry('https://a/1', 200))).toBe(false);
    expect(mayBeIncomplete({})).toBe(false);
  });
});

describe('LateResponseSettler', () => {
  const status = (e: RawEntry) => (e.response as { status: number }).status;
  const url = (e: RawEntry) => (e.request as { url: string }).url;

  it('delivers every entry at once, and reads the HAR again only for failures without a status', () => {
    const r = rig();
    r.settler.offer([entry('https://a/ok', 200), entry('https://a/blocked', 403, 'net::ERR_FAILED')]);
    expect(r.delivered).toHaveLength(1);
    expect(r.delivered[0]).toHaveLength(2);
    expect(r.timers).toHaveLength(0);
    expect(r.pendingSeen).toEqual([]);
  });

  it('replaces a status-less failure with the copy DevTools completed meanwhile', async () => {
    const late = entry('https://a/late', 0, 'net::ERR_FAILED');
    const r = rig(() => [entry('https://a/other', 200), entry('https://a/late', 500, 'net::ERR_FAILED')]);
    r.settler.offer([late]);
    // Shown at once, as it came; the re-read is due a window later.
    expect(r.delivered).toEqual([[late]]);
    expect(r.settler.pending).toBe(1);
    expect(r.pendingSeen).toEqual([1]);
    expect(r.timers[0]!.ms).toBe(SETTLE_MS);
    r.fire();
    await r.answer();
    expect(r.replaced).toHaveLength(1);
    const { old, entry: fuller } = r.replaced[0]![0]!;
    expect(old).toBe(late);
    expect(status(fuller)).toBe(500);
    expect((fuller.response as { headers: unknown[] }).headers).toHaveLength(1);
    expect(r.settler.pending).toBe(0);
    expect(r.pendingSeen).toEqual([1, 0]);
  });

  it('leaves a request that really was never sent as it is, after SETTLE_READS reads', async () => {
    expect(SETTLE_READS).toBe(2);
    const r = rig(() => [entry('https://a/unsent', 0, 'net::ERR_FAILED')]);
    r.settler.offer([entry('https://a/unsent', 0, 'net::ERR_FAILED')]);
    r.fire();
    await r.answer();
    // Still status-less: held for one more read, a window later.
    expect(r.settler.pending).toBe(1);
    r.fire();
    await r.answer();
    expect(r.replaced).toHaveLength(0);
    expect(r.settler.pending).toBe(0);
    expect(r.timers.filter((t) => t.live)).toHaveLength(0);
  });

  it('finds a status that DevTools filled in only by the second read', async () => {
    let reads = 0;
    const r = rig(() => (++reads === 1 ? [entry('https://a/redirected', 0, 'net::ERR_INVALID_REDIRECT')] : [entry('https://a/redirected', 301, 'net::ERR_INVALID_REDIRECT')]));
    const first = entry('https://a/redirected', 0, 'net::ERR_INVALID_REDIRECT');
    r.settler.offer([first]);
    r.fire();
    await r.answer();
    expect(r.replaced).toHaveLength(0);
    r.fire();
    await r.answer();
    expect(r.replaced).toHaveLength(1);
    expect(r.replaced[0]![0]!.old).toBe(first);
    expect(status(r.replaced[0]![0]!.entry)).toBe(301);
    expect(r.settler.pending).toBe(0);
  });

  it('keeps what arrived when the re-read fails or no longer lists the entry', async () => {
    const failing = rig(() => new Error('getHAR failed'));
    failing.settler.offer([entry('https://a/1', 0, 'net::ERR_FAILED')]);
    for (let i = 0; i < SETTLE_READS; i++) {
      failing.fire();
      await failing.answer();
    }
    expect(failing.delivered).toHaveLength(1);
    expect(failing.replaced).toHaveLength(0);
    expect(failing.settler.pending).toBe(0);

    const gone = rig(() => []);
    gone.settler.offer([entry('https://a/1', 0, 'net::ERR_FAILED')]);
    for (let i = 0; i < SETTLE_READS; i++) {
      gone.fire();
      await gone.answer();
    }
    expect(gone.replaced).toHaveLength(0);
    expect(gone.settler.pending).toBe(0);
  });

  it('reads once for a burst, and entries arriving during a read wait for the next one', async () => {
    const r = rig(() => [entry('https://a/1', 429, 'net::ERR_FAILED'), entry('https://a/2', 429, 'net::ERR_FAILED'), entry('https://a/3', 429, 'net::ERR_FAILED')]);
    r.settler.offer([entry('https://a/1', 0, 'net::ERR_FAILED')]);
    r.settler.offer([entry('https://a/2', 0, 'net::ERR_FAILED')]);
    expect(r.timers.filter((t) => t.live)).toHaveLength(1);
    r.fire();
    r.settler.offer([entry('https://a/3', 0, 'net::ERR_FAILED')]);
    // No second timer while the read is in flight; the one in flight still counts as pending.
    expect(r.timers.filter((t) => t.live)).toHaveLength(0);
    expect(r.settler.pending).toBe(3);
    await r.answer(100);
    expect(r.replaced[0]!.map((p) => url(p.entry))).toEqual(['https://a/1', 'https://a/2']);
    // The next window stretches to four times the last read's duration.
    const next = r.timers.filter((t) => t.live);
    expect(next).toHaveLength(1);
    expect(next[0]!.ms).toBe(400);
    r.fire();
    await r.answer();
    expect(r.replaced[1]!.map((p) => url(p.entry))).toEqual(['https://a/3']);
  });

  it('holds an entry that arrives late in a window for the next read, so each waits at least half a window', async () => {
    const r = rig(() => [entry('https://a/early', 502, 'net::ERR_FAILED'), entry('https://a/late', 502, 'net::ERR_FAILED')]);
    r.settler.offer([entry('https://a/early', 0, 'net::ERR_FAILED')]);
    r.advance(SETTLE_MS - 10);
    r.settler.offer([entry('https://a/late', 0, 'net::ERR_FAILED')]);
    // The window closes 10 ms after the late entry arrived: only the early one is read.
    const t = r.timers.find((x) => x.live)!;
    t.live = false;
    r.advance(10);
    t.fn();
    await r.answer();
    expect(r.replaced[0]!.map((p) => url(p.entry))).toEqual(['https://a/early']);
    expect(r.settler.pending).toBe(1);
    // The late one gets a window of its own.
    r.fire();
    await r.answer();
    expect(r.replaced[1]!.map((p) => url(p.entry))).toEqual(['https://a/late']);
    expect(r.settler.pending).toBe(0);
  });

  it('gives each of two identical requests its own completed copy', async () => {
    const r = rig(() => [entry('https://a/same', 502, 'net::ERR_FAILED'), entry('https://a/same', 502, 'net::ERR_FAILED')]);
    const a = entry('https://a/same', 0, 'net::ERR_FAILED');
    const b = entry('https://a/same', 0, 'net::ERR_FAILED');
    r.settler.offer([a, b]);
    r.fire();
    await r.answer();
    const pairs = r.replaced[0]!;
    expect(pairs.map((p) => p.old)).toEqual([a, b]);
    expect(pairs[0]!.entry).not.toBe(pairs[1]!.entry);
  });

  it('forgets waiting entries when the capture is cleared, including a batch whose read is in flight', async () => {
    const r = rig(() => [entry('https://a/1', 500, 'net::ERR_FAILED')]);
    r.settler.offer([entry('https://a/1', 0, 'net::ERR_FAILED')]);
    r.settler.discard();
    expect(r.settler.pending).toBe(0);
    expect(r.pendingSeen.at(-1)).toBe(0);
    expect(r.timers.filter((t) => t.live)).toHaveLength(0);

    r.settler.offer([entry('https://a/1', 0, 'net::ERR_FAILED')]);
    r.fire();
    r.settler.discard();
    await r.answer();
    expect(r.replaced).toHaveLength(0);
    expect(r.settler.pending).toBe(0);
  });
});
