/**
 * Run the rule catalogue over one RuleContext: collect reports, turn them into Findings with
 * their messages filled in, and rank them so the primary cause comes first.
 */
import type { RuleContext } from './context';
import { docsPath, formatMessage, type Rule, type RuleReport } from './rule';
import type { Confidence, Finding, Severity, Verdict } from './schema';

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

function toFinding(rule: Rule, r: RuleReport): Finding {
  const template = rule.meta.messages[r.messageId] ?? `{{missing message ${r.messageId}}}`;
  return {
    rule: rule.meta.id,
    title: rule.meta.title,
    severity: r.severity ?? rule.meta.severity,
    confidence: r.confidence,
    basis: r.basis,
    leg: r.leg,
    message: formatMessage(template, r.data, true),
    evidence: r.evidence,
    // Filled in for the primary finding only, once the findings are ranked (analyze.ts).
    fixes: [],
    docs: docsPath(rule.meta.id),
    data: r.data,
    // Set by the analysis (analyze.ts); in the literal, so that setting it keeps the finding's shape.
    hiddenStatus: null,
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
  if (!Array.isArray(got)) out.push({ finding: toFinding(rule, got), rule, report: got, order });
  else for (const report of got) out.push({ finding: toFinding(rule, report), rule, report, order });
}

function byRank(a: Collected, b: Collected): number {
  return (
    SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
    a.rule.meta.tier - b.rule.meta.tier ||
    CONFIDENCE_RANK[a.finding.confidence] - CONFIDENCE_RANK[b.finding.confidence] ||
    a.order - b.order
  );
}

/** A rule and its position in the catalogue (the last ranking tie-breaker). */
interface Placed {
  rule: Rule;
  order: number;
}

/** The rules that run on one verdict: the others first, the fallbacks only if those found no error. */
interface VerdictRules {
  rules: Placed[];
  fallbacks: Placed[];
}

/** The catalogue sorted out by verdict, once per analysis (analyze.ts): not rule by rule for every exchange. */
export type RulesByVerdict = Readonly<Record<Verdict, VerdictRules>>;

/**
 * A rule runs only on the verdicts its meta names (most traffic passes, and most rules only
 * explain blocks: a passing exchange runs one rule, not 24).
 */
export function rulesByVerdict(rules: readonly Rule[]): RulesByVerdict {
  const of = (verdict: Verdict): VerdictRules => {
    const out: VerdictRules = { rules: [], fallbacks: [] };
    rules.forEach((rule, order) => {
      if (!rule.meta.verdicts || rule.meta.verdicts.includes(verdict)) (rule.meta.fallback ? out.fallbacks : out.rules).push({ rule, order });
    });
    return out;
  };
  return { ok: of('ok'), 'cors-blocked': of('cors-blocked'), 'not-cors': of('not-cors') };
}

/**
 * Ranking policy: severity (error, warning, info), then tier (real cause, failed CORS check,
 * context), then confidence (certain first), then the rule's position in the registry.
 * Fallback rules run only when no other rule found an error on a failed exchange.
 */
export function runRules(ctx: RuleContext, byVerdict: RulesByVerdict, problems: string[] = []): RankedFinding[] {
  const out: Collected[] = [];
  const { rules, fallbacks } = byVerdict[ctx.verdict];
  for (const { rule, order } of rules) collect(rule, ctx, order, out, problems);
  if (ctx.verdict !== 'ok' && fallbacks.length && !out.some((c) => c.finding.severity === 'error')) {
    for (const { rule, order } of fallbacks) collect(rule, ctx, order, out, problems);
  }
  return out.sort(byRank);
}

export function headlineOf(top: RankedFinding | undefined, fallback: string): string {
  if (!top) return fallback;
  return formatMessage(top.rule.meta.headline, top.report.data);
}
