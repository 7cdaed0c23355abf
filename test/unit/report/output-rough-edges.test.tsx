/**
 * The output rough edges of issue 15 section 2 and "What the console said", each with a test that
 * would have caught it, on the project's own Chromium capture rendered in every format.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { VNode } from 'preact';
import { describe, expect, it } from 'vitest';
import { ReportCard } from '../../../panel/report/ReportCard';
import { counted } from '../../../panel/format';
import { analyzeHarText } from '../../../src/cli/analyze-command';
import { makeStyle } from '../../../src/cli/style';
import { renderText } from '../../../src/cli/text';
import type { ExchangeResult, FixSnippet } from '../../../src/engine/schema';
import { renderHtml } from '../../../src/report/html';
import { renderMarkdown } from '../../../src/report/markdown';
import { buildReportView } from '../../../src/report/model';
import { missingOptionsRoute } from './fixtures';

const ROOT = path.resolve(__dirname, '../../..');
const analysis = analyzeHarText(readFileSync(path.join(ROOT, 'test/fixtures/chromium-cases.har'), 'utf8'), 'chromium-cases.har');
const all = { ids: analysis.exchanges.map((e) => e.id) };
const markdown = renderMarkdown(analysis, all);
const html = renderHtml(analysis, all);
const text = renderText(analysis, { all: true, each: true, style: makeStyle(false), width: 100 });

function toText(node: unknown): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(toText).join('');
  const v = node as VNode<Record<string, unknown>>;
  if (typeof v.type === 'function') return toText((v.type as (p: unknown) => unknown)(v.props));
  return `<${String(v.type)}>${toText((v.props as { children?: unknown }).children)}</${String(v.type)}>`;
}
const cards = analysis.exchanges.map((ex) => toText(<ReportCard exchange={ex} />)).join('\n');

describe('fix lists name each stack once', () => {
  const fix = (stack: string): FixSnippet => ({ stack, lang: 'text', title: stack, code: stack });
  it('a stack with several snippets, and the shown fix’s own stack, are not repeated', () => {
    const ex = missingOptionsRoute();
    ex.findings[0]!.fixes = ['AWS console', 'SAM', 'CDK', 'Terraform', 'SAM', 'Terraform', 'AWS console', 'Command line', 'Command line'].map(fix);
    expect(buildReportView(ex).otherFixStacks).toEqual(['SAM', 'CDK', 'Terraform', 'Command line']);
    expect(buildReportView(ex, { stack: 'Terraform' }).otherFixStacks).toEqual(['AWS console', 'SAM', 'CDK', 'Command line']);
  });
  it('on the Chromium capture, in every format', () => {
    for (const ex of analysis.exchanges) {
      const v = buildReportView(ex);
      expect(new Set(v.otherFixStacks).size, ex.id).toBe(v.otherFixStacks.length);
      if (v.fix) expect(v.otherFixStacks, ex.id).not.toContain(v.fix.stack);
    }
    for (const out of [markdown, html, text, cards]) expect(out).not.toMatch(/Command line, Command line|(\b[\w ]+), (?:[\w ]+, )*\1[,.]/);
  });
});

describe('evidence labels say where a header was, once', () => {
  it('never "request request" or "request response"', () => {
    for (const out of [markdown, html, text, cards]) expect(out).not.toMatch(/request (request|response)/);
    expect(html).toContain('<td>preflight response</td>');
    expect(cards).toMatch(/preflight (request|response)/);
  });
});

describe('a not-CORS verdict says "not CORS" once', () => {
  it('the cause after "Not a CORS problem" drops the engine’s own "Not CORS —"', () => {
    const notCors = analysis.exchanges.filter((e) => e.verdict === 'not-cors');
    expect(notCors.length).toBeGreaterThan(0);
    for (const ex of notCors) {
      const v = buildReportView(ex);
      expect(v.verdictLine).not.toMatch(/Not CORS/);
      expect(v.cause).not.toMatch(/^Not CORS/);
    }
    for (const out of [markdown, html, text, cards]) expect(out).not.toMatch(/Not a CORS problem.*Not CORS —/);
  });
});

describe('the status bar counts agree with their nouns', () => {
  it('1 network error, 2 network errors', () => {
    expect(counted(1, 'network error')).toBe('1 network error');
    expect(counted(0, 'network error')).toBe('0 network errors');
    expect(counted(2, 'network error')).toBe('2 network errors');
    expect(readFileSync(path.join(ROOT, 'panel/StatusBar.tsx'), 'utf8')).not.toMatch(/\} network errors/);
  });
});

describe('the detail header breaks header names only between words', () => {
  it('.url-line does not break every word anywhere (only its URL may)', () => {
    const css = readFileSync(path.join(ROOT, 'panel/styles.css'), 'utf8');
    expect(css).not.toMatch(/\.url-line\s*\{[^}]*break-all/);
    expect(css).toMatch(/\.url-line \.mono\s*\{[^}]*break-all/);
  });
});

describe('"What the console said" in every output', () => {
  const blocked = analysis.exchanges.filter(
    (e): e is ExchangeResult & { console: NonNullable<ExchangeResult['console']> } => e.verdict === 'cors-blocked' && !!e.console,
  );
  it('every blocked exchange of the capture has its console line in the view, text, Markdown, HTML and the card', () => {
    expect(blocked.length).toBeGreaterThan(5);
    for (const ex of blocked) {
      const v = buildReportView(ex);
      expect(v.console?.text).toBe(ex.console.text);
      expect(v.console?.note).toMatch(/^Chromium's wording, rebuilt from the failed check \(inferred, confidence \w+\)$/);
      // Text wraps long lines: compare by words.
      const words = ex.console.text.split(/\s+/).slice(0, 6).join(' ');
      expect(text.replace(/\s+/g, ' '), ex.id).toContain(words);
      expect(markdown, ex.id).toContain(ex.console.text.replace(/[\r\n]/g, ''));
    }
    expect(markdown).toContain('**What the console said**');
    expect(html).toContain('<h3>What the console said</h3>');
    expect(cards).toContain('What the console said');
    expect(text).toContain('Console said');
  });
  it('an exchange that was not blocked has none', () => {
    for (const ex of analysis.exchanges.filter((e) => e.verdict !== 'cors-blocked')) expect(buildReportView(ex).console).toBeNull();
  });
});

describe('the docs say what the product does', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'manifest.json'), 'utf8')) as { minimum_chrome_version: string };
  it('README states the Node version of engines and the minimum Chrome version of the manifest', () => {
    const node = pkg.engines.node.replace(/^>=\s*/, '');
    expect(readme).toContain(`Node ${node} or`);
    expect(readme).not.toMatch(/Node 20\+/);
    expect(readme).toMatch(new RegExp(`Chrome[^\\n]*\\b${manifest.minimum_chrome_version}\\b`));
  });
  it('docs/sharing.md names the panel’s buttons as the panel does', () => {
    const sharing = readFileSync(path.join(ROOT, 'docs/sharing.md'), 'utf8');
    const app = readFileSync(path.join(ROOT, 'panel/Toolbar.tsx'), 'utf8');
    expect(app).toMatch(/>\s*Report all failures\s*</);
    expect(sharing).toContain('Report all failures');
    expect(sharing).not.toContain('Report for all failures');
  });
});
