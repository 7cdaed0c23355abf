/**
 * The report view model: derived once from the analysis JSON, rendered by every renderer
 * (Markdown, HTML, the panel's report card, the CLI). Renderers format; they do not decide.
 *
 * Nothing here escapes anything: escaping belongs to each output format.
 */
import type { Analysis, Basis, Confidence, Evidence, ExchangeResult, Finding, FixSnippet, GatewayKind, Leg, LegSummary, Verdict } from '../engine/schema';
import type { Header } from '../model/types';
import { analysisRedactor, type AnalysisRedactor, type FieldRedactor } from './redact';
import { GATEWAY_LABEL } from '../engine/gateway';
import { probeAnswerText } from '../engine/rule-kit';

export const PRODUCT = 'CORS X-Ray';

export interface RenderOptions {
  /** Pair ids to include; default: every cross-origin failure (or every exchange if none failed). */
  ids?: string[];
  /** Mask secrets first. Default true: an export is never unredacted unless asked. */
  redact?: boolean;
  /** Preferred fix stack (e.g. "Terraform"); default: the first (most relevant) fix of the finding. */
  stack?: string;
}

export interface LegView {
  leg: Leg;
  /** "Preflight" | "Request". */
  label: string;
  method: string;
  status: number;
  statusText: string;
  sent: boolean;
  /** Response arrived and looked fine (2xx/3xx, no error) and the browser did not block this leg. */
  ok: boolean;
  /** This is the leg the browser blocked. */
  blocked: boolean;
  error: string | null;
  /** Short outcome text: "403 Forbidden", "never sent", "net::ERR_CONNECTION_REFUSED". */
  outcome: string;
  /** Where it failed, in a few words; null when it did not. */
  failure: string | null;
  /** One token for plain text: "OPTIONS 403 ✗", "PUT (never sent)". */
  line: string;
}

export interface DecisiveHeaderView {
  leg: Leg;
  direction: 'request' | 'response';
  /** Where it was, in every renderer's words: "preflight request", "preflight response", "request", "response". */
  place: string;
  name: string;
  /** null: absent (often the point). */
  value: string | null;
  /** Why it mattered; empty for context headers. */
  why: string;
  /** Named in the primary finding's evidence. */
  highlight: boolean;
}

interface HiddenStatusView {
  status: number;
  leg: Leg;
  basis: Basis;
  confidence: Confidence;
  note: string;
  /** "on the preflight" */
  place: string;
  /** "403 on the preflight (observed, high)" */
  label: string;
}

export interface ReportView {
  id: string;
  verdict: Verdict;
  /** ✗ / ✓ / ! */
  symbol: string;
  /** "CORS error", "Not a CORS problem" or "No CORS problem": the verdict in every renderer's words. */
  kind: string;
  /** One line, e.g. "CORS error on PUT https://… — real cause: Missing OPTIONS route (403)". */
  verdictLine: string;
  headline: string;
  /**
   * The cause after "real cause:" / "Not a CORS problem:": the headline, without the engine's own
   * "Not CORS — " in front for a not-CORS verdict (the verdict already says it).
   */
  cause: string;
  method: string;
  url: string;
  origin: string | null;
  targetOrigin: string;
  gateway: GatewayKind | null;
  gatewayLabel: string | null;
  hidden: HiddenStatusView | null;
  /** Shown when there is no hidden status, to say why. */
  hiddenAbsentReason: string | null;
  legs: LegView[];
  /** Why no preflight is shown: "no preflight needed", "needed a preflight; none recorded"; null when one is. */
  preflightAbsent: string | null;
  /** "OPTIONS 403 ✗ → PUT (never sent)" */
  legsLine: string;
  credentialsLine: string;
  primary: Finding | null;
  others: Finding[];
  explanation: string;
  fix: FixSnippet | null;
  otherFixStacks: string[];
  decisiveHeaders: DecisiveHeaderView[];
  ruleId: string | null;
  docs: string | null;
  confidenceLine: string | null;
  /**
   * "What the console said": the line the browser printed for this exchange, and how it is known
   * ("Chromium's wording, rebuilt from the failed check (inferred, high)"); null when not blocked.
   */
  console: { text: string; note: string } | null;
}

