/**
 * A local stand-in for AWS API Gateway (REST and HTTP APIs) and a few other front doors
 * (CloudFront, Cloudflare, nginx), for tests and the demo.
 *
 * Two node:http servers on random ports of 127.0.0.1, so they are two origins:
 * - the app server (appOrigin) serves the demo page and one same-origin JSON file;
 * - the API server (apiOrigin) answers every case in cases.ts from the request path alone
 *   (plus the method), so a browser, Node's fetch and the CLI probe all get the same answers.
 * A third port is bound and closed again to give a "connection refused" origin.
 *
 * Gateway-generated errors carry no CORS headers: that is what the product has to explain.
 */
import http from 'node:http';
import net from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { CASES, caseById, type CaseSpec } from './cases';
import { renderDemoPage } from './demo-page';

export interface ReceivedRequest {
  method: string;
  /** Path including the query string, exactly as sent (e.g. "/prod/cors-ok?run=3-k2j4"). */
  path: string;
  /** Node's lower-cased request headers. */
  headers: Record<string, string | string[] | undefined>;
}

export interface Emulator {
  /** e.g. "http://127.0.0.1:41234": serves the demo page. */
  appOrigin: string;
  /** e.g. "http://127.0.0.1:41235": the emulated API (another origin: another port). */
  apiOrigin: string;
  /** Origin of a port that was bound and then closed: connection refused. */
  refusedOrigin: string;
  /** Every request the API server received, in order. */
  received: ReceivedRequest[];
  close: () => Promise<void>;
}

type Headers = Record<string, string>;

interface Ctx {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  method: string;
  /** The request's Origin header, if any. */
  origin: string | undefined;
  query: string;
  apiOrigin: string;
  appOrigin: string;
}

// ---------------------------------------------------------------------------------------------
// Response building blocks
// ---------------------------------------------------------------------------------------------

/** base64 of 11 random bytes: 16 characters ending in "=", the shape of x-amz-apigw-id. */
function apigwId(): string {
  return randomBytes(11).toString('base64');
}

