import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { exportHar, harSizeError, lineColumn, parseHarText, MAX_HAR_BYTES, HAR_ANALYSIS_FIELD } from '../../../src/report/har';
import { analyze } from '../../../src/engine/analyze';
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
    const a1 = analyze(parsed.entries);
    const re = parseHarText(exportHar(parsed.entries, a1));
    if (!re.ok) throw new Error(re.error);
    const a2 = analyze(re.entries);
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
    const a = analyze(parsed.entries);
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
