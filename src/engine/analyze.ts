/**
 * analyze(entries) → Analysis: the one pure entry point behind the panel, the exports and the CLI.
 *
 * Pipeline: normalise (model) → pair (model) → per pair: verdict, legs, Fetch checks, gateway,
 * credentials, rules (src/rules) → ranked findings, hidden status, headline.
 */
import { PREFLIGHT_REDIRECT_ERROR } from './net-errors';
import { needsPreflight, unsafeRequestHeaderNames } from '../model/fetch-spec';
import { normaliseEntries } from '../model/normalise';
import { isCrossOrigin, pairExchanges } from '../model/pair';
import type { Exchange, RequestPair } from '../model/types';
import { probeAnswerText } from './rule-kit';
import { CaptureIndex, CaptureRecorder, type CaptureRead } from './capture-index';
import { statusSignal, type StatusSignal } from './signals';
import { legFacts, type Credentials, type LegFacts, type RuleContext } from './context';
import { corsCheck, preflightCheck, type CorsCheckOutcome, type PreflightOutcome } from './cors-check';
import { rebuiltChromiumMessage } from './console-message';
import { inFirefoxWords } from './firefox-console';
import { makeFixContext, type FixContext } from './fixes/context';
import { probeCommands, writtenCommands } from './fixes/probe';
import { fingerprint, type GatewayInfo } from './gateway';
import { HeaderIndex, splitList } from './headers';
import type { FixRequest, Rule, RuleReport } from './rule';
import { fixesFor } from './fixes/index';
import { headlineOf, rulesByVerdict, runRules, type RankedFinding, type RulesByVerdict } from './run';
import {
  ANALYSIS_SCHEMA,
  ANALYSIS_SCHEMA_VERSION,
  type Analysis,
  type GatewayLayerSummary,
  type CheckResult,
  type ExchangeResult,
  type Finding,
  type FixSnippet,
  type HiddenStatus,
  type Leg,
  type LegSummary,
  type Reveal,
  type ConsoleMessage,
  type Verdict,
} from './schema';

export const GENERATOR = 'CORS X-Ray 0.1.0';

/** Chromium's generic failure for a response the CORS check rejected (and for a few other causes). */
export const CORS_ERROR = 'net::ERR_FAILED';

