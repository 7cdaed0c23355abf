import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { exportHar } from '../../../src/report/har';
import { harSizeError, lineColumn, parseHarText, MAX_HAR_BYTES, HAR_ANALYSIS_FIELD } from '../../../src/model/har-input';
import { analyze } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';
import { sampleAnalysis } from './fixtures';
import { leaks, secretAnalysis, secretHarEntries } from './leaks';

const CHROMIUM_HAR = new URL('../../fixtures/chromium-cases.har', import.meta.url);

describe('parseHarText: errors a user can act on', () => {
  it('not JSON at all', () => {
    const r = parseHarText('hello world');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/not JSON.*line 1, column 1/);
  });

  it('an HTML page', () => {
    const r = parseHarText('<!DOCTYPE html><html></html>');
    expect(!r.ok && r.error).toMatch(/HTML or XML page/);
  });

  it('broken JSON says where (line and column)', () => {
    const r = parseHarText('{\n  "log": {\n    "entries": [1,,2]\n  }\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/not valid JSON at line 3, column \d+/);
  });

  it('truncated file', () => {
    const full = JSON.stringify({ log: { version: '1.2', entries: [{ request: { url: 'https://x.example/a', method: 'GET' } }] } });
    for (const cut of [full.length - 1, Math.floor(full.length / 2), 12]) {
      const r = parseHarText(full.slice(0, cut));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error, `cut at ${cut}`).toMatch(/cut off/);
    }
  });

  it('JSON but not HAR', () => {
    const r = parseHarText('{"name": "package", "version": "1.0.0"}');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/not a HAR/);
      expect(r.error).toContain('log.entries');
      expect(r.error).toContain('name, version');
    }
    const r2 = parseHarText('{"log": {"version": "1.2"}}');
    expect(!r2.ok && r2.error).toMatch(/"log.entries" is missing/);
    const r3 = parseHarText('[1, 2, 3]');
    expect(r3.ok).toBe(false);
  });

  it('empty file and empty capture', () => {
    expect(parseHarText('   ').ok).toBe(false);
    const r = parseHarText('{"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "entries": []}}');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.entries).toEqual([]);
      expect(r.creator).toBe('WebInspector 537.36');
      expect(r.notes.join(' ')).toMatch(/0 entries/);
    }
  });

  it('huge input: a size limit with a clear message', () => {
    expect(MAX_HAR_BYTES).toBe(512 * 1024 * 1024);
    expect(harSizeError(MAX_HAR_BYTES)).toBeNull();
    expect(harSizeError(MAX_HAR_BYTES + 1)).toMatch(/limit is 512 MB/);
    // Without allocating 512 MB: a string whose length reports more than the limit.
    const fake = { length: MAX_HAR_BYTES + 10, charCodeAt: () => 123 } as unknown as string;
    expect(harSizeError((fake as { length: number }).length)).toMatch(/limit/);
  });

  it('odd entries are passed through for normalise to note; BOM and bare log accepted', () => {
    const r = parseHarText('\ufeff{"log": {"entries": [42, {"request": {"url": "https://x.example/"}}, {"nope": true}]}}');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.entries).toHaveLength(3);
      expect(r.notes.join(' ')).toMatch(/2 of 3 entries have no request/);
    }
    const bare = parseHarText('{"version": "1.2", "entries": []}');
    expect(bare.ok && bare.notes.join(' ')).toMatch(/without the outer/);
  });

  it('lineColumn', () => {
    expect(lineColumn('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('abc', 0)).toEqual({ line: 1, column: 1 });
  });

  it('reads a real Chromium HAR', () => {
    const r = parseHarText(readFileSync(CHROMIUM_HAR, 'utf8'));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.entries.length).toBeGreaterThan(20);
      expect(r.creator).toMatch(/^WebInspector/);
    }
  });
});

