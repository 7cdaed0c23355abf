import { describe, it, expect } from 'vitest';
import { CaptureBuffer, entryKey } from '../../../src/capture/buffer';
import type { HostMessage, RawEntry } from '../../../src/shared/messages';

function entry(i: number, url = `https://api.example.com/r/${i}`): RawEntry {
  return {
    startedDateTime: new Date(1_700_000_000_000 + i).toISOString(),
    time: 5,
    request: { method: 'GET', url, headers: [] },
    response: { status: 200, headers: [] },
  };
}

describe('CaptureBuffer', () => {
  it('sends a snapshot of what it already holds to a late subscriber, then live updates', () => {
    const b = new CaptureBuffer(10);
    b.add([entry(1), entry(2)]);
    const got: HostMessage[] = [];
    b.subscribe((m) => got.push(m));
    expect(got[0]).toMatchObject({ type: 'snapshot', status: { held: 2, dropped: 0 } });
    expect(got[0]!.type === 'snapshot' && got[0]!.entries).toHaveLength(2);
    b.add([entry(3)]);
    expect(got[1]).toMatchObject({ type: 'entries', status: { held: 3 } });
  });

  it('keeps one copy of an entry delivered by both getHAR() and onRequestFinished', () => {
    const b = new CaptureBuffer(10);
    const e = entry(1);
    b.add([e]);
    b.add([{ ...e }]);
    expect(b.status().held).toBe(1);
    expect(entryKey(e)).toBe(entryKey({ ...e }));
  });

  it('drops the oldest entries at the cap and counts them', () => {
    const b = new CaptureBuffer(3);
    const got: HostMessage[] = [];
    b.add([entry(1), entry(2), entry(3), entry(4), entry(5)]);
    b.subscribe((m) => got.push(m));
    const snap = got[0]!;
    expect(snap.type).toBe('snapshot');
    if (snap.type !== 'snapshot') return;
    expect(snap.entries.map((e) => (e.request as { url: string }).url)).toEqual([
      'https://api.example.com/r/3',
      'https://api.example.com/r/4',
      'https://api.example.com/r/5',
    ]);
    expect(snap.status).toMatchObject({ held: 3, dropped: 2, cap: 3 });
    // A dropped entry that arrives again is new again, not a duplicate.
    b.add([entry(1)]);
    expect(b.status()).toMatchObject({ held: 3, dropped: 3 });
  });

  it('past a large cap, drops the oldest a twentieth of the cap at a time', () => {
    const b = new CaptureBuffer(100);
    b.add(Array.from({ length: 100 }, (_, i) => entry(i)));
    expect(b.status()).toMatchObject({ held: 100, dropped: 0 });
    b.add([entry(100)]);
    expect(b.status()).toMatchObject({ held: 95, dropped: 6 });
    const urls: string[] = [];
    b.subscribe((m) => m.type === 'snapshot' && urls.push(...m.entries.map((e) => (e.request as { url: string }).url)));
    expect(urls[0]).toBe('https://api.example.com/r/6');
    expect(urls.at(-1)).toBe('https://api.example.com/r/100');
  });

  it('clears on navigation unless preserve log is on', () => {
    const b = new CaptureBuffer(10);
    const got: HostMessage[] = [];
    b.subscribe((m) => got.push(m));
    b.add([entry(1)]);
    b.send({ type: 'set-preserve-log', value: true });
    b.navigated('https://app.example.com/next');
    expect(b.status().held).toBe(1);
    b.send({ type: 'set-preserve-log', value: false });
    b.navigated('https://app.example.com/again');
    expect(b.status()).toMatchObject({ held: 0, pageUrl: 'https://app.example.com/again' });
    expect(got.at(-1)).toMatchObject({ type: 'cleared', reason: 'navigation' });
  });

  it('a user clear empties the buffer and resets the dropped count', () => {
    const b = new CaptureBuffer(2);
    b.add([entry(1), entry(2), entry(3)]);
    b.send({ type: 'clear' });
    expect(b.status()).toMatchObject({ held: 0, dropped: 0 });
  });

  it('a failing listener is removed instead of stalling capture', () => {
    const b = new CaptureBuffer(10);
    let calls = 0;
    b.subscribe((m) => {
      if (m.type !== 'snapshot') {
        calls++;
        throw new Error('panel closed');
      }
    });
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      b.add([entry(1)]);
      b.add([entry(2)]);
    } finally {
      console.warn = warn;
    }
    expect(calls).toBe(1);
    expect(b.status().held).toBe(2);
  });
});

