import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import net from 'node:net';
import { startEmulator, type Emulator } from '../server/emulator';
import { CASES, caseById, preflightRequestHeaders, DEMO_COOKIE, type CaseSpec } from '../server/cases';
import { escapeHtml } from '../server/demo-page';

let emu: Emulator;
let runCounter = 0;

beforeAll(async () => {
  emu = await startEmulator();
});

afterAll(async () => {
  await emu?.close();
});

function baseFor(spec: CaseSpec): string {
  const target = spec.request.target ?? 'api';
  return target === 'app' ? emu.appOrigin : target === 'refused' ? emu.refusedOrigin : emu.apiOrigin;
}

function freshUrl(spec: CaseSpec): { url: string; path: string } {
  runCounter += 1;
  const path = `${spec.request.path}?run=t${runCounter}`;
  return { url: baseFor(spec) + path, path };
}

const SAFELISTED_METHODS = ['GET', 'HEAD', 'POST'];

function listOf(value: string | null): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** Fetch's CORS check (enough of it to cross-check the expectations in cases.ts). */
function corsCheckPasses(res: Response, origin: string, credentialed: boolean): boolean {
  const allowOrigin = res.headers.get('access-control-allow-origin');
  if (allowOrigin === null) return false;
  if (allowOrigin === '*') return !credentialed;
  if (allowOrigin !== origin) return false;
  return !credentialed || res.headers.get('access-control-allow-credentials') === 'true';
}

async function sendPreflight(spec: CaseSpec, url: string): Promise<Response> {
  const headers: Record<string, string> = {
    Origin: emu.appOrigin,
    'Access-Control-Request-Method': spec.request.method,
  };
  const requested = preflightRequestHeaders(spec);
  if (requested) headers['Access-Control-Request-Headers'] = requested;
  return fetch(url, { method: 'OPTIONS', headers, redirect: 'manual' });
}

async function sendActual(spec: CaseSpec, url: string): Promise<Response> {
  const headers: Record<string, string> = { ...(spec.request.headers ?? {}) };
  if ((spec.request.target ?? 'api') !== 'app') headers.Origin = emu.appOrigin;
  if (spec.request.credentials === 'include') headers.Cookie = DEMO_COOKIE;
  const init: RequestInit = { method: spec.request.method, headers, redirect: 'manual' };
  if (spec.request.body !== undefined) init.body = spec.request.body;
  return fetch(url, init);
}

