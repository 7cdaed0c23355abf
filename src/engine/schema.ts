/**
 * The analysis schema: the one JSON document the panel, every export and the CLI render from.
 * Versioned; documented in docs/analysis-schema.md. Bump ANALYSIS_SCHEMA_VERSION on any
 * incompatible change.
 */
import type { Header, ProbeAnswer } from '../model/types';

export const ANALYSIS_SCHEMA = 'cors-xray/analysis';
export const ANALYSIS_SCHEMA_VERSION = 1;

export type Verdict = 'ok' | 'cors-blocked' | 'not-cors';
export type Leg = 'preflight' | 'actual';
export type Severity = 'error' | 'warning' | 'info';
/** certain: seen in the traffic. high/medium/low: inferred, with decreasing support. */
export type Confidence = 'certain' | 'high' | 'medium' | 'low';
export type Basis = 'observed' | 'inferred';

export type GatewayKind =
  | 'aws-api-gateway-rest'
  | 'aws-api-gateway-http'
  | 'cloudfront'
  | 'cloudflare'
  | 'azure-apim'
  | 'nginx'
  | 'express'
  | 'fastify'
  | 'flask'
  | 'django'
  | 'fastapi'
  | 'spring'
  | 'aspnet'
  | 'rails'
  | 'php'
  | 'apache'
  | 'caddy'
  | 'envoy'
  | 'kong'
  | 'traefik'
  | 'azure-front-door'
  | 'google-cloud'
  | 'vercel'
  | 'netlify'
  | 'fastly'
  | 'akamai'
  | 'heroku'
  | 'fly'
  | 'generic';

/** One layer that left its mark on a response (a CDN, a proxy, a server, an app). */
export interface GatewayLayerSummary {
  kind: GatewayKind;
  /** True for the layer that produced the response (the innermost one recognised). */
  answered: boolean;
  basis: Basis;
  confidence: Confidence;
  evidence: Evidence[];
}

export interface HiddenStatus {
  status: number;
  leg: Leg;
  basis: Basis;
  confidence: Confidence;
  /** One plain sentence: where the number comes from, or what would reveal it. */
  note: string;
}

export interface Evidence {
  leg: Leg;
  kind: 'request-header' | 'response-header' | 'status' | 'body' | 'error' | 'timing' | 'pattern';
  /** Header name, or "status", "error", ... */
  name: string;
  /** The value that decided it; null when the point is that it was absent. */
  value: string | null;
  /** Short reason this piece mattered, e.g. "absent", "does not list authorization". */
  why: string;
  /**
   * True when `value` is the engine's own wording (e.g. `(present)`: a Cookie header was sent,
   * its value deliberately not copied), not text from the capture. Redaction leaves such a value
   * as it is; a captured value is masked by the header's name even if it reads the same.
   */
  placeholder?: true;
}

/**
 * The values the engine writes itself into evidence, marked `placeholder: true`. Redaction keeps a
 * value as written only when it is marked *and* is one of these, so a mark on anything else (a
 * hand-edited or hostile analysis file) still gets it masked.
 */
export const EVIDENCE_PLACEHOLDERS = Object.freeze({ present: '(present)' } as const);
const PLACEHOLDER_VALUES: ReadonlySet<string> = new Set(Object.values(EVIDENCE_PLACEHOLDERS));

/** True for the engine's own placeholder evidence (see Evidence.placeholder): it holds nothing from the capture. */
export function isPlaceholderEvidence(e: { value?: unknown; placeholder?: unknown }): boolean {
  return e.placeholder === true && typeof e.value === 'string' && PLACEHOLDER_VALUES.has(e.value);
}

/**
 * Chromium's CorsError values (services/network/public/mojom/cors.mojom; the DevTools protocol's
 * Network.CorsError, as of Chromium 156). The engine produces the ones its checks can tell from a
 * capture; the others are listed so that a value read from a browser is still typed.
 */
export type ChromiumCorsError =
  | 'DisallowedByMode'
  | 'InvalidResponse'
  | 'WildcardOriginNotAllowed'
  | 'MissingAllowOriginHeader'
  | 'MultipleAllowOriginValues'
  | 'InvalidAllowOriginValue'
  | 'AllowOriginMismatch'
  | 'InvalidAllowCredentials'
  | 'CorsDisabledScheme'
  | 'PreflightInvalidStatus'
  | 'PreflightDisallowedRedirect'
  | 'PreflightWildcardOriginNotAllowed'
  | 'PreflightMissingAllowOriginHeader'
  | 'PreflightMultipleAllowOriginValues'
  | 'PreflightInvalidAllowOriginValue'
  | 'PreflightAllowOriginMismatch'
  | 'PreflightInvalidAllowCredentials'
  | 'PreflightMissingAllowExternal'
  | 'PreflightInvalidAllowExternal'
  | 'InvalidAllowMethodsPreflightResponse'
  | 'InvalidAllowHeadersPreflightResponse'
  | 'MethodDisallowedByPreflightResponse'
  | 'HeaderDisallowedByPreflightResponse'
  | 'RedirectContainsCredentials'
  | 'InsecureLocalNetwork'
  | 'InvalidLocalNetworkAccess'
  | 'NoCorsRedirectModeNotFollow'
  | 'LocalNetworkAccessPermissionDenied';

/** One step of the CORS / preflight checks, as run over the recorded headers, in the order Chromium runs them. */
export interface CheckResult {
  id: 'preflight-status' | 'allow-origin' | 'allow-credentials' | 'allow-methods' | 'allow-headers';
  leg: Leg;
  /** warn: fails the standard, but Chromium still lets it through (with a deprecation warning). */
  outcome: 'pass' | 'fail' | 'warn' | 'not-run';
  detail: string;
}

