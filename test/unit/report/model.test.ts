import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseHarText } from '../../../src/model/har-input';
import { analyze } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';
import { buildReportView, buildSummaryView, selectExchanges, gatewayLabel } from '../../../src/report/model';
import { CASES } from '../../server/cases';
import { analysisOf, connectionRefused, corsOk, missingOptionsRoute, sampleAnalysis, throttledPost } from './fixtures';

const har = parseHarText(readFileSync(new URL('../../fixtures/chromium-cases.har', import.meta.url), 'utf8'));
if (!har.ok) throw new Error(har.error);
const real = analyze(har.entries, RULES);

describe('report view from hand-made analyses', () => {
  it('preflight failed: never-sent actual drawn as such, hidden status on the preflight', () => {
    const v = buildReportView(missingOptionsRoute());
    expect(v.legsLine).toBe('OPTIONS 403 ✗ → PUT (never sent)');
    expect(v.legs.map((l) => [l.leg, l.sent, l.blocked])).toEqual([
      ['preflight', true, true],
      ['actual', false, false],
    ]);
    // Chromium checks Allow-Origin before the status: a 403 without it fails on the header.
    expect(v.legs[0]!.failure).toBe('no Access-Control-Allow-Origin');
    expect(v.hidden!.label).toBe('403 on the preflight (observed, confidence certain)');
    expect(v.verdictLine).toMatch(/^CORS error on PUT https:\/\/.* — real cause: No OPTIONS route \(403\)$/);
    expect(v.fix!.stack).toBe('SAM / CloudFormation');
    expect(v.otherFixStacks).toEqual(['AWS console']);
    expect(v.ruleId).toBe('preflight-missing-route');
  });

  it('decisive headers: evidence highlighted first within its leg, CORS request headers as context', () => {
    const v = buildReportView(missingOptionsRoute());
    const names = v.decisiveHeaders.map((h) => `${h.leg}/${h.direction}/${h.name}${h.highlight ? '*' : ''}`);
    expect(names).toEqual([
      'preflight/request/Origin',
      'preflight/request/Access-Control-Request-Method',
      'preflight/request/Access-Control-Request-Headers',
      'preflight/response/x-amzn-ErrorType*',
      'preflight/response/Access-Control-Allow-Origin*',
    ]);
    expect(v.decisiveHeaders.find((h) => h.name === 'Access-Control-Allow-Origin')!.value).toBeNull();
  });

  it('preferred stack picks that fix', () => {
    expect(buildReportView(missingOptionsRoute(), { stack: 'aws console' }).fix!.stack).toBe('AWS console');
    expect(buildReportView(missingOptionsRoute(), { stack: 'Pulumi' }).fix!.stack).toBe('SAM / CloudFormation');
  });

  it('ok and not-cors exchanges', () => {
    expect(buildReportView(corsOk()).legsLine).toBe('GET 200 ✓ (no preflight needed)');
    const nc = buildReportView(connectionRefused());
    expect(nc.legsLine).toBe('GET ✗ net::ERR_CONNECTION_REFUSED');
    expect(nc.verdictLine).toMatch(/^Not a CORS problem/);
  });

  it('summary covers failures only by default; ids select and recount', () => {
    const s = buildSummaryView(sampleAnalysis());
    expect(s.rows.map((r) => r.id)).toEqual(['p1', 'p3', 'p9']);
    expect(s.rows[1]!.hidden).toBe('429 on the request (observed, confidence certain)');
    const sel = selectExchanges(sampleAnalysis(), ['p3', 'nope', 'p7']);
    expect(sel.exchanges.map((e) => e.id)).toEqual(['p3', 'p7']);
    expect(sel.summary).toMatchObject({ exchanges: 2, ok: 1, corsBlocked: 1, notCors: 0 });
  });

  it('gateway labels', () => {
    expect(gatewayLabel('aws-api-gateway-rest')).toBe('AWS API Gateway (REST API)');
    expect(gatewayLabel(null)).toBeNull();
    expect(buildReportView(throttledPost()).gatewayLabel).toBe('AWS API Gateway (REST API)');
  });
});

describe('report view from a real Chromium capture through analyze()', () => {
  const byPath = new Map(real.exchanges.map((e) => [new URL(e.url).pathname, e]));
  const cases = CASES.filter((c) => byPath.has(c.request.path));

  it('the capture covers most cases', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s: legs line matches what the server did', (_id, c) => {
    const ex = byPath.get(c.request.path)!;
    const v = buildReportView(ex);
    const e = c.expect;
    if (e.preflightSent) expect(v.legsLine.startsWith(`OPTIONS ${e.preflightStatus}`)).toBe(true);
    else expect(v.legsLine.startsWith('OPTIONS')).toBe(false);
    if (e.actualSent) expect(v.legsLine).toContain(`${c.request.method} ${e.actualStatus}`);
    else if (e.verdict === 'not-cors') expect(v.legsLine).toMatch(/✗ net::ERR_/);
    else expect(v.legsLine).toContain(`${c.request.method} (never sent)`);
    if (e.hiddenStatus)
      expect(v.hidden?.label.startsWith(`${e.hiddenStatus.status} on the ${e.hiddenStatus.leg === 'preflight' ? 'preflight' : 'request'}`)).toBe(true);
    else expect(v.hidden).toBeNull();
    if (e.verdict === 'cors-blocked') expect(v.legs.some((l) => l.blocked)).toBe(true);
  });

  it('the summary of the real capture has one row per failure', () => {
    const s = buildSummaryView(real);
    expect(s.rows.length).toBe(real.summary.corsBlocked + real.summary.notCors);
    expect(analysisOf([]).exchanges).toEqual([]);
  });
});
