/**
 * The probe sends the script's own headers as a browser would: only the Fetch standard's forbidden
 * request headers are dropped. Cache-Control and Pragma (browser-set when read from a HAR, but the
 * script's when given with -H) are sent and make the request preflighted.
 */
import { describe, expect, it } from 'vitest';
import { scriptHeaders } from '../../../src/cli/probe-command';
import { actualHeaders, preflightHeaders, preflightNeeded, requestedHeaders, type ProbeRequestSpec } from '../../../src/probe/browser';
import type { Header } from '../../../src/model/types';

const h = (o: Record<string, string>): Header[] => Object.entries(o).map(([name, value]) => ({ name, value }));
const spec = (headers: Header[], method = 'GET'): ProbeRequestSpec => ({
  url: 'https://api.example.com/prod/orders',
  origin: 'https://app.example.com',
  method,
  headers,
  credentials: false,
});

describe('probe: -H headers', () => {
  it('keeps Cache-Control and Pragma without a warning', () => {
    const warnings: string[] = [];
    const kept = scriptHeaders(h({ 'Cache-Control': 'no-cache', Pragma: 'no-cache', 'X-Trace': '1' }), false, (m) => warnings.push(m));
    expect(kept.map((x) => x.name)).toEqual(['Cache-Control', 'Pragma', 'X-Trace']);
    expect(warnings).toEqual([]);
  });

  it('drops the forbidden ones (and User-Agent, which Chromium ignores), each with a warning', () => {
    const warnings: string[] = [];
    const given = h({
      Host: 'x',
      'Sec-Fetch-Mode': 'no-cors',
      'Proxy-Authorization': 'Basic eA==',
      'Accept-Encoding': 'gzip',
      'X-HTTP-Method-Override': 'TRACE',
      'User-Agent': 'curl/8',
      Origin: 'https://evil.example',
    });
    expect(scriptHeaders(given, false, (m) => warnings.push(m))).toEqual([]);
    expect(warnings).toHaveLength(given.length);
    expect(warnings.join('\n')).toContain('Chromium sends its own User-Agent');
    // A method override that is not CONNECT/TRACE/TRACK is the script's to send.
    expect(scriptHeaders(h({ 'X-HTTP-Method-Override': 'PATCH' }), false, () => {})).toHaveLength(1);
  });

  it('a GET with Cache-Control / Pragma is preflighted and names them in Access-Control-Request-Headers', () => {
    const s = spec(h({ 'Cache-Control': 'no-cache', Pragma: 'no-cache' }));
    expect(preflightNeeded(s)).toBe(true);
    expect(requestedHeaders(s)).toEqual(['cache-control', 'pragma']);
    expect(preflightHeaders(s).find((x) => x.name === 'Access-Control-Request-Headers')?.value).toBe('cache-control,pragma');
    const sent = actualHeaders(s).map((x) => x.name.toLowerCase());
    expect(sent).toContain('cache-control');
    expect(sent).toContain('pragma');
    expect(sent.filter((n) => n === 'user-agent')).toHaveLength(1);
  });

  it('a plain GET with safelisted headers only is not preflighted', () => {
    const s = spec(h({ Accept: 'application/json', 'Content-Language': 'en' }));
    expect(preflightNeeded(s)).toBe(false);
    expect(requestedHeaders(s)).toEqual([]);
  });
});
