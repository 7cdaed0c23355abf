/**
 * Shared by the real-browser fixture tests (chromium-fixture, firefox-fixture, firefox-console):
 * load a recorded HAR of the emulator cases, find each case's exchange, and compare it with what
 * the case expects.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { ExchangeResult } from '../../../src/engine/schema';
import { CASES, type CaseSpec } from '../../server/cases';

/** A recorded entry, as far as the tests read it (Chromium's own fields are absent from Firefox's). */
interface RecordedEntry {
  request: { method: string; url: string };
  response: { status: number; headers: unknown[]; _error?: string };
  _error?: string;
  _resourceType?: string;
  _initiator?: unknown;
}

export interface FixtureHar {
  log: { creator: { name: string; version: string }; entries: RecordedEntry[] };
}

/** test/fixtures/<name>, parsed. */
export function loadFixture(name: string): FixtureHar {
  return JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures', name), 'utf8')) as FixtureHar;
}

/** Each case's exchange, by case id (found by the request path). */
export function byCase(list: ExchangeResult[]): Map<string, ExchangeResult> {
  const out = new Map<string, ExchangeResult>();
  for (const ex of list) {
    const spec = CASES.find((c) => c.request.path === new URL(ex.url).pathname);
    if (spec) out.set(spec.id, ex);
  }
  return out;
}

/**
 * Every case the results hold (less `skip`) gets the case's verdict, blocked leg, gateway, primary
 * rule and hidden status; `more` adds checks of its own. Returns the ids checked.
 */
export function checkCases(
  results: Map<string, ExchangeResult>,
  opts: { skip?: ReadonlyMap<string, string>; more?: (ex: ExchangeResult, spec: CaseSpec) => void } = {},
): string[] {
  const checked: string[] = [];
  for (const spec of CASES) {
    const ex = results.get(spec.id);
    if (!ex || opts.skip?.has(spec.id)) continue; // a case the fixture does not hold (added after capture), or recorded incompletely
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
    opts.more?.(ex, spec);
    checked.push(spec.id);
  }
  return checked;
}
