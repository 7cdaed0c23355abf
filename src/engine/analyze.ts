/**
 * analyze(entries) → Analysis: the one pure entry point behind the panel, the exports and the CLI.
 *
 * Pipeline: normalise (model) → pair (model) → per pair: verdict, legs, Fetch checks, gateway,
 * credentials, rules (src/rules) → ranked findings, hidden status, headline.
 */
import { needsPreflight, unsafeRequestHeaderNames } from '../model/fetch-spec';
import { headerValue, normaliseEntries, originOf } from '../model/normalise';
import { isCrossOrigin, pairExchanges } from '../model/pair';
import type { Exchange, RequestPair } from '../model/types';
import { RULES } from '../rules/index';
import { CaptureIndex } from './capture-index';
import { legView, type Credentials, type LegView, type RuleContext } from './context';
import { corsCheck, preflightCheck, type CorsCheckOutcome, type PreflightOutcome } from './cors-check';
import { makeFixContext, type FixContext } from './fixes/context';
import { curlActual, curlPreflight, probeCommand } from './fixes/probe';
import { fingerprint, type GatewayInfo } from './gateway';
import { HeaderIndex, splitList } from './headers';
import type { Rule } from './rule';
import { headlineOf, runRules } from './run';
import {
  ANALYSIS_SCHEMA,
  ANALYSIS_SCHEMA_VERSION,
  type Analysis,
  type ExchangeResult,
  type HiddenStatus,
  type Leg,
  type LegSummary,
  type Reveal,
  type Verdict,
} from './schema';

export const GENERATOR = 'CORS X-Ray 0.1.0';

/** Chromium's generic failure for a response the CORS check rejected (and for a few other causes). */
export const CORS_ERROR = 'net::ERR_FAILED';

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

/** Chromium records a request whose preflight failed with status 0 and an error: it never left. */
export function neverSent(ex: Exchange): boolean {
  return ex.response.status === 0 && ex.error !== null;
}

const okStatus = (s: number) => s >= 200 && s < 300;

function classify(pair: RequestPair, cross: boolean, preflightNeeded: boolean): { verdict: Verdict; blockedLeg: Leg | null } {
  const { actual, preflight } = pair;
  const pfFailed = !!preflight && (!okStatus(preflight.response.status) || (preflight.error !== null && preflight.error !== CORS_ERROR));
  if (preflight?.error && preflight.error !== CORS_ERROR && preflight.response.status === 0) return { verdict: 'not-cors', blockedLeg: null };
  if (actual) {
    if (actual.error && actual.error !== CORS_ERROR) return { verdict: 'not-cors', blockedLeg: null };
    if (actual.error === CORS_ERROR) {
      if (!cross) return { verdict: 'not-cors', blockedLeg: null };
      if (actual.response.status === 0)
        return { verdict: 'cors-blocked', blockedLeg: preflight || preflightNeeded ? 'preflight' : 'actual' };
      return { verdict: 'cors-blocked', blockedLeg: 'actual' };
    }
    if (actual.response.status === 0) {
      // No status and no error: Firefox-style CORS failure after a failed preflight, or a cancelled request.
      if (cross && preflight && pfFailed) return { verdict: 'cors-blocked', blockedLeg: 'preflight' };
      return { verdict: 'not-cors', blockedLeg: null };
    }
    return { verdict: 'ok', blockedLeg: null };
  }
  return pfFailed && cross ? { verdict: 'cors-blocked', blockedLeg: 'preflight' } : { verdict: 'ok', blockedLeg: null };
}

function inferCredentials(actual: Exchange | null): Credentials {
  if (actual && headerValue(actual.request.headers, 'cookie') !== null)
    return { value: true, basis: 'inferred', confidence: 'high', reason: 'the request carried a Cookie header, which a cross-origin request only does in credentials mode "include"' };
  return { value: false, basis: 'inferred', confidence: 'low', reason: 'no Cookie header was recorded; the credentials mode itself is not in the capture' };
}

interface Built {
  result: ExchangeResult;
}

