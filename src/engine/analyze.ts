/**
 * analyze(entries) → Analysis: the one pure entry point behind the panel, the exports and the CLI.
 */
import { normaliseEntries } from '../model/normalise';
import { isCrossOrigin, pairExchanges } from '../model/pair';
import { originOf, headerValue } from '../model/normalise';
import type { Exchange, RequestPair } from '../model/types';
import {
  ANALYSIS_SCHEMA,
  ANALYSIS_SCHEMA_VERSION,
  type Analysis,
  type ExchangeResult,
  type LegSummary,
  type Leg,
  type Verdict,
} from './schema';

export const GENERATOR = 'CORS X-Ray 0.1.0';

/** Chromium's generic failure for a response the CORS check rejected (and for a few other causes). */
const CORS_ERROR = 'net::ERR_FAILED';

function legSummary(ex: Exchange, sent: boolean): LegSummary {
  return {
    method: ex.request.method,
    url: ex.request.url,
    status: ex.response.status,
    statusText: ex.response.statusText,
    error: ex.error,
    sent,
    requestHeaders: ex.request.headers,
    responseHeaders: ex.response.headers,
    body: ex.response.body,
    startedMs: ex.startedMs,
    durationMs: ex.durationMs,
  };
}

function classify(pair: RequestPair): { verdict: Verdict; blockedLeg: Leg | null } {
  const { actual, preflight } = pair;
  const pfFailed = !!preflight && (preflight.error !== null || preflight.response.status < 200 || preflight.response.status > 299);
  if (actual) {
    if (actual.error && actual.error !== CORS_ERROR) return { verdict: 'not-cors', blockedLeg: null };
    if (actual.error === CORS_ERROR) {
      const neverSent = actual.response.status === 0;
      return { verdict: 'cors-blocked', blockedLeg: neverSent && preflight ? 'preflight' : neverSent && pfFailed ? 'preflight' : 'actual' };
    }
    return { verdict: 'ok', blockedLeg: null };
  }
  if (preflight?.error && preflight.error !== CORS_ERROR) return { verdict: 'not-cors', blockedLeg: null };
  return pfFailed ? { verdict: 'cors-blocked', blockedLeg: 'preflight' } : { verdict: 'ok', blockedLeg: null };
}

export function analyzePairs(pairs: RequestPair[], entryCount: number, notes: string[]): Analysis {
  const exchanges: ExchangeResult[] = [];
  const summary = { entries: entryCount, exchanges: 0, ok: 0, corsBlocked: 0, notCors: 0, sameOrigin: 0 };
  for (const pair of pairs) {
    const lead = (pair.actual ?? pair.preflight)!;
    const { verdict, blockedLeg } = classify(pair);
    const cross = isCrossOrigin(lead);
    const sentActual = !!pair.actual && !(pair.actual.response.status === 0 && pair.actual.response.httpVersion === '' && pair.actual.error !== null);
    const r: ExchangeResult = {
      id: pair.id,
      url: lead.request.url,
      method: pair.actual ? pair.actual.request.method : (headerValue(lead.request.headers, 'access-control-request-method') ?? 'OPTIONS'),
      origin: lead.pageOrigin ?? pair.preflight?.pageOrigin ?? null,
      targetOrigin: originOf(lead.request.url) ?? '',
      crossOrigin: cross !== false,
      preflight: pair.preflight ? legSummary(pair.preflight, true) : null,
      actual: pair.actual ? legSummary(pair.actual, sentActual) : null,
      verdict,
      blockedLeg,
      pairing: pair.basis,
      credentials: { value: false, basis: 'inferred', confidence: 'low' },
      hiddenStatus: null,
      gateway: null,
      findings: [],
      headline: verdict === 'ok' ? 'OK' : verdict === 'not-cors' ? 'Network error (not CORS)' : 'Blocked by CORS',
    };
    exchanges.push(r);
    summary.exchanges++;
    if (!r.crossOrigin) summary.sameOrigin++;
    if (verdict === 'ok') summary.ok++;
    else if (verdict === 'cors-blocked') summary.corsBlocked++;
    else summary.notCors++;
  }
  return { schema: ANALYSIS_SCHEMA, version: ANALYSIS_SCHEMA_VERSION, generator: GENERATOR, summary, exchanges, notes };
}

export function analyzeExchanges(exchanges: Exchange[], entryCount: number, notes: string[] = []): Analysis {
  return analyzePairs(pairExchanges(exchanges), entryCount, notes);
}

/** HAR 1.2 entries in (any producer, untrusted), analysis out. Never throws on bad entries. */
export function analyze(entries: readonly unknown[]): Analysis {
  const { exchanges, notes } = normaliseEntries(entries);
  return analyzeExchanges(exchanges, entries.length, notes);
}
