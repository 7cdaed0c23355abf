import { describe, it, expect } from 'vitest';
import { LateResponseSettler, SETTLE_MS, mayBeIncomplete, readHar } from '../../../src/capture/settle';
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
    deliver: (entries) => delivered.push(entries),
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
  return { settler, delivered, timers, reads, fire, answer, advance };
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
  it('passes entries with a status straight through, without reading the HAR', () => {
    const r = rig();
    r.settler.offer([entry('https://a/ok', 200), entry('https://a/blocked', 403, 'net::ERR_FAILED')]);
    expect(r.delivered).toHaveLength(1);
    expect(r.delivered[0]).toHaveLength(2);
    expect(r.timers).toHaveLength(0);
  });

  it('replaces a status-less failure with the copy DevTools completed meanwhile', async () => {
    const late = entry('https://a/late', 0, 'net::ERR_FAILED');
    const r = rig(() => [entry('https://a/other', 200), entry('https://a/late', 500, 'net::ERR_FAILED')]);
    r.settler.offer([late]);
    expect(r.delivered).toHaveLength(0);
    expect(r.settler.pending).toBe(1);
    expect(r.timers[0]!.ms).toBe(SETTLE_MS);
    r.fire();
    await r.answer();
    expect(r.delivered).toHaveLength(1);
    const got = r.delivered[0]![0]!;
    expect((got.response as { status: number }).status).toBe(500);
    expect((got.response as { headers: unknown[] }).headers).toHaveLength(1);
  });

  it('delivers a request that really was never sent unchanged, once the re-read confirms it', async () => {
    const unsent = entry('https://a/unsent', 0, 'net::ERR_FAILED');
    const r = rig(() => [entry('https://a/unsent', 0, 'net::ERR_FAILED')]);
    r.settler.offer([unsent]);
    r.fire();
    await r.answer();
    expect(r.delivered).toEqual([[unsent]]);
  });

  it('never drops what arrived: a failed read or an entry gone from the HAR delivers the original', async () => {
    const a = entry('https://a/1', 0, 'net::ERR_FAILED');
    const failing = rig(() => new Error('getHAR failed'));
    failing.settler.offer([a]);
    failing.fire();
    await failing.answer();
    expect(failing.delivered).toEqual([[a]]);

    const gone = rig(() => []);
    gone.settler.offer([a]);
    gone.fire();
    await gone.answer();
    expect(gone.delivered).toEqual([[a]]);
  });

  it('reads once for a burst, and entries arriving during a read wait for the next one', async () => {
    const r = rig(() => []);
    r.settler.offer([entry('https://a/1', 0, 'net::ERR_FAILED')]);
    r.settler.offer([entry('https://a/2', 0, 'net::ERR_FAILED')]);
    expect(r.timers.filter((t) => t.live)).toHaveLength(1);
    r.fire();
    r.settler.offer([entry('https://a/3', 0, 'net::ERR_FAILED')]);
    // No second timer while the read is in flight.
    expect(r.timers.filter((t) => t.live)).toHaveLength(0);
    await r.answer(100);
    expect(r.delivered[0]).toHaveLength(2);
    // The next window stretches to four times the last read's duration.
    const next = r.timers.filter((t) => t.live);
    expect(next).toHaveLength(1);
    expect(next[0]!.ms).toBe(400);
    r.fire();
    await r.answer();
    expect(r.delivered[1]).toHaveLength(1);
  });

  it('holds an entry that arrives late in a window for the next read, so each waits at least half a window', async () => {
    const r = rig(() => []);
    r.settler.offer([entry('https://a/early', 0, 'net::ERR_FAILED')]);
    r.advance(SETTLE_MS - 10);
    r.settler.offer([entry('https://a/late', 0, 'net::ERR_FAILED')]);
    // The window closes 10 ms after the late entry arrived: only the early one is read.
    const t = r.timers.find((x) => x.live)!;
    t.live = false;
    r.advance(10);
    t.fn();
    await r.answer();
    expect(r.delivered).toHaveLength(1);
    expect((r.delivered[0]![0]!.request as { url: string }).url).toBe('https://a/early');
    expect(r.settler.pending).toBe(1);
    // The late one gets a window of its own.
    r.fire();
    await r.answer();
    expect((r.delivered[1]![0]!.request as { url: string }).url).toBe('https://a/late');
    expect(r.settler.pending).toBe(0);
  });

  it('gives each of two identical requests its own completed copy', async () => {
    const r = rig(() => [entry('https://a/same', 502, 'net::ERR_FAILED'), entry('https://a/same', 502, 'net::ERR_FAILED')]);
    r.settler.offer([entry('https://a/same', 0, 'net::ERR_FAILED'), entry('https://a/same', 0, 'net::ERR_FAILED')]);
    r.fire();
    await r.answer();
    expect(r.delivered[0]!.map((e) => (e.response as { status: number }).status)).toEqual([502, 502]);
  });

  it('forgets held entries when the capture is cleared, including a batch whose read is in flight', async () => {
    const r = rig(() => [entry('https://a/1', 500, 'net::ERR_FAILED')]);
    r.settler.offer([entry('https://a/1', 0, 'net::ERR_FAILED')]);
    r.settler.discard();
    expect(r.settler.pending).toBe(0);
    expect(r.timers.filter((t) => t.live)).toHaveLength(0);

    r.settler.offer([entry('https://a/1', 0, 'net::ERR_FAILED')]);
    r.fire();
    r.settler.discard();
    await r.answer();
    expect(r.delivered).toHaveLength(0);
  });
});