export interface SummaryRow {
  id: string;
  verdict: Verdict;
  symbol: string;
  method: string;
  url: string;
  legsLine: string;
  hidden: string;
  headline: string;
  ruleId: string | null;
}

interface SummaryView extends Omit<SummaryHead, 'exchanges'> {
  rows: SummaryRow[];
  /** One full report per failing exchange, in row order. */
  reports: ReportView[];
}

export function gatewayLabel(g: GatewayKind | null): string | null {
  // The engine's labels read as prose ("the server"); as a field label the generic one is named.
  if (!g) return null;
  return g === 'generic' ? 'Generic server' : (GATEWAY_LABEL[g] ?? g);
}

const LEG_WORD: Record<Leg, string> = { preflight: 'the preflight', actual: 'the request' };

/** Headers shown as context even when no finding names them. */
const CONTEXT_REQUEST = ['origin', 'access-control-request-method', 'access-control-request-headers'];
const CONTEXT_RESPONSE_PREFIX = 'access-control-';
const CONTEXT_RESPONSE = ['x-amzn-errortype', 'cf-mitigated', 'www-authenticate', 'retry-after', 'x-cache'];

const lower = (name: string) => name.toLowerCase();

function isContextRequestHeader(name: string): boolean {
  return CONTEXT_REQUEST.includes(lower(name));
}

function isContextResponseHeader(name: string): boolean {
  const n = lower(name);
  return n.startsWith(CONTEXT_RESPONSE_PREFIX) || CONTEXT_RESPONSE.includes(n);
}

function reportedHeaders(list: readonly Header[], keep: (name: string) => boolean, m: FieldRedactor): Header[] {
  return list.filter((h) => keep(h.name)).map((h) => m.header(h));
}

function reportedLeg(leg: LegSummary | null, m: FieldRedactor): LegSummary | null {
  if (!leg) return null;
  return {
    method: m.text(leg.method),
    // Not shown (the legs are shown by method and outcome).
    url: '',
    status: leg.status,
    statusText: m.text(leg.statusText),
    error: leg.error === null ? null : m.text(leg.error),
    sent: leg.sent,
    requestHeaders: reportedHeaders(leg.requestHeaders, isContextRequestHeader, m),
    responseHeaders: reportedHeaders(leg.responseHeaders, isContextResponseHeader, m),
    body: null,
    startedMs: leg.startedMs,
    durationMs: leg.durationMs,
    ...(leg.probeAnswer
      ? {
          probeAnswer: {
            ...leg.probeAnswer,
            statusText: m.text(leg.probeAnswer.statusText),
            error: leg.probeAnswer.error === null ? null : m.text(leg.probeAnswer.error),
          },
        }
      : null),
  };
}

/**
 * A finding as the view reads it. The primary one: everything, but of its fixes only the one picked
 * for `stack` with its code. A secondary one is shown by title, rule, severity and confidence only.
 */
function reportedFinding(f: Finding, primary: boolean, stack: string | undefined, m: FieldRedactor): Finding {
  // The list is read once: the picked fix is found by identity in the same list.
  const all = primary ? f.fixes : [];
  const fix = pickedFix(all, stack);
  return {
    rule: f.rule,
    title: m.text(f.title),
    severity: f.severity,
    confidence: f.confidence,
    basis: f.basis,
    leg: f.leg,
    message: primary ? m.text(f.message) : '',
    evidence: primary ? f.evidence.map((e) => m.evidence(e)) : [],
    fixes: all.map((x) => (x === fix ? m.fix(x) : { stack: x.stack, lang: x.lang, title: '', code: '' })),
    docs: f.docs,
  };
}

