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
