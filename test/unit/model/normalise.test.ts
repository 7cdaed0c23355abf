import { describe, expect, it } from 'vitest';
import { MAX_HEADER_VALUE, normaliseEntries, normaliseEntry, originOf } from '../../../src/model/normalise';
import { API, exchange } from '../rules/_support/har';

describe('normaliseEntry', () => {
  it('reads a Chromium preflight entry', () => {
    const [pf] = exchange({ url: API, method: 'PUT', requestHeaders: { 'Content-Type': 'application/json' }, preflight: { status: 204, responseHeaders: {} }, neverSent: true }).slice(1);
    const { exchange: ex } = normaliseEntry(pf, 0);
    expect(ex?.resourceKind).toBe('preflight');
    expect(ex?.initiator?.type).toBe('preflight');
    expect(ex?.pageOrigin).toBe('http://app.test');
  });
  it('reads a never-sent entry: status 0, httpVersion "", origin from the initiator stack', () => {
    const [e] = exchange({ url: API, method: 'PUT', neverSent: true });
    const { exchange: ex } = normaliseEntry(e, 0);
    expect(ex?.response.status).toBe(0);
    expect(ex?.request.httpVersion).toBe('');
    expect(ex?.error).toBe('net::ERR_FAILED');
    expect(ex?.pageOrigin).toBe('http://app.test');
  });
  it('repairs malformed entries with notes instead of throwing', () => {
    const bad: unknown[] = [null, 42, 'x', {}, { request: {} }, { request: { url: API, headers: 'nope' }, response: { status: 'x', headers: [null, { name: 1 }, { name: 'A', value: 2 }] }, startedDateTime: 'yesterday' }];
    const { exchanges, notes } = normaliseEntries(bad);
    expect(exchanges).toHaveLength(1);
    expect(notes.length).toBe(5);
    const ex = exchanges[0]!;
    expect(ex.response.status).toBe(0);
    expect(ex.response.headers).toEqual([{ name: 'A', value: '2' }]);
    expect(ex.notes.join(' ')).toMatch(/not a list/);
    expect(ex.notes.join(' ')).toMatch(/Start time/);
  });
  it('cuts 100 KB header values', () => {
    const [e] = exchange({ url: API, status: 200, responseHeaders: { 'Access-Control-Allow-Origin': 'http://app.test' }, cookie: 'c='.padEnd(100_000, 'x') });
    const { exchange: ex } = normaliseEntry(e, 0);
    const cookie = ex!.request.headers.find((h) => h.name === 'Cookie')!;
    expect(cookie.value.length).toBeLessThanOrEqual(MAX_HEADER_VALUE + 1);
    expect(ex!.notes.join(' ')).toMatch(/cut/);
  });
  it('keeps non-ASCII header values', () => {
    const [e] = exchange({ url: API, status: 200, responseHeaders: { 'X-Note': 'café — 東京' } });
    expect(normaliseEntry(e, 0).exchange!.response.headers[0]!.value).toBe('café — 東京');
  });
  it('originOf: fast path agrees with the URL parser', () => {
    for (const u of [
      'https://a.example.com/x?y#z', 'http://a.example.com:80/', 'https://a.example.com:443', 'http://127.0.0.1:5173/p', 'https://A.Example.COM/',
      'https://xn--caf-dma.test/', 'https://café.test/', 'http://[::1]:8080/', 'https://user:pw@h.test/', 'https://h.test:0443/', 'ftp://h.test/', 'nonsense', 'https://h.test.:8443/a',
    ]) {
      let expected: string | null = null;
      try {
        const x = new URL(u);
        expected = x.protocol === 'http:' || x.protocol === 'https:' ? x.origin : null;
      } catch {
        expected = null;
      }
      expect(originOf(u), u).toBe(expected);
    }
  });
});
