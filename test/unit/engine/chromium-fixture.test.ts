/**
 * The real-Chromium HAR of every emulator case (test/fixtures/chromium-cases.har): the engine must
 * give each exchange exactly the case's verdict, blocked leg, primary rule, hidden status and gateway,
 * whatever order the entries arrive in.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';
import type { ExchangeResult } from '../../../src/engine/schema';
import { CASES } from '../../server/cases';

const file = path.resolve(__dirname, '../../fixtures/chromium-cases.har');
const entries = (JSON.parse(readFileSync(file, 'utf8')) as { log: { entries: unknown[] } }).log.entries;

function byCase(list: ExchangeResult[]): Map<string, ExchangeResult> {
  const out = new Map<string, ExchangeResult>();
  for (const ex of list) {
    const p = new URL(ex.url).pathname;
    const spec = CASES.find((c) => c.request.path === p);
    if (spec) out.set(spec.id, ex);
  }
  return out;
}

function check(results: Map<string, ExchangeResult>) {
  for (const spec of CASES) {
    const ex = results.get(spec.id);
    if (!ex) continue; // a case the fixture does not hold (added after capture)
    const e = spec.expect;
    expect({ id: spec.id, verdict: ex.verdict, blockedLeg: ex.blockedLeg, gateway: ex.gateway, primary: ex.findings[0]?.rule ?? null }).toEqual({
      id: spec.id,
      verdict: e.verdict,
      blockedLeg: e.blockedLeg,
      gateway: e.gateway,
      primary: e.primaryRule,
    });
    if (e.hiddenStatus) expect(ex.hiddenStatus, spec.id).toMatchObject(e.hiddenStatus);
    else expect(ex.hiddenStatus, spec.id).toBeNull();
    if (e.verdict === 'cors-blocked') expect(ex.findings.length).toBeGreaterThan(0);
    if (!e.actualSent && e.verdict === 'cors-blocked') expect(ex.reveal?.commands.length).toBeGreaterThan(0);
  }
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
