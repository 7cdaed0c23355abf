/** The streamed JSON of `analyze --format json` is byte for byte the shared JSON export. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';
import { analyzeHarText, emitAnalysis } from '../../../src/cli/analyze-command';
import { analysisJsonChunks } from '../../../src/cli/json-stream';
import { renderJson } from '../../../src/report/json';
import { ROOT } from './helpers';

const text = readFileSync(path.join(ROOT, 'test/fixtures/chromium-cases.har'), 'utf8');

describe('streamed analysis JSON', () => {
  it('equals renderJson, with and without exchanges', () => {
    const a = analyzeHarText(text, 'chromium-cases.har');
    expect([...analysisJsonChunks(a)].join('')).toBe(renderJson(a, { redact: false }));
    const empty = analyze([], RULES);
    expect([...analysisJsonChunks(empty)].join('')).toBe(renderJson(empty, { redact: false }));
  });

  it('emitAnalysis writes the redacted export by default', async () => {
    const a = analyzeHarText(text, 'chromium-cases.har');
    const sink = new PassThrough();
    let out = '';
    sink.setEncoding('utf8').on('data', (d: string) => (out += d));
    await emitAnalysis(a, { format: 'json', all: false, redact: true, colour: false }, sink);
    expect(out).toBe(renderJson(a));
  });
});
