/**
 * A table-driven rule tester in the spirit of ESLint's RuleTester: `valid` cases must not produce
 * a finding of the rule, `invalid` cases must, with the expected message id, leg and rank.
 * Duplicate cases (same name or same entries) and invalid cases without expectations are errors.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../src/engine/analyze';
import { RULES } from '../../../../src/rules/index';
import { placeholders } from '../../../../src/engine/rule';
import type { Rule } from '../../../../src/engine/rule';
import type { ExchangeResult, Finding } from '../../../../src/engine/schema';

export interface ValidCase {
  name: string;
  entries: unknown[];
}
export interface InvalidCase extends ValidCase {
  /** Expected message id of the finding. */
  messageId: string;
  leg?: 'preflight' | 'actual' | null;
  /** The finding must be the primary (first) one. Default true. */
  primary?: boolean;
  severity?: Finding['severity'];
  /** Substrings the message must contain. */
  contains?: string[];
  /** Extra assertions. */
  check?: (f: Finding, ex: ExchangeResult) => void;
}

function target(res: ReturnType<typeof analyze>): ExchangeResult {
  // The exchange under test: the last one (earlier entries may be context such as a burst).
  const ex = res.exchanges[res.exchanges.length - 1];
  if (!ex) throw new Error('analysis produced no exchange');
  return ex;
}

export function ruleTester(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const id = rule.meta.id;
  describe(`rule ${id}`, () => {
    it('has well-formed cases (no duplicates, at least one valid and one invalid)', () => {
      const all = [...cases.valid, ...cases.invalid];
      const names = all.map((c) => c.name);
      expect(new Set(names).size, 'duplicate case names').toBe(names.length);
      const bodies = all.map((c) => JSON.stringify(c.entries));
      expect(new Set(bodies).size, 'duplicate case entries').toBe(bodies.length);
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
      for (const c of cases.invalid) expect(c.messageId, `${c.name}: invalid case needs a messageId`).toBeTruthy();
    });
    it('declares every message it can report', () => {
      for (const c of cases.invalid) expect(Object.keys(rule.meta.messages)).toContain(c.messageId);
    });
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const ex = target(analyze(c.entries, RULES));
        expect(ex.findings.map((f) => f.rule)).not.toContain(id);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        const ex = target(analyze(c.entries, RULES));
        const f = ex.findings.find((x) => x.rule === id);
        expect(f, `${id} did not report; got ${ex.findings.map((x) => x.rule).join(', ') || 'nothing'}`).toBeDefined();
        if (!f) return;
        if (c.primary !== false) expect(ex.findings[0]?.rule, 'not the primary finding').toBe(id);
        const template = rule.meta.messages[c.messageId]!;
        // The reported message must come from the expected template.
        const segments = template.split(/\{\{\s*[A-Za-z0-9_]+\s*\}\}/).map((s) => s.replace(/\s+/g, ' ').trim());
        const fixed = segments.reduce((a, b) => (b.length > a.length ? b : a), '').slice(0, 25);
        expect(f.message.replace(/\s+/g, ' ')).toContain(fixed);
        expect(f.message).not.toMatch(/\{\{/);
        for (const p of placeholders(template)) expect(f.data ?? {}, `placeholder ${p}`).toHaveProperty(p);
        expect(f.docs).toBe(`docs/rules/${id}.md`);
        expect(f.evidence.length, 'a finding names the headers or status that decided it').toBeGreaterThan(0);
        if (c.leg !== undefined) expect(f.leg).toBe(c.leg);
        if (c.severity) expect(f.severity).toBe(c.severity);
        for (const s of c.contains ?? []) expect(f.message).toContain(s);
        if (ex.verdict === 'ok' || f === ex.findings[0]) expect(ex.headline).not.toMatch(/\{\{/);
        c.check?.(f, ex);
        expect(JSON.parse(JSON.stringify(ex))).toEqual(ex);
      });
    }
  });
}
