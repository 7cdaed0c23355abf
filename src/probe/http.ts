/**
 * One HTTP exchange over node:http / node:https, recorded as it happened.
 *
 * Not fetch(): fetch refuses to set some headers a browser sends (Origin, Access-Control-Request-*,
 * Sec-Fetch-*), and it follows redirects, while a preflight must not. Nothing here follows a
 * redirect, retries or throws: a network failure comes back as a result carrying Chromium's
 * net error name, the way a HAR from the browser would show it.
 */
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { Header } from '../model/types';

/**
 * Bodies are cut at this many bytes, decoded (the probe is for diagnosis, not for downloading).
 * A compressed body is decoded as it streams in and reading stops once this many decoded bytes
 * are kept (or 4× this many were read from the wire): a decompression bomb costs at most that.
 */
export const MAX_BODY_BYTES = 64 * 1024;

interface RawRequest {
  method: string;
  url: string;
  /** In the order they go on the wire. */
  headers: Header[];
  body?: string;
  /**
   * Date.now() by which the whole exchange must be over: the probe gives every request the same
   * deadline, so --timeout bounds the whole probe (both legs, redirects, body and decoding).
   */
  deadline: number;
}

interface RawTimings {
  dns: number;
  connect: number;
  ssl: number;
  send: number;
  wait: number;
  receive: number;
}

export interface RawResult {
  request: RawRequest;
  startedMs: number;
  durationMs: number;
  timings: RawTimings;
  /** 0 when no response arrived. */
  status: number;
  statusText: string;
  httpVersion: string;
  /** Raw response headers, names as the server sent them, in order, repeated headers kept. */
  headers: Header[];
  /** Decoded body text (utf-8), cut at MAX_BODY_BYTES; null for none (or not decodable). */
  body: string | null;
  /** Bytes read from the wire for the body (before decoding; reading stops at a limit). */
  bodySize: number;
  bodyTruncated: boolean;
  /** Why the body is cut or missing, in plain words; null when it is whole. */
  bodyNote: string | null;
  /** Chromium-style net error ("net::ERR_CONNECTION_REFUSED"), null when a response arrived. */
  error: string | null;
  /** The underlying error in plain words, for the output. */
  errorDetail: string | null;
}

/** Node error codes → the net::ERR_* name Chromium records for the same failure. */
const NET_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'net::ERR_CONNECTION_REFUSED',
  ECONNRESET: 'net::ERR_CONNECTION_RESET',
  EPIPE: 'net::ERR_CONNECTION_RESET',
  ECONNABORTED: 'net::ERR_CONNECTION_ABORTED',
  ENOTFOUND: 'net::ERR_NAME_NOT_RESOLVED',
  EAI_AGAIN: 'net::ERR_NAME_NOT_RESOLVED',
  EAI_NONAME: 'net::ERR_NAME_NOT_RESOLVED',
  EHOSTUNREACH: 'net::ERR_ADDRESS_UNREACHABLE',
  ENETUNREACH: 'net::ERR_ADDRESS_UNREACHABLE',
  EADDRNOTAVAIL: 'net::ERR_ADDRESS_INVALID',
  ETIMEDOUT: 'net::ERR_TIMED_OUT',
  HPE_INVALID_CONSTANT: 'net::ERR_INVALID_HTTP_RESPONSE',
  HPE_INVALID_STATUS: 'net::ERR_INVALID_HTTP_RESPONSE',
  HPE_INVALID_HEADER_TOKEN: 'net::ERR_INVALID_HTTP_RESPONSE',
  CERT_HAS_EXPIRED: 'net::ERR_CERT_DATE_INVALID',
  CERT_NOT_YET_VALID: 'net::ERR_CERT_DATE_INVALID',
  ERR_TLS_CERT_ALTNAME_INVALID: 'net::ERR_CERT_COMMON_NAME_INVALID',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'net::ERR_CERT_AUTHORITY_INVALID',
  SELF_SIGNED_CERT_IN_CHAIN: 'net::ERR_CERT_AUTHORITY_INVALID',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'net::ERR_CERT_AUTHORITY_INVALID',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'net::ERR_CERT_AUTHORITY_INVALID',
  CERT_REVOKED: 'net::ERR_CERT_REVOKED',
  EPROTO: 'net::ERR_SSL_PROTOCOL_ERROR',
};

function netErrorName(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string') {
    if (Object.hasOwn(NET_ERRORS, code)) return NET_ERRORS[code]!;
    if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) return 'net::ERR_SSL_PROTOCOL_ERROR';
    if (code.startsWith('HPE_')) return 'net::ERR_INVALID_HTTP_RESPONSE';
  }
  return 'net::ERR_FAILED';
}

function describeError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const msg = typeof e?.message === 'string' ? e.message : String(err);
  return typeof e?.code === 'string' && !msg.includes(e.code) ? `${e.code}: ${msg}` : msg;
}

