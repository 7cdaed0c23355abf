import { describe, expect, it } from 'vitest';
import { isBrowserControlledHeader, isForbiddenRequestHeader, needsPreflight } from '../../../src/model/fetch-spec';

describe('isForbiddenRequestHeader (Fetch forbidden request-header)', () => {
  it('forbids exactly the names on the Fetch list, case-insensitively', () => {
    for (const n of ['Accept-Charset', 'accept-encoding', 'Access-Control-Request-Headers', 'Access-Control-Request-Method', 'Connection', 'Content-Length', 'Cookie', 'Cookie2', 'Date', 'DNT', 'Expect', 'Host', 'Keep-Alive', 'Origin', 'Referer', 'Set-Cookie', 'TE', 'Trailer', 'Transfer-Encoding', 'Upgrade', 'Via'])
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
    expect(needsPreflight('GET', [{ name: 'Cache-Control', value: 'no-cache' }, { name: 'Pragma', value: 'no-cache' }])).toBe(false);
  });
  it('forbids method-override headers only when they name CONNECT, TRACE or TRACK', () => {
    expect(isForbiddenRequestHeader('X-HTTP-Method-Override', 'PUT')).toBe(false);
    expect(isForbiddenRequestHeader('X-HTTP-Method-Override', 'trace')).toBe(true);
    expect(isForbiddenRequestHeader('X-HTTP-Method', 'GET, CONNECT')).toBe(true);
    expect(isForbiddenRequestHeader('x-method-override', ' Track ')).toBe(true);
    expect(isForbiddenRequestHeader('X-Method-Override')).toBe(false);
  });
});
