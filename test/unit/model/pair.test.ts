import { describe, expect, it } from 'vitest';
import { normaliseEntries } from '../../../src/model/normalise';
import { pairExchanges, sortByStart } from '../../../src/model/pair';
import type { Exchange, RequestPair } from '../../../src/model/types';
import { API, exchange, T0 } from '../rules/_support/har';

const pfOk = {
  status: 204,
  responseHeaders: { 'Access-Control-Allow-Origin': 'http://app.test', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'content-type' },
};
const put = (startedMs: number, extra: object = {}) =>
  exchange({
    url: API,
    method: 'PUT',
    requestHeaders: { 'Content-Type': 'application/json' },
    preflight: pfOk,
    status: 200,
    responseHeaders: { 'Access-Control-Allow-Origin': 'http://app.test' },
    startedMs,
    ...extra,
  });
const pairs = (entries: unknown[]) => pairExchanges(normaliseEntries(entries).exchanges);

describe('pairExchanges', () => {
  it('pairs a preflight with its request by URL, method and timing', () => {
    const p = pairs(put(T0));
    expect(p).toHaveLength(1);
    expect(p[0]!.basis).toBe('url-method-timing');
    expect(p[0]!.preflight?.request.method).toBe('OPTIONS');
  });
  it('never pairs a preflight with a request to another URL', () => {
    const a = normaliseEntries(put(T0)).exchanges;
    const b = normaliseEntries(
      exchange({ url: `${API}/other`, method: 'PUT', requestHeaders: { 'Content-Type': 'application/json' }, startedMs: T0, status: 200 }),
    ).exchanges;
    const preflight = a.find((e) => e.resourceKind === 'preflight')!;
    const other = { ...b.find((e) => e.resourceKind !== 'preflight')!, index: 99, requestId: null };
    const p = pairExchanges([preflight, other]);
    expect(p.find((x) => x.preflight === preflight)?.actual ?? null).toBeNull();
  });
  it('pairs 100,000 entries sharing URL and start time one to one, in order (issue 12: pairing stays linear)', () => {
    // 50,000 PUTs and their 50,000 preflights, all to one URL, all started in the same millisecond.
    const [actual, preflight] = normaliseEntries(put(T0)).exchanges.sort(
      (x, y) => (x.resourceKind === 'preflight' ? 1 : 0) - (y.resourceKind === 'preflight' ? 1 : 0),
    );
    const input: Exchange[] = [];
    for (let i = 0; i < 50_000; i++) {
      input.push({ ...actual!, index: 2 * i, startedMs: T0, requestId: null });
      input.push({ ...preflight!, index: 2 * i + 1, startedMs: T0, requestId: null, initiator: null });
    }
    const p = pairExchanges(input);
    expect(p).toHaveLength(50_000);
    // Each request gets the preflight recorded right after it: the k-th request the k-th preflight.
    p.forEach((x, k) => {
      expect(x.basis).toBe('url-method-timing');
      expect(x.actual!.index).toBe(2 * k);
      expect(x.preflight!.index).toBe(2 * k + 1);
    });
  });
  it('random captures: every exchange in exactly one pair, pairs in start order, the same pairs whatever the input order', () => {
    const [actual, preflight] = normaliseEntries(put(T0)).exchanges.sort(
      (x, y) => (x.resourceKind === 'preflight' ? 1 : 0) - (y.resourceKind === 'preflight' ? 1 : 0),
    );
    let seed = 11;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const shuffle = <T>(xs: T[]): T[] => {
      for (let i = xs.length - 1; i > 0; i--) {
        const j = rand(i + 1);
        [xs[i], xs[j]] = [xs[j]!, xs[i]!];
      }
      return xs;
    };
    const shape = (ps: RequestPair[]) => ps.map((p) => [p.id, p.basis, p.actual?.index, p.preflight?.index]);
    for (let round = 0; round < 40; round++) {
      // Few URLs, start times on a coarse grid (many ties and exact window edges), some ids, some PUTs with no preflight.
      const input: Exchange[] = Array.from({ length: 1 + rand(300) }, (_, index) => {
        const pf = rand(2) === 0;
        const proto = pf ? preflight! : actual!;
        const request = { ...proto.request, url: `${API}/${rand(4)}`, method: pf ? 'OPTIONS' : ['PUT', 'GET', 'DELETE'][rand(3)]! };
        const id = rand(4) === 0 ? `r${rand(20)}` : null;
        return {
          ...proto,
          index,
          request,
          startedMs: T0 + 25 * rand(40),
          blockedMs: [-1, 0, 5, 300][rand(4)]!,
          requestId: pf ? null : id,
          initiator: pf && id ? { type: 'preflight', url: null, requestId: id } : null,
        };
      });
      const p = pairExchanges(input);
      const seen = p.flatMap((x) => [x.actual, x.preflight]).filter((e) => e !== null);
      expect(seen.map((e) => e.index).sort((a, b) => a - b)).toEqual(input.map((e) => e.index));
      const leads = p.map((x) => x.actual ?? x.preflight!);
      expect(leads).toEqual(sortByStart(leads));
      for (const x of p.filter((y) => y.basis === 'url-method-timing')) expect(x.preflight!.request.url).toBe(x.actual!.request.url);
      expect(shape(pairExchanges(shuffle([...input])))).toEqual(shape(p));
    }
  });
  it('a preflight naming no method takes the earliest of equally near requests, whatever their methods', () => {
    const [actual, preflight] = normaliseEntries(put(T0)).exchanges.sort(
      (x, y) => (x.resourceKind === 'preflight' ? 1 : 0) - (y.resourceKind === 'preflight' ? 1 : 0),
    );
    const pf = {
      ...preflight!,
      index: 2,
      startedMs: T0,
      requestId: null,
      initiator: null,
      request: { ...preflight!.request, known: { ...preflight!.request.known, requestMethod: null } },
    };
    for (const [first, second] of [
      ['PUT', 'DELETE'],
      ['DELETE', 'PUT'],
    ]) {
      const req = (index: number, method: string) => ({ ...actual!, index, startedMs: T0 + 10, requestId: null, request: { ...actual!.request, method } });
      const p = pairExchanges([req(1, second!), pf, req(0, first!)]);
      expect(p.find((x) => x.preflight === pf)!.actual!.request.method).toBe(first);
    }
  });
  it('pairs by initiator id when the request carries its own id', () => {
    const p = pairs(put(T0, { withOwnRequestId: true, requestId: 'r-77' }));
    expect(p[0]!.basis).toBe('initiator-id');
  });
  it('does not depend on listener order (actual delivered before or after its preflight)', () => {
    const e = put(T0);
    const shape = (entries: unknown[]) => pairs(entries).map((p) => [p.basis, p.actual?.request.method, p.preflight?.request.method]);
    expect(shape([...e].reverse())).toEqual(shape(e));
    expect(shape(e)).toEqual([['url-method-timing', 'PUT', 'OPTIONS']]);
  });
  it('several identical requests in flight each get their own preflight', () => {
    const entries = [...put(T0), ...put(T0 + 2), ...put(T0 + 4)];
    const p = pairs([...entries].reverse());
    expect(p).toHaveLength(3);
    const starts = p.map((x) => [x.actual!.startedMs, x.preflight!.startedMs - x.actual!.startedMs]);
    for (const [, gap] of starts) expect(gap).toBe(1);
  });
  it('a preflight-cache hit has no preflight row', () => {
    const p = pairs(exchange({ url: API, method: 'PUT', requestHeaders: { 'Content-Type': 'application/json' }, status: 200, responseHeaders: {} }));
    expect(p[0]!.basis).toBe('no-preflight-recorded');
  });
  it('a simple request needs no preflight', () => {
    expect(pairs(exchange({ url: API, status: 200 }))[0]!.basis).toBe('no-preflight-needed');
  });
  it('never-sent requests pair with their failed preflight', () => {
    const p = pairs(exchange({ url: API, method: 'DELETE', preflight: { status: 403, responseHeaders: {} }, neverSent: true }));
    expect(p).toHaveLength(1);
    expect(p[0]!.actual?.response.status).toBe(0);
    expect(p[0]!.preflight?.response.status).toBe(403);
  });
  it('an orphan preflight is kept', () => {
    const [, pf] = put(T0);
    const p = pairs([pf]);
    expect(p[0]!.basis).toBe('orphan-preflight');
    expect(p[0]!.actual).toBeNull();
  });
  it('empty capture', () => {
    expect(pairs([])).toEqual([]);
  });
});

describe('sortByStart', () => {
  const byStart = (a: Exchange, b: Exchange) => a.startedMs - b.startedMs || a.index - b.index;
  const make = (starts: number[]): Exchange[] =>
    normaliseEntries(starts.flatMap((t, i) => exchange({ method: 'GET', url: `${API}/x/${i}`, startedMs: t }))).exchanges;

  it('orders like a stable sort on start time then HAR index, whatever the input order', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let round = 0; round < 30; round++) {
      // Many equal start times, to exercise the tie-break.
      const list = make(Array.from({ length: 200 }, () => T0 + Math.floor(rand() * 40) * 5));
      const shuffled = [...list];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      expect(sortByStart(shuffled)).toEqual([...list].sort(byStart));
    }
  });

  it('keeps an ordered capture as it is and copes with start times too far apart to pack', () => {
    const ordered = make([T0, T0 + 1, T0 + 1, T0 + 9]);
    expect(sortByStart(ordered)).toEqual(ordered);
    const far = make([T0, 0, T0 * 3, 5]);
    expect(sortByStart(far).map((e) => e.startedMs)).toEqual([0, 5, T0, T0 * 3]);
  });
});