/** Gateway-generated error bodies and error types, as the brief and the reference describe them. */
const GATEWAY_ERRORS: Record<string, { leg: 'preflight' | 'actual'; errorType: string | null; message: string }> = {
  'missing-options-route': { leg: 'preflight', errorType: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' },
  'throttled-post': { leg: 'actual', errorType: 'TooManyRequestsException', message: 'Too Many Requests' },
  'authorizer-on-preflight': { leg: 'preflight', errorType: 'UnauthorizedException', message: 'Unauthorized' },
  'waf-blocked-get': { leg: 'actual', errorType: 'ForbiddenException', message: 'Forbidden' },
  'server-error-502': { leg: 'actual', errorType: 'InternalServerErrorException', message: 'Internal server error' },
  'gateway-timeout': { leg: 'actual', errorType: null, message: 'Endpoint request timed out' },
  'quota-exceeded': { leg: 'actual', errorType: 'LimitExceededException', message: 'Limit Exceeded' },
  'http-api-authorizer': { leg: 'preflight', errorType: null, message: 'Unauthorized' },
};

function expectFingerprint(spec: CaseSpec, res: Response): void {
  switch (spec.expect.gateway) {
    case 'aws-api-gateway-rest':
      expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(res.headers.get('x-amz-apigw-id')).toMatch(/^[A-Za-z0-9+/]{15}=$/);
      break;
    case 'aws-api-gateway-http':
      expect(res.headers.get('apigw-requestid')).toBeTruthy();
      expect(res.headers.get('x-amzn-requestid')).toBeNull();
      break;
    case 'cloudfront':
      expect(res.headers.get('via')).toMatch(/^1\.1 [0-9a-f]+\.cloudfront\.net \(CloudFront\)$/);
      expect(res.headers.get('x-amz-cf-id')).toBeTruthy();
      expect(res.headers.get('x-amz-cf-pop')).toBeTruthy();
      expect(res.headers.get('x-cache')).toBe('Error from cloudfront');
      expect(res.headers.get('server')).toBe('CloudFront');
      break;
    case 'cloudflare':
      expect(res.headers.get('server')).toBe('cloudflare');
      expect(res.headers.get('cf-ray')).toMatch(/^[0-9a-f]{16}-FRA$/);
      break;
    case 'nginx':
      expect(res.headers.get('server')).toBe('nginx/1.24.0');
      break;
    case null:
      break;
  }
}

describe('cases.ts', () => {
  it('has unique kebab-case ids and unique paths', () => {
    const ids = CASES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const paths = CASES.map((c) => `${c.request.target ?? 'api'} ${c.request.path}`);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('contains every required case', () => {
    for (const id of [
      'missing-options-route',
      'throttled-post',
      'authorizer-on-preflight',
      'waf-blocked-get',
      'allow-headers-missing-authorization',
      'wildcard-with-credentials',
      'cors-ok',
      'connection-refused',
      'server-error-502',
      'gateway-timeout',
      'quota-exceeded',
      'origin-mismatch',
      'http-api-authorizer',
      'method-not-allowed',
      'cloudflare-challenge',
      'cloudfront-waf',
      'preflight-redirect',
      'same-origin',
      'multiple-allow-origin',
      'nginx-error-without-always',
    ]) {
      expect(caseById(id).id).toBe(id);
    }
    expect(() => caseById('no-such-case')).toThrow(/Unknown emulator case/);
  });

  it('keeps expectations self-consistent', () => {
    for (const c of CASES) {
      const e = c.expect;
      expect(e.preflightSent, c.id).toBe(e.preflightStatus !== null);
      expect(e.actualSent, c.id).toBe(e.actualStatus !== null);
      if (e.verdict === 'ok') {
        expect(e.blockedLeg, c.id).toBeNull();
        expect(e.hiddenStatus, c.id).toBeNull();
        expect(e.primaryRule, c.id).toBeNull();
      } else {
        expect(e.primaryRule, c.id).toBeTruthy();
      }
      if (e.verdict === 'not-cors') expect(e.blockedLeg, c.id).toBeNull();
      if (e.blockedLeg === 'preflight') expect(e.actualSent, c.id).toBe(false);
      if (e.hiddenStatus) {
        expect(e.verdict, c.id).toBe('cors-blocked');
        expect(e.hiddenStatus.leg, c.id).toBe(e.blockedLeg);
        const legStatus = e.hiddenStatus.leg === 'preflight' ? e.preflightStatus : e.actualStatus;
        expect(e.hiddenStatus.status, c.id).toBe(legStatus);
      }
      // A preflight happens exactly when the request is not simple.
      const needsPreflight = (c.request.target ?? 'api') !== 'app' && (!SAFELISTED_METHODS.includes(c.request.method) || preflightRequestHeaders(c) !== '');
      if ((c.request.target ?? 'api') === 'api') expect(e.preflightSent, c.id).toBe(needsPreflight);
    }
  });
});

describe('emulated gateways answer every case as specified', () => {
  for (const spec of CASES) {
    it(spec.id, async () => {
      const e = spec.expect;
      const before = emu.received.length;
      const sent: Array<{ method: string; path: string }> = [];
      const credentialed = spec.request.credentials === 'include';

      if ((spec.request.target ?? 'api') === 'refused') {
        const { url } = freshUrl(spec);
        const err = await sendActual(spec, url).then(
          () => null,
          (error: unknown) => error as Error & { cause?: { code?: string } },
        );
        expect(err).not.toBeNull();
        expect(err?.cause?.code).toBe('ECONNREFUSED');
        expect(emu.received.length).toBe(before);
        return;
      }

      const { url, path } = freshUrl(spec);
      // Simulate what Chromium would decide, to cross-check verdict and blockedLeg.
      let blockedLeg: 'preflight' | 'actual' | null = null;

      if (e.preflightSent) {
        const pre = await sendPreflight(spec, url);
        await pre.arrayBuffer();
        sent.push({ method: 'OPTIONS', path });
        expect(pre.status).toBe(e.preflightStatus);
        expectFingerprint(spec, pre);

        if (pre.status >= 300) {
          // Gateway-generated errors and redirects: no CORS headers at all.
          expect(pre.headers.get('access-control-allow-origin')).toBeNull();
        }
        if (pre.status >= 300 && pre.status < 400) expect(pre.headers.get('location')).toBeTruthy();

        const methodOk =
          SAFELISTED_METHODS.includes(spec.request.method) ||
          listOf(pre.headers.get('access-control-allow-methods')).includes(spec.request.method.toLowerCase()) ||
          (!credentialed && listOf(pre.headers.get('access-control-allow-methods')).includes('*'));
        const allowedHeaders = listOf(pre.headers.get('access-control-allow-headers'));
        const headersOk = listOf(preflightRequestHeaders(spec)).every(
          (h) => allowedHeaders.includes(h) || (!credentialed && h !== 'authorization' && allowedHeaders.includes('*')),
        );
        const preflightPasses = corsCheckPasses(pre, emu.appOrigin, credentialed) && pre.status >= 200 && pre.status < 300 && methodOk && headersOk;
        if (!preflightPasses) blockedLeg = 'preflight';
      }

      expect(blockedLeg === 'preflight').toBe(!e.actualSent && e.preflightSent);

      if (e.actualSent) {
        const res = await sendActual(spec, url);
        const body = await res.text();
        sent.push({ method: spec.request.method, path });
        expect(res.status).toBe(e.actualStatus);
        expectFingerprint(spec, res);
        if (res.status >= 400) expect(res.headers.get('access-control-allow-origin')).toBeNull();
        const crossOrigin = (spec.request.target ?? 'api') !== 'app';
        if (crossOrigin && !corsCheckPasses(res, emu.appOrigin, credentialed)) blockedLeg = 'actual';
        if (spec.id === 'same-origin') expect(JSON.parse(body)).toMatchObject({ app: 'CORS X-Ray demo app' });
      }

      expect(blockedLeg).toBe(e.blockedLeg);
      expect(blockedLeg === null ? 'ok' : 'cors-blocked').toBe(e.verdict);

      // The API server recorded exactly what was sent, in order (the app server is not recorded).
      const recorded = emu.received.slice(before).map((r) => ({ method: r.method, path: r.path }));
      if ((spec.request.target ?? 'api') === 'api') expect(recorded).toEqual(sent);
      else expect(recorded).toEqual([]);
    });
  }
});

describe('gateway error details', () => {
  for (const [id, detail] of Object.entries(GATEWAY_ERRORS)) {
    it(`${id}: ${detail.leg} carries the gateway's own JSON error`, async () => {
      const spec = caseById(id);
      const { url } = freshUrl(spec);
      const res = detail.leg === 'preflight' ? await sendPreflight(spec, url) : await sendActual(spec, url);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(JSON.parse(await res.text())).toEqual({ message: detail.message });
      expect(res.headers.get('x-amzn-errortype')).toBe(detail.errorType);
      for (const name of res.headers.keys()) expect(name.startsWith('access-control-')).toBe(false);
    });
  }

  it('successful preflights reflect the Origin and do not ask for long caching', async () => {
    for (const id of ['throttled-post', 'cors-ok', 'server-error-502', 'quota-exceeded', 'nginx-error-without-always']) {
      const spec = caseById(id);
      const res = await sendPreflight(spec, freshUrl(spec).url);
      expect(res.status, id).toBe(204);
      expect(res.headers.get('access-control-allow-origin'), id).toBe(emu.appOrigin);
      expect(Number(res.headers.get('access-control-max-age') ?? '0'), id).toBe(0);
    }
  });

  it('allow-headers-missing-authorization lists Content-Type and X-Api-Key only', async () => {
    const spec = caseById('allow-headers-missing-authorization');
    const res = await sendPreflight(spec, freshUrl(spec).url);
    expect(res.headers.get('access-control-allow-headers')).toBe('Content-Type,X-Api-Key');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,OPTIONS');
  });

  it('method-not-allowed lists GET,POST,OPTIONS', async () => {
    const spec = caseById('method-not-allowed');
    const res = await sendPreflight(spec, freshUrl(spec).url);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
  });

  it('wildcard, mismatch and multiple-origin cases send the wrong Allow-Origin', async () => {
    const wild = caseById('wildcard-with-credentials');
    const r1 = await sendActual(wild, freshUrl(wild).url);
    expect(r1.headers.get('access-control-allow-origin')).toBe('*');
    const mismatch = caseById('origin-mismatch');
    const r2 = await sendActual(mismatch, freshUrl(mismatch).url);
    expect(r2.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const multi = caseById('multiple-allow-origin');
    const r3 = await sendActual(multi, freshUrl(multi).url);
    expect(r3.headers.get('access-control-allow-origin')).toBe(`${emu.appOrigin}, https://other.example`);
  });

  it('the wildcard case receives the session cookie', async () => {
    const spec = caseById('wildcard-with-credentials');
    const { url, path } = freshUrl(spec);
    await (await sendActual(spec, url)).arrayBuffer();
    const rec = emu.received.find((r) => r.path === path);
    expect(rec?.headers.cookie).toBe(DEMO_COOKIE);
    expect(rec?.headers.origin).toBe(emu.appOrigin);
  });

  it('cloudflare and cloudfront answer with their HTML block pages', async () => {
    const cf = caseById('cloudflare-challenge');
    const r1 = await sendActual(cf, freshUrl(cf).url);
    expect(r1.headers.get('cf-mitigated')).toBe('challenge');
    expect(r1.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await r1.text()).toContain('Just a moment');
    const front = caseById('cloudfront-waf');
    const r2 = await sendActual(front, freshUrl(front).url);
    const html = await r2.text();
    expect(html).toContain('403 ERROR');
    expect(html).toContain('The request could not be satisfied');
  });

  it('nginx 500 is an HTML error page; the redirect target is a working location', async () => {
    const spec = caseById('nginx-error-without-always');
    const r1 = await sendActual(spec, freshUrl(spec).url);
    expect(await r1.text()).toContain('<h1>500 Internal Server Error</h1>');
    const redirect = caseById('preflight-redirect');
    const pre = await sendPreflight(redirect, freshUrl(redirect).url);
    const location = pre.headers.get('location');
    expect(location).toMatch(new RegExp(`^${emu.apiOrigin}/api/preflight-redirect/\\?run=t\\d+$`));
    const followed = await sendPreflight(redirect, location!);
    expect(followed.status).toBe(204);
    expect(followed.headers.get('access-control-allow-origin')).toBe(emu.appOrigin);
  });

  it('unknown routes get the REST "Missing Authentication Token" answer', async () => {
    const res = await fetch(`${emu.apiOrigin}/prod/nothing-here`);
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
  });
});

describe('demo page', () => {
  it('is served at appOrigin with every case and the origins rendered', async () => {
    const res = await fetch(`${emu.appOrigin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<title>CORS X-Ray demo app</title>');
    expect(html).toContain(emu.apiOrigin);
    expect(html).toContain(emu.refusedOrigin);
    for (const c of CASES) expect(html).toContain(`data-run="${c.id}"`);
    const json = /<script id="demo-config" type="application\/json">([^<]*)<\/script>/.exec(html)?.[1];
    const config = JSON.parse(json ?? 'null') as { apiOrigin: string; cases: Array<{ id: string }> };
    expect(config.apiOrigin).toBe(emu.apiOrigin);
    expect(config.cases.map((c) => c.id)).toEqual(CASES.map((c) => c.id));
    expect(html).toContain('window.runCase');
    expect(html).toContain('window.runAll');
    expect(html).toContain('window.CASE_IDS');
  });

  it('escapes what it renders', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('lifecycle', () => {
  function canConnect(port: number): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }

  function canListen(port: number): Promise<boolean> {
    return new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  }

  it('listens on 127.0.0.1, refuses on refusedOrigin, and close() releases both ports', async () => {
    const serversBefore = process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    const own = await startEmulator();
    const apiPort = Number(new URL(own.apiOrigin).port);
    const appPort = Number(new URL(own.appOrigin).port);
    const refusedPort = Number(new URL(own.refusedOrigin).port);
    expect(new URL(own.apiOrigin).hostname).toBe('127.0.0.1');
    expect(new Set([apiPort, appPort, refusedPort]).size).toBe(3);
    expect(await canConnect(apiPort)).toBe(true);
    expect(await canConnect(appPort)).toBe(true);
    expect(await canConnect(refusedPort)).toBe(false);

    // Leave a keep-alive connection open: close() must not wait for it.
    await (await fetch(`${own.apiOrigin}/prod/cors-ok`)).arrayBuffer();
    await own.close();
    await own.close(); // idempotent

    expect(await canConnect(apiPort)).toBe(false);
    expect(await canConnect(appPort)).toBe(false);
    expect(await canListen(apiPort)).toBe(true);
    expect(await canListen(appPort)).toBe(true);
    // Closed handles leave the list once the event loop has run their close callbacks.
    const countServers = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    for (let i = 0; i < 50 && countServers() !== serversBefore; i++) await new Promise((r) => setTimeout(r, 10));
    expect(countServers()).toBe(serversBefore);
  });
});
