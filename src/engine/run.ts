/**
 * Run the rule catalogue over one RuleContext: collect reports, turn them into Findings with
 * their messages filled in, and rank them so the primary cause comes first.
 */
import type { RuleContext } from './context';
import { docsPath, formatMessage, formatTidy, type Rule, type RuleReport } from './rule';
import type { Confidence, Finding, FixSnippet, Severity, Verdict } from './schema';
import { defineLazy } from './lazy';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const CONFIDENCE_RANK: Record<Confidence, number> = { certain: 0, high: 1, medium: 2, low: 3 };

export interface RankedFinding {
  finding: Finding;
  rule: Rule;
  report: RuleReport;
}

const NO_FIXES: FixSnippet[] = [];

/** The fixes a report offers, built now (the engine asks only for the primary finding's). */
export function reportFixes(r: RuleReport): FixSnippet[] {
  return typeof r.fixes === 'function' ? r.fixes() : r.fixes;
}

/**
 * The primary finding with its fixes built on first read. Building them (snippets for every stack,
 * with the request's own values) is the costliest part of a blocked exchange's result, and most
 * results are never asked: the CLI's text shows the fixes of one pair per distinct failure, the
 * panel those of the pair the user opens. A new object with the same fields in the same order
 * and `fixes` an own, enumerable accessor (defineLazy), so JSON.stringify, spreads and
 * structuredClone all see a plain array.
 */
export function withLazyFixes(f: Finding, r: RuleReport): Finding {
  const make = r.fixes;
  if (typeof make !== 'function') {
    f.fixes = make;
    return f;
  }
  // Fields in the eager finding's order (JSON output is the same either way), `fixes` in its place.
  const lazy = { rule: f.rule, title: f.title, severity: f.severity, confidence: f.confidence, basis: f.basis, leg: f.leg, message: f.message, evidence: f.evidence } as Finding;
  defineLazy(lazy, 'fixes', make);
  lazy.docs = f.docs;
  lazy.data = f.data;
  lazy.hiddenStatus = f.hiddenStatus;
  return lazy;
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
    // Filled in for the primary finding only, once the findings are ranked (see primaryFixes).
    fixes: NO_FIXES,
    docs: docsPath(rule.meta.id),
    data: r.data,
  };
}

function collect(rule: Rule, ctx: RuleContext, order: number, out: Array<RankedFinding & { order: number }>, problems: string[]): void {
  let got: RuleReport | RuleReport[] | null;
  try {
    got = rule.detect(ctx);
  } catch (err) {
    problems.push(`Rule ${rule.meta.id} failed on ${ctx.id}: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  if (!got) return;
  if (!Array.isArray(got)) out.push({ finding: toFinding(rule, got), rule, report: got, order });
  else for (let i = 0; i < got.length; i++) out.push({ finding: toFinding(rule, got[i]!), rule, report: got[i]!, order });
}

function byRank(a: RankedFinding & { order: number }, b: RankedFinding & { order: number }): number {
  return (
    SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
    a.rule.meta.tier - b.rule.meta.tier ||
    CONFIDENCE_RANK[a.finding.confidence] - CONFIDENCE_RANK[b.finding.confidence] ||
    a.order - b.order
  );
}

/** For one verdict: the rules that may report on it, with their registry positions; fallbacks apart. */
interface Plan {
  main: Array<[Rule, number]>;
  fallback: Array<[Rule, number]>;
}

/** Rules filtered by verdict once per catalogue, not once per exchange (most exchanges pass). */
const plans = new WeakMap<readonly Rule[], Map<Verdict, Plan>>();

function planFor(rules: readonly Rule[], verdict: Verdict): Plan {
  let byVerdict = plans.get(rules);
  if (!byVerdict) plans.set(rules, (byVerdict = new Map()));
  let plan = byVerdict.get(verdict);
  if (!plan) {
    plan = { main: [], fallback: [] };
    rules.forEach((rule, i) => {
      const v = rule.meta.verdicts;
      if (v && !v.includes(verdict)) return;
      (rule.meta.fallback ? plan!.fallback : plan!.main).push([rule, i]);
    });
    byVerdict.set(verdict, plan);
  }
  return plan;
}

/**
 * Ranking policy: severity (error, warning, info), then tier (real cause, failed CORS check,
 * context), then confidence (certain first), then the rule's position in the registry.
 */
export function runRules(ctx: RuleContext, rules: readonly Rule[], problems: string[] = []): RankedFinding[] {
  const out: Array<RankedFinding & { order: number }> = [];
  const plan = planFor(rules, ctx.verdict);
  // Indexed loops, no destructuring: until V8 optimizes this function, each for-of step and each
  // [rule, i] pattern allocates an iterator result (about 2 MB over a 100 MB HAR).
  const { main, fallback } = plan;
  for (let k = 0; k < main.length; k++) collect(main[k]![0], ctx, main[k]![1], out, problems);
  if (ctx.verdict !== 'ok' && fallback.length) {
    let anyError = false;
    for (let k = 0; k < out.length; k++) if (out[k]!.finding.severity === 'error') anyError = true;
    if (!anyError) for (let k = 0; k < fallback.length; k++) collect(fallback[k]![0], ctx, fallback[k]![1], out, problems);
  }
  // A handful of findings at most: insertion sort (stable, like Array#sort, without its workspace).
  for (let i = 1; i < out.length; i++) {
    const x = out[i]!;
    let j = i - 1;
    while (j >= 0 && byRank(out[j]!, x) > 0) {
      out[j + 1] = out[j]!;
      j--;
    }
    out[j + 1] = x;
  }
  return out;
}

export function headlineOf(top: RankedFinding | undefined, fallback: string): string {
  if (!top) return fallback;
  return formatMessage(top.rule.meta.headline, top.report.data);
}
