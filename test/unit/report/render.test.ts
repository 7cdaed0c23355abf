import { describe, it, expect } from 'vitest';
import type { Analysis, ExchangeResult } from '../../../src/engine/schema';
import { renderHtml, HTML_CSP } from '../../../src/report/html';
import { renderMarkdown } from '../../../src/report/markdown';
import { renderJson } from '../../../src/report/json';
import { mdCode, mdFence, mdText, escapeHtml } from '../../../src/report/escape';
import { INJECTION_CORPUS } from './injection-corpus';
import { analysisOf, connectionRefused, corsOk, exchange, leg, missingOptionsRoute, sampleAnalysis, throttledPost, APP } from './fixtures';

/** An analysis whose every untrusted field carries the payload. */
function hostileAnalysis(p: string): Analysis {
  const url = `https://api.example.com/${p}`;
  const ex: ExchangeResult = exchange({
    id: 'p1',
    url,
    method: 'PUT',
    origin: p,
    preflight: leg({
      method: 'OPTIONS',
      url,
      status: 403,
      statusText: p,
      requestHeaders: [
        { name: 'Origin', value: p },
        { name: 'Access-Control-Request-Method', value: p },
      ],
      responseHeaders: [
        { name: p.slice(0, 40) || 'x', value: p },
        { name: 'x-amzn-ErrorType', value: p },
      ],
    }),
    actual: leg({ method: 'PUT', url, status: 0, sent: false, error: p }),
    blockedLeg: 'preflight',
    hiddenStatus: { status: 403, leg: 'preflight', basis: 'observed', confidence: 'certain', note: p },
    headline: p,
    findings: [
      {
        rule: 'preflight-missing-route',
        title: p,
        severity: 'error',
        confidence: 'certain',
        basis: 'observed',
        leg: 'preflight',
        message: p,
        evidence: [{ leg: 'preflight', kind: 'response-header', name: 'Access-Control-Allow-Origin', value: p, why: p }],
        fixes: [
          { stack: p.slice(0, 50), lang: p.slice(0, 20), title: p, code: p },
          { stack: 'Terraform', lang: 'hcl', title: 'x', code: p },
        ],
        docs: p,
      },
      { rule: 'other', title: p, severity: 'warning', confidence: 'low', basis: 'inferred', leg: null, message: p, evidence: [], fixes: [], docs: '' },
    ],
  });
  return analysisOf([ex, { ...ex, id: 'p2', headline: `second ${p}` }], [p]);
}

const ALLOWED_TAGS = new Set([
  '!doctype',
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'section',
  'p',
  'div',
  'dl',
  'dt',
  'dd',
  'strong',
  'span',
  'h1',
  'h3',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'pre',
  'code',
  'ul',
  'li',
]);

