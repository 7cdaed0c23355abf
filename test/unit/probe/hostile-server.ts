/**
 * A local HTTP server that misbehaves on purpose, for the probe's tests: decompression bombs,
 * bodies that never end, answers that never come, and every kind of redirect. Routes are set per
 * test; each request is recorded (method, path, headers) so a test can assert what was sent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface HostileServer {
  origin: string;
  received: Received[];
  route: (path: string, h: Handler) => void;
  /** Sockets opened so far (and whether each is closed). */
  sockets: Array<{ closed: boolean; written: () => number }>;
  close: () => Promise<void>;
}

export async function startHostile(host = '127.0.0.1'): Promise<HostileServer> {
  const routes = new Map<string, Handler>();
  const received: Received[] = [];
  const sockets: HostileServer['sockets'] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    const h = routes.get(path);
    if (!h) {
      res.writeHead(404).end('no route');
      return;
    }
    h(req, res);
  });
  server.on('connection', (s) => {
    const rec = { closed: false, written: () => s.bytesWritten };
    sockets.push(rec);
    s.on('close', () => (rec.closed = true));
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://${host}:${port}`,
    received,
    sockets,
    route: (p, h) => routes.set(p, h),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** `copies` gzip members of `mib` MiB of zeros each (a multi-member gzip stream is valid). */
export function gzipBomb(mib: number, copies: number): Buffer {
  const member = zlib.gzipSync(Buffer.alloc(mib * 1024 * 1024), { level: 9 });
  return Buffer.concat(Array.from({ length: copies }, () => member));
}

/** Brotli of `mib` MiB of zeros (a multiple of 16): a few hundred bytes for hundreds of MiB. */
export async function brotliBomb(mib: number): Promise<Buffer> {
  const chunk = Buffer.alloc(16 * 1024 * 1024);
  const enc = zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 } });
  const out: Buffer[] = [];
  enc.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((r) => enc.on('end', r));
  for (let i = 0; i < mib / 16; i++) if (!enc.write(chunk)) await new Promise((r) => enc.once('drain', r));
  enc.end();
  await ended;
  return Buffer.concat(out);
}

/** CORS headers allowing whatever Origin the request carried. */
export function allow(req: http.IncomingMessage, extra: Record<string, string> = {}): Record<string, string> {
  return { 'Access-Control-Allow-Origin': String(req.headers.origin ?? '*'), ...extra };
}