/**
 * The part of an exchange the report view (buildReportView, buildSummaryView) reads, and nothing
 * else: no Fetch checks, gateway evidence, leg bodies or URLs, headers it never shows, finding
 * data; secondary findings without message, evidence or fixes; of the primary finding's fixes
 * only the one picked for `stack` keeps its title and code (the others are shown by stack name).
 * Rendering it gives the same report as the whole exchange (tested); the CLI redacts only this
 * part, which is far less to copy and sweep. Fields are read explicitly, never copied by spread
 * (a value computed on read is kept). Keep in step with buildReportView, decisiveHeaders and legView.
 *
 * Every string of the part goes through `r`'s FieldRedactor, against the secrets of the whole
 * capture: the same as redacting the part afterwards, built in one pass, each kept string swept once.
 *
 * It pays (measured against redacting each whole exchange, r.exchange, outputs byte-identical):
 * bench/cli-analyze.bench.ts lines "--format markdown (redacted)" 7.28 -> 5.48 s (-25%) and
 * "--format html (redacted)" 9.09 -> 5.42 s (-40%), medians of 3 alternating runs on its 100 MB
 * HAR (load 3.6-4.1; the output step 4.18 -> 2.46 s and 5.48 -> 2.46 s). The default text line
 * gains only ~3% (render step of the 19.5 MB HAR, same process); text --all 30%.
 */
export function redactedReportedPart(ex: ExchangeResult, r: AnalysisRedactor, stack?: string): ExchangeResult {
  const m = r.fields;
  const findings = ex.findings.map((f, i) => reportedFinding(f, i === 0, stack, m));
  const out: ExchangeResult = {
    id: ex.id,
    url: m.url(ex.url),
    method: m.text(ex.method),
    origin: ex.origin === null ? null : m.text(ex.origin),
    targetOrigin: m.text(ex.targetOrigin),
    crossOrigin: ex.crossOrigin,
    preflight: reportedLeg(ex.preflight, m),
    actual: reportedLeg(ex.actual, m),
    verdict: ex.verdict,
    blockedLeg: ex.blockedLeg,
    pairing: ex.pairing,
    // Vocabulary and a boolean: nothing to copy.
    credentials: ex.credentials,
    hiddenStatus: ex.hiddenStatus && m.hidden(ex.hiddenStatus),
    gateway: ex.gateway,
    findings,
    headline: m.text(ex.headline),
  };
  const console = ex.console;
  if (console !== undefined) out.console = console && { ...console, text: m.text(console.text) };
  const reveal = ex.reveal;
  if (reveal !== undefined) out.reveal = reveal && m.reveal(reveal);
  return out;
}

/** Apply options: select, then redact (default) — redaction is the costly step, so it sees only what is kept. Pure. */
export function prepare(analysis: Analysis, opts: RenderOptions = {}): Analysis {
  const kept = opts.ids ? selectExchanges(analysis, opts.ids) : analysis;
  if (opts.redact === false) return kept;
  // Only the kept exchanges are redacted, but against the secrets of every exchange of the capture.
  const r = analysisRedactor(analysis);
  return { ...r.head, summary: kept.summary, exchanges: kept.exchanges.map(r.exchange) };
}

/** Keep only the given pair ids (in the given order); the summary is recounted for the selection. */
export function selectExchanges(a: Analysis, ids: readonly string[]): Analysis {
  const byId = new Map(a.exchanges.map((e) => [e.id, e] as const));
  const exchanges = ids.map((id) => byId.get(id)).filter((e): e is ExchangeResult => !!e);
  const summary = { entries: a.summary.entries, exchanges: 0, ok: 0, corsBlocked: 0, notCors: 0, sameOrigin: 0 };
  for (const e of exchanges) {
    summary.exchanges++;
    if (!e.crossOrigin) summary.sameOrigin++;
    if (e.verdict === 'ok') summary.ok++;
    else if (e.verdict === 'cors-blocked') summary.corsBlocked++;
    else summary.notCors++;
  }
  return { ...a, summary, exchanges };
}

