/**
 * "What the console said" for Firefox captures (issue 15): Firefox's own line, rebuilt from the
 * recorded headers by Firefox's checks (src/engine/firefox-console.ts), one row per reason the
 * analysis can infer; the wording is security.properties' (mozilla/gecko-dev). Then the project's
 * real Firefox capture (test/fixtures/firefox-cases.har), read the way the CLI reads it.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/engine/analyze';
import { firefoxConsoleText, isFirefoxCreator, type FirefoxReason } from '../../../src/engine/firefox-console';
import { parseHarText } from '../../../src/model/har-input';
import { RULES } from '../../../src/rules/index';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { byCase } from './fixture-cases';

const APP = 'https://app.example.com';
const API = 'https://api.example.net';
type H = Array<[string, string]>;
let n = 0;

function leg(p: {
  method: string;
  url: string;
  status: number;
  req?: H;
  res?: H;
  preflight?: boolean;
  error?: string;
  requestId: string;
}): Record<string, unknown> {
  n++;
  return {
    _resourceType: p.preflight ? 'preflight' : 'fetch',
    _initiator: p.preflight ? { type: 'preflight', url: p.url, requestId: p.requestId } : { type: 'script', url: `${APP}/` },
    ...(p.preflight ? {} : { _requestId: p.requestId }),
    startedDateTime: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    time: 10,
    request: {
      method: p.method,
      url: p.url,
      httpVersion: 'HTTP/1.1',
      headers: (p.req ?? []).map(([name, value]) => ({ name, value })),
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: p.status,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      headers: (p.res ?? []).map(([name, value]) => ({ name, value })),
      cookies: [],
      content: { size: 0, mimeType: 'application/json' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      ...(p.error ? { _error: p.error } : {}),
    },
    cache: {},
    timings: { send: 1, wait: 5, receive: 1 },
  };
}

/** A blocked simple or preflighted request; `pf` is the preflight's status and headers. */
function exchange(c: { method?: string; req?: H; res?: H; status?: number; pf?: { status: number; res: H } }): unknown[] {
  const url = `${API}/v1/items/${n}`;
  const id = `r${n}`;
  const method = c.method ?? 'GET';
  const req: H = [['Origin', APP], ...(c.req ?? [])];
  const out: unknown[] = [];
  if (c.pf) {
    const acrh = (c.req ?? [])
      .map(([k]) => k.toLowerCase())
      .filter((k) => k !== 'cookie')
      .sort()
      .join(',');
    out.push(
      leg({
        method: 'OPTIONS',
        url,
        status: c.pf.status,
        preflight: true,
        requestId: id,
        req: [['Origin', APP], ['Access-Control-Request-Method', method], ...(acrh ? ([['Access-Control-Request-Headers', acrh]] as H) : [])],
        res: c.pf.res,
      }),
    );
    out.push(leg({ method, url, status: 0, req, error: 'net::ERR_FAILED', requestId: id }));
  } else out.push(leg({ method, url, status: c.status ?? 200, req, res: c.res, error: 'net::ERR_FAILED', requestId: id }));
  return out;
}

const ok: H = [['Access-Control-Allow-Origin', APP]];
const at = (reason: FirefoxReason, parameter = '') => ({ reason, parameter });

const TABLE: Array<[string, unknown[], { reason: FirefoxReason; parameter: string }]> = [
  ['no Allow-Origin on a 429', exchange({ status: 429, res: [['Content-Type', 'application/json']] }), at('CORSMissingAllowOrigin', '429')],
  [
    'two Allow-Origin lines',
    exchange({
      res: [
        ['Access-Control-Allow-Origin', APP],
        ['Access-Control-Allow-Origin', APP],
      ],
    }),
    at('CORSMultipleAllowOriginNotAllowed'),
  ],
  // Firefox counts lines: one line holding a list is a value that does not match.
  [
    'one Allow-Origin line holding two origins',
    exchange({ res: [['Access-Control-Allow-Origin', `${APP}, https://b.example`]] }),
    at('CORSAllowOriginNotMatchingOrigin', `${APP}, https://b.example`),
  ],
  [
    'another origin',
    exchange({ res: [['Access-Control-Allow-Origin', 'https://other.example']] }),
    at('CORSAllowOriginNotMatchingOrigin', 'https://other.example'),
  ],
  ['"*" with credentials', exchange({ req: [['Cookie', 'sid=1']], res: [['Access-Control-Allow-Origin', '*']] }), at('CORSNotSupportingCredentials')],
  ['credentials without Allow-Credentials', exchange({ req: [['Cookie', 'sid=1']], res: ok }), at('CORSMissingAllowCredentials')],
  [
    'preflight 403 without Allow-Origin (Allow-Origin is checked first)',
    exchange({ method: 'PUT', req: [['Content-Type', 'application/json']], pf: { status: 403, res: [] } }),
    at('CORSMissingAllowOrigin', '403'),
  ],
  [
    'preflight 401 with Allow-Origin',
    exchange({ method: 'PUT', req: [['Content-Type', 'application/json']], pf: { status: 401, res: ok } }),
    at('CORSPreflightDidNotSucceed', '401'),
  ],
  [
    'preflight redirect',
    exchange({ method: 'PUT', req: [['Content-Type', 'application/json']], pf: { status: 302, res: [...ok, ['Location', `${API}/elsewhere`]] } }),
    at('CORSExternalRedirectNotAllowed'),
  ],
  [
    'method not listed',
    exchange({ method: 'DELETE', pf: { status: 204, res: [...ok, ['Access-Control-Allow-Methods', 'GET, PUT']] } }),
    at('CORSMethodNotFound'),
  ],
  [
    'Allow-Methods item not a token',
    exchange({ method: 'DELETE', pf: { status: 204, res: [...ok, ['Access-Control-Allow-Methods', 'GET, DE LETE']] } }),
    at('CORSInvalidAllowMethod', 'DE LETE'),
  ],
  [
    'header not listed',
    exchange({
      method: 'PUT',
      req: [
        ['Content-Type', 'application/json'],
        ['X-Api-Key', 'k'],
      ],
      pf: { status: 204, res: [...ok, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'Content-Type']] },
    }),
    at('CORSMissingAllowHeaderFromPreflight', 'x-api-key'),
  ],
  [
    'Allow-Headers item not a token',
    exchange({
      method: 'PUT',
      req: [['Content-Type', 'application/json']],
      pf: { status: 204, res: [...ok, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'Content Type']] },
    }),
    at('CORSInvalidAllowHeader', 'Content Type'),
  ],
];

