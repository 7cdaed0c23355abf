/**
 * The fixture proof of "What the console said": on the project's own Chromium capture
 * (test/fixtures/chromium-cases.har), every CORS-blocked exchange's rebuilt console line equals the
 * line Chromium printed for it in the same run (test/fixtures/chromium-console.json, recorded by
 * scripts/capture-fixtures.ts from the page's console with the CorsError DevTools reported).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';

const dir = path.resolve(__dirname, '../../fixtures');
const entries = (JSON.parse(readFileSync(path.join(dir, 'chromium-cases.har'), 'utf8')) as { log: { entries: unknown[] } }).log.entries;
const recorded = JSON.parse(readFileSync(path.join(dir, 'chromium-console.json'), 'utf8')) as {
  browser: string;
  messages: Array<{ url: string; text: string; corsError: string | null; failedParameter: string | null }>;
};

describe(`console lines rebuilt for the Chromium fixture equal what ${recorded.browser} printed`, () => {
  const blocked = analyze(entries, RULES).exchanges.filter((ex) => ex.verdict === 'cors-blocked');

  it('one recorded line per blocked exchange, and the other way round', () => {
    expect(recorded.messages.length).toBeGreaterThanOrEqual(10);
    expect(blocked.map((ex) => ex.url).sort()).toEqual(recorded.messages.map((m) => m.url).sort());
  });

  for (const m of recorded.messages) {
    it(`${m.corsError}: ${new URL(m.url).pathname}`, () => {
      const ex = blocked.find((x) => x.url === m.url);
      expect(ex, m.url).toBeDefined();
      expect(ex!.console?.text).toBe(m.text);
      expect(ex!.console?.code).toBe(m.corsError);
      expect(ex!.console?.failedParameter).toBe(m.failedParameter);
      expect(ex!.console).toMatchObject({ source: 'chromium', basis: 'inferred' });
    });
  }
});
