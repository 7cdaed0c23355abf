import { describe, it, expect, vi, afterEach } from 'vitest';
import { PanelStore } from '../../../panel/store';
import { CaptureBuffer } from '../../../src/capture/buffer';
import type { RawEntry } from '../../../src/shared/messages';

function entry(i: number): RawEntry {
  return {
    startedDateTime: new Date(1_700_000_000_000 + i * 10).toISOString(),
    time: 5,
    request: { method: 'GET', url: `https://api.example.com/r/${i}`, headers: [{ name: 'Origin', value: 'https://app.example.com' }] },
    response: { status: 200, headers: [{ name: 'Access-Control-Allow-Origin', value: 'https://app.example.com' }] },
  };
}

afterEach(() => vi.useRealTimers());

describe('PanelStore', () => {
  it('analyses what the host held before the panel attached, then live entries, in batches', () => {
    vi.useFakeTimers();
    const host = new CaptureBuffer(100);
    host.add([entry(1), entry(2)]);
    const store = new PanelStore();
    let changes = 0;
    store.onChange(() => changes++);
    store.attach(host);
    host.add([entry(3)]);
    host.add([entry(4)]);
    expect(changes).toBe(0);
    vi.runAllTimers();
    expect(changes).toBe(1);
    expect(store.analysis.exchanges.map((x) => x.url)).toEqual([1, 2, 3, 4].map((i) => `https://api.example.com/r/${i}`));
    expect(store.analysis.exchanges.every((x) => x.verdict === 'ok')).toBe(true);
  });

  it('stays bounded by the host cap and keeps raw entries aligned with the analysis', () => {
    vi.useFakeTimers();
    const host = new CaptureBuffer(3);
    const store = new PanelStore();
    store.attach(host);
    host.add([entry(1), entry(2), entry(3), entry(4), entry(5)]);
    vi.runAllTimers();
    expect(store.rawEntries()).toHaveLength(3);
    expect(store.analysis.exchanges.map((x) => x.url)).toEqual([3, 4, 5].map((i) => `https://api.example.com/r/${i}`));
    expect(store.status).toMatchObject({ held: 3, dropped: 2 });
  });

  it('notes an unreadable entry instead of dropping it silently, and empties on clear', () => {
    vi.useFakeTimers();
    const host = new CaptureBuffer(10);
    const store = new PanelStore();
    store.attach(host);
    host.add([entry(1), { startedDateTime: 'x', nonsense: true }]);
    vi.runAllTimers();
    expect(store.analysis.exchanges).toHaveLength(1);
    expect(store.analysis.notes.join(' ')).toMatch(/no request/i);
    host.send({ type: 'clear' });
    vi.runAllTimers();
    expect(store.analysis.exchanges).toHaveLength(0);
    expect(store.rawEntries()).toHaveLength(0);
  });

  it('re-analyses an entry replaced by its fuller copy, under the same pair id', () => {
    vi.useFakeTimers();
    const host = new CaptureBuffer(10);
    const store = new PanelStore();
    store.attach(host);
    const blocked: RawEntry = {
      ...entry(1),
      request: { method: 'POST', url: 'https://api.example.com/orders', headers: [{ name: 'Origin', value: 'https://app.example.com' }] },
      response: { status: 0, headers: [], _error: 'net::ERR_FAILED' },
    };
    host.add([blocked]);
    vi.runAllTimers();
    const before = store.analysis.exchanges[0]!;
    expect(before.actual?.status).toBe(0);
    host.replace([
      { old: blocked, entry: { ...blocked, response: { status: 500, headers: [{ name: 'Server', value: 'nginx/1.24.0' }], _error: 'net::ERR_FAILED' } } },
    ]);
    vi.runAllTimers();
    const after = store.analysis.exchanges[0]!;
    expect(after.id).toBe(before.id);
    expect(after.actual?.status).toBe(500);
    expect(after.hiddenStatus).toMatchObject({ status: 500, basis: 'observed' });
    expect(store.rawEntries()).toHaveLength(1);
  });

  it('knows which rows may have a late status, and asks the host to re-read them', () => {
    vi.useFakeTimers();
    const host = new CaptureBuffer(10);
    const a = entry(1);
    const b = entry(2);
    host.add([a, b]);
    host.setLate([b], []);
    const store = new PanelStore();
    store.attach(host);
    vi.runAllTimers();
    const idOf = (e: RawEntry) => store.analysis.exchanges.find((x) => x.url === (e.request as { url: string }).url)!.id;
    expect([...store.lateIds()]).toEqual([idOf(b)]);
    host.setLate([a], [b]);
    expect([...store.lateIds()]).toEqual([idOf(a)]);
    let asked = 0;
    host.onReread = () => void asked++;
    store.rereadStatuses();
    expect(asked).toBe(1);
    // A fuller copy takes the entry's place and its mark goes.
    host.replace([{ old: a, entry: { ...a, time: 6 } }]);
    expect(store.lateIds().size).toBe(0);
  });

  it('updates less often while traffic is heavy, and soon again after a pause', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const host = new CaptureBuffer(5000);
    const store = new PanelStore();
    store.attach(host);
    let updates = 0;
    store.onChange(() => updates++);
    let i = 0;
    // 10 entries a second for 3 s: an update every 200 ms or so after the first entry since the last.
    for (let t = 0; t < 3000; t += 100) {
      host.add([entry(i++)]);
      await vi.advanceTimersByTimeAsync(100);
    }
    const light = updates;
    expect(light).toBeGreaterThanOrEqual(9);
    // 200 entries a second for 3 s: the delay grows with the rate (4 ms per entry a second: 800 ms).
    for (let t = 0; t < 3000; t += 5) {
      host.add([entry(i++)]);
      await vi.advanceTimersByTimeAsync(5);
    }
    const heavy = updates - light;
    expect(heavy).toBeLessThanOrEqual(6);
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.analysis.exchanges).toHaveLength(i);
    // After a pause, one new request shows within 200 ms, not after the busy stream's delay.
    await vi.advanceTimersByTimeAsync(3000);
    host.add([entry(i++)]);
    await vi.advanceTimersByTimeAsync(200);
    expect(store.analysis.exchanges).toHaveLength(i);
  });
});
