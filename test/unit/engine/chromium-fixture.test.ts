/**
 * The real-Chromium HAR of every emulator case (test/fixtures/chromium-cases.har): the engine must
 * give each exchange exactly the case's verdict, blocked leg, primary rule, hidden status and gateway,
 * whatever order the entries arrive in.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';
import type { ExchangeResult } from '../../../src/engine/schema';
import { CASES } from '../../server/cases';
import { byCase, checkCases, loadFixture } from './fixture-cases';

const entries = loadFixture('chromium-cases.har').log.entries;

function check(results: Map<string, ExchangeResult>) {
  checkCases(results, {
    more: (ex, spec) => {
      if (spec.expect.verdict === 'cors-blocked') expect(ex.findings.length).toBeGreaterThan(0);
      if (!spec.expect.actualSent && spec.expect.verdict === 'cors-blocked') expect(ex.reveal?.commands.length).toBeGreaterThan(0);
    },
  });
}

describe('real Chromium HAR of the emulator cases', () => {
  it('holds most cases', () => {
    expect(byCase(analyze(entries, RULES).exchanges).size).toBeGreaterThanOrEqual(CASES.length - 2);
  });
  it('every case gets its expected verdict, primary rule, hidden status and gateway', () => {
    const a = analyze(entries, RULES);
    expect(a.notes).toEqual([]);
    check(byCase(a.exchanges));
  });
  it('the same with the entries in reverse (listener order varies)', () => {
    check(byCase(analyze([...entries].reverse(), RULES).exchanges));
  });
  it('wildcard-with-credentials: credentials are an inference, never a fact', () => {
    const ex = byCase(analyze(entries, RULES).exchanges).get('wildcard-with-credentials');
    if (!ex) return;
    expect(ex.credentials.value).toBe(true);
    expect(ex.credentials.basis).toBe('inferred');
  });
});
