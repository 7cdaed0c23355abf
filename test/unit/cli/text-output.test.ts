/**
 * The text output: byte for byte the golden file (written by the first implementation, before the
 * output path was made cheap); written to a stream through the terminal guard, the same bytes; and
 * redacted pair by pair as it streams (analysisRedactor), the same as the whole analysis redacted
 * first (prepare, redaction by default) and then rendered: two redaction paths checked against each other.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyzeHarText, emitAnalysis, renderAnalysis, type RenderSettings } from '../../../src/cli/analyze-command';
import { routeOf } from '../../../src/cli/text';
import { prepare } from '../../../src/report/model';
import type { Analysis, ExchangeResult, Finding, FixSnippet, LegSummary, Reveal } from '../../../src/engine/schema';
import { secretAnalysis } from '../report/leaks';
import { ROOT } from './helpers';
import { TEXT_SETTINGS, textAnalysis } from './text-fixtures';

const GOLDEN = path.join(ROOT, 'test/unit/cli/golden/text-output.txt');

async function emitted(a: Parameters<typeof emitAnalysis>[0], s: RenderSettings): Promise<string> {
  const sink = new PassThrough();
  let out = '';
  sink.setEncoding('utf8').on('data', (d: string) => (out += d));
  await emitAnalysis(a, s, sink);
  return out;
}

describe('text output', () => {
  it('is the golden text, redacted and not, in every setting', () => {
    let out = '';
    for (const s of TEXT_SETTINGS) {
      for (const redact of [true, false]) out += `=== ${JSON.stringify({ ...s, redact })}\n` + renderAnalysis(textAnalysis(), { format: 'text', ...s, redact });
    }
    expect(out).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  const chromium = analyzeHarText(readFileSync(path.join(ROOT, 'test/fixtures/chromium-cases.har'), 'utf8'), 'chromium-cases.har');
  for (const [name, a] of [
    ['hand-made', textAnalysis()],
    ['secret corpus', secretAnalysis()],
    ['chromium capture', chromium],
  ] as const) {
    it(`${name}: written through the terminal guard it is the rendered text; redacted as it streams, the whole analysis redacted first`, async () => {
      for (const s of TEXT_SETTINGS) {
        for (const redact of [true, false]) {
          const settings: RenderSettings = { format: 'text', ...s, redact };
          const whole = renderAnalysis(a, settings);
          expect(await emitted(a, settings)).toBe(whole);
          if (redact) expect(whole).toBe(renderAnalysis(prepare(a), { ...settings, redact: false }));
        }
      }
    });
  }
});

/** An engine finding whose fixes are computed on read (a fresh list each time), as a class may do. */
class LazyFinding {
  constructor(private readonly base: Finding) {
    const { fixes: _computed, ...fields } = base;
    Object.assign(this, fields);
  }
  get fixes(): FixSnippet[] {
    return this.base.fixes.map((f) => ({ ...f }));
  }
  toJSON(): Finding {
    return { ...this.base, fixes: this.fixes };
  }
}

class LazyReveal {
  constructor(
    readonly note: string,
    private readonly list: string[],
  ) {}
  get commands(): string[] {
    return [...this.list];
  }
  toJSON(): Reveal {
    return { note: this.note, commands: this.commands };
  }
}

describe('engine objects with fields computed on read', () => {
  it('render and redact the same as plain objects, in text and JSON', async () => {
    const plain = textAnalysis();
    const lazy: Analysis = {
      ...plain,
      exchanges: plain.exchanges.map((ex) => ({
        ...ex,
        findings: ex.findings.map((f) => new LazyFinding(f) as unknown as Finding),
        ...(ex.reveal ? { reveal: new LazyReveal(ex.reveal.note, ex.reveal.commands) } : {}),
      })),
    };
    for (const s of TEXT_SETTINGS) {
      for (const redact of [true, false]) {
        const settings: RenderSettings = { format: 'text', ...s, redact };
        expect(await emitted(lazy, settings)).toBe(await emitted(plain, settings));
      }
    }
    for (const redact of [true, false]) {
      const settings: RenderSettings = { format: 'json', all: false, colour: false, redact };
      expect(await emitted(lazy, settings)).toBe(await emitted(plain, settings));
    }
  });
});

