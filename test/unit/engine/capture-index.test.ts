import { describe, expect, it } from 'vitest';
import { CaptureIndex, CaptureRecorder, type CaptureRead } from '../../../src/engine/capture-index';
import type { RequestPair } from '../../../src/model/types';

/** The index as a pair's rules ask it (the queries noted nowhere). */
const ask = (c: CaptureIndex) => new CaptureRecorder(c, []);

describe('CaptureIndex', () => {
  it('finds the latest earlier preflight per page origin and URL, before and after its first question', () => {
    const c = new CaptureIndex();
    c.addPreflight('https://app.test', 'https://api.test/a', 100);
    c.addPreflight('https://app.test', 'https://api.test/a', 200);
    c.addPreflight('https://other.test', 'https://api.test/a', 150);
    c.addPreflight(null, 'https://api.test/b', 120);
    expect(ask(c).lastPreflight('https://app.test', 'https://api.test/a', 100)).toBeNull();
    expect(ask(c).lastPreflight('https://app.test', 'https://api.test/a', 150)).toBe(100);
    expect(ask(c).lastPreflight('https://app.test', 'https://api.test/a', 1000)).toBe(200);
    expect(ask(c).lastPreflight('https://other.test', 'https://api.test/a', 1000)).toBe(150);
    expect(ask(c).lastPreflight(null, 'https://api.test/b', 121)).toBe(120);
    expect(ask(c).lastPreflight('https://app.test', 'https://api.test/b', 1000)).toBeNull();
    // Recorded after the index was first asked: found too.
    c.addPreflight('https://app.test', 'https://api.test/a', 300);
    expect(ask(c).lastPreflight('https://app.test', 'https://api.test/a', 1000)).toBe(300);
  });

  it('a recorder notes the queries asked through it, and the index says whether their answers still hold', () => {
    const c = new CaptureIndex();
    c.addRequest('https://api.test', 100, 429);
    c.addPreflight('https://app.test', 'https://api.test/a', 50);
    const reads: CaptureRead[] = [];
    const recorder = new CaptureRecorder(c, reads);
    expect(recorder.count429('https://api.test', 0, 1000)).toBe(1);
    expect(recorder.lastPreflight('https://app.test', 'https://api.test/a', 80)).toBe(50);
    ask(c).countRequests('https://api.test', 0, 1000);
    expect(reads).toHaveLength(2);
    expect(c.holds(reads)).toBe(true);
    // A request outside the window, or to another origin, changes no answer.
    c.addRequest('https://api.test', 2000, 429);
    c.addRequest('https://other.test', 500, 429);
    expect(c.holds(reads)).toBe(true);
    c.addRequest('https://api.test', 900, 429);
    expect(c.holds(reads)).toBe(false);
    const pf: CaptureRead[] = [];
    new CaptureRecorder(c, pf).lastPreflight('https://app.test', 'https://api.test/a', 80);
    c.addPreflight('https://app.test', 'https://api.test/a', 70);
    expect(c.holds(pf)).toBe(false);
  });

  it('counts requests and 429s to an origin in a time window', () => {
    const c = new CaptureIndex();
    [0, 100, 200, 300, 900].forEach((t, i) => c.addRequest('https://api.test', t, i % 2 ? 429 : 200));
    expect(ask(c).countRequests('https://api.test', 100, 300)).toBe(3);
    expect(ask(c).count429('https://api.test', 0, 1000)).toBe(2);
    expect(ask(c).count429('https://api.test', 150, 250)).toBe(0);
    expect(ask(c).countRequests('https://none.test', 0, 1000)).toBe(0);
  });

  it('kept up to date pair by pair (live.ts), answers as one built from the pairs left', () => {
    // Deterministic pseudo-random pairs: a request with or without a preflight, statuses that count.
    let seed = 7;
    const r = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const statuses = [200, 204, 429, 503, 403, 0];
    const pairs = Array.from({ length: 300 }, (_, i) => {
      const startedMs = Math.floor(r() * 5000);
      const url = `https://api.test/${i % 7}`;
      const target = i % 3 ? 'https://api.test' : 'https://other.test';
      const leg = (status: number, ms: number) => ({
        request: { url },
        response: { status },
        startedMs: ms,
        targetOrigin: target,
        pageOrigin: 'https://app.test',
      });
      const preflight = r() < 0.5 ? leg(204, startedMs - 5) : null;
      return { actual: leg(statuses[Math.floor(r() * statuses.length)]!, startedMs), preflight } as unknown as RequestPair;
    });
    const live = new CaptureIndex();
    // Added out of start order, then a third of them taken away again.
    for (const p of pairs) live.pair(p, 1);
    const left = pairs.filter((_, i) => i % 3 !== 1);
    for (const p of pairs.filter((_, i) => i % 3 === 1)) live.pair(p, -1);
    const built = new CaptureIndex();
    for (const p of [...left].sort((a, b) => a.actual!.startedMs - b.actual!.startedMs)) built.pair(p, 1);
    for (let t = -100; t < 5200; t += 97)
      for (const target of ['https://api.test', 'https://other.test']) {
        expect(ask(live).countRequests(target, t, t + 700)).toBe(ask(built).countRequests(target, t, t + 700));
        expect(ask(live).count429(target, t - 2000, t + 2000)).toBe(ask(built).count429(target, t - 2000, t + 2000));
        expect(ask(live).count503(target, t - 1000, t + 1000)).toBe(ask(built).count503(target, t - 1000, t + 1000));
        expect(ask(live).countOk(target, t - 2000, t)).toBe(ask(built).countOk(target, t - 2000, t));
        expect(ask(live).lastPreflight('https://app.test', `https://api.test/${t % 7}`, t)).toBe(
          ask(built).lastPreflight('https://app.test', `https://api.test/${t % 7}`, t),
        );
      }
    // The pairs left to api.test (i % 3 === 2): the comparison above is not between two empty indexes.
    expect(ask(built).countRequests('https://api.test', -1e9, 1e9)).toBe(100);
  });
});
