import type { ExchangeResult, Leg } from '../src/engine/schema';
import { legViewOf, type LegView } from '../src/report/model';

export function shortUrl(url: string): { path: string; host: string } {
  try {
    const u = new URL(url);
    return { path: u.pathname + u.search || '/', host: u.host };
  } catch {
    return { path: url, host: '' };
  }
}

/**
 * A leg's outcome in a table cell: the report view's words (src/report/model.ts legView: "never
 * sent", the error) with only the status number, and "none"/"—" for a leg not recorded.
 */
function legText(l: LegView | null, which: Leg): string {
  if (!l) return which === 'actual' ? '—' : 'none';
  if (!l.sent) return 'never sent';
  if (l.status === 0) return l.error ? l.error.replace(/^net::/, '') : l.outcome;
  return String(l.status);
}

export function verdictClass(x: ExchangeResult): string {
  if (x.verdict === 'cors-blocked') return 'bad';
  if (x.verdict === 'not-cors') return 'neutral-bad';
  return x.findings.some((f) => f.severity === 'warning') ? 'warn' : 'good';
}

/** "1 network error", "2 network errors": a count and its noun, agreeing. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

const CHECK_LABEL: Record<NonNullable<ExchangeResult['checks']>[number]['id'], string> = {
  'preflight-status': 'status',
  'allow-origin': 'Allow-Origin',
  'allow-credentials': 'Allow-Credentials',
  'allow-methods': 'Allow-Methods',
  'allow-headers': 'Allow-Headers',
};

export interface LegCell {
  text: string;
  /**
   * status: the status itself is why the browser blocked (non-2xx preflight, no response) — colour it;
   * check: the status was fine (a 2xx preflight) but a header check failed — colour the check, not the status;
   * '': not the blocked leg.
   */
  failed: 'status' | 'check' | '';
  /** The failed check's header name, when failed is 'check'. */
  check: string;
  /** The whole outcome in the reports' words ("403 Forbidden", "net::ERR_CONNECTION_REFUSED"), for the cell's title. */
  outcome: string;
}

/** What a table cell shows for one leg of an exchange, and which part of it failed. */
export function legCell(x: ExchangeResult, leg: 'preflight' | 'actual'): LegCell {
  const l = legViewOf(x, leg);
  const text = legText(l, leg);
  const outcome = l?.outcome ?? (leg === 'actual' ? 'not recorded' : 'no preflight');
  if (x.blockedLeg !== leg) return { text, outcome, failed: '', check: '' };
  const failedCheck = x.checks?.find((c) => c.leg === leg && c.outcome === 'fail');
  const okStatus = !!l && l.sent && l.status >= 200 && l.status < 300;
  if (okStatus && failedCheck && failedCheck.id !== 'preflight-status') return { text, outcome, failed: 'check', check: CHECK_LABEL[failedCheck.id] };
  return { text, outcome, failed: 'status', check: '' };
}

/** The one value every item shares, or null when they differ (or there are none). */
export function sharedValue<T>(items: readonly T[], key: (t: T) => string | null): string | null {
  if (items.length === 0) return null;
  const first = key(items[0]!);
  if (first === null) return null;
  for (const it of items) if (key(it) !== first) return null;
  return first;
}
