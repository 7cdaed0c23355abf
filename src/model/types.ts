/**
 * The project's own exchange model. Every HAR entry (from chrome.devtools.network, a HAR file,
 * or the CLI's probe) is normalised once, in normalise.ts, into an Exchange. Nothing past the
 * model layer reads raw HAR quirks such as `_error` or `_initiator`.
 */
import type { KnownRequestHeaders, KnownResponseHeaders } from './known-headers';

export interface Header {
  name: string;
  value: string;
}

export type ResourceKind = 'preflight' | 'fetch' | 'xhr' | 'document' | 'script' | 'stylesheet' | 'image' | 'font' | 'media' | 'websocket' | 'other';

interface ExchangeRequest {
  method: string;
  url: string;
  headers: Header[];
  /** The headers every analysis reads, picked out of `headers` by normalise (known-headers.ts). */
  known: KnownRequestHeaders;
  /** HAR httpVersion; "" for a request Chromium never sent (its preflight failed). */
  httpVersion: string;
  bodySize: number;
  postData: { mimeType: string; text: string } | null;
}

interface ExchangeResponse {
  /** 0 when no response arrived (never sent, network error). */
  status: number;
  statusText: string;
  headers: Header[];
  /** The headers every analysis reads, picked out of `headers` by normalise (known-headers.ts). */
  known: Readonly<KnownResponseHeaders>;
  httpVersion: string;
  mimeType: string;
  /** Body text when the producer had it (Chromium gives none for preflights or blocked responses). */
  body: string | null;
  redirectURL: string;
}

export interface Initiator {
  type: string;
  url: string | null;
  /** For a preflight: the network id of the request it guards. */
  requestId: string | null;
}

export interface Exchange {
  /** Position in the source capture; unique and stable within one capture. */
  index: number;
  /** Network request id when the producer gave one (Chromium's `_requestId`). */
  requestId: string | null;
  resourceKind: ResourceKind;
  /** Epoch milliseconds; NaN-safe (0 when the producer gave no parsable date). */
  startedMs: number;
  /** Total time in ms as the producer reported it (-1 unknown). */
  durationMs: number;
  /** HAR `timings.blocked` in ms (-1 unknown); for a request Chromium preflighted, it spans the preflight. */
  blockedMs: number;
  request: ExchangeRequest;
  response: ExchangeResponse;
  /** Chromium's `_error` (e.g. "net::ERR_FAILED"), Firefox's equivalent, or null. */
  error: string | null;
  /**
   * For a request the browser would not send: the answer `cors-xray probe --send-actual` got when
   * it sent it anyway (HAR `_corsXrayProbeAnswer`). Absent otherwise.
   */
  probeAnswer?: ProbeAnswer;
  initiator: Initiator | null;
  /** The page origin that made the request, when it can be told (Origin header, initiator URL, Referer). */
  pageOrigin: string | null;
  /** The origin the Origin request header names (null when absent or not an http(s) origin). */
  originHeader: string | null;
  /** The origin of the request URL (null when it is not an http(s) URL). */
  targetOrigin: string | null;
  /** What normalisation had to skip or repair in this entry, in plain words. */
  notes: string[];
}

/** How a preflight was linked to its request. */
export type PairingBasis =
  /** The preflight's initiator named the request's network id. */
  | 'initiator-id'
  /** Same URL, method named by Access-Control-Request-Method, and timing. */
  | 'url-method-timing'
  /** No preflight expected (simple request). */
  | 'no-preflight-needed'
  /** A preflight was needed but none was recorded (preflight cache hit, or recorded before capture started). */
  | 'no-preflight-recorded'
  /** A preflight whose request was never recorded. */
  | 'orphan-preflight';

export interface RequestPair {
  /** Stable id within one capture, e.g. "p12" (index of the actual request, or of the orphan preflight). */
  id: string;
  actual: Exchange | null;
  preflight: Exchange | null;
  basis: PairingBasis;
}

/** What the probe's own request got: a status (0 when none arrived) or a net::ERR_* error. */
export interface ProbeAnswer {
  status: number;
  statusText: string;
  error: string | null;
}
