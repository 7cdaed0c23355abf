import type { ExchangeResult, LegSummary } from '../src/engine/schema';

export function shortUrl(url: string): { path: string; host: string } {
  try {
    const u = new URL(url);
    return { path: (u.pathname + u.search) || '/', host: u.host };
  } catch {
    return { path: url, host: '' };
  }
}

export function legStatus(leg: LegSummary | null, isActual: boolean): string {
  if (!leg) return isActual ? '—' : 'none';
  // The reports' words for the same fact (report/model.ts legView).
  if (!leg.sent) return 'never sent';
  if (leg.status === 0) return leg.error ? leg.error.replace(/^net::/, '') : '(failed)';
  return String(leg.status);
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
