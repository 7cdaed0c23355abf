/**
 * RuleContext: everything a rule may read about one request pair, computed once by the engine.
 * Rules never read raw HAR, never scan header lists themselves, and never see other pairs except
 * through `capture`.
 */
import type { Exchange, RequestPair } from '../model/types';
import type { CaptureRecorder } from './capture-index';
import type { CorsCheckOutcome, PreflightOutcome } from './cors-check';
import type { GatewayInfo } from './gateway';
import type { StatusSignal } from './signals';
import { HeaderIndex } from './headers';
import type { Basis, Confidence, Leg, Verdict } from './schema';

/** What the rules read about one leg of an exchange (the report's view of a leg is report/model.ts LegView). */
export interface LegFacts {
  leg: Leg;
  exchange: Exchange;
  /** 0 when no response arrived. */
  status: number;
  /** False when the browser never sent this request. */
  sent: boolean;
  /** Response headers. */
  headers: HeaderIndex;
  requestHeaders: HeaderIndex;
  error: string | null;
  /** x-amzn-ErrorType without the ":..." suffix API Gateway sometimes appends. */
  errorType: string | null;
  /** `message` of an API Gateway style JSON body, when a body was recorded. */
  bodyMessage: string | null;
  /** Who answered this leg (null when nothing answered). */
  gateway: GatewayInfo | null;
  /** Access-Control-Allow-Origin present at all. */
  hasAllowOrigin: boolean;
}

export interface Credentials {
  value: boolean;
  basis: Basis;
  confidence: Confidence;
  /** Why we think so, for messages. */
  reason: string;
}

export interface RuleContext {
  id: string;
  url: string;
  method: string;
  origin: string | null;
  targetOrigin: string;
  crossOrigin: boolean;
  verdict: Verdict;
  blockedLeg: Leg | null;
  pairing: RequestPair['basis'];
  preflight: LegFacts | null;
  actual: LegFacts | null;
  /** The leg whose response the browser refused (a sent leg with a response), if any. */
  blocked: LegFacts | null;
  actualSent: boolean;
  needsPreflight: boolean;
  /** Header names the request needed allowed (lower-case, sorted). */
  requestHeaderNames: string[];
  credentials: Credentials;
  preflightCheck: PreflightOutcome | null;
  actualCheck: CorsCheckOutcome | null;
  /** The status signal of the refused leg (engine/signals.ts statusSignal), null when none. */
  blockedSignal: StatusSignal | null;
  /** Who answered the deciding leg. */
  gateway: GatewayInfo | null;
  capture: CaptureRecorder;
}

/** One shape for every leg; request headers are indexed on first use (most rules never read them). */
class LegFactsImpl implements LegFacts {
  private reqIndex: HeaderIndex | null = null;
  readonly status: number;
  readonly error: string | null;
  readonly hasAllowOrigin: boolean;
  constructor(
    readonly leg: Leg,
    readonly exchange: Exchange,
    readonly sent: boolean,
    readonly headers: HeaderIndex,
    readonly errorType: string | null,
    readonly bodyMessage: string | null,
    readonly gateway: GatewayInfo | null,
  ) {
    this.status = exchange.response.status;
    this.error = exchange.error;
    // What normalise picked out of the response headers: no scan of the list here.
    this.hasAllowOrigin = headers.known.allowOriginLines > 0;
  }
  get requestHeaders(): HeaderIndex {
    return (this.reqIndex ??= new HeaderIndex(this.exchange.request.headers));
  }
}

export function legFacts(leg: Leg, ex: Exchange, sent: boolean, gateway: GatewayInfo | null, headers?: HeaderIndex): LegFacts {
  const h = headers ?? new HeaderIndex(ex.response.headers, ex.response.known);
  const rawType = h.known.amznErrorType;
  const errorType = rawType ? (rawType.split(':')[0] ?? '').trim() || null : null;
  let bodyMessage: string | null = null;
  const body = ex.response.body;
  if (body && body.length < 4096 && body.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === 'object' && typeof (parsed as { message?: unknown }).message === 'string')
        bodyMessage = (parsed as { message: string }).message;
    } catch {
      /* not JSON */
    }
  }
  return new LegFactsImpl(leg, ex, sent, h, errorType, bodyMessage, gateway);
}