function analyzePair(pair: RequestPair, capture: CaptureIndex, rules: readonly Rule[], problems: string[]): Built {
  const { actual, preflight } = pair;
  const lead = (actual ?? preflight)!;
  const crossRaw = isCrossOrigin(lead) ?? (preflight ? isCrossOrigin(preflight) : null);
  const cross = crossRaw !== false;
  const origin =
    originOf(actual ? headerValue(actual.request.headers, 'origin') : null) ??
    originOf(preflight ? headerValue(preflight.request.headers, 'origin') : null) ??
    lead.pageOrigin ??
    preflight?.pageOrigin ??
    null;
  const method = actual
    ? actual.request.method
    : ((headerValue(lead.request.headers, 'access-control-request-method') ?? 'OPTIONS').trim().toUpperCase() || 'OPTIONS');
  const pfNeeded = actual ? needsPreflight(actual.request.method, actual.request.headers) : true;
  const { verdict, blockedLeg } = classify(pair, cross, pfNeeded);
  const actualSent = !!actual && !neverSent(actual);
  const url = lead.request.url;
  const targetOrigin = originOf(url) ?? '';
  const summaryOnly: ExchangeResult = {
    id: pair.id,
    url,
    method,
    origin,
    targetOrigin,
    crossOrigin: cross,
    preflight: preflight ? legSummary(preflight, true) : null,
    actual: actual ? legSummary(actual, actualSent) : null,
    verdict,
    blockedLeg,
    pairing: pair.basis,
    credentials: { value: false, basis: 'inferred', confidence: 'low' },
    hiddenStatus: null,
    gateway: null,
    findings: [],
    headline: verdict === 'ok' ? 'OK' : verdict === 'not-cors' ? 'Network error (not CORS)' : 'Blocked by CORS',
  };
  if (!cross && verdict === 'ok') {
    summaryOnly.headline = 'Same-origin';
    return { result: summaryOnly };
  }

  // Legs, gateway fingerprints.
  const pfHeaders = preflight ? new HeaderIndex(preflight.response.headers) : null;
  const acHeaders = actual ? new HeaderIndex(actual.response.headers) : null;
  const pfGateway = preflight && pfHeaders ? fingerprint('preflight', pfHeaders, url, preflight.response.status) : null;
  const acGateway = actual && acHeaders && actualSent ? fingerprint('actual', acHeaders, url, actual.response.status) : null;
  const pfView: LegView | null = preflight ? legView('preflight', preflight, true, pfGateway, pfHeaders!) : null;
  const acView: LegView | null = actual ? legView('actual', actual, actualSent, acGateway, acHeaders!) : null;

  // Headers the request needed allowed: what the preflight asked for, else what the request carries.
  const acrh = preflight ? headerValue(preflight.request.headers, 'access-control-request-headers') : null;
  const requestHeaderNames =
    acrh !== null
      ? [...new Set(splitList(acrh).map((h) => h.toLowerCase()))].sort()
      : actual
        ? unsafeRequestHeaderNames(actual.request.headers)
        : [];

  // Fetch checks, then credentials: a block that only a credentialed request could fail tells us the mode.
  let credentials = inferCredentials(actual);
  const runChecks = (cred: boolean) => {
    const pf: PreflightOutcome | null =
      preflight && pfHeaders
        ? preflightCheck({ status: preflight.response.status, headers: pfHeaders, origin, credentialed: cred, method, requestHeaders: requestHeaderNames })
        : null;
    const ac: CorsCheckOutcome | null =
      actual && acHeaders && actualSent && actual.response.status > 0 ? corsCheck('actual', acHeaders, origin, cred) : null;
    return { pf, ac };
  };
  let checks = runChecks(credentials.value);
  if (verdict === 'cors-blocked' && !credentials.value) {
    const unexplained =
      (blockedLeg === 'actual' && checks.ac?.ok === true) || (blockedLeg === 'preflight' && checks.pf?.ok === true);
    if (unexplained) {
      const alt = runChecks(true);
      const altFails = blockedLeg === 'actual' ? alt.ac?.ok === false : alt.pf?.ok === false;
      if (altFails) {
        checks = alt;
        credentials = {
          value: true,
          basis: 'inferred',
          confidence: 'medium',
          reason: 'the recorded headers pass for a request without credentials, yet the browser blocked it: only a credentialed request fails them',
        };
      }
    }
  }

  const decidingLeg = blockedLeg === 'preflight' ? pfView : blockedLeg === 'actual' ? acView : (acView?.sent ? acView : pfView);
  const gateway: GatewayInfo | null = decidingLeg?.gateway ?? acGateway ?? pfGateway ?? null;
  const blocked =
    blockedLeg === 'preflight' ? pfView : blockedLeg === 'actual' && acView && acView.sent && acView.status > 0 ? acView : null;

  const requestHeaderList = actual?.request.headers ?? [];
  let fixCtx: FixContext | null = null;
  // Built on first use: exchanges without findings never need it.
  const getFix = () =>
    (fixCtx ??= makeFixContext({
      origin,
      method: method === 'OPTIONS' ? 'GET' : method,
      headers: requestHeaderNames,
      credentialed: credentials.value,
      gateway: gateway?.kind ?? null,
      url,
    }));

  const ctx: RuleContext = {
    id: pair.id,
    url,
    method,
    origin,
    targetOrigin,
    crossOrigin: cross,
    verdict,
    blockedLeg,
    pairing: pair.basis,
    preflight: pfView,
    actual: acView,
    blocked,
    actualSent,
    needsPreflight: pfNeeded,
    requestHeaderNames,
    credentials,
    preflightCheck: checks.pf,
    actualCheck: checks.ac,
    gateway,
    capture,
    get fix() {
      return getFix();
    },
  };
  const ranked = runRules(ctx, rules, problems);
  const findings = ranked.map((r) => r.finding);

  // Hidden status: observed when the refused leg has a real status; else what the primary cause infers.
  let hiddenStatus: HiddenStatus | null = null;
  if (verdict === 'cors-blocked' && blocked && blocked.status > 0 && !(blocked.leg === 'preflight' && okStatus(blocked.status))) {
    hiddenStatus = {
      status: blocked.status,
      leg: blocked.leg,
      basis: 'observed',
      confidence: 'certain',
      note:
        blocked.leg === 'actual'
          ? `The capture holds the real ${blocked.status} of the ${method} response; the page's script saw only a network error.`
          : `The preflight (OPTIONS) was answered ${blocked.status}; the ${method} itself was never sent.`,
    };
  } else if (verdict === 'cors-blocked') {
    const inferred = ranked.find((r) => r.report.inferredStatus)?.report.inferredStatus;
    if (inferred) hiddenStatus = { ...inferred, basis: 'inferred' };
  }

  for (const f of findings) {
    f.hiddenStatus = hiddenStatus && (f.leg === null || f.leg === hiddenStatus.leg) ? hiddenStatus : null;
  }

  let reveal: Reveal | null = null;
  if (verdict === 'cors-blocked' && (!actualSent || !actual)) {
    reveal = {
      note: actual
        ? `The browser never sent the ${method}: its real answer is unknown. A request from outside the browser shows it (add your real credentials in place of the placeholders).`
        : `Only the preflight was recorded. A request from outside the browser shows what the ${method} would get.`,
      commands: [probeCommand(getFix(), requestHeaderList), curlPreflight(getFix()), curlActual(getFix(), requestHeaderList)],
    };
  }

  const top = ranked[0];
  let headline = summaryOnly.headline;
  if (verdict === 'ok') {
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    headline = warnings ? `OK — ${warnings} warning${warnings > 1 ? 's' : ''}` : 'OK';
  } else headline = headlineOf(top, headline);

  const result: ExchangeResult = {
    ...summaryOnly,
    credentials: { value: credentials.value, basis: credentials.basis, confidence: credentials.confidence },
    hiddenStatus,
    gateway: gateway?.kind ?? null,
    findings,
    headline,
    checks: [...(checks.pf?.checks ?? []), ...(checks.ac?.checks ?? [])],
    reveal,
    gatewayEvidence: gateway?.evidence ?? [],
  };
  return { result };
}

