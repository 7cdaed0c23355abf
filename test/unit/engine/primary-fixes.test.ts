import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';

describe('fixes only on the primary finding', () => {
  it('secondary findings carry no fixes; primary errors keep theirs', () => {
    const har = JSON.parse(readFileSync('test/fixtures/chromium-cases.har', 'utf8')) as { log: { entries: unknown[] } };
    const a = analyze(har.log.entries, RULES);
    let secondaries = 0;
    let primariesWithFixes = 0;
    for (const ex of a.exchanges) {
      ex.findings.slice(1).forEach((f) => {
        secondaries++;
        expect(f.fixes).toEqual([]);
      });
      if (ex.findings[0]?.fixes.length) primariesWithFixes++;
    }
    expect(secondaries).toBeGreaterThan(0);
    expect(primariesWithFixes).toBeGreaterThan(0);
  });
});
