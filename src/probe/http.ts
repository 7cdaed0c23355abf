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

/** Bodies longer than this are cut (the probe is for diagnosis, not for downloading). */
export const MAX_BODY_BYTES = 64 * 1024;

export interface RawRequest {
  method: string;
  url: string;
  /** In the order they go on the wire. */
  headers: Header[];
  body?: string;
  timeoutMs: number;
}

export interface RawTimings {
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
  /** Decoded body text (utf-8), cut at MAX_BODY_BYTES; null for none. */
  body: string | null;
  /** Bytes received on the wire for the body (before decoding). */
  bodySize: number;
  bodyTruncated: boolean;
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

export function netErrorName(err: unknown): string {
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

function decode(buf: Buffer, encoding: string | undefined): Buffer {
  const enc = (encoding ?? '').trim().toLowerCase();
  try {
    if (enc === 'gzip' || enc === 'x-gzip') return zlib.gunzipSync(buf, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    if (enc === 'deflate') return zlib.inflateSync(buf, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    if (enc === 'br') return zlib.brotliDecompressSync(buf);
  } catch {
    // A cut or corrupt compressed body: show the raw bytes rather than nothing.
  }
  return buf;
}

const round = (n: number) => Math.max(0, Math.round(n * 1000) / 1000);

/** Send one request exactly as given. Never rejects. */
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

    const base: Omit<RawResult, 'status' | 'statusText' | 'httpVersion' | 'headers' | 'body' | 'bodySize' | 'bodyTruncated' | 'error' | 'errorDetail' | 'durationMs' | 'timings'> = {
      request: req,
      startedMs,
    };

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

    const fail = (err: unknown, error?: string) => {
      if (done) return;
      done = true;
      const end = performance.now() - t0;
      resolve({
        ...base,
        durationMs: round(end),
        timings: timings(end),
        status: 0,
        statusText: '',
        httpVersion: '',
        headers: [],
        body: null,
        bodySize: 0,
        bodyTruncated: false,
        error: error ?? netErrorName(err),
        errorDetail: describeError(err),
      });
    };

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
        headers: headerPairs as unknown as http.OutgoingHttpHeaders,
        agent: false,
        setHost: false,
        timeout: req.timeoutMs,
      });
    } catch (err) {
      // Invalid header characters and the like are rejected synchronously.
      return fail(err);
    }

    const overall = setTimeout(() => {
      cr.destroy(Object.assign(new Error(`no complete answer within ${req.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    }, req.timeoutMs);
    overall.unref?.();

    cr.on('socket', (socket) => {
      socket.once('lookup', () => (tLookup = performance.now() - t0));
      socket.once('connect', () => (tConnect = performance.now() - t0));
      socket.once('secureConnect', () => (tSecure = performance.now() - t0));
    });
    cr.on('timeout', () => {
      cr.destroy(Object.assign(new Error(`no answer within ${req.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    });
    cr.on('error', (err) => {
      clearTimeout(overall);
      fail(err);
    });
    cr.on('finish', () => (tSent = performance.now() - t0));
    cr.on('response', (res) => {
      tFirstByte = performance.now() - t0;
      const chunks: Buffer[] = [];
      let received = 0;
      let kept = 0;
      let truncated = false;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        // Compressed bodies are decoded after the cut; allow some headroom for them.
        if (kept < MAX_BODY_BYTES * 4) {
          chunks.push(chunk);
          kept += chunk.length;
        } else truncated = true;
      });
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(overall);
        const end = performance.now() - t0;
        let buf = decode(Buffer.concat(chunks), res.headers['content-encoding'] as string | undefined);
        if (buf.length > MAX_BODY_BYTES) {
          buf = buf.subarray(0, MAX_BODY_BYTES);
          truncated = true;
        }
        resolve({
          ...base,
          durationMs: round(end),
          timings: timings(end),
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          httpVersion: `HTTP/${res.httpVersion}`,
          headers: rawHeaders(res.rawHeaders),
          body: buf.length > 0 ? buf.toString('utf8') : null,
          bodySize: received,
          bodyTruncated: truncated,
          error: null,
          errorDetail: null,
        });
      };
      res.on('end', finish);
      // A connection cut mid-body still leaves a response worth showing.
      res.on('aborted', finish);
      res.on('error', finish);
      res.on('close', finish);
    });
    if (body) cr.end(body);
    else cr.end();
  });
}
