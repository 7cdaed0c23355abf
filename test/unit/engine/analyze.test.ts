import { describe, expect, it } from 'vitest';
import { analyze, analyzeExchanges, type ReusableResults } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';
import { normaliseEntries } from '../../../src/model/normalise';
import { ANALYSIS_SCHEMA, ANALYSIS_SCHEMA_VERSION } from '../../../src/engine/schema';
import { API, PAGE, exchange, T0 } from '../rules/_support/har';

describe('analyze', () => {
  it('empty capture and non-array input', () => {
    const a = analyze([], RULES);
    expect(a.schema).toBe(ANALYSIS_SCHEMA);
    expect(a.version).toBe(ANALYSIS_SCHEMA_VERSION);
    expect(a.exchanges).toEqual([]);
    expect(analyze(null as unknown as unknown[], RULES).exchanges).toEqual([]);
  });
  it('never throws on garbage and reports what it skipped', () => {
    const a = analyze([null, 1, { request: { url: {} } }, { request: { url: API }, response: 'x', _error: 17 }], RULES);
    expect(a.notes.length).toBeGreaterThan(0);
    expect(a.exchanges).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
  it('same-origin: ok, not cross-origin, no findings', () => {
    const ex = analyze(exchange({ url: `${PAGE}/config.json`, status: 200 }), RULES).exchanges[0]!;
    expect(ex).toMatchObject({ verdict: 'ok', crossOrigin: false, findings: [], gateway: null, hiddenStatus: null });
  });
  it('a cross-origin block always gets at least one finding', () => {
    const variants = [
      exchange({
        url: API,
        status: 200,
        responseHeaders: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true' },
        error: 'net::ERR_FAILED',
      }),
      exchange({ url: API, neverSent: true }),
      exchange({ url: API, method: 'PATCH', neverSent: true }),
      exchange({ url: API, status: 418, responseHeaders: { 'Access-Control-Allow-Origin': PAGE }, error: 'net::ERR_FAILED' }),
    ];
    for (const v of variants) {
      const ex = analyze(v, RULES).exchanges.at(-1)!;
      expect(ex.verdict).toBe('cors-blocked');
      expect(ex.findings.length).toBeGreaterThan(0);
      expect(ex.headline).not.toMatch(/\{\{/);
    }
  });
  it('unknown _error values: not-cors with the raw value shown', () => {
    const ex = analyze(exchange({ url: API, neverSent: true, error: 'net::ERR_QUANTUM_FLUX' }), RULES).exchanges[0]!;
    expect(ex.verdict).toBe('not-cors');
    expect(ex.findings[0]!.message).toContain('net::ERR_QUANTUM_FLUX');
    expect(ex.headline).toBe('Not CORS — ERR_QUANTUM_FLUX');
  });
  it('a passing request reports the checks that passed', () => {
    const ex = analyze(
      exchange({
        url: API,
        method: 'PUT',
        requestHeaders: { 'Content-Type': 'application/json' },
        preflight: {
          status: 204,
          responseHeaders: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'Content-Type' },
        },
        status: 200,
        responseHeaders: { 'Access-Control-Allow-Origin': PAGE },
      }),
      RULES,
    ).exchanges[0]!;
    expect(ex.verdict).toBe('ok');
    expect(ex.findings).toEqual([]);
    expect(ex.checks?.map((c) => `${c.leg}:${c.id}:${c.outcome}`)).toEqual([
      'preflight:allow-origin:pass',
      'preflight:preflight-status:pass',
      'preflight:allow-methods:pass',
      'preflight:allow-headers:pass',
      'actual:allow-origin:pass',
    ]);
  });
  it('each finding states the hidden status of its leg', () => {
    const ex = analyze(
      exchange({
        url: API,
        method: 'POST',
        requestHeaders: { 'Content-Type': 'application/json' },
        preflight: {
          status: 204,
          responseHeaders: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'content-type' },
        },
        status: 429,
        responseHeaders: { 'x-amzn-ErrorType': 'TooManyRequestsException' },
        error: 'net::ERR_FAILED',
      }),
      RULES,
    ).exchanges[0]!;
    for (const f of ex.findings) expect(f.hiddenStatus).toMatchObject({ status: 429, leg: 'actual', basis: 'observed', confidence: 'certain' });
  });
  it('summary counts', () => {
    const a = analyze(
      [
        ...exchange({ url: API, status: 200, responseHeaders: { 'Access-Control-Allow-Origin': '*' }, startedMs: T0 }),
        ...exchange({ url: API, status: 500, responseHeaders: {}, error: 'net::ERR_FAILED', startedMs: T0 + 10 }),
        ...exchange({ url: API, neverSent: true, error: 'net::ERR_NAME_NOT_RESOLVED', startedMs: T0 + 20 }),
        ...exchange({ url: `${PAGE}/x`, status: 200, startedMs: T0 + 30 }),
      ],
      RULES,
    );
    expect(a.summary).toEqual({ entries: 4, exchanges: 4, ok: 2, corsBlocked: 1, notCors: 1, sameOrigin: 1 });
  });
  it('analyzeExchanges gives the same result as analyze', () => {
    const entries = exchange({ url: API, status: 429, responseHeaders: { 'x-amzn-ErrorType': 'TooManyRequestsException' }, error: 'net::ERR_FAILED' });
    const { exchanges, notes } = normaliseEntries(entries);
    expect(analyzeExchanges(exchanges, entries.length, RULES, notes)).toEqual(analyze(entries, RULES));
  });
  it('credentials are never copied into fixes or reveal commands', () => {
    const a = analyze(
      exchange({ url: API, requestHeaders: { Authorization: 'Bearer TOPSECRET' }, preflight: { status: 401, responseHeaders: {} }, neverSent: true }),
      RULES,
    );
    const text = JSON.stringify(a.exchanges[0]!.findings) + JSON.stringify(a.exchanges[0]!.reveal);
    expect(text).not.toContain('TOPSECRET');
    expect(a.exchanges[0]!.reveal?.commands.join('\n')).toContain('Bearer <token>');
  });
  it('scales linearly: 5,000 exchanges re-analysed quickly enough for the panel', () => {
    const entries: unknown[] = [];
    for (let i = 0; i < 5000; i++)
      entries.push(
        ...exchange({
          url: `${API}/${i}`,
          status: i % 3 ? 200 : 429,
          responseHeaders: i % 3 ? { 'Access-Control-Allow-Origin': PAGE } : {},
          error: i % 3 ? null : 'net::ERR_FAILED',
          startedMs: T0 + i * 3,
        }),
      );
    const t = performance.now();
    const a = analyze(entries, RULES);
    expect(a.exchanges).toHaveLength(5000);
    expect(performance.now() - t).toBeLessThan(15000);
  });
});

describe('re-analysis as traffic arrives (panel)', () => {
  it('reuses unchanged pairs and recomputes ones whose capture context changed', () => {
    const first = exchange({
      url: API,
      method: 'POST',
      requestHeaders: { 'Content-Type': 'application/json' },
      preflight: {
        status: 204,
        responseHeaders: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'content-type' },
      },
      status: 200,
      responseHeaders: { 'Access-Control-Allow-Origin': PAGE },
      startedMs: T0,
    });
    const { exchanges } = normaliseEntries(first);
    const reuse: ReusableResults = new WeakMap();
    const a1 = analyzeExchanges(exchanges, 2, RULES, [], reuse);
    const a2 = analyzeExchanges([...exchanges], 2, RULES, [], reuse);
    expect(a2.exchanges[0]).toBe(a1.exchanges[0]);
    // Without a store of earlier results (a one-shot analysis), the same result is made again.
    const once = analyzeExchanges([...exchanges], 2, RULES);
    expect(once.exchanges[0]).not.toBe(a1.exchanges[0]);
    expect(once.exchanges[0]).toEqual(a1.exchanges[0]);
    // A later burst of 429s changes nothing for an earlier ok exchange, but a new pair is analysed.
    const more = normaliseEntries(exchange({ url: API, status: 429, responseHeaders: {}, error: 'net::ERR_FAILED', startedMs: T0 + 50 })).exchanges.map(
      (e) => ({ ...e, index: 5 }),
    );
    const a3 = analyzeExchanges([...exchanges, ...more], 3, RULES, [], reuse);
    expect(a3.exchanges).toHaveLength(2);
    expect(a3.exchanges[1]!.findings[0]!.rule).toBe('throttled');
    expect(a3.exchanges[0]).toEqual(a1.exchanges[0]);
  });

  it('does not reuse a result for a copy of an analysed exchange', () => {
    const { exchanges } = normaliseEntries(exchange({ url: API, status: 200, responseHeaders: { 'Access-Control-Allow-Origin': PAGE }, startedMs: T0 }));
    const reuse: ReusableResults = new WeakMap();
    const ok = analyzeExchanges(exchanges, 1, RULES, [], reuse);
    expect(ok.exchanges[0]!.verdict).toBe('ok');
    // The copy carries the first exchange's memo field; its response no longer allows the origin.
    const copy = exchanges.map((e) => ({
      ...e,
      response: {
        ...e.response,
        status: 200,
        headers: [],
        known: normaliseEntries(exchange({ url: API, status: 200, responseHeaders: {}, startedMs: T0 })).exchanges[0]!.response.known,
      },
      error: 'net::ERR_FAILED',
    }));
    const again = analyzeExchanges(copy, 1, RULES, [], reuse);
    expect(again.exchanges[0]!.verdict).toBe('cors-blocked');
    expect(again.exchanges[0]!.findings[0]!.rule).toBe('missing-allow-origin');
  });
});
