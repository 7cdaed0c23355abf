/**
 * The probe against hostile bodies: decompression bombs are decoded as they stream in and cut at
 * the body limit (MAX_BODY_BYTES decoded, 4× that on the wire); a body or an answer that never
 * ends is cut by the one --timeout deadline, which covers the whole probe (issue 12, item 1).
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, send } from '../../../src/probe/http';
import { probe } from '../../../src/probe/probe';
import { allow, brotliBomb, gzipBomb, startHostile, type HostileServer } from './hostile-server';

let srv: HostileServer;
const APP = 'https://app.example.com';
const GZIP_BOMB = gzipBomb(16, 64); // ~1 MB on the wire, 1 GiB decoded
let brBomb: Buffer;

beforeAll(async () => {
  srv = await startHostile();
  brBomb = await brotliBomb(256); // a few hundred bytes, 256 MiB decoded
  const serve = (body: Buffer, encoding: string) => (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    res.writeHead(200, allow(req, { 'Content-Encoding': encoding, 'Content-Type': 'text/plain', 'Content-Length': String(body.length) }));
    res.end(body);
  };
  srv.route('/gzip-bomb', serve(GZIP_BOMB, 'gzip'));
  srv.route('/br-bomb', serve(brBomb, 'br'));
  srv.route('/gzip-br', serve(zlib.brotliCompressSync(zlib.gzipSync('hello, twice encoded')), 'gzip, br'));
  srv.route('/deflate-raw', serve(zlib.deflateRawSync('raw deflate body'), 'deflate'));
  srv.route('/deflate-zlib', serve(zlib.deflateSync('zlib deflate body'), 'deflate'));
  srv.route('/zstd', serve(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3]), 'zstd'));
  srv.route('/corrupt', serve(Buffer.concat([zlib.gzipSync('good start ').subarray(0, 20), Buffer.from('garbage!garbage!garbage!')]), 'gzip'));
  srv.route('/big-plain', (req, res) => {
    res.writeHead(200, allow(req, { 'Content-Type': 'text/plain' }));
    // 8 MiB, written as the client reads: the client must stop reading at the limit.
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let left = 128;
    const pump = () => {
      while (left > 0) {
        left--;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  srv.route('/trickle', (req, res) => {
    // Headers, then one byte every 50 ms for ever: only the deadline ends it.
    res.writeHead(200, allow(req, { 'Content-Type': 'text/plain' }));
    const t = setInterval(() => res.write('.'), 50);
    res.on('close', () => clearInterval(t));
  });
  srv.route('/silent', () => {
    // Never answers.
  });
  srv.route('/slow-preflight', (req, res) => {
    // The preflight takes 400 ms, within a 600 ms --timeout; the actual request then has 200 ms
    // left, and takes 400 ms: the one deadline covers both legs.
    const delay = 400;
    const t = setTimeout(() => {
      if (req.method === 'OPTIONS') res.writeHead(204, allow(req, { 'Access-Control-Allow-Methods': 'PUT' })).end();
      else res.writeHead(200, allow(req)).end('late');
    }, delay);
    res.on('close', () => clearTimeout(t));
  });
});
afterAll(async () => {
  await srv?.close();
});

const req = (path: string, deadlineMs = 10_000) =>
  send({
    method: 'GET',
    url: `${srv.origin}${path}`,
    headers: [
      { name: 'Host', value: new URL(srv.origin).host },
      { name: 'Accept-Encoding', value: 'gzip, deflate, br' },
    ],
    deadline: Date.now() + deadlineMs,
  });

describe('bounded, streamed decoding', () => {
  it('a 1 MB gzip bomb (1 GiB decoded) is cut at the decoded limit, reading at most 4× the limit', async () => {
    const r = await req('/gzip-bomb');
    expect(r.error).toBeNull();
    expect(r.status).toBe(200);
    expect(r.body!.length).toBe(MAX_BODY_BYTES);
    expect(r.bodyTruncated).toBe(true);
    expect(r.bodySize).toBeLessThanOrEqual(MAX_BODY_BYTES * 4);
    expect(r.bodyNote).toMatch(/^Body cut at 64 KiB of decoded gzip/);
  });

  it('a brotli bomb (256 MiB decoded) is cut at the decoded limit', async () => {
    expect(brBomb.length).toBeLessThan(10_000);
    const r = await req('/br-bomb');
    expect(r.body!.length).toBe(MAX_BODY_BYTES);
    expect(r.bodyTruncated).toBe(true);
    expect(r.bodyNote).toMatch(/of decoded br/);
  });

  it('decodes chained codings, raw and zlib deflate', async () => {
    expect((await req('/gzip-br')).body).toBe('hello, twice encoded');
    expect((await req('/deflate-raw')).body).toBe('raw deflate body');
    expect((await req('/deflate-zlib')).body).toBe('zlib deflate body');
  });

  it('does not show a body it cannot decode, and says why', async () => {
    const r = await req('/zstd');
    expect(r.status).toBe(200);
    expect(r.body).toBeNull();
    expect(r.bodyNote).toContain('does not decode Content-Encoding zstd');
  });

  it('a corrupt gzip body keeps what decoded and says it could not decode the rest', async () => {
    const r = await req('/corrupt');
    expect(r.status).toBe(200);
    expect(r.bodyNote).toMatch(/could not be decoded/);
  });

  it('stops reading a large plain body at the limit and closes the connection', async () => {
    const before = srv.sockets.length;
    const r = await req('/big-plain');
    expect(r.body!.length).toBe(MAX_BODY_BYTES);
    expect(r.bodyTruncated).toBe(true);
    expect(r.bodySize).toBe(MAX_BODY_BYTES);
    expect(r.bodyNote).toBe('Body cut at 64 KiB; the rest was not read.');
    const sock = srv.sockets[before]!;
    await expect.poll(() => sock.closed).toBe(true);
    // The server could write what the socket buffers took, far less than the 8 MiB it had.
    expect(sock.written()).toBeLessThan(8 * 1024 * 1024);
  });
});

describe('one deadline for the whole probe', () => {
  it('a body that never ends is cut at the deadline; the response is kept', async () => {
    const r = await req('/trickle', 300);
    expect(r.status).toBe(200);
    expect(r.error).toBeNull();
    expect(r.bodyTruncated).toBe(true);
    expect(r.bodyNote).toMatch(/deadline passed while it was read/);
  });

  it('an answer that never comes is a timeout', async () => {
    const r = await req('/silent', 200);
    expect(r.status).toBe(0);
    expect(r.error).toBe('net::ERR_TIMED_OUT');
  });

  it('covers both legs: a slow preflight leaves the actual request only the rest of the time', async () => {
    const r = await probe({
      url: `${srv.origin}/slow-preflight`,
      origin: APP,
      method: 'PUT',
      headers: [],
      credentials: false,
      sendActual: true,
      timeoutMs: 600,
    });
    expect(r.preflight!.status).toBe(204);
    expect(r.actual!.status).toBe(0);
    expect(r.actual!.error).toBe('net::ERR_TIMED_OUT');
  });
});