function legSummary(ex: Exchange, sent: boolean): LegSummary {
  const s: LegSummary = {
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
  // Only a probe's record carries it (cors-xray probe --send-actual).
  if (ex.probeAnswer) s.probeAnswer = ex.probeAnswer;
  return s;
}

/** Chromium records a request whose preflight failed with status 0 and an error: it never left. */
export function neverSent(ex: Exchange): boolean {
  return ex.response.status === 0 && ex.error !== null;
}

const okStatus = (s: number) => s >= 200 && s < 300;

/**
 * Firefox (153 ESR, measured: docs/internals.md) records a response it refused for CORS with its
 * real status and headers and no error of any kind, where Chromium writes `_error`. So for an entry
 * from a producer without Chromium's markers (no `_initiator`), a CORS-mode request
 * (`Sec-Fetch-Mode: cors`) whose recorded response fails the CORS check was blocked: the browser
 * ran that same check on those same headers. Chromium entries keep relying on their `_error`.
 */
function blockedWithoutMarker(actual: Exchange): boolean {
  if (actual.error !== null || actual.initiator !== null || actual.response.status === 0) return false;
  const mode = actual.request.headers.find((h) => h.name.toLowerCase() === 'sec-fetch-mode');
  return mode !== undefined && mode.value.trim().toLowerCase() === 'cors';
}

function classify(pair: RequestPair, cross: boolean, preflightNeeded: boolean): { verdict: Verdict; blockedLeg: Leg | null } {
  const { actual, preflight } = pair;
  const pfFailed = !!preflight && (!okStatus(preflight.response.status) || (preflight.error !== null && preflight.error !== CORS_ERROR));
  if (preflight?.error && preflight.error !== CORS_ERROR && preflight.error !== PREFLIGHT_REDIRECT_ERROR && preflight.response.status === 0)
    return { verdict: 'not-cors', blockedLeg: null };
  if (actual) {
    if (actual.error && actual.error !== CORS_ERROR) return { verdict: 'not-cors', blockedLeg: null };
    if (actual.error === CORS_ERROR) {
      if (!cross) return { verdict: 'not-cors', blockedLeg: null };
      if (actual.response.status === 0) return { verdict: 'cors-blocked', blockedLeg: preflight || preflightNeeded ? 'preflight' : 'actual' };
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

const CREDENTIALED_BY_COOKIE: Credentials = Object.freeze({
  value: true,
  basis: 'inferred',
  confidence: 'high',
  reason: 'the request carried a Cookie header, which a cross-origin request only does in credentials mode "include"',
});
const NOT_CREDENTIALED: Credentials = Object.freeze({
  value: false,
  basis: 'inferred',
  confidence: 'low',
  reason: 'no Cookie header was recorded; the credentials mode itself is not in the capture',
});
const CREDENTIALED_BY_BLOCK: Credentials = Object.freeze({
  value: true,
  basis: 'inferred',
  confidence: 'medium',
  reason: 'the recorded headers pass for a request without credentials, yet the browser blocked it: only a credentialed request fails them',
});

function credentialsSummary(c: Credentials): ExchangeResult['credentials'] {
  return { value: c.value, basis: c.basis, confidence: c.confidence };
}

function inferCredentials(actual: Exchange | null): Credentials {
  return actual && actual.request.known.cookie !== null ? CREDENTIALED_BY_COOKIE : NOT_CREDENTIALED;
}

/**
 * The RuleContext of one pair. A class rather than an object literal with getters: one shape for
 * every pair. Leg views, the second leg's gateway fingerprint and the fix context are built on
 * first use: most exchanges pass, and no rule that reports on a passing exchange reads them.
 */
class PairContext implements RuleContext {
  private pfGw: GatewayInfo | null | undefined = undefined;
  private acGw: GatewayInfo | null | undefined = undefined;
  private pfView: LegFacts | null | undefined = undefined;
  private acView: LegFacts | null | undefined = undefined;
  private gw: GatewayInfo | null | undefined = undefined;
  private signal: StatusSignal | null | undefined = undefined;
  private recorder: CaptureRecorder | null = null;
  constructor(
    readonly id: string,
    readonly url: string,
    readonly method: string,
    readonly origin: string | null,
    readonly targetOrigin: string,
    readonly crossOrigin: boolean,
    readonly verdict: Verdict,
    readonly blockedLeg: Leg | null,
    readonly pairing: RequestPair['basis'],
    private readonly pfEx: Exchange | null,
    private readonly acEx: Exchange | null,
    private readonly pfHeaders: HeaderIndex | null,
    private readonly acHeaders: HeaderIndex | null,
    readonly actualSent: boolean,
    private pfNeeded: boolean | undefined,
    readonly requestHeaderNames: string[],
    readonly credentials: Credentials,
    readonly preflightCheck: PreflightOutcome | null,
    readonly actualCheck: CorsCheckOutcome | null,
    private readonly captureOf: () => CaptureIndex,
    /** Where the capture queries this pair's rules make are noted, with their answers. */
    private readonly reads: CaptureRead[],
  ) {}
  /** The index is built for the whole analysis when a pattern rule first asks (only blocked exchanges do). */
  get capture(): CaptureRecorder {
    return (this.recorder ??= new CaptureRecorder(this.captureOf(), this.reads));
  }
  private preflightGateway(): GatewayInfo | null {
    if (this.pfGw === undefined)
      this.pfGw = this.pfEx && this.pfHeaders ? fingerprint('preflight', this.pfHeaders, this.targetOrigin || this.url, this.pfEx.response.status) : null;
    return this.pfGw;
  }
  private actualGateway(): GatewayInfo | null {
    if (this.acGw === undefined)
      this.acGw =
        this.acEx && this.acHeaders && this.actualSent ? fingerprint('actual', this.acHeaders, this.targetOrigin || this.url, this.acEx.response.status) : null;
    return this.acGw;
  }
  get preflight(): LegFacts | null {
    if (this.pfView === undefined) this.pfView = this.pfEx ? legFacts('preflight', this.pfEx, true, this.preflightGateway(), this.pfHeaders!) : null;
    return this.pfView;
  }
  get actual(): LegFacts | null {
    if (this.acView === undefined) this.acView = this.acEx ? legFacts('actual', this.acEx, this.actualSent, this.actualGateway(), this.acHeaders!) : null;
    return this.acView;
  }
  /** The leg whose response the browser refused (a sent leg with a response), if any. */
  get blocked(): LegFacts | null {
    if (this.blockedLeg === 'preflight') return this.preflight;
    if (this.blockedLeg === 'actual' && this.acEx && this.actualSent && this.acEx.response.status > 0) return this.actual;
    return null;
  }
  /** The refused leg's status signal (signals.ts): most status rules ask, so it is worked out once. */
  get blockedSignal(): StatusSignal | null {
    if (this.signal === undefined) {
      const blocked = this.verdict === 'cors-blocked' ? this.blocked : null;
      this.signal = blocked ? statusSignal(blocked, this) : null;
    }
    return this.signal;
  }
  /** Who answered the deciding leg (the refused one; else the actual request when sent), else the other leg. */
  get gateway(): GatewayInfo | null {
    if (this.gw === undefined) {
      const deciding: Leg = this.blockedLeg ?? (this.acEx && this.actualSent ? 'actual' : 'preflight');
      this.gw = deciding === 'preflight' ? (this.preflightGateway() ?? this.actualGateway()) : (this.actualGateway() ?? this.preflightGateway());
    }
    return this.gw;
  }
  /** Whether the request needed a preflight (Fetch's rules), computed only when read. */
  get needsPreflight(): boolean {
    return (this.pfNeeded ??= this.acEx ? needsPreflight(this.acEx.request.method, this.acEx.request.headers) : true);
  }
  /** What the exchange's fix snippets and probe commands are written from: values only, no exchange. */
  fixInput(): FixInput {
    return {
      origin: this.origin,
      method: this.method === 'OPTIONS' ? 'GET' : this.method,
      headers: this.requestHeaderNames,
      credentialed: this.credentials.value,
      gateway: this.gateway?.kind ?? null,
      ...(this.gateway?.layers ? { layers: this.gateway.layers.map((l) => l.kind) } : {}),
      url: this.url,
      requestHeaders: this.acEx?.request.headers ?? [],
    };
  }
}

type FixInput = Parameters<typeof makeFixContext>[0];

/*
 * Speed device: a blocked exchange's fix snippets (its primary finding's) and reveal commands are
 * written when first read -- by the panel's detail of that exchange, a report, an export, the CLI
 * -- not by the analysis, from a copy of the values they need (fixInput), never from the pair's
 * context, which would keep the capture alive as long as the result. Each is an own enumerable
 * accessor, defined in its place as the object is built, with a getter and setter shared by every
 * object of its kind and its state in private fields: JSON, spreads and Object.keys see the object
 * like any other, and V8 keeps one shape for them all. (A data property redefined on each object
 * made a dictionary of it, with two closures of its own: 1.0 KB more retained per result, and
 * no difference in speed beyond the noise: 1.09x, 1.02x, 1.03x in three runs.) Measured on
 * bench/analyze.bench.ts's "pairing + analysis", engines alternating in one process (13-21 runs
 * each, load 1.5-2.0, 2026-12-06): against this device, both written at once 1.48x, nothing
 * written at all 0.97x. The CLI and the exports read every primary finding's fixes: they write as
 * many as before.
 */

/** What an exchange's fixes and reveal commands are written from, and its fix context once made. */
class FixSource {
  private made: FixContext | null = null;
  constructor(private readonly input: FixInput) {}
  context(): FixContext {
    return (this.made ??= makeFixContext(this.input));
  }
}

/** A report's fixes, written now: the topics' snippets (engine/fixes) after the fixed ones. */
function writeFixes(fixes: FixRequest, source: FixSource): FixSnippet[] {
  const written = fixesFor(source.context(), fixes.topics, fixes.leg);
  return fixes.before ? [...fixes.before, ...written] : written;
}

/** The primary finding, its fixes written when first read (and kept); assigning them replaces them. */
class PrimaryFinding {
  #request: FixRequest;
  #source: FixSource;
  #fixes: FixSnippet[] | null = null;
  constructor(f: Finding, request: FixRequest, source: FixSource) {
    this.#request = request;
    this.#source = source;
    // The finding's properties in its order (schema.ts), fixes in their place.
    const { rule, title, severity, confidence, basis, leg, message, evidence, docs, data, hiddenStatus = null } = f;
    Object.assign(this, { rule, title, severity, confidence, basis, leg, message, evidence });
    Object.defineProperty(this, 'fixes', PrimaryFinding.fixes);
    Object.assign(this, { docs, data, hiddenStatus });
  }
  private static readonly fixes: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: PrimaryFinding) {
      return (this.#fixes ??= writeFixes(this.#request, this.#source));
    },
    set(this: PrimaryFinding, v: FixSnippet[]) {
      this.#fixes = v;
    },
  };
}

/** The primary finding with its fixes: as reported, or written when first read. */
function withFixes(f: Finding, fixes: RuleReport['fixes'], source: FixSource): Finding {
  if (!Array.isArray(fixes)) return new PrimaryFinding(f, fixes, source) as unknown as Finding;
  f.fixes = fixes;
  return f;
}

/** A reveal, its commands written when first read (and kept); assigning them replaces them. */
class RevealOnRead {
  #source: FixSource;
  #commands: string[] | null = null;
  constructor(note: string, source: FixSource) {
    this.#source = source;
    (this as unknown as Reveal).note = note;
    Object.defineProperty(this, 'commands', RevealOnRead.commands);
  }
  private static readonly commands: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: RevealOnRead) {
      return (this.#commands ??= revealCommands(this.#source.context()));
    },
    set(this: RevealOnRead, v: string[]) {
      this.#commands = v;
    },
  };
}

/** Header names the request needed allowed (lower-case, unique, sorted): what the preflight asked for, else what the request carries. */
function requestHeadersNeeded(actual: Exchange | null, preflight: Exchange | null): string[] {
  const acrh = preflight ? preflight.request.known.requestHeaders : null;
  if (acrh !== null) {
    // Lower-cased whole: a comma or a space has no case, so the items are the same.
    const names = splitList(acrh.toLowerCase()).sort();
    return names.filter((n, i) => i === 0 || n !== names[i - 1]);
  }
  if (!actual || !needsPreflight('GET', actual.request.headers)) return [];
  return unsafeRequestHeaderNames(actual.request.headers);
}

/** The preflight's checks, when one was recorded, appended to `checks`. */
function checkPreflight(
  preflight: Exchange | null,
  pfHeaders: HeaderIndex | null,
  origin: string | null,
  cred: boolean,
  method: string,
  requestHeaderNames: string[],
  checks: CheckResult[],
): PreflightOutcome | null {
  return preflight && pfHeaders
    ? preflightCheck({ status: preflight.response.status, headers: pfHeaders, origin, credentialed: cred, method, requestHeaders: requestHeaderNames, checks })
    : null;
}

/** The actual response's CORS check, when the request was sent and answered, appended to `checks`. */
function checkActual(
  actual: Exchange | null,
  acHeaders: HeaderIndex | null,
  actualSent: boolean,
  origin: string | null,
  cred: boolean,
  checks: CheckResult[],
): CorsCheckOutcome | null {
  return actual && acHeaders && actualSent && actual.response.status > 0 ? corsCheck('actual', acHeaders, origin, cred, checks) : null;
}

/**
 * The line Chromium printed for a blocked exchange, rebuilt from the refused leg's first failed
 * check (console-message.ts); null when no check of that leg failed (nothing to rebuild from).
 */
function consoleMessageOf(
  blockedLeg: Leg | null,
  pf: PreflightOutcome | null,
  ac: CorsCheckOutcome | null,
  url: string,
  origin: string | null,
  actual: Exchange | null,
  credentials: Credentials,
): ConsoleMessage | null {
  if (origin === null) return null;
  const kind = actual ? actual.resourceKind : 'other';
  // Credentials inferred from the block itself: the failed check (and so the message) is an inference too.
  const sure = credentials !== CREDENTIALED_BY_BLOCK;
  if (blockedLeg === 'preflight' && pf) {
    if (pf.corsError) return rebuiltChromiumMessage({ corsError: pf.corsError, failedParameter: pf.failedParameter, url, origin, kind }, sure);
    // Authorization allowed only by "*": Chromium lets it through today; a block means it enforced the rule.
    if (pf.failure === 'authorization-not-covered-by-wildcard')
      return rebuiltChromiumMessage({ corsError: 'HeaderDisallowedByPreflightResponse', failedParameter: 'authorization', url, origin, kind }, false);
    return null;
  }
  if (blockedLeg === 'actual' && ac?.corsError)
    return rebuiltChromiumMessage({ corsError: ac.corsError, failedParameter: ac.failedParameter, url, origin, kind }, sure);
  return null;
}

function headlineFor(verdict: Verdict): string {
  return verdict === 'ok' ? 'OK' : verdict === 'not-cors' ? 'Network error (not CORS)' : 'Blocked by CORS';
}

/**
 * Pairing already knows whether the request needed a preflight (its basis says so) unless it found
 * one; with a preflight recorded, classify does not need to know (undefined), and rules compute it
 * if they ask.
 */
function preflightNeeded(pair: RequestPair, cross: boolean): boolean | undefined {
  const { actual, preflight } = pair;
  if (!actual || pair.basis === 'no-preflight-recorded') return true;
  if (pair.basis === 'no-preflight-needed' && cross) return false;
  if (preflight) return undefined;
  return needsPreflight(actual.request.method, actual.request.headers);
}

function observedStatus(status: number, leg: Leg, method: string): HiddenStatus {
  return {
    status,
    leg,
    basis: 'observed',
    confidence: 'certain',
    note:
      leg === 'actual'
        ? `The capture holds the real ${status} of the ${method} response; the page's script saw only a network error.`
        : `The preflight (OPTIONS) was answered ${status}; the ${method} itself was never sent.`,
  };
}

/** What a reveal suggests running: the CLI probe, then the preflight and the request by curl. */
function revealCommands(fix: FixContext): string[] {
  const c = probeCommands(fix);
  return writtenCommands([c.probe, c.preflight, c.actual]);
}

function revealNote(method: string, recorded: boolean): string {
  return recorded
    ? `The browser never sent the ${method}: its real answer is unknown. A request from outside the browser shows it (add your real credentials in place of the placeholders).`
    : `Only the preflight was recorded. A request from outside the browser shows what the ${method} would get.`;
}

function analyzePair(pair: RequestPair, capture: () => CaptureIndex, reads: CaptureRead[], rules: RulesByVerdict, problems: string[]): ExchangeResult {
  const { actual, preflight } = pair;
  const lead = (actual ?? preflight)!;
  const crossRaw = isCrossOrigin(lead) ?? (preflight ? isCrossOrigin(preflight) : null);
  const cross = crossRaw !== false;
  const origin = actual?.originHeader ?? preflight?.originHeader ?? lead.pageOrigin ?? preflight?.pageOrigin ?? null;
  const method = actual ? actual.request.method : (lead.request.known.requestMethod ?? 'OPTIONS').trim().toUpperCase() || 'OPTIONS';
  const pfNeeded = preflightNeeded(pair, cross);
  let { verdict, blockedLeg } = classify(pair, cross, pfNeeded ?? true);
  const actualSent = !!actual && !neverSent(actual);
  const url = lead.request.url;
  const targetOrigin = lead.targetOrigin ?? '';
  const preflightSummary = preflight ? legSummary(preflight, true) : null;
  const actualSummary = actual ? legSummary(actual, actualSent) : null;
  if (!cross && verdict === 'ok') {
    return {
      id: pair.id,
      url,
      method,
      origin,
      targetOrigin,
      crossOrigin: cross,
      preflight: preflightSummary,
      actual: actualSummary,
      verdict,
      blockedLeg,
      pairing: pair.basis,
      credentials: { value: false, basis: 'inferred', confidence: 'low' },
      hiddenStatus: null,
      gateway: null,
      findings: [],
      headline: 'Same-origin',
    };
  }

  // Response headers indexed once per leg; leg views and fingerprints are built on demand.
  const pfHeaders = preflight ? new HeaderIndex(preflight.response.headers, preflight.response.known) : null;
  const acHeaders = actual ? new HeaderIndex(actual.response.headers, actual.response.known) : null;

  // Headers the request needed allowed: what the preflight asked for, else what the request carries.
  const requestHeaderNames = requestHeadersNeeded(actual, preflight);

  // Fetch checks, then credentials: a block that only a credentialed request could fail tells us the mode.
  let credentials = inferCredentials(actual);
  let checks: CheckResult[] = [];
  let pfCheck = checkPreflight(preflight, pfHeaders, origin, credentials.value, method, requestHeaderNames, checks);
  let acCheck = checkActual(actual, acHeaders, actualSent, origin, credentials.value, checks);
  if (verdict === 'ok' && acCheck?.ok === false && blockedWithoutMarker(actual!)) {
    verdict = 'cors-blocked';
    blockedLeg = 'actual';
  }
  if (verdict === 'cors-blocked' && !credentials.value) {
    const unexplained = (blockedLeg === 'actual' && acCheck?.ok === true) || (blockedLeg === 'preflight' && pfCheck?.ok === true);
    if (unexplained) {
      const altChecks: CheckResult[] = [];
      const altPf = checkPreflight(preflight, pfHeaders, origin, true, method, requestHeaderNames, altChecks);
      const altAc = checkActual(actual, acHeaders, actualSent, origin, true, altChecks);
      const altFails = blockedLeg === 'actual' ? altAc?.ok === false : altPf?.ok === false;
      if (altFails) {
        pfCheck = altPf;
        acCheck = altAc;
        checks = altChecks;
        credentials = CREDENTIALED_BY_BLOCK;
      }
    }
  }

  const ctx = new PairContext(
    pair.id,
    url,
    method,
    origin,
    targetOrigin,
    cross,
    verdict,
    blockedLeg,
    pair.basis,
    preflight,
    actual,
    pfHeaders,
    acHeaders,
    actualSent,
    pfNeeded,
    requestHeaderNames,
    credentials,
    pfCheck,
    acCheck,
    capture,
    reads,
  );
  const ranked = runRules(ctx, rules, problems);
  const findings: Finding[] = ranked.map((r) => r.finding);

  // Hidden status: observed when the refused leg has a real status; else what the primary cause infers.
  let hiddenStatus: HiddenStatus | null = null;
  const blocked = verdict === 'cors-blocked' ? ctx.blocked : null;
  if (verdict === 'cors-blocked' && blocked && blocked.status > 0 && !(blocked.leg === 'preflight' && okStatus(blocked.status))) {
    hiddenStatus = observedStatus(blocked.status, blocked.leg, method);
    // After probe --send-actual the request's real answer is known: the note says it (probe only, not cached).
    const probed = blocked.leg === 'preflight' ? actual?.probeAnswer : undefined;
    if (probed) {
      hiddenStatus = {
        ...hiddenStatus,
        note: `The preflight (OPTIONS) was answered ${blocked.status}, so a browser would not send the ${method}; the probe sent it anyway (--send-actual) and got ${probeAnswerText(probed)}.`,
      };
    }
  } else if (verdict === 'cors-blocked') {
    let inferred: RankedFinding['report']['inferredStatus'];
    for (const r of ranked) if ((inferred = r.report.inferredStatus)) break;
    if (inferred) hiddenStatus = { ...inferred, basis: 'inferred' };
  }

  // Only the primary finding's fixes are shown (panel, report card, exports): secondary findings
  // carry none. The primary finding is made again with its fixes in their place (PrimaryFinding).
  const revealed = verdict === 'cors-blocked' && (!actualSent || !actual) && !actual?.probeAnswer;
  const fix = ranked.length || revealed ? new FixSource(ctx.fixInput()) : null;
  if (ranked.length) findings[0] = withFixes(findings[0]!, ranked[0]!.report.fixes, fix!);
  for (const f of findings) f.hiddenStatus = hiddenStatus && (f.leg === null || f.leg === hiddenStatus.leg) ? hiddenStatus : null;

  // Nothing to reveal when the probe already sent the request and shows its answer.
  const reveal: Reveal | null = revealed ? (new RevealOnRead(revealNote(method, !!actual), fix!) as unknown as Reveal) : null;

  let headline: string;
  if (verdict === 'ok') {
    let warnings = 0;
    for (const f of findings) if (f.severity === 'warning') warnings++;
    headline = warnings ? `OK — ${warnings} warning${warnings > 1 ? 's' : ''}` : 'OK';
  } else headline = headlineOf(ranked[0], headlineFor(verdict));

  const gateway = ctx.gateway;
  return {
    id: pair.id,
    url,
    method,
    origin,
    targetOrigin,
    crossOrigin: cross,
    preflight: preflightSummary,
    actual: actualSummary,
    verdict,
    blockedLeg,
    pairing: pair.basis,
    credentials: credentialsSummary(credentials),
    hiddenStatus,
    gateway: gateway?.kind ?? null,
    findings,
    headline,
    checks,
    console: verdict === 'cors-blocked' ? consoleMessageOf(blockedLeg, pfCheck, acCheck, url, origin, actual, credentials) : null,
    reveal,
    gatewayEvidence: gateway?.evidence ?? [],
    gatewayBasis: gateway ? { basis: gateway.basis, confidence: gateway.confidence } : null,
    gatewayLayers: gateway?.layers ? layersOf(gateway) : null,
  };
}

function layersOf(g: GatewayInfo): GatewayLayerSummary[] {
  const layers = g.layers!;
  return layers.map((l, i) => ({ kind: l.kind, answered: i === layers.length - 1, basis: l.basis, confidence: l.confidence, evidence: l.evidence }));
}

function buildCaptureIndex(pairs: readonly RequestPair[]): CaptureIndex {
  const capture = new CaptureIndex();
  // Pairs arrive sorted by start time, so each series is appended in order.
  for (let k = 0; k < pairs.length; k++) capture.pair(pairs[k]!, 1);
  return capture;
}

/**
 * The panel re-runs analysis on thousands of exchanges each time traffic arrives. A pair's result
 * depends only on its two Exchange objects, the rules, and on the capture facts its rules read
 * (burst size, nearby 429s, the previous preflight for the URL): while these hold, the previous
 * result is reused. Results are shared between analyses: treat them as read-only.
 */
interface Reused {
  preflight: Exchange | null;
  /** The capture queries the analysis made and their answers (CaptureRecorder); most make none. */
  reads: readonly CaptureRead[];
  result: ExchangeResult;
}

/**
 * Per exchange (the pair's actual request, else its preflight): its last result, for a caller that
 * analyses the same capture again as it changes, with one rule list (live.ts: the panel). A
 * one-shot analysis (the CLI, a HAR opened in the panel) keeps none: it would never read them.
 * Measured (bench/analyze.bench.ts, "panel tick at the 5,000 cap", same process, load 9): median
 * 60 ms with reuse, 385 ms without (min 23 vs 343 ms), 6x.
 */
export type ReusableResults = WeakMap<Exchange, Reused>;

const NO_READS: readonly CaptureRead[] = Object.freeze([]);

/**
 * Analyse paired exchanges, in start order as pairExchanges gives them, with a rule catalogue (the
 * entry points pass src/rules/index.ts). With `reuse`, the result of a pair seen before is reused
 * when nothing it depends on changed: its exchanges, and the answers to the capture queries
 * its analysis made (most make none). Before, it compared a signature of every fact a pattern rule
 * might read, for every result that was not ok; those facts move for every blocked pair within 2 s
 * of new or evicted traffic, so most of them were analysed again on each live update though few
 * had read any. Measured at the 5,000 cap with 130 new entries per update (the panel's batch at
 * 100 req/s; bench/analyze.bench.ts's capture in PanelStore, Node 20, V8's sampling heap profiler,
 * collected objects included): results made per update 212 -> 84 (the new pairs), allocated
 * 4.8 -> 1.9 MB, 136 -> 28 ms (load 7). bench:live, C at 100 req/s, same rounds (--compare, load
 * 7-9): extension heap peak 72.6, 72.9 -> 57.9, 52.0 MB (27.5 MB after GC in all four).
 */
export function analyzePairs(
  pairs: RequestPair[],
  entryCount: number,
  notes: string[],
  rules: readonly Rule[],
  /** The capture index of `pairs`, when the caller keeps one up to date (live.ts). */
  captureIndex?: CaptureIndex,
  /** Earlier results to reuse, and where this analysis leaves its own, when the caller keeps them (live.ts). */
  reuse?: ReusableResults,
): Analysis {
  const exchanges: ExchangeResult[] = [];
  const summary = { entries: entryCount, exchanges: 0, ok: 0, corsBlocked: 0, notCors: 0, sameOrigin: 0 };
  // The capture index is built on first use: most results read nothing of it.
  let index: CaptureIndex | null = captureIndex ?? null;
  const capture = (): CaptureIndex => (index ??= buildCaptureIndex(pairs));
  // What a pair's rules ask of the capture, noted by its context's recorder (one list, emptied for each pair).
  const reads: CaptureRead[] = [];
  const problems: string[] = [];
  const byVerdict = rulesByVerdict(rules);
  // An index, not for...of: the iterator's results were 80 KB of the 300 KB a live update at the
  // 5,000 cap allocated with one new entry (V8's sampling heap profiler in Node).
  for (let k = 0; k < pairs.length; k++) {
    const pair = pairs[k]!;
    const key = pair.actual ?? pair.preflight;
    if (!key) continue;
    let r: ExchangeResult;
    try {
      const hit = reuse?.get(key);
      const same = hit && hit.preflight === pair.preflight && hit.result.id === pair.id && hit.result.pairing === pair.basis;
      if (same && (hit.reads.length === 0 || capture().holds(hit.reads))) r = hit.result;
      else {
        const before = problems.length;
        reads.length = 0;
        r = analyzePair(pair, capture, reads, byVerdict, problems);
        if (reuse && problems.length === before) reuse.set(key, { preflight: pair.preflight, reads: reads.length ? reads.slice() : NO_READS, result: r });
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

export function analyzeExchanges(exchanges: Exchange[], entryCount: number, rules: readonly Rule[], notes: string[] = [], reuse?: ReusableResults): Analysis {
  return analyzePairs(pairExchanges(exchanges), entryCount, notes, rules, undefined, reuse);
}

interface AnalyzeOptions {
  /**
   * The browser that recorded the capture (a HAR's log.creator, see isFirefoxCreator): decides
   * whose console wording `console` carries. Chromium's by default.
   */
  browser?: 'chromium' | 'firefox';
}

/** HAR 1.2 entries in (any producer, untrusted), analysis out. Never throws on bad entries. */
export function analyze(entries: readonly unknown[], rules: readonly Rule[], options: AnalyzeOptions = {}): Analysis {
  const list = Array.isArray(entries) ? entries : [];
  const { exchanges, notes } = normaliseEntries(list);
  const analysis = analyzeExchanges(exchanges, list.length, rules, notes);
  return options.browser === 'firefox' ? inFirefoxWords(analysis) : analysis;
}