describe('exportHar', () => {
  it('HAR 1.2, creator CORS X-Ray, analysis under log._corsXray, round-trips through import', () => {
    const entries = secretHarEntries();
    const a = secretAnalysis();
    const text = exportHar(entries, a);
    const doc = JSON.parse(text) as { log: Record<string, unknown> & { entries: unknown[]; creator: { name: string; version: string } } };
    expect(doc.log.version).toBe('1.2');
    expect(doc.log.creator.name).toBe('CORS X-Ray');
    expect(doc.log.creator.version).toBe('0.1.0');
    expect(doc.log.entries).toHaveLength(2);
    expect(doc.log[HAR_ANALYSIS_FIELD]).toBeTruthy();
    expect(leaks(text)).toEqual([]);
    const back = parseHarText(text);
    expect(back.ok).toBe(true);
    if (back.ok) {
      expect(back.creator).toBe('CORS X-Ray 0.1.0');
      expect(back.entries).toHaveLength(2);
      expect(back.notes.join(' ')).toMatch(/carries an analysis/);
      expect(back.notes.join(' ')).toMatch(/redacted/);
    }
  });

  it('redact: false keeps everything (for local use only)', () => {
    const text = exportHar(secretHarEntries(), secretAnalysis(), { redact: false });
    expect(leaks(text).length).toBeGreaterThan(10);
  });

  it('does not mutate the entries or the analysis', () => {
    const entries = secretHarEntries();
    const a = sampleAnalysis();
    const before = JSON.stringify([entries, a]);
    exportHar(entries, a);
    expect(JSON.stringify([entries, a])).toBe(before);
  });

  it('real capture: export → import → analyze gives the same verdicts, no decisive header lost', () => {
    const parsed = parseHarText(readFileSync(CHROMIUM_HAR, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    const a1 = analyze(parsed.entries, RULES);
    const re = parseHarText(exportHar(parsed.entries, a1));
    if (!re.ok) throw new Error(re.error);
    const a2 = analyze(re.entries, RULES);
    expect(a2.exchanges.map((e) => [e.id, e.verdict, e.blockedLeg, e.hiddenStatus?.status ?? null])).toEqual(
      a1.exchanges.map((e) => [e.id, e.verdict, e.blockedLeg, e.hiddenStatus?.status ?? null]),
    );
    expect(a2.exchanges.map((e) => e.findings[0]?.rule ?? null)).toEqual(a1.exchanges.map((e) => e.findings[0]?.rule ?? null));
  });
});

describe('real capture: the demo credentials never survive an export', () => {
  it('Markdown, HTML, JSON, HAR of the Chromium capture', async () => {
    const { DEMO_JWT, DEMO_API_KEY } = await import('../../server/cases');
    const parsed = parseHarText(readFileSync(CHROMIUM_HAR, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    const raw = JSON.stringify(parsed.entries);
    const planted = [DEMO_JWT, DEMO_API_KEY, 'demo-session-token'].filter((s) => raw.includes(s));
    expect(planted.length).toBeGreaterThan(0);
    const a = analyze(parsed.entries, RULES);
    const { exportAll } = await import('../../../src/report/exports');
    const ids = a.exchanges.map((e) => e.id);
    const outputs = [exportAll(a, undefined, { entries: parsed.entries }), ...ids.map((id) => exportAll(a, [id]))];
    for (const bundle of outputs) {
      for (const [fmt, text] of Object.entries(bundle)) {
        if (typeof text !== 'string') continue;
        for (const secret of planted) expect(text.includes(secret), `${fmt} of ${bundle.fileStem}`).toBe(false);
      }
    }
  });
});

describe('exportHar stays bounded (issue 12: a 219 KB file with deep _initiator stacks became 526 MB)', () => {
  /** A Chromium-like entry whose `_initiator` stack has `depth` async parents, each with two call frames. */
  function deepInitiatorEntry(depth: number): Record<string, unknown> {
    let stack: Record<string, unknown> = {
      callFrames: [{ functionName: 'root', scriptId: '1', url: 'https://app.example.com/a.js', lineNumber: 1, columnNumber: 1 }],
    };
    for (let i = 0; i < depth; i++) {
      stack = {
        description: 'Promise.then',
        callFrames: [{ functionName: `f${i}`, scriptId: '2', url: 'https://app.example.com/a.js', lineNumber: i, columnNumber: 3 }],
        parent: stack,
      };
    }
    return {
      startedDateTime: '2026-01-01T00:00:00.000Z',
      time: 1,
      _initiator: { type: 'script', stack },
      request: {
        method: 'GET',
        url: 'https://api.example.com/x',
        httpVersion: 'HTTP/1.1',
        headers: [],
        cookies: [],
        queryString: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status: 200,
        statusText: 'OK',
        httpVersion: 'HTTP/1.1',
        headers: [],
        cookies: [],
        content: { size: 0, mimeType: 'text/plain' },
        redirectURL: '',
        headersSize: -1,
        bodySize: 0,
      },
      cache: {},
      timings: { send: 1, wait: 1, receive: 1 },
    };
  }

  it('a ~220 KB capture of deep stacks stays about its size, with a visible cut', () => {
    const entry = deepInitiatorEntry(1_700);
    const input = JSON.stringify({ log: { entries: [entry] } });
    expect(input.length).toBeGreaterThan(200_000);
    for (const redact of [true, false]) {
      const text = exportHar([entry], null, { redact });
      expect(text.length).toBeLessThan(input.length);
      expect(text).toContain('‹cut: nested deeper than 6 levels›');
      const back = parseHarText(text);
      expect(back.ok && back.entries).toHaveLength(1);
    }
  });

  it('nesting far deeper than any stack does not crash the export', () => {
    const entry = deepInitiatorEntry(200_000);
    expect(() => exportHar([entry], null)).not.toThrow();
    expect(() => exportHar([entry], null, { redact: false })).not.toThrow();
    // A custom field's long list keeps its first items and says how many it dropped.
    const frames = Array.from({ length: 5_000 }, (_, i) => ({ functionName: `g${i}`, lineNumber: i }));
    const wide = { ...deepInitiatorEntry(0), _initiator: { type: 'script', stack: { callFrames: frames } } };
    expect(exportHar([wide], null)).toContain('‹cut: 4900 more items›');
  });

  it('a 10 MB URL and a 6 MB body are cut with a marker and their length', () => {
    const longUrl = `https://api.example.com/x?q=${'a'.repeat(10 * 1024 * 1024)}`;
    const body = 'b'.repeat(6 * 1024 * 1024);
    const entry = deepInitiatorEntry(0) as { request: Record<string, unknown>; response: { content: Record<string, unknown> } };
    entry.request.url = longUrl;
    entry.response.content.text = body;
    const text = exportHar([entry], null);
    expect(text.length).toBeLessThan(5 * 1024 * 1024);
    expect(text).toContain(`…‹cut: ${longUrl.length} chars in all›`);
    expect(text).toContain(`…‹cut: ${body.length} chars in all›`);
  });

  it('a "__proto__" field stays data', () => {
    const entry = JSON.parse(`{"_extra":{"__proto__":{"polluted":1}},${JSON.stringify(deepInitiatorEntry(0)).slice(1)}`) as unknown;
    const text = exportHar([entry], null);
    expect(text).toContain('"__proto__"');
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });
});
