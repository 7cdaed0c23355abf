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
  if (!leg.sent) return 'not sent';
  if (leg.status === 0) return leg.error ? leg.error.replace(/^net::/, '') : '(failed)';
  return String(leg.status);
}

export function verdictClass(x: ExchangeResult): string {
  if (x.verdict === 'cors-blocked') return 'bad';
  if (x.verdict === 'not-cors') return 'neutral-bad';
  return x.findings.some((f) => f.severity === 'warning') ? 'warn' : 'good';
}