function rawHeaders(list: string[]): Header[] {
  const out: Header[] = [];
  for (let i = 0; i + 1 < list.length; i += 2) out.push({ name: list[i]!, value: list[i + 1]! });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bounded, streamed decoding of the body
// ---------------------------------------------------------------------------------------------

/**
 * The codings Content-Encoding lists, in the order the server applied them ("gzip, br": gzip
 * first), lower-cased, identity dropped. A hostile server may list any number: more than a few
 * stages is refused, not decoded.
 */
function contentCodings(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
}

const MAX_CODING_STAGES = 4;
/** What the probe decodes: what its Accept-Encoding offers (zstd needs Node 22.15+; not offered). */
const DECODED = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/** A zlib-wrapped deflate stream starts with a 2-byte header (RFC 1950); servers also send raw deflate (RFC 1951). */
function looksZlibWrapped(first: Buffer): boolean {
  if (first.length < 2) return true;
  return (first[0]! & 0x0f) === 8 && ((first[0]! << 8) | first[1]!) % 31 === 0;
}

/**
 * One decoding stage. finishFlush lets a body cut at the byte limit (or by the server) decode as
 * far as it goes instead of failing at its end.
 */
function stage(coding: string, first: Buffer | null): zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress | null {
  const opts = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(opts);
    case 'deflate':
      return first && !looksZlibWrapped(first) ? zlib.createInflateRaw(opts) : zlib.createInflate(opts);
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      return null;
  }
}

const round = (n: number) => Math.max(0, Math.round(n * 1000) / 1000);

const kib = (n: number) => `${Math.round(n / 1024)} KiB`;

/**
 * Send one request exactly as given. Never rejects. Everything (connection, answer, body and its
 * decoding) ends by req.deadline: what has arrived by then is kept and said to be cut.
 */
