/**
 * The report card, rendered without a DOM by a tiny vnode walker (the components are pure
 * functions without hooks). The real-Chromium end-to-end test covers layout and PNG export.
 */
import { describe, it, expect } from 'vitest';
import type { VNode } from 'preact';
import { ReportCard, SummaryCard } from '../../../panel/report/ReportCard';
import { INJECTION_CORPUS } from './injection-corpus';
import { connectionRefused, missingOptionsRoute, sampleAnalysis, throttledPost, JWT, SESSION } from './fixtures';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function toHtml(node: unknown): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return esc(String(node));
  if (Array.isArray(node)) return node.map(toHtml).join('');
  const v = node as VNode<Record<string, unknown>>;
  if (typeof v.type === 'function') return toHtml((v.type as (p: unknown) => unknown)(v.props));
  const { children, ...attrs } = v.props as Record<string, unknown>;
  if ('dangerouslySetInnerHTML' in attrs) throw new Error('dangerouslySetInnerHTML used');
  const a = Object.entries(attrs)
    .filter(([k, val]) => val !== null && val !== undefined && val !== false && k !== 'key')
    .map(([k, val]) => ` ${k}="${esc(String(val))}"`)
    .join('');
  return `<${String(v.type)}${a}>${toHtml(children)}</${String(v.type)}>`;
}

describe('ReportCard', () => {
  it('has the testids the end-to-end test relies on', () => {
    const html = toHtml(<ReportCard exchange={missingOptionsRoute()} />);
    for (const id of [
      'report-card',
      'report-verdict',
      'report-request',
      'report-hidden-status',
      'report-hidden-basis',
      'report-legs',
      'report-leg-preflight',
      'report-leg-actual',
      'report-decisive-headers',
      'report-header',
      'report-explanation',
      'report-fix',
      'report-fix-code',
      'report-footer',
      'report-rule-id',
    ]) {
      expect(html, id).toContain(`data-testid="${id}"`);
    }
    expect(html).toContain('data-state="never"');
    expect(html).toContain('data-highlight="true"');
    expect(html).toContain('data-redacted="true"');
    expect(html).toContain('No OPTIONS route (403)');
    expect(html).toContain('AWS::Serverless::Api');
  });

  it("says a leg's outcome in the report view's words: never sent, or what the probe got when it sent it anyway", () => {
    const ex = missingOptionsRoute();
    expect(toHtml(<ReportCard exchange={ex} />)).toContain('>never sent<');
    const probed = { ...ex, actual: { ...ex.actual!, probeAnswer: { status: 403, statusText: 'Forbidden', error: null } } };
    const html = toHtml(<ReportCard exchange={probed} />);
    expect(html).toContain('>not sent by a browser; the probe got 403 Forbidden<');
    expect(html).not.toContain('>never sent<');
  });

  it('redacts by default, not when told', () => {
    const red = toHtml(<ReportCard exchange={throttledPost()} />);
    expect(red).not.toContain(JWT.slice(0, 30));
    expect(red).not.toContain(SESSION);
    expect(red).toContain('‹redacted: JWT');
    const raw = toHtml(<ReportCard exchange={throttledPost()} redact={false} />);
    expect(raw).toContain(JWT);
  });

  it('not-cors card', () => {
    const html = toHtml(<ReportCard exchange={connectionRefused()} />);
    expect(html).toContain('data-verdict="not-cors"');
    expect(html).toContain('Not a CORS problem');
  });

  it.each(INJECTION_CORPUS.map((p) => [p.id, p.payload] as const))('%s renders as text only', (_id, payload) => {
    const ex = missingOptionsRoute();
    ex.headline = payload;
    ex.findings[0]!.message = payload;
    ex.findings[0]!.fixes[0]!.code = payload;
    ex.url = payload;
    ex.preflight!.responseHeaders.push({ name: 'X-Evil', value: payload });
    expect(() => toHtml(<ReportCard exchange={ex} redact={false} />)).not.toThrow();
  });
});

describe('SummaryCard', () => {
  it('one row per failure, then one card each', () => {
    const html = toHtml(<SummaryCard analysis={sampleAnalysis()} />);
    expect(html.match(/data-testid="summary-row"/g)).toHaveLength(3);
    expect(html.match(/data-testid="report-card"/g)).toHaveLength(3);
    expect(html).toContain('data-testid="summary-counts"');
    expect(html).toContain('data-testid="summary-notes"');
    const only = toHtml(<SummaryCard analysis={sampleAnalysis()} ids={['p3']} details={false} />);
    expect(only.match(/data-testid="summary-row"/g)).toHaveLength(1);
    expect(only).not.toContain('data-testid="report-card"');
  });
});
