import { describe, expect, it } from 'vitest';
import { normaliseEntries } from '../../../src/model/normalise';
import { pairExchanges } from '../../../src/model/pair';
import { API, exchange, T0 } from '../rules/_support/har';

const pfOk = { status: 204, responseHeaders: { 'Access-Control-Allow-Origin': 'http://app.test', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'content-type' } };
const put = (startedMs: number, extra: object = {}) =>
  exchange({ url: API, method: 'PUT', requestHeaders: { 'Content-Type': 'application/json' }, preflight: pfOk, status: 200, responseHeaders: { 'Access-Control-Allow-Origin': 'http://app.test' }, startedMs, ...extra });
const pairs = (entries: unknown[]) => pairExchanges(normaliseEntries(entries).exchanges);

describe('pairExchanges', () => {
  it('pairs a preflight with its request by URL, method and timing', () => {
    const p = pairs(put(T0));
    expect(p).toHaveLength(1);
    expect(p[0]!.basis).toBe('url-method-timing');
    expect(p[0]!.preflight?.request.method).toBe('OPTIONS');
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