describe('repeated failures', () => {
  /** The sample's first failure made again n times: other query strings, later start times. */
  function repeated(n: number, change: (ex: ExchangeResult, i: number) => ExchangeResult = (ex) => ex): Analysis {
    const a = textAnalysis();
    const base = a.exchanges.find((e) => e.verdict !== 'ok')!;
    const t0 = Date.UTC(2026, 2, 1, 9, 0, 3);
    const sep = base.url.includes('?') ? '&' : '?';
    const copies = Array.from({ length: n }, (_, i) => {
      const shift = (leg: LegSummary | null) => (leg ? { ...leg, startedMs: t0 + i * 60_000, url: `${leg.url}${sep}page=${i}` } : leg);
      return change({ ...base, id: `r${i}`, url: `${base.url}${sep}page=${i}`, preflight: shift(base.preflight), actual: shift(base.actual) }, i);
    });
    const exchanges = [...a.exchanges.filter((e) => e !== base), ...copies];
    const corsBlocked = exchanges.filter((e) => e.verdict === 'cors-blocked').length;
    return { ...a, exchanges, summary: { ...a.summary, exchanges: exchanges.length, corsBlocked } };
  }
  // Wide enough that no line of interest wraps.
  const settings: RenderSettings = { format: 'text', all: false, colour: false, width: 240, redact: true };
  const lines = (out: string) => out.split('\n');
  /** Failing pairs with a block of their own, in full: the verdict line, then the legs. */
  const fullBlocks = (out: string) => lines(out).filter((l) => /^ {2}Legs {11}/.test(l)).length;
  /** Failing pairs given one line under the block of the same failure. */
  const repeatLines = (out: string) => lines(out).filter((l) => /^✗ .* · same cause and fix as above$/.test(l));

  it("are one line each under the first one's full block, which says how often and when", () => {
    const a = repeated(40);
    const failing = a.exchanges.filter((e) => e.verdict !== 'ok').length;
    const out = renderAnalysis(a, settings);
    expect(fullBlocks(out)).toBe(failing - 39);
    // Every failing pair is still shown: the repeats by a line of their own, with their own URL and time.
    const repeats = repeatLines(out);
    expect(repeats).toHaveLength(39);
    expect(repeats[0]).toMatch(/page=1 — real cause: .* · 09:01:03 UTC · same cause and fix as above$/);
    expect(repeats[38]).toMatch(/page=39 — real cause: .* · 09:39:03 UTC · same cause and fix as above$/);
    expect(out).toContain('39 more times with the same result (09:01:03–09:39:03 UTC), each listed below; --each shows them in full');
    expect(out).toContain(`${failing} failures, ${failing - 39} distinct`);
    // The repeats follow their block: the line before the first repeat is the "Repeated" field.
    const at = lines(out).indexOf(repeats[0]!);
    expect(lines(out)[at - 1]).toMatch(/^ {2}Repeated {7}39 more times/);
  });

  it('--each shows every failing request in a full block, as before', () => {
    const a = repeated(40);
    const out = renderAnalysis(a, { ...settings, each: true });
    expect(fullBlocks(out)).toBe(a.exchanges.filter((e) => e.verdict !== 'ok').length);
    expect(repeatLines(out)).toHaveLength(0);
    expect(out).not.toContain('Repeated');
    expect(out).not.toContain('distinct');
  });

  it('are not merged when the result or the route differs: status, cause, method', () => {
    const a = repeated(6, (ex, i) => {
      if (i === 1) return { ...ex, actual: ex.actual && { ...ex.actual, status: ex.actual.status + 1 } };
      if (i === 2) return { ...ex, findings: [{ ...ex.findings[0]!, rule: 'another-cause' }, ...ex.findings.slice(1)] };
      if (i === 3) return { ...ex, method: ex.method === 'PUT' ? 'PATCH' : 'PUT' };
      return ex;
    });
    const out = renderAnalysis(a, settings);
    // Copies 0, 4 and 5 merge; 1, 2 and 3 stand alone.
    expect(out).toContain('2 more times with the same result (09:04:03–09:05:03 UTC)');
    expect(fullBlocks(out)).toBe(a.exchanges.filter((e) => e.verdict !== 'ok').length - 2);
    expect(repeatLines(out)).toHaveLength(2);
  });

  it('merge requests to one route with different record ids, and name the route', () => {
    const a = repeated(5, (ex, i) => ({ ...ex, url: ex.url.replace('/prod/', `/prod/${1000 + i}/`) }));
    const out = renderAnalysis(a, settings);
    expect(out).toMatch(/4 more times on \/prod\/\{id\}\/\S+ with the same result/);
  });

  it('routeOf writes record ids as {id} and leaves words, versions and the query out of it', () => {
    expect(routeOf('https://api.example.com/v1/orders/1042?x=1')).toBe('https://api.example.com/v1/orders/{id}');
    expect(routeOf('https://api.example.com/users/3f2b9c1e-8d4a-4e5f-9a6b-7c8d9e0f1a2b/cart')).toBe('https://api.example.com/users/{id}/cart');
    expect(routeOf('https://api.example.com/blobs/5f8d0a3b9c1e2d4f6a7b8c9d')).toBe('https://api.example.com/blobs/{id}');
    expect(routeOf('https://api.example.com/s/AbCdEfGhIjKlMnOpQrSt12')).toBe('https://api.example.com/s/{id}');
    expect(routeOf('https://api.example.com/prod/search-results/v2#top')).toBe('https://api.example.com/prod/search-results/v2');
    expect(routeOf('https://api.example.com')).toBe('https://api.example.com');
    expect(routeOf('not a url')).toBe('not a url');
  });

  it('routeOf gives what splitting the path at "/" and testing each segment gives', () => {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const HEX_ID = /^[0-9a-f]{16,}$/i;
    const TOKEN_ID = /^(?=[^/]*\d)[A-Za-z0-9_-]{20,}$/;
    const reference = (url: string): string => {
      const q = url.search(/[?#]/);
      const base = q === -1 ? url : url.slice(0, q);
      const start = base.indexOf('/', base.indexOf('//') + 2);
      if (start === -1) return base;
      const segs = base.slice(start).split('/');
      for (let i = 1; i < segs.length; i++) {
        const seg = segs[i]!;
        if (seg && (/^\d+$/.test(seg) || UUID.test(seg) || HEX_ID.test(seg) || TOKEN_ID.test(seg))) segs[i] = '{id}';
      }
      return base.slice(0, start) + segs.join('/');
    };
    const parts = [
      '',
      '42',
      'orders',
      'v2',
      '3f2b9c1e-8d4a-4e5f-9a6b-7c8d9e0f1a2b',
      '5f8d0a3b9c1e2d4f',
      '5f8d0a3b9c1e2d4',
      'AbCdEfGhIjKlMnOpQrSt12',
      'AbCdEfGhIjKlMnOpQrSt',
      'x-1',
      '007',
    ];
    let seed = 3;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let k = 0; k < 2000; k++) {
      const path = Array.from({ length: rand(6) }, () => parts[rand(parts.length)]).join('/');
      const url = `https://api.example.com${rand(4) ? '/' : ''}${path}${['', '?a=1', '#f', '/'][rand(4)]}`;
      expect(routeOf(url), url).toBe(reference(url));
    }
  });

  it('grouped and not: written through the terminal guard it is the rendered text; redacted as it streams, the whole analysis redacted first', async () => {
    const a = repeated(25, (ex, i) => (i % 2 ? { ...ex, url: ex.url.replace('/prod/', `/prod/${i}/`) } : ex));
    for (const each of [false, true]) {
      for (const redact of [true, false]) {
        const s: RenderSettings = { ...settings, each, redact };
        expect(await emitted(a, s)).toBe(renderAnalysis(a, s));
        if (redact) expect(renderAnalysis(a, s)).toBe(renderAnalysis(prepare(a), { ...s, redact: false }));
      }
    }
  });
});