/** How an exchange becomes what a report shows (the CLI passes its redacted report part). */
export type PartOf = (ex: ExchangeResult) => ExchangeResult;
export const AS_IS: PartOf = (ex) => ex;

/** The exchanges a "report for all failures" covers: every failing one, in capture order. */
export function failures(a: Analysis): ExchangeResult[] {
  return a.exchanges.filter((e) => e.verdict !== 'ok');
}

function findHeader(list: Header[], name: string): Header | undefined {
  const n = lower(name);
  return list.find((h) => lower(h.name) === n);
}

function isOkStatus(s: number): boolean {
  return s >= 200 && s < 300;
}

function legView(ex: ExchangeResult, which: Leg, leg: LegSummary): LegView {
  const blocked = ex.blockedLeg === which;
  // A network failure (refused, DNS, TLS) was attempted, not withheld by the browser: show the error.
  const attempted = ex.verdict === 'not-cors' && !!leg.error && leg.error !== 'net::ERR_FAILED';
  const sent = attempted || (leg.sent && !(which === 'actual' && ex.blockedLeg === 'preflight' && leg.status === 0));
  const method = which === 'preflight' ? 'OPTIONS' : leg.method || ex.method;
  const ok = sent && !blocked && leg.status > 0 && leg.status < 400 && !leg.error;
  // A request a browser would not send that the probe sent anyway: its real answer, said as such.
  const probed = !sent && leg.probeAnswer ? probeAnswerText(leg.probeAnswer) : null;
  let outcome: string;
  let line: string;
  let failure: string | null = null;
  if (probed) {
    outcome = `not sent by a browser; the probe got ${probed}`;
    line = `${method} (not sent by a browser; probe: ${probed})`;
  } else if (!sent) {
    outcome = 'never sent';
    line = `${method} (never sent)`;
  } else if (leg.status === 0) {
    outcome = leg.error ?? 'no response';
    failure = leg.error ? `network error (${leg.error})` : 'no response';
    line = `${method} ✗ ${outcome}`;
  } else {
    outcome = `${leg.status}${leg.statusText ? ' ' + leg.statusText : ''}`;
    line = `${method} ${leg.status}${ok ? ' ✓' : blocked || leg.error || leg.status >= 400 ? ' ✗' : ''}`;
  }
  if (sent && blocked && failure === null) {
    const acao = findHeader(leg.responseHeaders, 'access-control-allow-origin');
    // Chromium's order (engine/cors-check.ts): a redirect first, then Allow-Origin, then the status.
    const notOk = which === 'preflight' && !isOkStatus(leg.status);
    if (notOk && leg.status >= 300 && leg.status < 400) failure = `status ${leg.status} is not 2xx`;
    else if (!acao) failure = 'no Access-Control-Allow-Origin';
    else if (notOk) failure = `status ${leg.status} is not 2xx`;
    else failure = 'CORS check failed';
  }
  return {
    leg: which,
    label: which === 'preflight' ? 'Preflight' : 'Request',
    method,
    status: leg.status,
    statusText: leg.statusText,
    sent,
    ok,
    blocked,
    error: leg.error,
    outcome,
    failure,
    line,
  };
}

/** Where a header was, in the words every renderer uses (the actual leg is just "request"/"response"). */
const PLACE: Record<Leg, Record<'request' | 'response', string>> = {
  preflight: { request: 'preflight request', response: 'preflight response' },
  actual: { request: 'request', response: 'response' },
};

/** Add a decisive header, at its place, unless one with the same leg, direction and name is there (a highlight wins). */
function addDecisive(out: DecisiveHeaderView[], v: Omit<DecisiveHeaderView, 'place'>): void {
  const name = lower(v.name);
  for (const prev of out) {
    if (prev.leg !== v.leg || prev.direction !== v.direction || lower(prev.name) !== name) continue;
    if (v.highlight && !prev.highlight) {
      prev.highlight = true;
      prev.why = v.why;
      prev.value = v.value ?? prev.value;
    }
    return;
  }
  out.push({ ...v, place: PLACE[v.leg][v.direction] });
}

