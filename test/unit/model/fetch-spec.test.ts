import { describe, expect, it } from 'vitest';
import { isBrowserControlledHeader, isForbiddenRequestHeader, needsPreflight, unsafeRequestHeaderNames } from '../../../src/model/fetch-spec';

describe('isForbiddenRequestHeader (Fetch forbidden request-header)', () => {
  it('forbids exactly the names on the Fetch list, case-insensitively', () => {
    for (const n of [
      'Accept-Charset',
      'accept-encoding',
      'Access-Control-Request-Headers',
      'Access-Control-Request-Method',
      'Connection',
      'Content-Length',
      'Cookie',
      'Cookie2',
      'Date',
      'DNT',
      'Expect',
      'Host',
      'Keep-Alive',
      'Origin',
      'Referer',
      'Set-Cookie',
      'TE',
      'Trailer',
      'Transfer-Encoding',
      'Upgrade',
      'Via',
    ])
      expect(isForbiddenRequestHeader(n), n).toBe(true);
  });
  it('forbids Proxy-* and Sec-* prefixes', () => {
    expect(isForbiddenRequestHeader('Proxy-Authorization')).toBe(true);
    expect(isForbiddenRequestHeader('Sec-Fetch-Mode')).toBe(true);
  });
  it('allows what a script may set, including Cache-Control and Pragma (unlike the HAR reading list)', () => {
    for (const n of ['Cache-Control', 'Pragma', 'User-Agent', 'Priority', 'Purpose', 'Authorization', 'Content-Type', 'X-Api-Key', 'Accept'])
      expect(isForbiddenRequestHeader(n), n).toBe(false);
    expect(isBrowserControlledHeader('Cache-Control')).toBe(true);
    expect(isBrowserControlledHeader('pragma')).toBe(true);
    // Chromium adds them itself when "Disable cache" is on: they must not imply a preflight.
    expect(
      needsPreflight('GET', [
        { name: 'Cache-Control', value: 'no-cache' },
        { name: 'Pragma', value: 'no-cache' },
      ]),
    ).toBe(false);
  });
  it('forbids method-override headers only when they name CONNECT, TRACE or TRACK', () => {
    expect(isForbiddenRequestHeader('X-HTTP-Method-Override', 'PUT')).toBe(false);
    expect(isForbiddenRequestHeader('X-HTTP-Method-Override', 'trace')).toBe(true);
    expect(isForbiddenRequestHeader('X-HTTP-Method', 'GET, CONNECT')).toBe(true);
    expect(isForbiddenRequestHeader('x-method-override', ' Track ')).toBe(true);
    expect(isForbiddenRequestHeader('X-Method-Override')).toBe(false);
  });
});

describe('needsPreflight', () => {
  // The reference: the names a preflight would ask about, built in full.
  const reference = (method: string, headers: { name: string; value: string }[]) =>
    !['GET', 'HEAD', 'POST'].includes(method.toUpperCase()) || unsafeRequestHeaderNames(headers).length > 0;

  it('agrees with unsafeRequestHeaderNames over names in any case, values that decide, and the 1024-byte total', () => {
    const names = [
      'Accept',
      'accept',
      'ACCEPT-LANGUAGE',
      'Content-Language',
      'content-type',
      'Content-Type',
      'Range',
      'User-Agent',
      'Sec-Fetch-Mode',
      'Origin',
      'Authorization',
      'X-Custom',
      'Cache-Control',
      ':authority',
      'Proxy-Foo',
    ];
    const values = ['*/*', 'text/plain', 'application/json', 'en-US,en;q=0.9', 'bytes=0-99', 'a"b', 'x'.repeat(129), 'x'.repeat(100)];
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let k = 0; k < 3000; k++) {
      const headers = Array.from({ length: rand(12) }, () => ({ name: names[rand(names.length)]!, value: values[rand(values.length)]! }));
      const method = ['GET', 'post', 'PUT', 'HEAD', 'DELETE'][rand(5)]!;
      expect(needsPreflight(method, headers), JSON.stringify({ method, headers })).toBe(reference(method, headers));
    }
  });
});
