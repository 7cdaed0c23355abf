/**
 * Run the rule catalogue over one RuleContext: collect reports, turn them into Findings with
 * their messages filled in, and rank them so the primary cause comes first.
 */
import type { RuleContext } from './context';
import { docsPath, formatMessage, formatTidy, type Rule, type RuleReport } from './rule';
import type { Confidence, Finding, FixSnippet, Severity, Verdict } from './schema';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const CONFIDENCE_RANK: Record<Confidence, number> = { certain: 0, high: 1, medium: 2, low: 3 };

export interface RankedFinding {
  finding: Finding;
  rule: Rule;
  report: RuleReport;
}

interface Collected extends RankedFinding {
  /** The rule's position in the catalogue: the last ranking tie-breaker. */
  order: number;
}

/** The fixes a report offers, built now (the engine asks only for the primary finding's). */
export function reportFixes(r: RuleReport): FixSnippet[] {
  return typeof r.fixes === 'function' ? r.fixes() : r.fixes;
}

function toFinding(rule: Rule, r: RuleReport): Finding {
  const template = rule.meta.messages[r.messageId] ?? `{{missing message ${r.messageId}}}`;
  return {
    rule: rule.meta.id,
    title: rule.meta.title,
    severity: r.severity ?? rule.meta.severity,
    confidence: r.confidence,
    basis: r.basis,
    leg: r.leg,
    message: formatTidy(template, r.data),
    evidence: r.evidence,
    // Filled in for the primary finding only, once the findings are ranked (analyze.ts).
    fixes: [],
    docs: docsPath(rule.meta.id),
    data: r.data,
  };
}

function collect(rule: Rule, ctx: RuleContext, order: number, out: Collected[], problems: string[]): void {
  let got: RuleReport | RuleReport[] | null;
  try {
    got = rule.detect(ctx);
  } catch (err) {
    problems.push(`Rule ${rule.meta.id} failed on ${ctx.id}: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  if (!got) return;
  for (const report of Array.isArray(got) ? got : [got]) out.push({ finding: toFinding(rule, report), rule, report, order });
}

function byRank(a: Collected, b: Collected): number {
  return (
    SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
    a.rule.meta.tier - b.rule.meta.tier ||
    CONFIDENCE_RANK[a.finding.confidence] - CONFIDENCE_RANK[b.finding.confidence] ||
    a.order - b.order
  );
}

/**
 * Ranking policy: severity (error, warning, info), then tier (real cause, failed CORS check,
 * context), then confidence (certain first), then the rule's position in the registry.
 * A rule runs only on the verdicts its meta names (most traffic passes, and most rules only
 * explain blocks); fallback rules only when no other rule found an error on a failed exchange.
 */
function appliesTo(rule: Rule, verdict: Verdict): boolean {
  return !rule.meta.verdicts || rule.meta.verdicts.includes(verdict);
}

export function runRules(ctx: RuleContext, rules: readonly Rule[], problems: string[] = []): RankedFinding[] {
  const out: Collected[] = [];
  for (let order = 0; order < rules.length; order++) {
    const rule = rules[order]!;
    if (!rule.meta.fallback && appliesTo(rule, ctx.verdict)) collect(rule, ctx, order, out, problems);
  }
  if (ctx.verdict !== 'ok' && !out.some((c) => c.finding.severity === 'error')) {
    for (let order = 0; order < rules.length; order++) {
      const rule = rules[order]!;
      if (rule.meta.fallback && appliesTo(rule, ctx.verdict)) collect(rule, ctx, order, out, problems);
    }
  }
  return out.sort(byRank);
}

export function headlineOf(top: RankedFinding | undefined, fallback: string): string {
  if (!top) return fallback;
  return formatMessage(top.rule.meta.headline, top.report.data);
}