function decisiveRank(v: DecisiveHeaderView): number {
  return (v.leg === 'preflight' ? 0 : 2) + (v.direction === 'request' ? 0 : 1);
}

function decisiveLeg(out: DecisiveHeaderView[], ex: ExchangeResult, which: Leg, leg: LegSummary | null, primary: Finding | null): void {
  if (!leg) return;
  // The first of each context request header, in CONTEXT_REQUEST order.
  for (const name of CONTEXT_REQUEST) {
    const h = findHeader(leg.requestHeaders, name);
    if (h) addDecisive(out, { leg: which, direction: 'request', name: h.name, value: h.value, why: '', highlight: false });
  }
  const focus = ex.blockedLeg === null || ex.blockedLeg === which;
  if (!focus || !leg.sent || leg.status === 0) return;
  const res = leg.responseHeaders;
  for (const h of res) {
    if (isContextResponseHeader(h.name)) addDecisive(out, { leg: which, direction: 'response', name: h.name, value: h.value, why: '', highlight: false });
  }
  if (ex.verdict === 'cors-blocked' && ex.blockedLeg === which && !findHeader(res, 'access-control-allow-origin')) {
    addDecisive(out, { leg: which, direction: 'response', name: 'Access-Control-Allow-Origin', value: null, why: 'absent', highlight: !primary });
  }
}

function decisiveHeaders(ex: ExchangeResult, primary: Finding | null): DecisiveHeaderView[] {
  const out: DecisiveHeaderView[] = [];
  if (primary) {
    for (const e of primary.evidence) {
      if (e.kind !== 'request-header' && e.kind !== 'response-header') continue;
      const direction = e.kind === 'request-header' ? 'request' : 'response';
      addDecisive(out, { leg: e.leg, direction, name: e.name, value: e.value, why: e.why, highlight: true });
    }
  }
  decisiveLeg(out, ex, 'preflight', ex.preflight, primary);
  decisiveLeg(out, ex, 'actual', ex.actual, primary);
  // Request headers first (preflight, then actual), then responses: the order a reader follows
  // (Array.prototype.sort is stable).
  return out.sort((a, b) => decisiveRank(a) - decisiveRank(b));
}

/**
 * The fix shown and the other stacks a fix exists for: each stack named once, the shown fix's own
 * stack not at all (a stack can have several snippets: "SAM, CDK, …, SAM, Terraform" read as a bug).
 */
function pickFix(primary: Finding | null, stack?: string): { fix: FixSnippet | null; others: string[] } {
  const fixes = primary?.fixes ?? [];
  if (!fixes.length) return { fix: null, others: [] };
  const fix = pickedFix(fixes, stack);
  const others: string[] = [];
  for (const f of fixes) if (f.stack !== fix?.stack && !others.includes(f.stack)) others.push(f.stack);
  return { fix, others };
}

/**
 * How sure a claim is, in every renderer's words: "observed, confidence high" — standing alone (a
 * finding's line) or in parentheses after the fact it qualifies ("403 on the preflight (observed,
 * confidence certain)", credentials, the console line's note). One wording everywhere.
 */
export function confidenceText(basis: Basis, confidence: Confidence): string {
  return `${basis}, confidence ${confidence}`;
}

/** Why an exchange shows no preflight (ReportView.preflightAbsent). */
function preflightAbsence(ex: ExchangeResult): string | null {
  if (ex.preflight || !ex.actual) return null;
  if (ex.pairing === 'no-preflight-recorded') return 'needed a preflight; none recorded';
  return ex.crossOrigin && ex.verdict !== 'not-cors' ? 'no preflight needed' : null;
}

/** One leg of an exchange as every renderer shows it (the panel's table reads it row by row). */
export function legViewOf(ex: ExchangeResult, which: Leg): LegView | null {
  const leg = which === 'preflight' ? ex.preflight : ex.actual;
  return leg ? legView(ex, which, leg) : null;
}

