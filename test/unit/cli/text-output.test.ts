/**
 * The text output: byte for byte the golden file (written by the first implementation, before the
 * output path was made cheap), and the same whether rendered whole or streamed pair by pair.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyzeHarText, emitAnalysis, renderAnalysis, type RenderSettings } from '../../../src/cli/analyze-command';
import { textChunks, renderText } from '../../../src/cli/text';
import { makeStyle } from '../../../src/cli/style';
import { redactAnalysis } from '../../../src/report/redact';
import type { Analysis, Finding, FixSnippet, Reveal } from '../../../src/engine/schema';
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
  for (const [name, a] of [['hand-made', textAnalysis()], ['secret corpus', secretAnalysis()], ['chromium capture', chromium]] as const) {
    it(`${name}: streamed (emitAnalysis) is the same as rendered whole, and redacting first changes nothing`, async () => {
      for (const s of TEXT_SETTINGS) {
        for (const redact of [true, false]) {
          const settings: RenderSettings = { format: 'text', ...s, redact };
          const whole = renderAnalysis(a, settings);
          expect(await emitted(a, settings)).toBe(whole);
          if (redact) expect(whole).toBe(renderAnalysis(redactAnalysis(a), { ...settings, redact: false }));
        }
      }
      const opts = { all: true, style: makeStyle(false), width: 80 };
      expect([...textChunks(a, opts)].join('')).toBe(renderText(a, opts));
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
  constructor(readonly note: string, private readonly list: string[]) {}
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
        ...(ex.reveal ? { reveal: new LazyReveal(ex.reveal.note, ex.reveal.commands) as unknown as Reveal } : {}),
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
