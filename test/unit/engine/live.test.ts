import { describe, expect, it } from 'vitest';
import { analyzeExchanges } from '../../../src/engine/analyze';
import { LiveAnalysis } from '../../../src/engine/live';
import { normaliseEntry } from '../../../src/model/normalise';
import type { Exchange } from '../../../src/model/types';
import { RULES } from '../../../src/rules/index';
import { exchange, T0 } from '../rules/_support/har';

/** A small deterministic generator (tests must be repeatable). */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const URLS = ['https://a.example/prod/items', 'https://a.example/prod/orders', 'https://b.example/v1/users', 'https://b.example/v1/users?x=1'];
const ALLOW = { 'Access-Control-Allow-Origin': 'http://app.test' };
const PF_OK = { status: 204, responseHeaders: { ...ALLOW, 'Access-Control-Allow-Methods': 'PUT,POST', 'Access-Control-Allow-Headers': 'content-type' } };
const AWS = { 'x-amzn-RequestId': 'r', 'x-amz-apigw-id': 'g' };

/** One request of a random kind, as HAR entries (a preflight and/or the request). */
function randomRequest(r: () => number, t: number, id: number): Record<string, unknown>[] {
  const url = URLS[Math.floor(r() * URLS.length)]!;
  const put = { url, method: 'PUT', requestHeaders: { 'Content-Type': 'application/json' }, startedMs: t, requestId: `r${id}` };
  const kind = Math.floor(r() * 9);
  switch (kind) {
    case 0:
      return exchange({ ...put, preflight: PF_OK, status: 200, responseHeaders: ALLOW });
    case 1:
      return exchange({
        ...put,
        preflight: PF_OK,
        status: 429,
        responseHeaders: { ...AWS, 'x-amzn-ErrorType': 'TooManyRequestsException' },
        error: 'net::ERR_FAILED',
      });
    case 2:
      return exchange({ ...put, preflight: PF_OK, status: 503, responseHeaders: {}, error: 'net::ERR_FAILED' });
    case 3:
      return exchange({
        ...put,
        preflight: { status: 403, responseHeaders: { ...AWS, 'x-amzn-ErrorType': 'MissingAuthenticationTokenException' } },
        neverSent: true,
      });
    case 4:
      return exchange({ url, startedMs: t, status: 200, responseHeaders: ALLOW });
    case 5:
      return exchange({ url, startedMs: t, status: 200, responseHeaders: {}, error: 'net::ERR_FAILED' });
    case 6:
      // A preflight whose request was not recorded (yet).
      return exchange({ ...put, preflight: PF_OK, status: 200, responseHeaders: ALLOW }).slice(0, 1);
    case 7:
      // A failure whose status has not arrived (a replacement may bring it).
      return exchange({ url, startedMs: t, status: 0, responseHeaders: {}, error: 'net::ERR_FAILED', withOwnRequestId: true, requestId: `r${id}` });
    default:
      return exchange({ ...put, preflight: PF_OK, status: 200, responseHeaders: ALLOW, withOwnRequestId: true });
  }
}

describe('LiveAnalysis', () => {
  it('after random appends, replacements and evictions at the cap, each run equals a from-scratch analysis', () => {
    for (const seed of [1, 2, 3]) {
      const r = rng(seed);
      const CAP = 60;
      const live = new LiveAnalysis(RULES);
      let items: Exchange[] = [];
      let nextIndex = 0;
      let t = T0;
      let id = 0;
      for (let step = 0; step < 120; step++) {
        const op = r();
        if (op < 0.7) {
          // New traffic, sometimes delivered out of order, in bursts (so capture facts change).
          const n = 1 + Math.floor(r() * 4);
          for (let k = 0; k < n; k++) {
            t += Math.floor(r() * 400);
            const start = t - Math.floor(r() * 300);
            for (const raw of randomRequest(r, start, id++)) {
              const ex = normaliseEntry(raw, nextIndex++).exchange!;
              items.push(ex);
              live.add(ex);
            }
          }
          // The cap: the oldest go.
          while (items.length > CAP) live.remove(items.shift()!);
        } else if (items.length) {
          // A fuller copy of an entry replaces it under its index (a late status).
          const pos = Math.floor(r() * items.length);
          const old = items[pos]!;
          const raw = randomRequest(r, old.startedMs, id++).at(-1)!;
          (raw.request as { url: string }).url = old.request.url;
          const ex = normaliseEntry(raw, old.index).exchange!;
          live.remove(old);
          live.add(ex);
          items = items.map((e) => (e === old ? ex : e));
        }
        const got = live.run(items.length);
        // A one-shot analysis: nothing reused from earlier ones.
        const fresh = analyzeExchanges([...items], items.length, RULES);
        expect(got).toEqual(fresh);
      }
    }
  });

  it('pairs the whole capture when a preflight names a request to another URL, and per URL again once it is gone', () => {
    const live = new LiveAnalysis(RULES);
    const [pf, actual] = exchange({
      url: URLS[0]!,
      method: 'PUT',
      requestHeaders: { 'Content-Type': 'application/json' },
      preflight: PF_OK,
      status: 200,
      responseHeaders: ALLOW,
      requestId: 'x1',
      withOwnRequestId: true,
    });
    (actual!.request as { url: string }).url = URLS[1]!;
    const p = normaliseEntry(pf, 0).exchange!;
    const a = normaliseEntry(actual, 1).exchange!;
    live.add(p);
    live.add(a);
    const got = live.run(2);
    expect(got).toEqual(analyzeExchanges([p, a], 2, RULES));
    expect(got.exchanges).toHaveLength(1);
    expect(got.exchanges[0]!.pairing).toBe('initiator-id');
    live.remove(a);
    expect(live.run(1)).toEqual(analyzeExchanges([p], 1, RULES));
  });

  it('keeps a result whose rules read no capture fact when traffic lands near it, and makes again one whose facts moved', () => {
    const live = new LiveAnalysis(RULES);
    let nextIndex = 0;
    const add = (raws: Record<string, unknown>[]) => raws.map((raw) => normaliseEntry(raw, nextIndex++).exchange!).forEach((ex) => live.add(ex));
    const put = (url: string, t: number) => ({ url, method: 'PUT', requestHeaders: { 'Content-Type': 'application/json' }, startedMs: t });
    // A 429 (its rule reads the burst before it) and a missing route (its rules read nothing of the capture).
    add(
      exchange({
        ...put(URLS[0]!, T0 + 1000),
        preflight: PF_OK,
        status: 429,
        responseHeaders: { ...AWS, 'x-amzn-ErrorType': 'TooManyRequestsException' },
        error: 'net::ERR_FAILED',
      }),
    );
    add(
      exchange({
        ...put(URLS[1]!, T0 + 1010),
        preflight: { status: 403, responseHeaders: { ...AWS, 'x-amzn-ErrorType': 'MissingAuthenticationTokenException' } },
        neverSent: true,
      }),
    );
    const before = live.run(4).exchanges;
    // More requests to the same origin within the second before both.
    for (let k = 0; k < 5; k++)
      add(exchange({ url: URLS[2 + (k % 2)]!.replace('b.example', 'a.example'), startedMs: T0 + 500 + k, status: 200, responseHeaders: ALLOW }));
    const after = live.run(9).exchanges;
    const same = (a: typeof before, id: string | undefined) => a.find((x) => x.id === id);
    const throttled = before.find((x) => x.findings[0]?.rule === 'throttled')!;
    const route = before.find((x) => x !== throttled && x.verdict === 'cors-blocked')!;
    expect(same(after, route.id)).toBe(route);
    expect(same(after, throttled.id)).not.toBe(throttled);
  });
});