export function send(req: RawRequest): Promise<RawResult> {
  return new Promise((resolve) => {
    const startedMs = Date.now();
    const t0 = performance.now();
    let tLookup = -1;
    let tConnect = -1;
    let tSecure = -1;
    let tSent = -1;
    let tFirstByte = -1;
    let done = false;
    // Set once the request exists; fail() may run (and clear it) before, so it cannot be a const declared there.
    let timer: NodeJS.Timeout | undefined = undefined;

    const timings = (end: number): RawTimings => {
      const lookup = tLookup >= 0 ? tLookup : 0;
      const connect = tConnect >= 0 ? tConnect : lookup;
      const secure = tSecure >= 0 ? tSecure : connect;
      const sent = tSent >= 0 ? tSent : secure;
      const first = tFirstByte >= 0 ? tFirstByte : end;
      return {
        dns: round(lookup),
        connect: round(secure - lookup),
        ssl: tSecure >= 0 ? round(tSecure - connect) : -1,
        send: round(sent - secure),
        wait: round(first - sent),
        receive: round(end - first),
      };
    };

    /** The one place the exchange ends: `done` is set, the deadline cleared, and the time taken. */
    const settle = (outcome: Omit<RawResult, 'request' | 'startedMs' | 'durationMs' | 'timings'>) => {
      done = true;
      clearTimeout(timer);
      const end = performance.now() - t0;
      resolve({ request: req, startedMs, durationMs: round(end), timings: timings(end), ...outcome });
    };

    // No answer (a network failure): nothing of a response.
    const fail = (err: unknown, error?: string) => {
      if (done) return;
      settle({
        status: 0,
        statusText: '',
        httpVersion: '',
        headers: [],
        body: null,
        bodySize: 0,
        bodyTruncated: false,
        bodyNote: null,
        error: error ?? netErrorName(err),
        errorDetail: describeError(err),
      });
    };

    const left = req.deadline - Date.now();
    if (left <= 0) return fail(Object.assign(new Error('the --timeout deadline passed before this request could be sent'), { code: 'ETIMEDOUT' }));

    let url: URL;
    try {
      url = new URL(req.url);
    } catch (err) {
      return fail(err, 'net::ERR_INVALID_URL');
    }
    const mod = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
    if (!mod) return fail(new Error(`unsupported scheme ${url.protocol}`), 'net::ERR_UNKNOWN_URL_SCHEME');

    // Header names keep their case; node:http sends them in this order.
    const headerPairs: string[] = [];
    for (const h of req.headers) headerPairs.push(h.name, h.value);
    const body = req.body !== undefined ? Buffer.from(req.body, 'utf8') : null;

    let cr: http.ClientRequest;
    try {
      cr = mod.request(url, {
        method: req.method,
        headers: headerPairs,
        agent: false,
        setHost: false,
      });
    } catch (err) {
      // Invalid header characters and the like are rejected synchronously.
      return fail(err);
    }

    // Until the answer starts, the deadline fails the request; after, it cuts the body (onResponse).
    let onDeadline: () => void = () =>
      cr.destroy(
        Object.assign(new Error(`no answer within the --timeout deadline (${Math.round(req.deadline - startedMs)} ms left for this request)`), {
          code: 'ETIMEDOUT',
        }),
      );
    timer = setTimeout(() => onDeadline(), left);
    timer.unref?.();

    cr.on('socket', (socket) => {
      socket.once('lookup', () => (tLookup = performance.now() - t0));
      socket.once('connect', () => (tConnect = performance.now() - t0));
      socket.once('secureConnect', () => (tSecure = performance.now() - t0));
    });
    cr.on('error', (err) => fail(err));
    cr.on('finish', () => (tSent = performance.now() - t0));
    cr.on('response', (res) => {
      tFirstByte = performance.now() - t0;
      const codings = contentCodings(res.headers['content-encoding']);
      const kept: Buffer[] = [];
      let keptBytes = 0;
      let wire = 0;
      let truncated = false;
      let note: string | null = null;
      let stages: Array<NonNullable<ReturnType<typeof stage>>> | null = null;
      const undecodable = codings.length > MAX_CODING_STAGES ? `${codings.length} content codings` : (codings.find((c) => !DECODED.has(c)) ?? null);
      // A body that is not compressed is limited to what is kept; a compressed one may take a few
      // times that on the wire before its decoded bytes reach the limit.
      const wireLimit = codings.length && !undecodable ? MAX_BODY_BYTES * 4 : MAX_BODY_BYTES;

      const finish = () => {
        if (done) return;
        done = true;
        res.destroy();
        if (stages) for (const st of stages) st.destroy();
        const buf = Buffer.concat(kept, keptBytes);
        settle({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          httpVersion: `HTTP/${res.httpVersion}`,
          headers: rawHeaders(res.rawHeaders),
          body: undecodable ? null : buf.length > 0 ? buf.toString('utf8') : null,
          bodySize: wire,
          bodyTruncated: truncated,
          bodyNote: note,
          error: null,
          errorDetail: null,
        });
      };
      const cut = (why: string, first = true) => {
        truncated = true;
        note = first ? (note ?? why) : why;
        finish();
      };
      onDeadline = () => cut(`Body cut: the --timeout deadline passed while it was read (${kib(wire)} received, ${kib(keptBytes)} kept).`);

      const keep = (chunk: Buffer) => {
        const room = MAX_BODY_BYTES - keptBytes;
        if (chunk.length > room) {
          if (room > 0) kept.push(chunk.subarray(0, room));
          keptBytes = MAX_BODY_BYTES;
          cut(
            codings.length
              ? `Body cut at ${kib(MAX_BODY_BYTES)} of decoded ${codings.join(', ')}, from ${kib(wire)} read on the wire; decoding stopped there.`
              : `Body cut at ${kib(MAX_BODY_BYTES)}; the rest was not read.`,
            false,
          );
          return;
        }
        kept.push(chunk);
        keptBytes += chunk.length;
      };

      const endInput = () => {
        if (done) return;
        if (!stages) return finish();
        stages[0]!.end();
      };

      const startStages = (first: Buffer) => {
        // Decoding runs in the reverse order of the coding.
        const list = [...codings].reverse().map((c, i) => stage(c, i === 0 ? first : null)!);
        for (let i = 0; i + 1 < list.length; i++) list[i]!.pipe(list[i + 1]!);
        for (const st of list) {
          st.on('error', (err: Error) => {
            if (done) return;
            note ??= `The ${codings.join(', ')} body could not be decoded after ${kib(keptBytes)} (${err.message}); what decoded is shown.`;
            finish();
          });
        }
        const last = list[list.length - 1]!;
        last.on('data', (chunk: Buffer) => {
          if (!done) keep(chunk);
        });
        last.on('end', () => finish());
        stages = list;
      };

      res.on('data', (chunk: Buffer) => {
        if (done) return;
        const room = wireLimit - wire;
        let piece = chunk;
        let over = false;
        if (chunk.length > room) {
          piece = chunk.subarray(0, room);
          over = true;
        }
        wire += piece.length;
        if (undecodable) {
          // Not decoded, so not shown: counted only, and not read past the limit.
          if (over) cut(`Body not decoded (Content-Encoding: ${codings.join(', ')}) and not read past ${kib(wireLimit)}.`);
          return;
        }
        if (codings.length) {
          if (!stages) startStages(piece);
          stages![0]!.write(piece);
          if (over) {
            truncated = true;
            note ??= `Body cut: only the first ${kib(wireLimit)} of the ${codings.join(', ')} body were read and decoded.`;
            res.destroy();
            endInput();
          }
          return;
        }
        keep(piece);
        if (over && !done) cut(`Body cut at ${kib(MAX_BODY_BYTES)}; the rest was not read.`);
      });
      res.on('end', () => {
        if (undecodable) note ??= `Body not decoded: the probe does not decode Content-Encoding ${undecodable} (${kib(wire)} received).`;
        endInput();
      });
      // A connection cut mid-body still leaves a response worth showing.
      const cutShort = () => {
        if (done || res.complete) return;
        truncated = true;
        note ??= `The connection closed before the body was complete (${kib(wire)} received).`;
        endInput();
      };
      res.on('aborted', cutShort);
      res.on('error', cutShort);
      res.on('close', cutShort);
    });
    if (body) cr.end(body);
    else cr.end();
  });
}
