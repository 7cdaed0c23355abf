/**
 * A one-shot analysis (analyze(): CLI, HAR import) builds the primary fixes and the reveal
 * commands on first read; the panel's live analysis (analyzeExchanges) builds them at once. Both
 * must give the same analysis, field for field, and JSON must see plain arrays.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeExchanges } from '../../../src/engine/analyze';
import { normaliseEntries } from '../../../src/model/normalise';

const ROOT = path.resolve(__dirname, '../../..');
const entries = (JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/chromium-cases.har'), 'utf8')) as { log: { entries: unknown[] } }).log.entries;

describe('deferred fixes and reveal commands', () => {
  it('give the same analysis as the eager path, and serialise as plain arrays', () => {
    const deferred = analyze(entries);
    const { exchanges, notes } = normaliseEntries(entries);
    const eager = analyzeExchanges(exchanges, entries.length, notes);
    expect(JSON.parse(JSON.stringify(deferred))).toEqual(JSON.parse(JSON.stringify(eager)));

    const blocked = deferred.exchanges.filter((e) => e.verdict === 'cors-blocked');
    expect(blocked.length).toBeGreaterThan(5);
    const withFixes = blocked.filter((e) => e.findings[0]!.fixes.length > 0);
    expect(withFixes.length).toBeGreaterThan(5);
    const withReveal = blocked.filter((e) => e.reveal);
    expect(withReveal.length).toBeGreaterThan(0);
    for (const e of withReveal) {
      expect(e.reveal!.commands).toHaveLength(3);
      // Built once: the same array on every read.
      expect(e.reveal!.commands).toBe(e.reveal!.commands);
      expect({ ...e.reveal! }.commands).toEqual(e.reveal!.commands);
    }
    const f = withFixes[0]!.findings[0]!;
    expect(f.fixes).toBe(f.fixes);
    expect(Object.keys(f)).toContain('fixes');
    expect(structuredClone(f).fixes).toEqual(f.fixes);
  });
});
