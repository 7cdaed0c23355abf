import { describe, expect, it } from 'vitest';
import { makeFixContext } from '../../../src/engine/fixes/context';
import {
  curlActual as curlActualWords,
  curlPreflight as curlPreflightWords,
  probeCommand as probeCommandWords,
  probeCommands,
  writeCommand,
} from '../../../src/engine/fixes/probe';
import type { FixContext } from '../../../src/engine/fixes/context';
import { refCurlActual, refCurlPreflight, refProbeCommand } from './probe-reference';

/** The builders return words; the reference writes text. */
const curlPreflight = (f: FixContext) => writeCommand(curlPreflightWords(f));
const curlActual = (f: FixContext, h: Array<{ name: string; value: string }>) => writeCommand(curlActualWords(f, h));
const probeCommand = (f: FixContext, h?: Array<{ name: string; value: string }>) => writeCommand(probeCommandWords(f, h));

/** A small deterministic generator: the same cases on every run. */
function rng(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}

const NAMES = [
  'Content-Type',
  'content-type',
  'Authorization',
  'AUTHORIZATION',
  'Cookie',
  'X-Api-Key',
  'x-amz-security-token',
  'Proxy-Authorization',
  'Origin',
  'Host',
  'Content-Length',
  ':authority',
  'Accept',
  'Accept-Language',
  'X-Trace',
  'x-trace',
  'Bad Name',
  "X-Quote's",
  'Sec-Fetch-Mode',
  'Cache-Control',
  'Range',
];
const VALUES = [
  'application/json',
  'text/plain',
  'Bearer a.b.c',
  "it's",
  'line\nbreak',
  'cr\rlf',
  '',
  'x'.repeat(300),
  'en-US',
  'bytes=0-1',
  'a'.repeat(129),
  '"quoted"',
];
const ORIGINS = ['https://app.example.com', null, "https://it's.example", 'not a url'];
const URLS = ['https://a1.execute-api.eu-west-1.amazonaws.com/prod/items/1?n=1', "https://x.test/it's?q='1'", 'https://x.test/', 'https://x.test/a/b#frag'];
const METHODS = ['GET', 'POST', 'delete', 'PUT', 'B@D'];
const HEADER_LISTS = [[], ['authorization'], ['content-type', 'authorization'], ['x-trace', 'X-Trace', 'x-api-key'], ['bad name', 'cookie']];

describe('probe and curl commands: the rewrite gives the bytes of the reference builders', () => {
  it('for 3,000 generated requests (odd names, quotes, line breaks, long values, secrets, duplicates)', () => {
    const r = rng(7);
    for (let i = 0; i < 3000; i++) {
      const f = makeFixContext({
        origin: ORIGINS[r(ORIGINS.length)]!,
        method: METHODS[r(METHODS.length)]!,
        headers: HEADER_LISTS[r(HEADER_LISTS.length)]!,
        credentialed: r(2) === 1,
        gateway: r(2) ? 'aws-api-gateway-rest' : null,
        url: URLS[r(URLS.length)]!,
      });
      const headers = Array.from({ length: r(7) }, () => ({ name: NAMES[r(NAMES.length)]!, value: VALUES[r(VALUES.length)]! }));
      // More than 1024 bytes of safelisted headers: all of them need the preflight.
      if (r(10) === 0) for (let k = 0; k < 12; k++) headers.push({ name: 'Accept', value: 'a'.repeat(100) });
      expect(curlPreflight(f)).toBe(refCurlPreflight(f));
      expect(curlActual(f, headers)).toBe(refCurlActual(f, headers));
      expect(probeCommand(f, headers)).toBe(refProbeCommand(f, headers));
      expect(probeCommand(f)).toBe(refProbeCommand(f));
    }
  });
  it('contexts of one shape each name their own URL, and credentials only where credentialed', () => {
    const make = (url: string) =>
      makeFixContext({ origin: 'https://app.example.com', method: 'POST', headers: ['authorization'], credentialed: false, gateway: null, url });
    const a = make('https://x.test/a?n=1');
    const b = make('https://x.test/a?n=2');
    expect(writeCommand(probeCommands(a).preflight)).toContain("'https://x.test/a?n=1'");
    expect(writeCommand(probeCommands(b).preflight)).toContain("'https://x.test/a?n=2'");
    // Another shape (credentialed).
    const c = makeFixContext({
      origin: 'https://app.example.com',
      method: 'POST',
      headers: ['authorization'],
      credentialed: true,
      gateway: null,
      url: 'https://x.test/a?n=3',
    });
    expect(probeCommand(c)).toContain('--credentials');
    expect(probeCommand(a)).not.toContain('--credentials');
  });
});
