import { describe, it, expect } from 'vitest';
import { DEFAULT_LOG_LIMIT, LateResponseSettler, READ_BUDGET_MS, READ_SPACING, SETTLE_MS, SETTLE_READS, readHar } from '../../../src/capture/settle';
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
function rig(harEntries: () => RawEntry[] | Error = () => [], opts: { visible?: boolean; cap?: number } = {}) {
  const delivered: RawEntry[][] = [];
  const late: Array<{ add: RawEntry[]; remove: RawEntry[] }> = [];
  const replaced: Array<Array<{ old: RawEntry; entry: RawEntry }>> = [];
  const pendingSeen: number[] = [];
  const timers: Array<{ fn: () => void; ms: number; live: boolean }> = [];
  const reads: Array<() => void> = [];
  let clock = 0;
  const settler = new LateResponseSettler(
    {
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
      late: (add, remove) => void late.push({ add, remove }),
      setTimer: (fn, ms) => {
        const t = { fn, ms, live: true };
        timers.push(t);
        return t;
      },
      clearTimer: (t) => {
        (t as { live: boolean }).live = false;
      },
      now: () => clock,
    },
    { cap: opts.cap },
  );
  // Most tests are about what happens while the CORS tab is shown.
  if (opts.visible ?? true) settler.setVisible(true);
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
  return { settler, delivered, replaced, pendingSeen, late, timers, reads, fire, answer, advance };
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

const status = (e: RawEntry) => (e.response as { status: number }).status;
const url = (e: RawEntry) => (e.request as { url: string }).url;

describe('LateResponseSettler', () => {
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
    const r = rig(() =>
      ++reads === 1 ? [entry('https://a/redirected', 0, 'net::ERR_INVALID_REDIRECT')] : [entry('https://a/redirected', 301, 'net::ERR_INVALID_REDIRECT')],
    );
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
    const r = rig(() => [
      entry('https://a/1', 429, 'net::ERR_FAILED'),
      entry('https://a/2', 429, 'net::ERR_FAILED'),
      entry('https://a/3', 429, 'net::ERR_FAILED'),
    ]);
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
    // The next window stretches to READ_SPACING times the last read's duration.
    const next = r.timers.filter((t) => t.live);
    expect(next).toHaveLength(1);
    expect(next[0]!.ms).toBe(100 * READ_SPACING);
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

/** A preflight entry as Chromium records it, asking for POST with a content-type header. */
function preflight(url: string, status: number, responseHeaders: Array<[string, string]>, start = '2026-12-01T12:00:00.001Z', error?: string): RawEntry {
  return {
    startedDateTime: start,
    time: 3,
    _resourceType: 'preflight',
    _initiator: { type: 'preflight', url, requestId: '1.1' },
    request: {
      method: 'OPTIONS',
      url,
      headers: [
        { name: 'Origin', value: 'https://app.example' },
        { name: 'Access-Control-Request-Method', value: 'POST' },
        { name: 'Access-Control-Request-Headers', value: 'content-type' },
      ],
    },
    response: { status, headers: responseHeaders.map(([name, value]) => ({ name, value })), ...(error ? { _error: error } : {}) },
  };
}

const PASSING: Array<[string, string]> = [
  ['Access-Control-Allow-Origin', 'https://app.example'],
  ['Access-Control-Allow-Methods', 'GET, POST'],
  ['Access-Control-Allow-Headers', 'Content-Type'],
];

describe('LateResponseSettler: what it reads, and when (issue 11)', () => {
  it('reads nothing while the CORS tab is hidden (it only judges), reads once it is shown, and stops again when hidden', async () => {
    const r = rig(() => [entry('https://a/late', 500, 'net::ERR_FAILED')], { visible: false });
    r.settler.offer([entry('https://a/late', 0, 'net::ERR_FAILED'), entry('https://a/refused', 0, 'net::ERR_CONNECTION_REFUSED')]);
    expect(r.settler.pending).toBe(2);
    // Judging costs DevTools nothing, so it runs while hidden: the refused connection is let go.
    r.fire();
    expect(r.reads).toHaveLength(0);
    expect(r.settler.pending).toBe(1);
    // The candidate waits for the tab, with no timer running meanwhile.
    expect(r.timers.filter((t) => t.live)).toHaveLength(0);
    r.advance(60_000);
    r.settler.setVisible(true);
    r.fire();
    await r.answer();
    expect(r.replaced).toHaveLength(1);
    expect(r.settler.pending).toBe(0);

    r.advance(10_000);
    r.settler.offer([entry('https://a/late', 0, 'net::ERR_FAILED', '2026-12-01T12:00:05.000Z')]);
    r.settler.setVisible(false);
    r.fire();
    expect(r.reads).toHaveLength(0);
    expect(r.settler.pending).toBe(1);
  });

  it('keeps READ_SPACING times the last read between reads, even across hiding and showing the tab', async () => {
    const r = rig(() => []);
    r.settler.offer([entry('https://a/1', 0, 'net::ERR_FAILED')]);
    r.fire();
    await r.answer(50);
    // https://a/1 is held for its second read, due 50 ms x READ_SPACING after the first.
    r.settler.setVisible(false);
    r.settler.setVisible(true);
    expect(r.timers.filter((t) => t.live)[0]!.ms).toBe(50 * READ_SPACING);
  });

  it('does not read for a request its failed preflight stopped, whichever arrived first', () => {
    for (const order of ['preflight-first', 'request-first'] as const) {
      const r = rig(() => [entry('https://a/x', 500, 'net::ERR_FAILED')]);
      const req = entry('https://a/x', 0, 'net::ERR_FAILED');
      const pf = preflight('https://a/x', 403, [['x-amzn-ErrorType', 'ForbiddenException']]);
      r.settler.offer(order === 'preflight-first' ? [pf] : [req]);
      r.settler.offer(order === 'preflight-first' ? [req] : [pf]);
      r.fire();
      expect(r.reads, order).toHaveLength(0);
      expect(r.settler.pending, order).toBe(0);
      expect(
        r.timers.filter((t) => t.live),
        order,
      ).toHaveLength(0);
    }
  });

  it('does not read for a failure before any response (connection refused, DNS, an extension blocking it)', () => {
    const r = rig();
    r.settler.offer([
      entry('https://a/1', 0, 'net::ERR_CONNECTION_REFUSED'),
      entry('https://a/2', 0, 'net::ERR_NAME_NOT_RESOLVED'),
      entry('https://a/3', 0, 'net::ERR_BLOCKED_BY_CLIENT'),
    ]);
    r.fire();
    expect(r.reads).toHaveLength(0);
    expect(r.settler.pending).toBe(0);
  });

  it('reads for a request that failed behind a passing preflight, and for a simple request (its own response may be late)', async () => {
    const r = rig(() => [entry('https://a/behind', 500, 'net::ERR_FAILED'), entry('https://a/simple', 429, 'net::ERR_FAILED', '2026-12-01T12:00:01.000Z')]);
    r.settler.offer([preflight('https://a/behind', 204, PASSING), entry('https://a/behind', 0, 'net::ERR_FAILED')]);
    r.settler.offer([entry('https://a/simple', 0, 'net::ERR_FAILED', '2026-12-01T12:00:01.000Z')]);
    r.fire();
    await r.answer();
    expect(r.replaced[0]!.map((p) => url(p.entry))).toEqual(['https://a/behind', 'https://a/simple']);
  });

  it('reads for a preflight whose own status is missing, and for its request with it', async () => {
    const r = rig(() => [preflight('https://a/p', 301, [['Location', 'https://b/']], undefined, 'net::ERR_INVALID_REDIRECT')]);
    r.settler.offer([preflight('https://a/p', 0, [], undefined, 'net::ERR_INVALID_REDIRECT'), entry('https://a/p', 0, 'net::ERR_FAILED')]);
    r.fire();
    expect(r.settler.pending).toBe(2);
    await r.answer();
    expect(r.replaced[0]!.map((p) => status(p.entry))).toEqual([301]);
  });

  it("with DevTools' log beyond the limit, reads nothing, reports the entries as late, and reads them all when asked", async () => {
    const filler = Array.from({ length: DEFAULT_LOG_LIMIT + 1 }, (_, i) => entry(`https://a/ok${i}`, 200));
    const r = rig(() => [...filler, entry('https://a/late', 502, 'net::ERR_FAILED')]);
    r.settler.offer(filler);
    const late = entry('https://a/late', 0, 'net::ERR_FAILED');
    r.settler.offer([late]);
    r.fire();
    expect(r.reads).toHaveLength(0);
    expect(r.late).toEqual([{ add: [late], remove: [] }]);
    expect(r.settler.late).toBe(1);
    expect(r.settler.pending).toBe(0);
    expect(r.timers.filter((t) => t.live)).toHaveLength(0);

    r.settler.rereadNow();
    expect(r.reads).toHaveLength(1);
    expect(r.settler.pending).toBe(1);
    await r.answer();
    expect(r.replaced).toHaveLength(1);
    expect(r.replaced[0]![0]!.old).toBe(late);
    expect(r.late[1]).toEqual({ add: [], remove: [late] });
    expect(r.settler.late).toBe(0);
    // One read settles a manual request: nothing is held for another.
    expect(r.settler.pending).toBe(0);
  });

  it('learns the cost of a read per entry and lowers the limit so a read stays under the budget', async () => {
    const log = Array.from({ length: 300 }, (_, i) => entry(`https://a/ok${i}`, 200));
    const r = rig(() => log);
    r.settler.offer(log.slice(0, 10));
    r.settler.offer([entry('https://a/1', 0, 'net::ERR_FAILED')]);
    r.fire();
    // 300 entries in 60 ms: 0.2 ms each, so a read may cover READ_BUDGET_MS / 0.2 entries.
    await r.answer(60);
    expect(r.settler.estimatedLogSize).toBe(300);
    expect(r.settler.logLimit).toBe(Math.floor(READ_BUDGET_MS / 0.2));
    // The estimate follows the log: after the next 100 entries it is beyond the limit.
    r.settler.offer(Array.from({ length: 100 }, (_, i) => entry(`https://a/more${i}`, 200)));
    r.fire(); // the second read of https://a/1 (still status-less)
    expect(r.reads).toHaveLength(0);
    expect(r.settler.late).toBe(1);
  });

  it('never starts a second read while one is in flight: a manual request waits for it', async () => {
    const r = rig(() => [entry('https://a/1', 500, 'net::ERR_FAILED'), entry('https://a/2', 500, 'net::ERR_FAILED', '2026-12-01T12:00:01.000Z')]);
    r.settler.offer([entry('https://a/1', 0, 'net::ERR_FAILED')]);
    r.fire();
    expect(r.reads).toHaveLength(1);
    r.settler.offer([entry('https://a/2', 0, 'net::ERR_FAILED', '2026-12-01T12:00:01.000Z')]);
    r.settler.rereadNow();
    expect(r.reads).toHaveLength(1);
    await r.answer();
    // The manual read starts as soon as the first one is done.
    expect(r.reads).toHaveLength(1);
    await r.answer();
    expect(r.replaced.flat().map((p) => url(p.entry))).toEqual(['https://a/1', 'https://a/2']);
  });

  it('a navigation starts a new log size estimate', () => {
    const r = rig();
    r.settler.offer(Array.from({ length: 50 }, (_, i) => entry(`https://a/ok${i}`, 200)));
    expect(r.settler.estimatedLogSize).toBe(50);
    r.settler.navigated();
    expect(r.settler.estimatedLogSize).toBe(0);
  });

  it('holds no more entries than the capture cap while hidden', () => {
    const r = rig(() => [], { visible: false, cap: 10 });
    for (let i = 0; i < 25; i++) r.settler.offer([entry(`https://a/${i}`, 0, 'net::ERR_FAILED')]);
    expect(r.settler.pending).toBe(10);
  });
});