function tagsOf(html: string): string[] {
  return [...html.matchAll(/<\/?([!a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase());
}

describe('HTML export', () => {
  it('is a self-contained document with a strict CSP and no script or external reference', () => {
    const html = renderHtml(sampleAnalysis());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`);
    expect(HTML_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    // The CSP comes before anything that could load or run.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    expect(html).not.toMatch(/<script|\bhref=|\bsrc=|url\(|@import/i);
    for (const t of tagsOf(html)) expect(ALLOWED_TAGS.has(t), t).toBe(true);
  });

  it('shows verdict, hidden status, legs, headers, explanation, fix and footer', () => {
    const html = renderHtml(sampleAnalysis(), { ids: ['p1'] });
    expect(html).toContain('CORS error — real cause: No OPTIONS route (403)');
    expect(html).toContain('403 on the preflight (observed, confidence certain)');
    expect(html).toContain('never sent');
    expect(html).toContain('x-amzn-ErrorType');
    expect(html).toContain('Missing Authentication Token');
    expect(html).toContain('AWS::Serverless::Api');
    expect(html).toContain('rule preflight-missing-route');
  });

  it('summary lists every failure', () => {
    const html = renderHtml(sampleAnalysis());
    expect(html).toContain('p1');
    expect(html).toContain('p3');
    expect(html).toContain('p9');
    expect(html).not.toContain('id="report-p7"');
  });

  it.each(INJECTION_CORPUS.map((p) => [p.id, p] as const))('%s stays inert', (_id, p) => {
    const html = renderHtml(hostileAnalysis(p.payload), { redact: false });
    for (const t of tagsOf(html)) expect(ALLOWED_TAGS.has(t), `tag <${t}>`).toBe(true);
    // Every real tag (a "<" followed by a letter: text has none, it is escaped) has only our attributes.
    for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) {
      expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
      expect(tag).not.toMatch(/\b(href|src|action|formaction|srcdoc|http-equiv="refresh")\s*=/i);
    }
    for (const bad of p.htmlForbidden) expect(html.includes(bad), `contains ${JSON.stringify(bad)}`).toBe(false);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html.match(/<meta http-equiv=/g)).toHaveLength(1);
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
  });

  it('escapeHtml escapes every markup character', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  });
});

// ------------------------------------------------------------------------------------------------
// Markdown: a small checker for the structure of our own output.
// ------------------------------------------------------------------------------------------------

interface MdScan {
  prose: string[];
  fencesBalanced: boolean;
  headings: string[];
  tableRows: string[];
}

/** Split Markdown into prose (code spans removed) and fenced blocks, CommonMark-style. */
function scanMarkdown(md: string): MdScan {
  const prose: string[] = [];
  const headings: string[] = [];
  const tableRows: string[] = [];
  let fence: string | null = null;
  for (const line of md.split('\n')) {
    if (fence) {
      if (line.startsWith(fence) && /^`+\s*$/.test(line) && line.trim().length >= fence.length) fence = null;
      continue;
    }
    const open = /^(`{3,})/.exec(line);
    if (open) {
      fence = open[1]!;
      continue;
    }
    if (line.startsWith('#')) headings.push(line);
    if (line.startsWith('|')) tableRows.push(line);
    prose.push(removeCodeSpans(line));
  }
  return { prose, fencesBalanced: fence === null, headings, tableRows };
}

function removeCodeSpans(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] === '\\') {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (line[i] === '`') {
      const run = /^`+/.exec(line.slice(i))![0];
      const close = line.indexOf(run, i + run.length);
      // A run only closes with a run of exactly the same length.
      let j = close;
      while (j >= 0 && (line[j + run.length] === '`' || line[j - 1] === '`')) j = line.indexOf(run, j + 1);
      if (j >= 0) {
        out += '⟦code⟧';
        i = j + run.length;
        continue;
      }
    }
    out += line[i];
    i++;
  }
  return out;
}

/** Characters that would start Markdown/HTML syntax if not backslash-escaped. */
function unescaped(prose: string, chars: string): string[] {
  const bad: string[] = [];
  for (let i = 0; i < prose.length; i++) {
    const c = prose[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (chars.includes(c)) bad.push(`${c} at ${i} in ${JSON.stringify(prose.slice(Math.max(0, i - 20), i + 20))}`);
  }
  return bad;
}

function syntaxProfile(md: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of scanMarkdown(md).prose) for (const hit of unescaped(line, '<>[]`|*_~@')) counts[hit[0]!] = (counts[hit[0]!] ?? 0) + 1;
  return counts;
}

describe('Markdown export', () => {
  it('single report: verdict, hidden status, legs line, decisive headers, explanation, fix', () => {
    const md = renderMarkdown(sampleAnalysis(), { ids: ['p1'] });
    expect(md).toContain('### ✗ CORS error — real cause: No OPTIONS route (403)');
    expect(md).toContain('**Hidden status:** 403 on the preflight (observed, confidence certain)');
    expect(md).toContain('**Legs:** `OPTIONS 403 ✗ → PUT (never sent)`');
    expect(md).toMatch(/```http\n# Preflight request\nOrigin: http:\/\/localhost:5173/);
    expect(md).toContain('x-amzn-ErrorType: MissingAuthenticationTokenException');
    expect(md).toContain('```yaml\nResources:');
    expect(md).toContain('rule `preflight-missing-route`');
    expect(scanMarkdown(md).fencesBalanced).toBe(true);
  });

  it('legs line for a blocked actual response and for a network error', () => {
    expect(renderMarkdown(analysisOf([throttledPost()]), { ids: ['p3'] })).toContain('`OPTIONS 204 ✓ → POST 429 ✗`');
    expect(renderMarkdown(analysisOf([connectionRefused()]), { ids: ['p9'] })).toContain('Not a CORS problem');
  });

  it('summary: a table row per failure, then each report', () => {
    const md = renderMarkdown(sampleAnalysis());
    const scan = scanMarkdown(md);
    expect(scan.tableRows).toHaveLength(2 + 3);
    expect(scan.headings.filter((h) => h.startsWith('### '))).toHaveLength(3);
    expect(md).toContain('3 of 4 requests failed (2 CORS, 1 not CORS)');
    expect(md).toContain('Entry 9 has no request and was skipped.');
  });

  it('ok exchange reads as ok', () => {
    const md = renderMarkdown(analysisOf([corsOk()]), { ids: ['p7'] });
    expect(md).toContain('### ✓ No CORS problem');
  });

  it.each(INJECTION_CORPUS.map((p) => [p.id, p.payload] as const))('%s cannot change the document structure', (_id, payload) => {
    const md = renderMarkdown(hostileAnalysis(payload), { redact: false });
    const scan = scanMarkdown(md);
    expect(scan.fencesBalanced).toBe(true);
    // Headings: the summary title and one per report, nothing injected.
    expect(scan.headings.map((h) => h.split(' ')[0])).toEqual(['##', '###', '###']);
    // Table: header, separator, two rows; each with exactly 7 unescaped pipes.
    expect(scan.tableRows).toHaveLength(4);
    for (const row of scan.tableRows) expect(row.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 1).toBe(7);
    // Outside code, nothing can open a link, image, HTML tag, emphasis or mention.
    // Outside code, the payload adds no unescaped character that could open a link, image, HTML
    // tag, emphasis or mention: the profile equals the one of a harmless payload.
    expect(syntaxProfile(md)).toEqual(syntaxProfile(renderMarkdown(hostileAnalysis('harmless'), { redact: false })));
    expect(md).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
    for (const line of scan.prose) expect(line).not.toMatch(/(^|[^\\])&#?[A-Za-z0-9]+;/);
  });

  it('mdText escapes link, image, HTML and entity syntax', () => {
    expect(mdText('[x](javascript:alert(1))')).toBe('\\[x\\](javascript:alert(1))');
    expect(mdText('![i](https://e/x.png)')).toBe('!\\[i\\](https://e/x.png)');
    expect(mdText('<img src=x>')).toBe('\\<img src=x\\>');
    expect(mdText('&lt;b&gt;')).toBe('\\&lt;b\\&gt;');
    expect(mdText('# not a heading')).toBe('\\# not a heading');
    expect(mdText('1. not a list')).toBe('1\\. not a list');
  });

  it('code spans and fences cannot be closed by their content', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    expect(mdFence('```\nx\n````', 'sh')).toBe('`````sh\n```\nx\n````\n`````');
  });
});

describe('JSON export', () => {
  it('is the (redacted) analysis, narrowed to ids with a recounted summary', () => {
    const a = sampleAnalysis();
    const j = JSON.parse(renderJson(a, { ids: ['p3'] })) as Analysis;
    expect(j.schema).toBe('cors-xray/analysis');
    expect(j.exchanges.map((e) => e.id)).toEqual(['p3']);
    expect(j.summary.corsBlocked).toBe(1);
    expect(JSON.stringify(j)).not.toContain('eyJ');
    const full = JSON.parse(renderJson(a, { redact: false })) as Analysis;
    expect(full).toEqual(a);
  });

  it('never mutates the analysis it renders', () => {
    const a = sampleAnalysis();
    const before = JSON.stringify(a);
    renderJson(a);
    renderHtml(a);
    renderMarkdown(a);
    expect(JSON.stringify(a)).toBe(before);
  });
});

describe('renderers agree', () => {
  it('the same facts appear in Markdown and HTML', () => {
    const a = analysisOf([missingOptionsRoute(), throttledPost()]);
    const md = renderMarkdown(a);
    const html = renderHtml(a);
    for (const fact of [
      'No OPTIONS route (403)',
      'Throttled (429)',
      '429 on the request (observed, confidence certain)',
      'OPTIONS 403 ✗ → PUT (never sent)',
      APP,
    ]) {
      expect(md, fact).toContain(fact);
      expect(html, fact).toContain(fact);
    }
  });
});
