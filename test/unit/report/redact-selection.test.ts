/**
 * Redacting only what is shown (the CLI's default text, Markdown and HTML render the failing pairs
 * only) and redacting exchange by exchange (the streamed JSON) must be as complete as redacting the
 * whole analysis at once: a secret remembered from one exchange is masked in every other one.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Analysis, Finding } from '../../../src/engine/schema';
import { analysisRedactor, MASK_OPEN, redactExchangeResult, Redactor, sweepText } from '../../../src/report/redact';
import { analyzeHarText, renderAnalysis, type AnalyzeFormat } from '../../../src/cli/analyze-command';
import { ROOT } from '../cli/helpers';
import { renderMarkdown } from '../../../src/report/markdown';
import { renderHtml } from '../../../src/report/html';
import { prepare } from '../../../src/report/model';
import { API, APP, analysisOf, exchange, h, leg, missingOptionsRoute } from './fixtures';
import { leaks, secretAnalysis } from './leaks';

/** Opaque: no pattern (JWT, Bearer, key=…) would catch it in free text; only remembering does. */
const OPAQUE = 'q7Zr2Lm9Xv4Kp1Wd8Ns5';
const COOKIE = 'c00kieVal_33x';

/** p1 passes and carries the secrets in secret headers; p2 fails and repeats them in free text. */
function crossExchange() {
  const ok = exchange({
    id: 'p1',
    url: `${API}/prod/me`,
    method: 'GET',
    verdict: 'ok',
    blockedLeg: null,
    actual: leg({
      method: 'GET',
      url: `${API}/prod/me`,
      status: 200,
      requestHeaders: h({ Origin: APP, Authorization: `Bearer ${OPAQUE}`, Cookie: `sid=${COOKIE}` }),
    }),
  });
  const failing = missingOptionsRoute('p2');
  const finding: Finding = {
    ...failing.findings[0]!,
    message: `The gateway logged token ${OPAQUE} and cookie ${COOKIE}.`,
    data: { id: OPAQUE, kind: COOKIE },
    fixes: [{ stack: 'Express', lang: 'js', title: `Allow ${OPAQUE}`, code: `// ${OPAQUE}\napp.use(cors())` }],
  };
  const p2 = { ...failing, findings: [finding], actual: leg({ method: 'PUT', url: failing.url, sent: false, body: `{"seen":"${OPAQUE}"}` }) };
  return analysisOf([ok, p2], [`note: ${COOKIE}`]);
}

describe('redacting a selection', () => {
  it('returns only the chosen exchanges, counted as a selection, swept of every exchange’s secrets', () => {
    const a = crossExchange();
    const r = prepare(a, { ids: ['p2'] });
    expect(r.exchanges.map((e) => e.id)).toEqual(['p2']);
    expect(r.summary).toEqual({ ...a.summary, exchanges: 1, ok: 0, corsBlocked: 1, notCors: 0, sameOrigin: 0 });
    const text = JSON.stringify(r);
    expect(text).not.toContain(OPAQUE);
    expect(text).not.toContain(COOKIE);
    expect(text).toContain(MASK_OPEN);
  });

  it('a finding’s free-form data is swept even under vocabulary-like keys', () => {
    const r = prepare(crossExchange());
    expect(JSON.stringify(r.exchanges[1]!.findings[0]!.data)).not.toContain(OPAQUE);
    expect(r.exchanges[1]!.findings[0]!.rule).toBe('preflight-missing-route');
  });

  it('the same bytes whether redacted whole, by selection or exchange by exchange', () => {
    for (const a of [crossExchange(), secretAnalysis()]) {
      const whole = prepare(a);
      const red = analysisRedactor(a);
      expect(a.exchanges.map(red.exchange)).toEqual(whole.exchanges);
      expect({ ...red.head, exchanges: whole.exchanges }).toEqual(whole);
      for (const ex of a.exchanges) expect(prepare(a, { ids: [ex.id] }).exchanges).toEqual([whole.exchanges.find((e) => e.id === ex.id)]);
    }
  });

  it('a single exchange is swept of its own secrets', () => {
    const a = crossExchange();
    const one = JSON.stringify(redactExchangeResult(a.exchanges[0]!));
    expect(one).not.toContain(OPAQUE);
    expect(one).not.toContain(COOKIE);
  });

  it('markdown and html with ids are swept of the secrets of the exchanges they leave out', () => {
    const a = crossExchange();
    for (const out of [renderMarkdown(a, { ids: ['p2'] }), renderHtml(a, { ids: ['p2'] }), renderMarkdown(a), renderHtml(a)]) {
      expect(out).not.toContain(OPAQUE);
      expect(out).not.toContain(COOKIE);
    }
  });
});

describe('analyze output: redacted by default in every format, with and without --all', () => {
  const formats: AnalyzeFormat[] = ['text', 'markdown', 'html', 'json'];
  for (const format of formats) {
    for (const all of [false, true]) {
      it(`${format}${all ? ' --all' : ''}`, () => {
        for (const a of [crossExchange(), secretAnalysis()]) {
          const out = renderAnalysis(a, { format, all, redact: true, colour: false });
          expect(out).not.toContain(OPAQUE);
          expect(out).not.toContain(COOKIE);
          expect(leaks(out)).toEqual([]);
        }
        const plain = renderAnalysis(crossExchange(), { format, all, redact: false, colour: false });
        expect(plain).toContain(OPAQUE);
      });
    }
  }
});

describe('analyze output: redacting only the shown part renders the same as redacting everything', () => {
  const fixtures = ['chromium-cases.har', 'firefox-cases.har'].map((f) => path.join(ROOT, 'test/fixtures', f)).filter((f) => existsSync(f));
  const cases: [string, Analysis][] = [
    ...fixtures.map((f): [string, Analysis] => [path.basename(f), analyzeHarText(readFileSync(f, 'utf8'), f)]),
    ['secret corpus', secretAnalysis()],
    ['cross-exchange secrets', crossExchange()],
  ];
  for (const [name, a] of cases) {
    for (const format of ['text', 'markdown', 'html'] as const) {
      for (const [all, stack] of [
        [false, undefined],
        [true, undefined],
        [false, 'Terraform'],
        [true, 'Express'],
      ] as const) {
        it(`${name}: ${format}${all ? ' --all' : ''}${stack ? ` --stack ${stack}` : ''}`, () => {
          const settings = { format, all, colour: false, width: 100, ...(stack ? { stack } : {}) };
          expect(renderAnalysis(a, { ...settings, redact: true })).toBe(renderAnalysis(prepare(a), { ...settings, redact: false }));
        });
      }
    }
  }
});

describe('the remembered-secret search (by first characters)', () => {
  it('finds every one of many remembered secrets, at any boundary, and nothing else', () => {
    let seed = 7;
    const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~';
    const tok = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    for (const count of [1, 50, 5000]) {
      const secrets = Array.from({ length: count }, () => tok(6 + Math.floor(rand() * 40)));
      const seen = new Redactor();
      for (const s of secrets) seen.remember(s);
      const picked = secrets.filter((_, i) => i % Math.max(1, Math.floor(count / 40)) === 0);
      const text = picked.map((s, i) => [' ', '"', '=', ':', '/', '(', '\n'][i % 7] + s).join(' plain words ') + ' plain words end';
      const out = sweepText(text, seen);
      for (const s of picked) expect(out, s).not.toContain(s);
      expect(out).toContain('plain words');
      expect(out.split(MASK_OPEN).length - 1).toBe(picked.length);
    }
  });
});
