/**
 * One output pipeline (issue 13 item 4): the panel's detail states the facts the reports state in
 * the same words, because it renders them from the same report view. Checked on every exchange of
 * the project's own Chromium capture against the Markdown report of that exchange.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { VNode } from 'preact';
import { describe, expect, it } from 'vitest';
import { Facts } from '../../../panel/Detail';
import { legCell } from '../../../panel/format';
import { analyzeHarText } from '../../../src/cli/analyze-command';
import { renderReportMarkdown } from '../../../src/report/markdown';
import { buildReportView } from '../../../src/report/model';

const ROOT = path.resolve(__dirname, '../../..');
const analysis = analyzeHarText(readFileSync(path.join(ROOT, 'test/fixtures/chromium-cases.har'), 'utf8'), 'chromium-cases.har');

/** The text a hook-free component tree shows (elements' text, attributes left out), spaces collapsed. */
function shown(node: unknown): string {
  const walk = (n: unknown): string => {
    if (n === null || n === undefined || typeof n === 'boolean') return '';
    if (typeof n === 'string' || typeof n === 'number') return String(n);
    if (Array.isArray(n)) return n.map(walk).join('');
    const v = n as VNode<Record<string, unknown>>;
    if (typeof v.type === 'function') return walk((v.type as (p: unknown) => unknown)(v.props));
    const inner = walk((v.props as { children?: unknown }).children);
    return v.type === 'div' || v.type === 'p' || v.type === 'pre' || v.type === 'h2' || v.type === 'br' ? `\n${inner}\n` : inner;
  };
  return walk(node)
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}
/** Markdown as read: backslash escapes removed, emphasis markers and code ticks dropped. */
const readMd = (md: string) => md.replace(/\\(.)/g, '$1').replace(/\*\*/g, '').replace(/`/g, '');

const cases = analysis.exchanges.filter((ex) => ex.crossOrigin).map((ex) => [ex.id, ex] as const);

describe('the panel detail and the Markdown report say the same facts in the same words', () => {
  it('the capture has what is compared: unsent requests, hidden statuses, console lines', () => {
    const views = analysis.exchanges.map((ex) => buildReportView(ex));
    expect(views.filter((v) => v.legs.some((l) => !l.sent)).length).toBeGreaterThan(2);
    expect(views.filter((v) => v.hidden).length).toBeGreaterThan(2);
    expect(views.filter((v) => v.console).length).toBeGreaterThan(5);
  });

  it.each(cases)('%s', (_id, ex) => {
    const view = buildReportView(ex);
    const detail = shown(<Facts x={ex} view={view} />);
    const md = readMd(renderReportMarkdown(view));

    // "never sent" (the reports' words), never the panel's old "not sent".
    expect(detail).not.toMatch(/\bnot sent\b/);
    for (const l of view.legs) {
      expect(detail, `${l.leg} outcome`).toContain(`${l.label}\n${l.outcome}`);
      if (!l.sent) {
        expect(l.outcome).toBe('never sent');
        expect(md).toContain(`${l.method} (never sent)`);
        // The table's cell says it too.
        expect(legCell(ex, l.leg).text).toBe('never sent');
      }
      if (l.failure) {
        expect(md).toContain(`Failed at: ${l.label.toLowerCase()}, ${l.failure}`);
        expect(detail).toContain(`${l.outcome}\n${l.failure}`);
      }
    }
    if (view.hidden) {
      expect(md).toContain(`Hidden status: ${view.hidden.label} — ${view.hidden.note}`);
      expect(detail).toContain(`Hidden status: ${view.hidden.label}\n${view.hidden.note}`);
    } else if (view.hiddenAbsentReason) {
      expect(md).toContain(`Hidden status: none — ${view.hiddenAbsentReason}`);
      expect(detail).toContain(`Hidden status: none — ${view.hiddenAbsentReason}`);
    }
    if (view.console) {
      expect(md).toContain(`What the console said — ${view.console.note}`);
      expect(md).toContain(view.console.text);
      expect(detail).toContain(`What the console said — ${view.console.note}\n${view.console.text}`);
    } else {
      expect(detail).not.toContain('What the console said');
    }
    expect(md).toContain(`Credentials: ${view.credentialsLine}`);
    expect(detail).toContain(`Credentials: ${view.credentialsLine}`);
    if (view.gatewayLabel) {
      expect(md).toContain(`Detected stack: ${view.gatewayLabel}`);
      expect(detail).toContain(`answered by ${view.gatewayLabel}`);
    }
  });
});