/**
 * "What the console said": the line the browser prints in its console for a CORS-blocked exchange.
 * From a Chromium capture it is rebuilt from the first failed check (basis 'inferred': the HAR does
 * not hold the console); a producer that recorded the browser's own line (a Firefox capture with
 * its reason text, say) sets basis 'observed'.
 */
export interface ConsoleMessage {
  /** Whose console wording this is. */
  source: 'chromium' | 'firefox';
  /** The line as the browser prints it. */
  text: string;
  /** inferred: rebuilt by the analysis; observed: recorded from the browser. */
  basis: Basis;
  confidence: Confidence;
  /**
   * The browser's own code for the error: Chromium's Network.CorsError (e.g.
   * "PreflightMissingAllowOriginHeader"), or Firefox's reason (e.g. "CORSMissingAllowOrigin").
   */
  code: string;
  /** The value the message names (Chromium's failed_parameter: a header value, method or header name); '' when none. */
  failedParameter: string;
}

/** What would reveal the real answer of a request the browser never sent. */
export interface Reveal {
  note: string;
  /** Copyable commands (CLI probe, curl); credentials are replaced by placeholders. */
  commands: string[];
}

export interface FixSnippet {
  /** e.g. "AWS console", "SAM / CloudFormation", "CDK", "Serverless Framework", "Terraform", "Lambda (proxy integration)", "nginx", "Express" */
  stack: string;
  /** Language of `code` for highlighting and validation: json | yaml | hcl | ts | js | nginx | text | shell */
  lang: string;
  title: string;
  code: string;
}

export interface Finding {
  rule: string;
  title: string;
  severity: Severity;
  confidence: Confidence;
  basis: Basis;
  /** Which leg the finding is about; null for capture-wide patterns. */
  leg: Leg | null;
  /** Plain-language explanation with placeholders already filled in. */
  message: string;
  evidence: Evidence[];
  /** Fix guidance tailored to the detected gateway, most relevant stack first. */
  fixes: FixSnippet[];
  /** Relative path of the rule's documentation page, e.g. "docs/rules/throttled.md". */
  docs: string;
  /** Added in schema 1 (optional): the placeholder values the message was filled with. */
  data?: Record<string, string | number>;
  /**
   * Added in schema 1 (optional): the hidden status this finding reveals or infers, with its basis
   * and confidence; null when the finding's leg hides none (e.g. a 2xx preflight refused a header).
   */
  hiddenStatus?: HiddenStatus | null;
}

export interface LegSummary {
  method: string;
  url: string;
  /** 0 when no response arrived. */
  status: number;
  statusText: string;
  /** Network error string as recorded, e.g. "net::ERR_FAILED"; null if none. */
  error: string | null;
  /** False when the browser never sent this request (its preflight failed). */
  sent: boolean;
  requestHeaders: Header[];
  responseHeaders: Header[];
  /** Response body when the producer recorded one (probe, Firefox); Chromium gives none for blocked responses. */
  body: string | null;
  startedMs: number;
  durationMs: number;
  /** A request a browser would not send, sent by `cors-xray probe --send-actual`: what it got. */
  probeAnswer?: ProbeAnswer;
}

export interface ExchangeResult {
  /** Pair id, stable within one capture ("p12"). */
  id: string;
  url: string;
  method: string;
  /** The page origin that made the request, if known. */
  origin: string | null;
  /** Target origin (scheme://host:port). */
  targetOrigin: string;
  /** False for same-origin requests and for requests CORS does not govern (navigations, no-cors subresources). */
  crossOrigin: boolean;
  /** Preflight leg summary, or null when none was recorded. */
  preflight: LegSummary | null;
  /** Actual request leg (null only for an orphan preflight). */
  actual: LegSummary | null;
  verdict: Verdict;
  /** Which leg the browser blocked, for cors-blocked verdicts. */
  blockedLeg: Leg | null;
  /** How the preflight was paired (see PairingBasis). */
  pairing: string;
  /** Whether the request carried credentials, and how we know. */
  credentials: { value: boolean; basis: Basis; confidence: Confidence };
  hiddenStatus: HiddenStatus | null;
  gateway: GatewayKind | null;
  /** Ranked: the primary cause first. */
  findings: Finding[];
  /** The primary cause in a few words, for the verdict column ("Throttled (429)"). */
  headline: string;
  /**
   * Optional additions (schema 1, backwards compatible):
   * checks: the Fetch CORS / preflight checks as run over the recorded headers, in order;
   * reveal: for a request the browser never sent, how to learn its real answer;
   * gatewayEvidence: the headers or host that identified `gateway`;
   * gatewayBasis: how `gateway` is known (observed: it names itself; inferred: a default or a host name);
   * gatewayLayers: every layer recognised, outermost first, when more than one was (CloudFront → nginx);
   * console: for a cors-blocked exchange, the line the browser's console printed for it (null when
   * no failed check explains the block, and for exchanges that were not blocked).
   */
  checks?: CheckResult[];
  console?: ConsoleMessage | null;
  reveal?: Reveal | null;
  gatewayEvidence?: Evidence[];
  gatewayBasis?: { basis: Basis; confidence: Confidence } | null;
  gatewayLayers?: GatewayLayerSummary[] | null;
}

export interface Analysis {
  schema: typeof ANALYSIS_SCHEMA;
  version: typeof ANALYSIS_SCHEMA_VERSION;
  /** Tool name and version that produced it. */
  generator: string;
  summary: {
    entries: number;
    exchanges: number;
    ok: number;
    corsBlocked: number;
    notCors: number;
    sameOrigin: number;
  };
  /** Every pair, same-origin ones included (the panel hides them by default). */
  exchanges: ExchangeResult[];
  /** What could not be read, in plain words: nothing recorded is dropped silently. */
  notes: string[];
}
