/**
 * The fuzz suite's findings, each kept as a fixed case (so it stays fixed whatever the seed):
 * the seed and case that found it are named on each test.
 */
import { describe, it, expect } from 'vitest';
import { parse } from 'parse5';
import { analyze } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';
import { renderAnalysis, type AnalyzeFormat } from '../../../src/cli/analyze-command';
import { exportAll } from '../../../src/report/exports';
import { terminalGuard } from '../../../src/report/escape';

function entry(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    startedDateTime: '2026-01-01T00:00:00.000Z',
    time: 5,
    _resourceType: 'fetch',
    request: { method: 'POST', url: 'https://api.example.com/v1/items', headers: [{ name: 'Origin', value: 'http://localhost:5173' }] },
    response: { status: 403, statusText: 'Forbidden', headers: [{ name: 'Access-Control-Allow-Origin', value: 'https://other.example' }] },
    _error: 'net::ERR_FAILED',
    ...over,
  };
}

function outputs(entries: unknown[]): Array<[string, string]> {
  const a = analyze(entries, RULES);
  const outs: Array<[string, string]> = [];
  for (const format of ['text', 'markdown', 'html', 'json'] as AnalyzeFormat[]) {
    outs.push([format, renderAnalysis(a, { format, all: true, each: true, redact: true, colour: false, width: 80 })]);
  }
  outs.push(['bundle', Object.values(exportAll(a, undefined, { entries })).join('\n')]);
  for (const ex of a.exchanges) outs.push([`bundle ${ex.id}`, Object.values(exportAll(a, [ex.id])).join('\n')]);
  return outs;
}

describe('fuzz regression: Unicode noncharacters (seed 20261206, case 261)', () => {
  const NONCHARS = ['\u{10fffe}', '\u{10ffff}', '\ufdd0', '\ufdef', '\ufffe', '\uffff', '\u{1fffe}'];
  const value = `x${NONCHARS.join('y')}z`;
  const entries = [
    entry({
      request: {
        method: 'GET',
        url: `https://api.example.com/${value}`,
        headers: [
          { name: 'Origin', value: 'http://localhost:5173' },
          { name: 'X-Note', value },
        ],
      },
      _error: `net::ERR_FAILED ${value}`,
    }),
  ];
  const a = analyze(entries, RULES);
  const render = (format: AnalyzeFormat) => renderAnalysis(a, { format, all: true, each: true, redact: false, colour: false, width: 80 });
  const raw = new RegExp(`[${NONCHARS.join('')}]`, 'u');

  it('HTML: no noncharacter left, so it parses without error, and each is shown as its code point', () => {
    const html = render('html');
    const errors: string[] = [];
    parse(html, { onParseError: (e) => errors.push(e.code) });
    expect(errors).toEqual([]);
    expect(raw.test(html)).toBe(false);
    expect(html).toContain('x[U+10FFFE]y[U+10FFFF]y[U+FDD0]y[U+FDEF]y[U+FFFE]y[U+FFFF]y[U+1FFFE]z');
  });

  it('Markdown: the same visible code points', () => {
    const md = render('markdown');
    expect(raw.test(md)).toBe(false);
    expect(md).toContain('x[U+10FFFE]y[U+10FFFF]y[U+FDD0]');
  });

  it('terminal: written out as escapes, like the other characters a terminal should not get', () => {
    const text = render('text');
    expect(raw.test(text)).toBe(false);
    expect(text).toContain('x\\u{10fffe}y\\u{10ffff}y\\ufdd0y\\ufdefy\\ufffey\\uffffy\\u{1fffe}z');
    // The net under the whole output catches one that a value let through, a pair not split.
    expect(terminalGuard(`a${'\u{10fffe}'}b\n`, false)).toBe('a\\u{10fffe}b\n');
  });

  it('JSON keeps the exact value (a JSON reader gets what was recorded)', () => {
    expect(JSON.stringify(JSON.parse(render('json'))).includes('\u{10fffe}')).toBe(true);
  });
});

describe('fuzz regression: a percent-encoded secret is redacted (seed 20261206, case 218)', () => {
  const lines = ['plPYWbQUE5P1ubjB2ye8EwKBMGzOxIICKzBRC17Uq9Qm7LRrOjR1NAKOFWgaR0y7', 'Q0aZ9bY8cX7dW6eV5fU4gT3hS2iR1jQ0kP9lO8mN7nM6oL5pK4qJ3rI2sH1tG0uF'];
  const pem = `-----BEGIN RSA PRIVATE KEY-----\n${lines.join('\n')}\n-----END RSA PRIVATE KEY-----`;
  const token = `ghp_${'Zq9'.repeat(12)}`;
  const places: Array<[string, Record<string, unknown>]> = [
    ['_initiator.url query', { _initiator: { type: 'script', url: `https://app.example.com/app.js?note=${encodeURIComponent(pem)}` } }],
    ['_initiator.url path', { _initiator: { type: 'script', url: `https://app.example.com/${encodeURIComponent(pem)}/app.js` } }],
    ['_initiator.url fragment', { _initiator: { type: 'script', url: `https://app.example.com/app.js#${encodeURIComponent(pem)}` } }],
    [
      'request URL query',
      {
        request: {
          method: 'GET',
          url: `https://api.example.com/v1?note=${encodeURIComponent(pem)}`,
          headers: [{ name: 'Origin', value: 'http://localhost:5173' }],
        },
      },
    ],
    [
      'form body',
      {
        request: {
          method: 'POST',
          url: 'https://api.example.com/v1',
          headers: [{ name: 'Origin', value: 'http://localhost:5173' }],
          postData: { mimeType: 'application/x-www-form-urlencoded', text: `a=1&note=${encodeURIComponent(pem)}&b=2` },
        },
      },
    ],
    ['URL in a message', { _error: `net::ERR_FAILED at https://cdn.example.com/x?t=${encodeURIComponent(pem)}` }],
  ];
  for (const [where, over] of places) {
    it(`${where}: neither the key's lines nor their encoded form are in any output`, () => {
      for (const [name, out] of outputs([entry(over)])) {
        for (const c of lines) for (const form of [c, encodeURIComponent(c)]) expect(out.includes(form), `${where}: ${name}`).toBe(false);
      }
    });
  }

  it('a GitHub token percent-encoded in a query is masked and the rest of the URL kept as written', () => {
    const url = `https://api.example.com/v1?a=%2Fkeep%2F&note=${encodeURIComponent(`id ${token} end`)}`;
    for (const [name, out] of outputs([entry({ request: { method: 'GET', url, headers: [{ name: 'Origin', value: 'http://localhost:5173' }] } })])) {
      expect(out.includes(token.slice(4)), name).toBe(false);
      if (name === 'text') expect(out).toContain('a=%2Fkeep%2F&note=id%20‹redacted: GitHub token, 40 chars›%20end');
    }
  });
});