describe('CaptureBuffer.replace and settling', () => {
  it('swaps a held entry for its fuller copy in place, tells subscribers, and skips what it no longer holds', () => {
    const b = new CaptureBuffer(10);
    const first = entry(1);
    const other = entry(2);
    b.add([first, other]);
    const got: HostMessage[] = [];
    b.subscribe((m) => got.push(m));
    const fuller = { ...first, time: 9, response: { status: 500, headers: [{ name: 'Server', value: 'nginx' }] } };
    b.replace([
      { old: first, entry: fuller },
      { old: entry(7), entry: entry(8) },
    ]);
    const replaced = got.find((m) => m.type === 'replaced');
    expect(replaced && replaced.type === 'replaced' && replaced.entries).toEqual([{ old: first, entry: fuller }]);
    const snap: HostMessage[] = [];
    b.subscribe((m) => snap.push(m));
    expect(snap[0]!.type === 'snapshot' && snap[0]!.entries).toEqual([fuller, other]);
    // The fuller copy is now the one a duplicate delivery is checked against.
    b.add([{ ...fuller }]);
    expect(b.status().held).toBe(2);
  });

  it('reports how many entries wait for a re-read, once per change', () => {
    const b = new CaptureBuffer(10);
    const got: HostMessage[] = [];
    b.subscribe((m) => got.push(m));
    b.setSettling(2);
    b.setSettling(2);
    b.setSettling(0);
    expect(got.filter((m) => m.type === 'status').map((m) => m.status.settling)).toEqual([2, 0]);
  });
});

describe('CaptureBuffer: statuses that may be late', () => {
  it('marks held entries, counts them in the status, hands them to a late subscriber, and unmarks them when replaced, dropped or cleared', () => {
    const b = new CaptureBuffer(3);
    const [e1, e2, e3] = [entry(1), entry(2), entry(3)];
    b.add([e1, e2]);
    const got: HostMessage[] = [];
    b.subscribe((m) => got.push(m));
    // An entry the buffer does not hold is left out.
    b.setLate([e1, e2, entry(99)], []);
    expect(got.at(-1)).toMatchObject({ type: 'late', add: [e1, e2], remove: [], status: { late: 2 } });
    const snap: HostMessage[] = [];
    b.subscribe((m) => snap.push(m));
    expect(snap[0]!.type === 'snapshot' && snap[0]!.late).toEqual([e1, e2]);
    b.replace([{ old: e2, entry: { ...e2, response: { status: 502, headers: [] } } }]);
    expect(b.status().late).toBe(1);
    // At the cap the oldest entry (e1) is dropped, and its mark with it.
    b.add([e3, entry(4)]);
    expect(b.status().late).toBe(0);
    b.setLate([e3], []);
    b.clear('user');
    expect(b.status().late).toBe(0);
  });

  it('runs the re-read hook on a reread command', () => {
    const b = new CaptureBuffer(3);
    let asked = 0;
    b.onReread = () => void asked++;
    b.send({ type: 'reread' });
    expect(asked).toBe(1);
  });
});

describe('isFinished', () => {
  it('tells a request still in flight from a finished or failed one', async () => {
    const { isFinished } = await import('../../../src/capture/buffer');
    expect(isFinished({ request: {}, response: { status: 0, headers: [] } })).toBe(false);
    expect(isFinished({ request: {}, response: { status: 429, headers: [] } })).toBe(true);
    expect(isFinished({ request: {}, response: { status: 0, _error: 'net::ERR_FAILED' } })).toBe(true);
    expect(isFinished({ request: {}, _error: 'net::ERR_CONNECTION_REFUSED', response: { status: 0 } })).toBe(true);
  });
});