/** Where a piece of evidence was: a header by leg and direction ("preflight response"), else its leg ("preflight", "request"). */
export function evidencePlace(e: Evidence): string {
  if (e.kind === 'request-header') return PLACE[e.leg].request;
  if (e.kind === 'response-header') return PLACE[e.leg].response;
  return e.leg === 'preflight' ? 'preflight' : 'request';
}

const NOT_CORS_PREFIX = /^Not CORS\s*[—–:-]\s*/;

/** A headline as the cause after a verdict that already says "not a CORS problem" (see ReportView.cause). */
export function causeOf(verdict: Verdict, headline: string): string {
  return verdict === 'not-cors' ? headline.replace(NOT_CORS_PREFIX, '') || headline : headline;
}

/** "CORS error on PUT https://… — real cause: …": a verdict, its request and its cause (causeOf), in one line. */
export function verdictLineOf(verdict: Verdict, method: string, url: string, cause: string): string {
  if (verdict === 'ok') return `No CORS problem: ${method} ${url} succeeded`;
  return verdict === 'not-cors' ? `Not a CORS problem: ${method} ${url} — ${cause}` : `CORS error on ${method} ${url} — real cause: ${cause}`;
}

/** The fix for `stack` (any case), else the first (most relevant) one. */
function pickedFix(fixes: readonly FixSnippet[], stack?: string): FixSnippet | null {
  const wanted = stack ? fixes.find((f) => f.stack.toLowerCase() === stack.toLowerCase()) : undefined;
  return wanted ?? fixes[0] ?? null;
}

function hiddenAbsentReason(ex: ExchangeResult): string | null {
  if (ex.hiddenStatus || ex.verdict !== 'cors-blocked') return null;
  if (ex.blockedLeg === 'preflight' && ex.preflight && isOkStatus(ex.preflight.status)) {
    const probed = ex.actual?.probeAnswer;
    const after = probed ? `a browser would not send it; the probe sent it anyway and got ${probeAnswerText(probed)}` : 'the request was never sent';
    return `Nothing hidden: the preflight answered ${ex.preflight.status} but did not allow this request, so ${after}.`;
  }
  return 'The real status could not be read from this capture.';
}

export function buildReportView(ex: ExchangeResult, opts: { stack?: string } = {}): ReportView {
  const primary = ex.findings[0] ?? null;
  const legs = [legViewOf(ex, 'preflight'), legViewOf(ex, 'actual')].filter((l) => l !== null);
  let legsLine = legs.map((l) => l.line).join(' → ');
  const preflightAbsent = preflightAbsence(ex);
  if (preflightAbsent) legsLine = `${legsLine} (${preflightAbsent})`;
  const hs = ex.hiddenStatus;
  const hidden: HiddenStatusView | null = hs
    ? {
        ...hs,
        place: `on ${LEG_WORD[hs.leg]}`,
        label: `${hs.status} on ${LEG_WORD[hs.leg]} (${confidenceText(hs.basis, hs.confidence)})`,
      }
    : null;
  const symbol = ex.verdict === 'ok' ? '✓' : '✗';
  const headline = ex.headline || (primary?.title ?? '');
  const cause = causeOf(ex.verdict, headline);
  const { fix, others } = pickFix(primary, opts.stack);
  const creds = ex.credentials;
  return {
    id: ex.id,
    verdict: ex.verdict,
    symbol,
    kind: ex.verdict === 'ok' ? 'No CORS problem' : ex.verdict === 'not-cors' ? 'Not a CORS problem' : 'CORS error',
    verdictLine: verdictLineOf(ex.verdict, ex.method, ex.url, cause),
    headline,
    cause,
    method: ex.method,
    url: ex.url,
    origin: ex.origin,
    targetOrigin: ex.targetOrigin,
    gateway: ex.gateway,
    gatewayLabel: gatewayLabel(ex.gateway),
    hidden,
    hiddenAbsentReason: hiddenAbsentReason(ex),
    legs,
    preflightAbsent,
    legsLine,
    credentialsLine: `${creds.value ? 'with credentials' : 'without credentials'} (${confidenceText(creds.basis, creds.confidence)})`,
    primary,
    others: ex.findings.slice(1),
    explanation: primary?.message ?? (ex.verdict === 'ok' ? 'Both legs passed the CORS checks.' : 'No rule explained this failure yet.'),
    fix,
    otherFixStacks: others,
    decisiveHeaders: decisiveHeaders(ex, primary),
    ruleId: primary?.rule ?? null,
    docs: primary?.docs ?? null,
    confidenceLine: primary ? confidenceText(primary.basis, primary.confidence) : null,
    console: consoleView(ex),
  };
}

