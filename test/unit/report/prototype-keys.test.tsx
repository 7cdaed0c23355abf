/**
 * Hostile header names: every Object.prototype property name (`__proto__`, `constructor`,
 * `toString`, ...) as a request and response header name, on the preflight and on the actual
 * request of every entry of the Chromium fixture, through analysis and every output. Live traffic
 * can carry such a header; a plain object keyed by header name turned it into "h.toLowerCase is
 * not a function" (issue 12, item 3). Each output must be produced and must show the names.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import type { VNode } from 'preact';
import { analyze } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';
import { renderAnalysis } from '../../../src/cli/analyze-command';
import { renderJson } from '../../../src/report/json';
import { renderMarkdown } from '../../../src/report/markdown';
import { renderHtml } from '../../../src/report/html';
import { curlForExchange, fetchForExchange } from '../../../src/report/curl';
import { exportHar } from '../../../src/report/har';
import { parseHarText } from '../../../src/model/har-input';
import { exportAll } from '../../../src/report/exports';
import { buildReportView, buildSummaryView } from '../../../src/report/model';
import { prepare } from '../../../src/report/model';
import { ReportCard, SummaryCard } from '../../../panel/report/ReportCard';

const NAMES = Object.getOwnPropertyNames(Object.prototype);
const FIXTURE = new URL('../../fixtures/chromium-cases.har', import.meta.url);

/** The fixture with every prototype name added as a request and a response header of every entry. */
function hostileEntries(): unknown[] {
  const har = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { log: { entries: Array<{ request: { headers: unknown[] }; response: { headers: unknown[] } }> } };
  for (const e of har.log.entries) {
    for (const n of NAMES) {
      e.request.headers.push({ name: n, value: `req-${n.replace(/_/g, '')}` });
      e.response.headers.push({ name: n, value: `res-${n.replace(/_/g, '')}` });
    }
  }
  return har.log.entries;
}

function toHtml(node: unknown): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(toHtml).join('');
  const v = node as VNode<Record<string, unknown>>;
  if (typeof v.type === 'function') return toHtml((v.type as (p: unknown) => unknown)(v.props));
  return toHtml((v.props as Record<string, unknown>).children);
}

function expectNames(out: string, where: string): void {
  expect(out.length, where).toBeGreaterThan(0);
  for (const n of NAMES) expect(out, `${where}: ${n}`).toContain(n);
}

describe('Object.prototype names as header names', () => {
  const entries = hostileEntries();
  const analysis = analyze(entries, RULES);

  it('are analysed like any header: every entry, on both legs, with each prototype name kept', () => {
    expect(analysis.exchanges.length).toBeGreaterThan(3);
    const legs = analysis.exchanges.flatMap((e) => [e.preflight, e.actual]).filter((l) => l !== null);
    expect(legs.some((l) => l.method === 'OPTIONS')).toBe(true);
    for (const l of legs) {
      const req = new Set(l.requestHeaders.map((x) => x.name));
      const res = new Set(l.responseHeaders.map((x) => x.name));
      for (const n of NAMES) {
        expect(req.has(n), `${l.method} ${l.url} request ${n}`).toBe(true);
        if (l.status !== 0) expect(res.has(n), `${l.method} ${l.url} response ${n}`).toBe(true);
      }
    }
  });

  it('the CLI formats render (text, json, markdown, html; redacted and not)', () => {
    for (const format of ['text', 'json', 'markdown', 'html'] as const) {
      for (const redact of [true, false]) {
        const out = renderAnalysis(analysis, { format, all: true, each: true, redact, colour: false, width: 100 });
        expect(out.length, format).toBeGreaterThan(100);
        // The text, Markdown and HTML outputs show the decisive headers, not all of them; JSON has every one.
        if (format === 'json') expectNames(out, `json redact=${redact}`);
      }
    }
    expectNames(renderJson(analysis), 'renderJson');
    expect(renderMarkdown(analysis, { ids: analysis.exchanges.map((e) => e.id) })).toContain('CORS X-Ray');
    expect(renderHtml(analysis, { ids: analysis.exchanges.map((e) => e.id) })).toContain('<html');
  });

  it('cURL and fetch copies carry the names', () => {
    let curl = '';
    let fetchJs = '';
    for (const ex of analysis.exchanges) {
      for (const redact of [true, false]) {
        const c = curlForExchange(ex, { redact });
        curl += (c.preflight ?? '') + (c.actual ?? '');
        fetchJs += fetchForExchange(ex, { redact }) ?? '';
      }
    }
    // Every name but a forbidden one reaches the copy (none of these is forbidden).
    expectNames(curl, 'curl');
    expectNames(fetchJs, 'fetch');
  });

  it('the HAR export keeps them, and reads back', () => {
    for (const redact of [true, false]) {
      const text = exportHar(entries, analysis, { redact });
      expectNames(text, `har redact=${redact}`);
      const back = parseHarText(text);
      expect(back.ok).toBe(true);
      if (back.ok) expect(analyze(back.entries, RULES).exchanges.length).toBe(analysis.exchanges.length);
    }
    const bundle = exportAll(analysis, undefined, { redact: true });
    expect(Object.values(bundle).join('').length).toBeGreaterThan(0);
    expect(prepare(analysis).exchanges.length).toBe(analysis.exchanges.length);
  });

  it('the report view model and the panel report card build for every exchange', () => {
    for (const ex of analysis.exchanges) {
      const view = buildReportView(ex);
      expect(view.verdict).toBeTruthy();
      expect(toHtml(<ReportCard exchange={ex} />).length).toBeGreaterThan(0);
    }
    const summary = buildSummaryView(analysis, { ids: analysis.exchanges.map((e) => e.id) });
    expect(summary.rows.length).toBe(analysis.exchanges.length);
    expect(toHtml(<SummaryCard analysis={analysis} />).length).toBeGreaterThan(0);
  });
});
