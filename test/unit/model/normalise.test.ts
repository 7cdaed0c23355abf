import { describe, expect, it } from 'vitest';
import { MAX_HEADER_VALUE, normaliseEntries, normaliseEntry, originOf } from '../../../src/model/normalise';
import { API, exchange } from '../rules/_support/har';

describe('normaliseEntry', () => {
  it('reads a Chromium preflight entry', () => {
    const [pf] = exchange({
      url: API,
      method: 'PUT',
      requestHeaders: { 'Content-Type': 'application/json' },
      preflight: { status: 204, responseHeaders: {} },
      neverSent: true,
    }).slice(1);
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
    const bad: unknown[] = [
      null,
      42,
      'x',
      {},
      { request: {} },
      {
        request: { url: API, headers: 'nope' },
        response: { status: 'x', headers: [null, { name: 1 }, { name: 'A', value: 2 }] },
        startedDateTime: 'yesterday',
      },
    ];
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
});

describe('originOf', () => {
  it('agrees with the URL parser on plain and unusual http(s) URLs', () => {
    const urls = [
      'https://a.example.com/x',
      'https://a.example.com',
      'http://a.b?x',
      'https://A.Example.com/',
      'https://a.example.com:443/x',
      'http://a.example.com:80',
      'http://127.0.0.1:8080/x',
      'http://127.0.0.1/x',
      'https://user@a.com/',
      'https://xn--caf-dma.com/p',
      'https://0x7f.1/',
      'https://1.2.3.4/',
      'http://[::1]:3000/',
      'https://a.com#x',
      'https://a.com?q',
      'https://a1.execute-api.eu-west-1.amazonaws.com/prod/items?n=1',
    ];
    for (const u of urls) expect(originOf(u), u).toBe(new URL(u).origin);
    for (const u of ['ftp://a.com/', 'not a url', 'data:text/plain,x', '']) expect(originOf(u), u).toBeNull();
  });
});