const BROWSER_NAME = { chromium: 'Chromium', firefox: 'Firefox' } as const;

/** The console line of a blocked exchange, with how it is known (every renderer's words). */
function consoleView(ex: ExchangeResult): ReportView['console'] {
  const c = ex.console;
  if (!c) return null;
  const how = c.basis === 'observed' ? 'as recorded' : 'rebuilt from the failed check';
  const note = `${BROWSER_NAME[c.source] ?? c.source}'s wording, ${how} (${confidenceText(c.basis, c.confidence)})`;
  return { text: c.text, note };
}

/** "3 of 12 requests failed (2 CORS, 1 not CORS); 10 cross-origin, 14 HAR entries." */
export function countsLine(s: Analysis['summary']): string {
  const cross = s.exchanges - s.sameOrigin;
  const failed = s.corsBlocked + s.notCors;
  return (
    `${failed} of ${s.exchanges} request${s.exchanges === 1 ? '' : 's'} failed ` +
    `(${s.corsBlocked} CORS, ${s.notCors} not CORS); ${cross} cross-origin, ${s.entries} HAR ${s.entries === 1 ? 'entry' : 'entries'}.`
  );
}

/** What a summary shows above and below its rows: everything but the reports, built without them. */
interface SummaryHead {
  title: string;
  generator: string;
  counts: Analysis['summary'];
  /** "3 of 12 requests failed (2 CORS, 1 not CORS); 10 cross-origin, 14 HAR entries." */
  countsLine: string;
  /** The exchanges shown, in row order (one row and one full report each). */
  exchanges: ExchangeResult[];
  notes: string[];
}

/** The head of a summary: the chosen exchanges (the ids given, else every failure) and what frames them. */
export function summaryHead(a: Analysis, opts: { ids?: string[] } = {}): SummaryHead {
  const chosen = opts.ids ? selectExchanges(a, opts.ids).exchanges : failures(a);
  const s = a.summary;
  return {
    title: `${PRODUCT} report: ${chosen.length} ${chosen.length === 1 ? 'exchange' : 'exchanges'}`,
    generator: a.generator,
    counts: { ...s },
    countsLine: countsLine(s),
    exchanges: chosen,
    notes: [...a.notes],
  };
}

/** One summary row, from an exchange and its report view. */
export function summaryRow(ex: ExchangeResult, view: ReportView): SummaryRow {
  return {
    id: ex.id,
    verdict: ex.verdict,
    symbol: view.symbol,
    method: ex.method,
    url: ex.url,
    legsLine: view.legsLine,
    hidden: view.hidden?.label ?? '—',
    headline: ex.headline,
    ruleId: view.ruleId,
  };
}

/** The whole summary at once (the panel's summary card); the exports stream it from summaryHead instead. */
export function buildSummaryView(a: Analysis, opts: { ids?: string[]; stack?: string } = {}): SummaryView {
  const { exchanges, ...head } = summaryHead(a, opts);
  const reports = exchanges.map((ex) => buildReportView(ex, opts));
  return { ...head, rows: exchanges.map((ex, i) => summaryRow(ex, reports[i]!)), reports };
}
