/**
 * Every output and copy a user can share, made from the secrets corpus (leak-corpus.ts) the way the
 * product makes it: the CLI's own output path (default text, text --all, Markdown, HTML, streamed
 * JSON), the panel's export bundle (Markdown, HTML, JSON, Download HAR, cURL of both legs, fetch)
 * for the summary and for each failing request, the report cards as the panel draws them, and
 * what a request's detail copies (its fixes and reveal commands, through exchangeRedactor as Detail.tsx does).
 */
import { Writable } from 'node:stream';
import type { VNode } from 'preact';
import { analyzeHarText, emitAnalysis, type AnalyzeFormat } from '../../../src/cli/analyze-command';
import type { Analysis } from '../../../src/engine/schema';
import { curlForExchange, fetchForExchange } from '../../../src/report/curl';
import { exportAll } from '../../../src/report/exports';
import { exchangeRedactor } from '../../../src/report/redact';
import { ReportCard, SummaryCard } from '../../../panel/report/ReportCard';
import { corpusHar, corpusHarEntries, requestBodyOf } from './leak-corpus';

/** Text of a preact tree (components are pure functions), attributes included. */
function textOf(node: unknown): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  const v = node as VNode<Record<string, unknown>>;
  if (typeof v.type === 'function') return textOf((v.type as (p: unknown) => unknown)(v.props));
  const { children, ...attrs } = v.props as Record<string, unknown>;
  return (
    Object.values(attrs)
      .map((a) => (typeof a === 'string' ? ` ${a}` : ''))
      .join('') + textOf(children)
  );
}

async function cli(a: Analysis, format: AnalyzeFormat, all = false): Promise<string> {
  let out = '';
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  await emitAnalysis(a, { format, all, redact: true, colour: false, width: 100 }, sink);
  return out;
}

export function corpusAnalysis(): Analysis {
  return analyzeHarText(corpusHar(), 'corpus.har');
}

/** Format name → every text of that format (concatenated). */
export async function corpusOutputs(): Promise<Record<string, string>> {
  const a = corpusAnalysis();
  const failing = a.exchanges.filter((e) => e.verdict !== 'ok');
  const entries = corpusHarEntries();
  const summary = exportAll(a, undefined, { entries });
  const singles = failing.map((e) => exportAll(a, [e.id]));
  const copies = failing.map((e) => {
    const body = requestBodyOf(e.url) ?? undefined;
    const c = curlForExchange(e, body !== undefined ? { body } : {});
    return [c.preflight ?? '', c.actual ?? '', fetchForExchange(e, body !== undefined ? { body } : {}) ?? ''].join('\n');
  });
  const detailCopies = failing.map((e) => {
    const r = exchangeRedactor(e);
    return [...e.findings.flatMap((f) => f.fixes.map((x) => r.fix(x).code)), ...(e.reveal ? r.reveal(e.reveal).commands : [])].join('\n');
  });
  return {
    'CLI text': (await cli(a, 'text')) + (await cli(a, 'text', true)),
    'CLI Markdown': await cli(a, 'markdown', true),
    'CLI HTML': await cli(a, 'html', true),
    'CLI JSON': await cli(a, 'json'),
    'panel Markdown': summary.markdown + singles.map((b) => b.markdown).join('\n'),
    'panel HTML': summary.html + singles.map((b) => b.html).join('\n'),
    'panel JSON': summary.json + singles.map((b) => b.json).join('\n'),
    cURL: singles.map((b) => `${b.curlPreflight ?? ''}\n${b.curlActual ?? ''}`).join('\n') + copies.join('\n'),
    fetch: singles.map((b) => b.fetch ?? '').join('\n'),
    'Download HAR': summary.har ?? '',
    'report card': textOf(<SummaryCard analysis={a} />) + failing.map((e) => textOf(<ReportCard exchange={e} />)).join('\n'),
    'panel detail copies': detailCopies.join('\n'),
  };
}