function buildCaptureIndex(pairs: readonly RequestPair[]): CaptureIndex {
  const capture = new CaptureIndex();
  // Pairs arrive sorted by start time, so each series is appended in order.
  for (const p of pairs) {
    const lead = p.actual ?? p.preflight;
    if (!lead) continue;
    const target = originOf(lead.request.url);
    if (!target) continue;
    const status = p.actual && p.actual.response.status > 0 ? p.actual.response.status : (p.preflight?.response.status ?? 0);
    capture.addRequest(target, lead.startedMs, status);
    if (p.preflight) capture.addPreflight(p.preflight.pageOrigin, p.preflight.request.url, p.preflight.startedMs);
  }
  return capture;
}

/**
 * The panel re-runs analysis on thousands of exchanges each time traffic arrives. A pair's result
 * depends only on its two Exchange objects and on the capture facts pattern rules read (burst size,
 * nearby 429s, the previous preflight for the URL): when none of these changed, the previous
 * result is reused. Results are shared between analyses: treat them as read-only.
 */
const memo = new WeakMap<Exchange, { preflight: Exchange | null; sig: string; result: ExchangeResult }>();

function captureSignature(pair: RequestPair, capture: CaptureIndex): string {
  const lead = (pair.actual ?? pair.preflight)!;
  const target = originOf(lead.request.url) ?? '';
  const t = lead.startedMs;
  return `${pair.id}|${pair.basis}|${capture.countRequests(target, t - 1000, t)}|${capture.count429(target, t - 2000, t + 2000)}|${capture.lastPreflight(lead.pageOrigin, lead.request.url, t) ?? ''}`;
}