function traceId(): string {
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

function send(res: http.ServerResponse, status: number, headers: Headers, body = ''): void {
  const out: Headers = { ...headers };
  if (status !== 204 && status !== 304) out['Content-Length'] = String(Buffer.byteLength(body));
  res.writeHead(status, out);
  res.end(status === 204 || status === 304 ? undefined : body);
}

/** Headers API Gateway (REST) puts on everything it returns. */
function restFingerprint(): Headers {
  return { 'x-amzn-RequestId': randomUUID(), 'x-amz-apigw-id': apigwId() };
}

/** A response API Gateway (REST) generates itself: JSON message, error type, no CORS headers. */
function restGatewayError(ctx: Ctx, status: number, errorType: string | null, body: string): void {
  const headers: Headers = { 'Content-Type': 'application/json', ...restFingerprint() };
  if (errorType) headers['x-amzn-ErrorType'] = errorType;
  send(ctx.res, status, headers, body);
}

const MISSING_TOKEN = (ctx: Ctx) => restGatewayError(ctx, 403, 'MissingAuthenticationTokenException', '{"message":"Missing Authentication Token"}');

/** The API Gateway console's default Access-Control-Allow-Headers list. */
const CONSOLE_ALLOW_HEADERS = 'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token';

/** A REST OPTIONS method backed by a MOCK integration that answers with CORS headers. */
function restPreflight(ctx: Ctx, opts: { methods: string; headers?: string; allowOrigin?: string; credentials?: boolean }): void {
  const headers: Headers = {
    'Content-Type': 'application/json',
    ...restFingerprint(),
    'Access-Control-Allow-Origin': opts.allowOrigin ?? ctx.origin ?? '*',
    'Access-Control-Allow-Methods': opts.methods,
    'Access-Control-Allow-Headers': opts.headers ?? CONSOLE_ALLOW_HEADERS,
    'Access-Control-Max-Age': '0',
    Vary: 'Origin',
  };
  if (opts.credentials) headers['Access-Control-Allow-Credentials'] = 'true';
  send(ctx.res, 204, headers);
}

/** A Lambda proxy integration's answer, passed through by a REST API. */
function restLambda(ctx: Ctx, status: number, payload: unknown, cors: Headers | null): void {
  const headers: Headers = {
    'Content-Type': 'application/json',
    ...restFingerprint(),
    'X-Amzn-Trace-Id': traceId(),
    ...(cors ?? {}),
  };
  send(ctx.res, status, headers, JSON.stringify(payload));
}

const reflect = (ctx: Ctx): Headers => ({ 'Access-Control-Allow-Origin': ctx.origin ?? '*', Vary: 'Origin' });

const NGINX = 'nginx/1.24.0';

function nginxPage(status: number, reason: string): string {
  return (
    `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n` +
    `<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>${NGINX}</center>\r\n</body>\r\n</html>\r\n`
  );
}

function nginxPreflight(ctx: Ctx): void {
  send(ctx.res, 204, {
    Server: NGINX,
    'Content-Type': 'text/plain; charset=utf-8',
    'Access-Control-Allow-Origin': ctx.origin ?? '*',
    'Access-Control-Allow-Methods': 'GET, POST, PUT, OPTIONS',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type',
    'Access-Control-Max-Age': '0',
    Vary: 'Origin',
  });
}

function nginxJson(ctx: Ctx, status: number, payload: unknown, cors: boolean): void {
  send(ctx.res, status, { Server: NGINX, 'Content-Type': 'application/json', ...(cors ? reflect(ctx) : {}) }, JSON.stringify(payload));
}

function httpApiHeaders(): Headers {
  return { 'Content-Type': 'application/json', 'apigw-requestid': apigwId() };
}

function cloudflareChallenge(ctx: Ctx): void {
  const ray = `${randomBytes(8).toString('hex')}-FRA`;
  const body = [
    '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>',
    '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">',
    '<meta name="robots" content="noindex,nofollow">',
    '<meta name="viewport" content="width=device-width,initial-scale=1"></head>',
    '<body><div class="main-wrapper" role="main"><div class="main-content">',
    '<h1>api.example.com</h1>',
    '<p>Checking that the connection is safe before going on. Enable JavaScript and cookies to continue.</p>',
    '<noscript>JavaScript is required for this check.</noscript>',
    `</div></div><div class="footer">Ray ID: <code>${ray.split('-')[0]}</code> &middot; Performance &amp; security by Cloudflare</div>`,
    '</body></html>',
  ].join('\n');
  send(
    ctx.res,
    403,
    {
      'Content-Type': 'text/html; charset=UTF-8',
      'cf-mitigated': 'challenge',
      'cf-ray': ray,
      'Cache-Control': 'private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0',
      Expires: 'Thu, 01 Jan 1970 00:00:01 GMT',
      'Referrer-Policy': 'same-origin',
      'X-Frame-Options': 'SAMEORIGIN',
      'Cross-Origin-Opener-Policy': 'same-origin',
      Server: 'cloudflare',
    },
    body,
  );
}

function cloudfrontWafBlock(ctx: Ctx): void {
  const cfId = randomBytes(42).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  const body = [
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">',
    '<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">',
    '<TITLE>ERROR: The request could not be satisfied</TITLE>',
    '</HEAD><BODY>',
    '<H1>403 ERROR</H1>',
    '<H2>The request could not be satisfied.</H2>',
    '<HR noshade size="1px">',
    'Request blocked. The distribution refused this request; try again later or contact the site owner.',
    '<BR clear="all">',
    '<HR noshade size="1px">',
    '<PRE>',
    'Generated by cloudfront (CloudFront)',
    `Request ID: ${cfId}`,
    '</PRE>',
    '<ADDRESS>',
    '</ADDRESS>',
    '</BODY></HTML>',
  ].join('\n');
  send(
    ctx.res,
    403,
    {
      Server: 'CloudFront',
      'Content-Type': 'text/html',
      'X-Cache': 'Error from cloudfront',
      Via: `1.1 ${randomBytes(16).toString('hex')}.cloudfront.net (CloudFront)`,
      'X-Amz-Cf-Pop': 'FRA56-P5',
      'X-Amz-Cf-Id': cfId,
    },
    body,
  );
}

// ---------------------------------------------------------------------------------------------
// Per-case behaviour (keyed by case id; the route is the case's request.path)
// ---------------------------------------------------------------------------------------------

type Handler = (ctx: Ctx) => void;

const HANDLERS: Record<string, Handler> = {
  'missing-options-route': (ctx) => {
    // Only PUT exists on the resource; OPTIONS (and anything else) is an unknown method.
    if (ctx.method === 'PUT') return restLambda(ctx, 200, { orderId: 'ord-1001', updated: true }, reflect(ctx));
    return MISSING_TOKEN(ctx);
  },

  'throttled-post': (ctx) => {
    if (ctx.method === 'OPTIONS') return restPreflight(ctx, { methods: 'OPTIONS,POST' });
    if (ctx.method === 'POST') return restGatewayError(ctx, 429, 'TooManyRequestsException', '{"message":"Too Many Requests"}');
    return MISSING_TOKEN(ctx);
  },

  'authorizer-on-preflight': (ctx) => {
    // The authorizer guards every method, OPTIONS included; the preflight has no token.
    if (ctx.method === 'OPTIONS') return restGatewayError(ctx, 401, 'UnauthorizedException', '{"message":"Unauthorized"}');
    if (ctx.method === 'GET') return restLambda(ctx, 200, { items: [], count: 0 }, reflect(ctx));
    return MISSING_TOKEN(ctx);
  },

  'waf-blocked-get': (ctx) => {
    // The web ACL matches before any method or route is considered.
    restGatewayError(ctx, 403, 'ForbiddenException', '{"message":"Forbidden"}');
  },

  'allow-headers-missing-authorization': (ctx) => {
    if (ctx.method === 'OPTIONS') return restPreflight(ctx, { methods: 'GET,OPTIONS', headers: 'Content-Type,X-Api-Key' });
    if (ctx.method === 'GET') return restLambda(ctx, 200, { profile: { name: 'Demo User' } }, reflect(ctx));
    return MISSING_TOKEN(ctx);
  },

  'wildcard-with-credentials': (ctx) => {
    const wildcard = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' };
    if (ctx.method === 'OPTIONS') return restPreflight(ctx, { methods: 'GET,OPTIONS', allowOrigin: '*', credentials: true });
    if (ctx.method === 'GET' || ctx.method === 'HEAD') return restLambda(ctx, 200, { user: 'demo-user-42', cart: 3 }, wildcard);
    return MISSING_TOKEN(ctx);
  },

  'cors-ok': (ctx) => {
    if (ctx.method === 'OPTIONS') return restPreflight(ctx, { methods: 'GET,OPTIONS,PUT' });
    if (ctx.method === 'PUT' || ctx.method === 'GET' || ctx.method === 'HEAD')
      return restLambda(ctx, 200, { orderId: 'ord-1002', status: 'paid' }, reflect(ctx));
    return MISSING_TOKEN(ctx);
  },

  'server-error-502': (ctx) => {
    if (ctx.method === 'OPTIONS') return restPreflight(ctx, { methods: 'OPTIONS,POST' });
    if (ctx.method === 'POST') return restGatewayError(ctx, 502, 'InternalServerErrorException', '{"message": "Internal server error"}');
    return MISSING_TOKEN(ctx);
  },

  'gateway-timeout': (ctx) => {
    if (ctx.method === 'OPTIONS') return restPreflight(ctx, { methods: 'OPTIONS,POST' });
    // A real gateway gives up after about 29 s; the emulator answers at once.
    if (ctx.method === 'POST') return restGatewayError(ctx, 504, null, '{"message": "Endpoint request timed out"}');
    return MISSING_TOKEN(ctx);
  },

  'quota-exceeded': (ctx) => {
    if (ctx.method === 'OPTIONS') return restPreflight(ctx, { methods: 'GET,OPTIONS', headers: 'Content-Type,X-Api-Key' });
    if (ctx.method === 'GET' || ctx.method === 'HEAD') return restGatewayError(ctx, 429, 'LimitExceededException', '{"message":"Limit Exceeded"}');
    return MISSING_TOKEN(ctx);
  },

  'origin-mismatch': (ctx) => {
    const prod = { 'Access-Control-Allow-Origin': 'https://app.example.com' };
    if (ctx.method === 'OPTIONS') return restPreflight(ctx, { methods: 'GET,OPTIONS', allowOrigin: 'https://app.example.com' });
    if (ctx.method === 'GET' || ctx.method === 'HEAD') return restLambda(ctx, 200, { flags: { beta: false } }, prod);
    return MISSING_TOKEN(ctx);
  },

  'http-api-authorizer': (ctx) => {
    // No corsConfiguration: "ANY /{proxy+}" with a JWT authorizer also catches OPTIONS.
    if (ctx.method === 'OPTIONS') return send(ctx.res, 401, httpApiHeaders(), '{"message":"Unauthorized"}');
    // With a token the Lambda runs and adds its own CORS header.
    if (ctx.method === 'DELETE') return send(ctx.res, 204, { ...httpApiHeaders(), ...reflect(ctx) });
    return send(ctx.res, 200, { ...httpApiHeaders(), ...reflect(ctx) }, '{"ok":true}');
  },

  'method-not-allowed': (ctx) => {
    if (ctx.method === 'OPTIONS') return restPreflight(ctx, { methods: 'GET,POST,OPTIONS' });
    if (['GET', 'HEAD', 'POST', 'DELETE'].includes(ctx.method)) return restLambda(ctx, 200, { deleted: ctx.method === 'DELETE' }, reflect(ctx));
    return MISSING_TOKEN(ctx);
  },

  'cloudflare-challenge': (ctx) => cloudflareChallenge(ctx),

  'cloudfront-waf': (ctx) => cloudfrontWafBlock(ctx),

  'preflight-redirect': (ctx) => {
    // nginx: "rewrite ^(.*[^/])$ $1/ permanent;" catches every method, OPTIONS included.
    const location = `${ctx.apiOrigin}${caseById('preflight-redirect').request.path}/${ctx.query}`;
    send(ctx.res, 301, { Server: NGINX, 'Content-Type': 'text/html', Location: location }, nginxPage(301, 'Moved Permanently'));
  },

  'multiple-allow-origin': (ctx) => {
    const doubled = {
      'Access-Control-Allow-Origin': `${ctx.origin ?? ctx.appOrigin}, https://other.example`,
      Vary: 'Origin',
    };
    if (ctx.method === 'OPTIONS') return restPreflight(ctx, { methods: 'GET,OPTIONS' });
    if (ctx.method === 'GET' || ctx.method === 'HEAD') return restLambda(ctx, 200, { version: '2.4.1' }, doubled);
    return MISSING_TOKEN(ctx);
  },

  'nginx-error-without-always': (ctx) => {
    if (ctx.method === 'OPTIONS') return nginxPreflight(ctx);
    // The upstream is failing; "add_header ... ;" without "always" skips error responses.
    send(ctx.res, 500, { Server: NGINX, 'Content-Type': 'text/html' }, nginxPage(500, 'Internal Server Error'));
  },

  'simple-get-ok': (ctx) => {
    if (ctx.method === 'OPTIONS') return restPreflight(ctx, { methods: 'GET,OPTIONS', allowOrigin: '*' });
    if (ctx.method === 'GET' || ctx.method === 'HEAD') return restLambda(ctx, 200, { status: 'healthy' }, { 'Access-Control-Allow-Origin': '*' });
    return MISSING_TOKEN(ctx);
  },
};

/** The redirect target of preflight-redirect: a correct nginx location. */
function redirectTarget(ctx: Ctx): void {
  if (ctx.method === 'OPTIONS') return nginxPreflight(ctx);
  nginxJson(ctx, 200, { displayName: 'Ada', saved: true }, true);
}

/** Anything without a case: answered the way the front door for that prefix would. */
function unknownRoute(ctx: Ctx, pathname: string): void {
  if (pathname.startsWith('/http-api/')) return send(ctx.res, 404, httpApiHeaders(), '{"message":"Not Found"}');
  if (pathname.startsWith('/api/')) return send(ctx.res, 404, { Server: NGINX, 'Content-Type': 'text/html' }, nginxPage(404, 'Not Found'));
  // REST APIs answer unknown paths (and methods) with 403 Missing Authentication Token.
  return MISSING_TOKEN(ctx);
}

// ---------------------------------------------------------------------------------------------
// Servers
// ---------------------------------------------------------------------------------------------

function listen(server: http.Server | net.Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      const addr = server.address();
      if (!addr || typeof addr === 'string') return reject(new Error('no TCP address'));
      resolve(addr.port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function originOf(host: string, port: number): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

function splitUrl(url: string | undefined): { pathname: string; query: string } {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q === -1 ? { pathname: raw, query: '' } : { pathname: raw.slice(0, q), query: raw.slice(q) };
}

export async function startEmulator(opts: { host?: string } = {}): Promise<Emulator> {
  const host = opts.host ?? '127.0.0.1';
  const received: ReceivedRequest[] = [];

  // A port that was bound and released: nothing listens there afterwards.
  const probe = net.createServer();
  const refusedPort = await listen(probe, host);
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  const routes = new Map<string, CaseSpec>();
  for (const c of CASES) if ((c.request.target ?? 'api') === 'api') routes.set(c.request.path, c);
  const redirectPath = `${caseById('preflight-redirect').request.path}/`;

  let apiOrigin = '';
  let appOrigin = '';
  const refusedOrigin = originOf(host, refusedPort);

  const api = http.createServer((req, res) => {
    received.push({ method: req.method ?? '', path: req.url ?? '/', headers: { ...req.headers } });
    req.resume();
    const { pathname, query } = splitUrl(req.url);
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    const ctx: Ctx = { req, res, method: (req.method ?? 'GET').toUpperCase(), origin, query, apiOrigin, appOrigin };
    try {
      if (pathname === redirectPath) return redirectTarget(ctx);
      const spec = routes.get(pathname);
      const handler = spec ? HANDLERS[spec.id] : undefined;
      if (!handler) return unknownRoute(ctx, pathname);
      handler(ctx);
    } catch (err) {
      if (!res.headersSent) send(res, 500, { 'Content-Type': 'text/plain' }, `emulator error: ${String(err)}`);
      else res.destroy();
    }
  });

  const app = http.createServer((req, res) => {
    req.resume();
    const { pathname } = splitUrl(req.url);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }, 'Method Not Allowed');
    }
    if (pathname === '/' || pathname === '/index.html') {
      const html = renderDemoPage({ apiOrigin, refusedOrigin, cases: CASES });
      return send(res, 200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }, html);
    }
    if (pathname === '/app/config.json') {
      const body = JSON.stringify({ app: 'CORS X-Ray demo app', apiBase: `${apiOrigin}/prod`, features: { orders: true } });
      return send(res, 200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, body);
    }
    if (pathname === '/cases.json') {
      return send(res, 200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, JSON.stringify(CASES));
    }
    if (pathname === '/favicon.ico') return send(res, 204, {});
    return send(res, 404, { 'Content-Type': 'text/plain' }, 'Not Found');
  });

  // Keep-alive sockets must not hold the process open for long once tests stop using them.
  api.keepAliveTimeout = 1000;
  app.keepAliveTimeout = 1000;

  try {
    apiOrigin = originOf(host, await listen(api, host));
    appOrigin = originOf(host, await listen(app, host));
  } catch (err) {
    await Promise.all([closeServer(api), closeServer(app)]);
    throw err;
  }

  let closing: Promise<void> | null = null;
  return {
    appOrigin,
    apiOrigin,
    refusedOrigin,
    received,
    close() {
      closing ??= Promise.all([closeServer(api), closeServer(app)]).then(() => undefined);
      return closing;
    },
  };
}