describe("Firefox's console line, per reason the analysis can infer", () => {
  it.each(TABLE)('%s', (_name, entries, want) => {
    const [ex] = analyze(entries, RULES, { browser: 'firefox' }).exchanges;
    expect(ex?.verdict).toBe('cors-blocked');
    const { confidence, ...rest } = ex!.console!;
    expect(rest).toEqual({
      source: 'firefox',
      text: firefoxConsoleText(want.reason, ex!.url, want.parameter),
      basis: 'inferred',
      code: want.reason,
      failedParameter: want.parameter,
    });
    expect(['medium', 'low']).toContain(confidence);
    // The same capture read as Chromium's keeps Chromium's line: the option decides the wording only.
    const [chromium] = analyze(entries, RULES).exchanges;
    expect(chromium!.console?.source).toBe('chromium');
    expect(chromium!.verdict).toBe(ex!.verdict);
  });

  it("uses security.properties' wording, character for character", () => {
    const u = 'https://api.example.net/v1/x';
    expect(firefoxConsoleText('CORSMissingAllowOrigin', u, '429')).toBe(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.net/v1/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 429.',
    );
    expect(firefoxConsoleText('CORSNotSupportingCredentials', u, '')).toBe(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘https://api.example.net/v1/x’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).',
    );
    expect(firefoxConsoleText('CORSMissingAllowHeaderFromPreflight', u, 'x-api-key')).toBe(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.net/v1/x. (Reason: header ‘x-api-key’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).',
    );
  });

  it("a capture is Firefox's by its HAR creator", () => {
    expect(isFirefoxCreator('Firefox 153.8.0')).toBe(true);
    expect(isFirefoxCreator('WebInspector 537.36')).toBe(false);
    expect(isFirefoxCreator('CORS X-Ray 0.1.0')).toBe(false);
    expect(isFirefoxCreator(undefined)).toBe(false);
  });
});

describe('the real Firefox capture (test/fixtures/firefox-cases.har)', () => {
  const text = readFileSync(path.resolve(__dirname, '../../fixtures/firefox-cases.har'), 'utf8');
  const parsed = parseHarText(text);
  if (!parsed.ok) throw new Error(parsed.error);
  const a = analyze(parsed.entries, RULES, { browser: isFirefoxCreator(parsed.creator) ? 'firefox' : 'chromium' });
  const cases = byCase(a.exchanges);

  it("is recognised as Firefox by its creator, and every blocked exchange gets Firefox's line", () => {
    expect(isFirefoxCreator(parsed.creator)).toBe(true);
    const blocked = a.exchanges.filter((ex) => ex.verdict === 'cors-blocked');
    expect(blocked.length).toBeGreaterThanOrEqual(8);
    for (const ex of blocked) {
      if (!ex.console) continue; // Firefox's own checks pass on what was recorded (see below)
      expect(ex.console.source, ex.url).toBe('firefox');
      expect(ex.console.text, ex.url).toMatch(/^Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at /);
    }
    // Every blocked exchange whose blocked leg was recorded with a status has a line.
    const recorded = blocked.filter((ex) =>
      ex.blockedLeg === 'preflight' ? (ex.preflight?.status ?? 0) > 0 : !!ex.actual?.sent && (ex.actual?.status ?? 0) > 0,
    );
    expect(recorded.filter((ex) => ex.console === null).map((ex) => ex.url)).toEqual([]);
  });

  it.each([
    ['throttled-post', 'CORSMissingAllowOrigin', '429'],
    ['authorizer-on-preflight', 'CORSMissingAllowOrigin', '401'],
    ['origin-mismatch', 'CORSAllowOriginNotMatchingOrigin', null],
    ['multiple-allow-origin', null, null],
  ])('%s: %s', (id, code, parameter) => {
    const ex = cases.get(id);
    expect(ex, id).toBeDefined();
    if (code) expect(ex!.console?.code).toBe(code);
    else expect(ex!.console?.code).toMatch(/^CORS(MultipleAllowOriginNotAllowed|AllowOriginNotMatchingOrigin)$/);
    if (parameter) expect(ex!.console?.failedParameter).toBe(parameter);
  });
});