export function analyzePairs(pairs: RequestPair[], entryCount: number, notes: string[], rules: readonly Rule[] = RULES): Analysis {
  const exchanges: ExchangeResult[] = [];
  const summary = { entries: entryCount, exchanges: 0, ok: 0, corsBlocked: 0, notCors: 0, sameOrigin: 0 };
  const sorted = [...pairs].sort((a, b) => ((a.actual ?? a.preflight)?.startedMs ?? 0) - ((b.actual ?? b.preflight)?.startedMs ?? 0));
  const capture = buildCaptureIndex(sorted);
  const problems: string[] = [];
  for (const pair of pairs) {
    if (!pair.actual && !pair.preflight) continue;
    let r: ExchangeResult;
    const key = (pair.actual ?? pair.preflight)!;
    const useMemo = rules === RULES;
    const sig = useMemo ? captureSignature(pair, capture) : '';
    const hit = useMemo ? memo.get(key) : undefined;
    try {
      // Pattern rules only speak about blocked exchanges: an ok result does not depend on the capture.
      if (hit && hit.preflight === pair.preflight && (hit.sig === sig || (hit.result.verdict === 'ok' && hit.sig.startsWith(`${pair.id}|${pair.basis}|`))))
        r = hit.result;
      else {
        const before = problems.length;
        r = analyzePair(pair, capture, rules, problems).result;
        if (useMemo && problems.length === before) memo.set(key, { preflight: pair.preflight, sig, result: r });
      }
    } catch (err) {
      problems.push(`Exchange ${pair.id} could not be analysed: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    exchanges.push(r);
    summary.exchanges++;
    if (!r.crossOrigin) summary.sameOrigin++;
    if (r.verdict === 'ok') summary.ok++;
    else if (r.verdict === 'cors-blocked') summary.corsBlocked++;
    else summary.notCors++;
  }
  return {
    schema: ANALYSIS_SCHEMA,
    version: ANALYSIS_SCHEMA_VERSION,
    generator: GENERATOR,
    summary,
    exchanges,
    notes: problems.length ? [...notes, ...problems] : notes,
  };
}

export function analyzeExchanges(exchanges: Exchange[], entryCount: number, notes: string[] = []): Analysis {
  return analyzePairs(pairExchanges(exchanges), entryCount, notes);
}

/** HAR 1.2 entries in (any producer, untrusted), analysis out. Never throws on bad entries. */
export function analyze(entries: readonly unknown[]): Analysis {
  const list = Array.isArray(entries) ? entries : [];
  const { exchanges, notes } = normaliseEntries(list);
  return analyzeExchanges(exchanges, list.length, notes);
}
