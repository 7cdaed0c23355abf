/**
 * A table-driven rule tester in the spirit of ESLint's RuleTester: `valid` cases must not produce
 * a finding of the rule; `invalid` cases declare the findings the rule must report (`errors`, in
 * order, each with its message id and, optionally, data, leg, severity, confidence, basis, words
 * of the message and a fix) and, optionally, facts about the exchange's result. Nothing is
 * asserted through callbacks. Duplicate cases (same name or same entries), invalid cases that
 * declare no error and a rule that reports something else than declared are failures.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../src/engine/analyze';
import { placeholders, type MessageData, type Rule } from '../../../../src/engine/rule';
import type { CheckResult, ExchangeResult, Finding, HiddenStatus } from '../../../../src/engine/schema';
import { RULES } from '../../../../src/rules/index';

export interface ValidCase {
  name: string;
  entries: unknown[];
}

/** One finding the rule must report. */
export interface ExpectedError<MessageId extends string> {
  messageId: MessageId;
  /** Placeholder values the finding must carry (a subset of its data). */
  data?: MessageData;
  leg?: Finding['leg'];
  severity?: Finding['severity'];
  confidence?: Finding['confidence'];
  basis?: Finding['basis'];
  /** Words the message must contain. */
  contains?: string[];
  /** Words the message must not contain. */
  excludes?: string[];
  /** Words the title or code of one of the finding's fixes must contain (only the primary finding has fixes). */
  fix?: string;
}

/** Facts about the whole exchange's result. */
export interface ExpectedResult {
  verdict?: ExchangeResult['verdict'];
  headline?: string;
  gateway?: ExchangeResult['gateway'];
  hiddenStatus?: Partial<HiddenStatus> | null;
  credentials?: Partial<ExchangeResult['credentials']>;
  /** The rules of all findings, in rank order (default: this rule's first finding is the primary one). */
  ranking?: string[];
  /** Checks that must be among the exchange's checks. */
  checks?: Array<Partial<CheckResult>>;
  /** A reveal must be offered, and its first command contain these words. */
  reveal?: { command: string };
  /** Strings (secrets the request carried) that must not be copied into any finding. */
  hides?: string[];
}

export interface InvalidCase<MessageId extends string> extends ValidCase {
  /** The rule's findings on the exchange under test, in rank order. */
  errors: [ExpectedError<MessageId>, ...ExpectedError<MessageId>[]];
  result?: ExpectedResult;
}

function target(res: ReturnType<typeof analyze>): ExchangeResult {
  // The exchange under test: the last one (earlier entries may be context such as a burst).
  const ex = res.exchanges[res.exchanges.length - 1];
  if (!ex) throw new Error('analysis produced no exchange');
  return ex;
}

function checkFinding<M extends string>(rule: Rule<M>, f: Finding, e: ExpectedError<M>): void {
  expect(f.rule).toBe(rule.meta.id);
  const template = rule.meta.messages[e.messageId];
  // The reported message must come from the expected template: its longest fixed part, filled.
  const segments = template.split(/\{\{\s*[A-Za-z0-9_]+\s*\}\}/).map((s) => s.replace(/\s+/g, ' ').trim());
  const fixed = segments.reduce((a, b) => (b.length > a.length ? b : a), '').slice(0, 25);
  expect(f.message.replace(/\s+/g, ' '), `message of ${e.messageId}`).toContain(fixed);
  expect(f.message).not.toMatch(/\{\{/);
  for (const p of placeholders(template)) expect(f.data ?? {}, `placeholder ${p}`).toHaveProperty(p);
  if (e.data) expect(f.data).toMatchObject(e.data);
  expect(f.docs).toBe(`docs/rules/${rule.meta.id}.md`);
  expect(f.evidence.length, 'a finding names the headers or status that decided it').toBeGreaterThan(0);
  if (e.leg !== undefined) expect(f.leg).toBe(e.leg);
  if (e.severity) expect(f.severity).toBe(e.severity);
  if (e.confidence) expect(f.confidence).toBe(e.confidence);
  if (e.basis) expect(f.basis).toBe(e.basis);
  for (const s of e.contains ?? []) expect(f.message).toContain(s);
  for (const s of e.excludes ?? []) expect(f.message).not.toContain(s);
  if (e.fix) expect(f.fixes.map((x) => `${x.title}\n${x.code}`).join('\n')).toContain(e.fix);
}

function checkResult(ruleId: string, ex: ExchangeResult, r: ExpectedResult = {}): void {
  const { ranking, checks, reveal, hides, ...fields } = r;
  expect(ex).toMatchObject(fields);
  if (ranking) expect(ex.findings.map((f) => f.rule)).toEqual(ranking);
  else expect(ex.findings[0]?.rule, 'not the primary finding').toBe(ruleId);
  for (const c of checks ?? []) expect(ex.checks).toContainEqual(expect.objectContaining(c));
  if (reveal) expect(ex.reveal?.commands[0]).toContain(reveal.command);
  const findings = JSON.stringify(ex.findings);
  for (const s of hides ?? []) expect(findings).not.toContain(s);
  expect(ex.headline).not.toMatch(/\{\{/);
  expect(JSON.parse(JSON.stringify(ex))).toEqual(ex);
}

export function ruleTester<M extends string>(rule: Rule<M>, cases: { valid: ValidCase[]; invalid: InvalidCase<M>[] }): void {
  const id = rule.meta.id;
  describe(`rule ${id}`, () => {
    it('has well-formed cases (no duplicates, at least one valid and one invalid, every invalid case declares its errors)', () => {
      const all = [...cases.valid, ...cases.invalid];
      const names = all.map((c) => c.name);
      expect(new Set(names).size, 'duplicate case names').toBe(names.length);
      const bodies = all.map((c) => JSON.stringify(c.entries));
      expect(new Set(bodies).size, 'duplicate case entries').toBe(bodies.length);
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
      for (const c of cases.invalid) expect(c.errors?.length, `${c.name}: an invalid case declares the errors it expects`).toBeGreaterThan(0);
    });
    it('expects only messages the rule declares', () => {
      for (const c of cases.invalid) for (const e of c.errors) expect(Object.keys(rule.meta.messages)).toContain(e.messageId);
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
        const mine = ex.findings.filter((x) => x.rule === id);
        expect(
          mine.length,
          `${id} reported ${mine.length} findings, ${c.errors.length} declared; all findings: ${ex.findings.map((x) => x.rule).join(', ') || 'none'}`,
        ).toBe(c.errors.length);
        c.errors.forEach((e, i) => checkFinding(rule, mine[i]!, e));
        checkResult(id, ex, c.result);
      });
    }
  });
}
