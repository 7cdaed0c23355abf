/**
 * Redirects as a browser (Chromium) handles them for a cross-origin fetch() (issue 12, item 5),
 * against local servers: a redirected preflight fails; an actual request's redirects are followed
 * under the CORS rules (each hop's CORS check, Origin "null" after a cross-origin redirect, a new
 * preflight where needed, at most 20 redirects, no credentials in a cross-origin Location, http(s)
 * only), and the output says what happened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REDIRECTS, probe, redirectLines, type ProbeOptions } from '../../../src/probe/probe';
import { probeExitCode, renderProbeText, runProbe } from '../../../src/cli/probe-command';
import { makeStyle } from '../../../src/cli/style';
import { allow, startHostile, type HostileServer } from './hostile-server';

const APP = 'https://app.example.com';
let a: HostileServer;
let b: HostileServer;

beforeAll(async () => {
  a = await startHostile('127.0.0.1');
  b = await startHostile('127.0.0.1');
  for (const status of [301, 302, 303, 307, 308]) {
    a.route(`/r${status}`, (req, res) => res.writeHead(status, allow(req, { Location: '/final' })).end());
  }
  a.route('/final', (req, res) => res.writeHead(200, allow(req, { 'Content-Type': 'text/plain' })).end(`final ${req.method}`));
  a.route('/loop', (req, res) => res.writeHead(302, allow(req, { Location: '/loop' })).end());
  a.route('/no-cors-redirect', (_req, res) => res.writeHead(302, { Location: `${b.origin}/echo` }).end());
  a.route('/to-b', (req, res) => {
    if (req.method === 'OPTIONS')
      res.writeHead(204, allow(req, { 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'content-type, authorization' })).end();
    else res.writeHead(307, allow(req, { Location: `${b.origin}/echo` })).end();
  });
  a.route('/to-b-strict', (req, res) => res.writeHead(302, allow(req, { Location: `${b.origin}/strict` })).end());
  a.route('/to-ftp', (req, res) => res.writeHead(302, allow(req, { Location: 'ftp://files.example.com/x' })).end());
  a.route('/to-creds', (req, res) => res.writeHead(302, allow(req, { Location: `http://user:secret@${new URL(b.origin).host}/echo` })).end());
  a.route('/preflight-redirect', (req, res) => {
    if (req.method === 'OPTIONS') res.writeHead(301, allow(req, { Location: `${a.origin}/elsewhere/` })).end();
    else res.writeHead(200, allow(req)).end();
  });
  b.route('/echo', (req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, allow(req, { 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'content-type, authorization' })).end();
      return;
    }
    res.writeHead(200, allow(req, { 'Content-Type': 'text/plain' })).end(`echo ${req.method} origin=${req.headers.origin}`);
  });
  // Allows the page's origin only: after a cross-origin redirect the request's Origin is "null".
  b.route('/strict', (_req, res) => res.writeHead(200, { 'Access-Control-Allow-Origin': APP }).end('strict'));
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

const opts = (url: string, more: Partial<ProbeOptions> = {}): ProbeOptions => ({
  url,
  origin: APP,
  method: 'GET',
  headers: [],
  credentials: false,
  sendActual: false,
  timeoutMs: 10_000,
  ...more,
});
const text = (r: Awaited<ReturnType<typeof runProbe>>) => renderProbeText(r.result, r.analysis, { redact: true, style: makeStyle(false), width: 100 });

describe('a redirected preflight', () => {
  it('fails, as in Chromium, and the output names the Location', async () => {
    const run = await runProbe(opts(`${a.origin}/preflight-redirect`, { method: 'PUT', sendActual: false }));
    expect(run.result.browser.outcome).toBe('cors-blocked');
    expect(run.result.browser.reason).toBe('PreflightDisallowedRedirect');
    expect(run.result.browser.explanation).toContain(`${a.origin}/elsewhere/`);
    expect(run.result.browserSendsActual).toBe(false);
    expect(probeExitCode(run.result, run.analysis)).toBe(1);
    const out = text(run);
    expect(out).toContain('Redirect is not allowed for a preflight request.');
    expect(out).toContain(`redirect to ${a.origin}/elsewhere/`);
    expect(run.analysis.exchanges[0]!.findings[0]!.rule).toBe('preflight-redirect');
  });
});

describe('an actual request is redirected', () => {
  it.each([301, 302, 303, 307, 308])('%i is followed; each hop passes the CORS check', async (status) => {
    const run = await runProbe(opts(`${a.origin}/r${status}`));
    const r = run.result;
    expect(r.browser.outcome).toBe('ok');
    expect(r.hops.map((h) => h.response?.status)).toEqual([status, 200]);
    expect(r.hops[1]!.spec.url).toBe(`${a.origin}/final`);
    expect(r.actual!.body).toBe('final GET');
    expect(redirectLines(r)[0]).toContain(`→ ${status}`);
    expect(text(run)).toContain('Redirected request');
    expect(probeExitCode(r, run.analysis)).toBe(0);
  });

  it('302 turns a POST into a GET without its body; 307 keeps the POST and its body', async () => {
    const p302 = await probe(
      opts(`${a.origin}/r302`, { method: 'POST', body: 'x=1', headers: [{ name: 'Content-Type', value: 'text/plain' }], sendActual: true }),
    );
    expect(p302.hops[1]!.spec.method).toBe('GET');
    expect(p302.hops[1]!.spec.body).toBeUndefined();
    expect(p302.actual!.request.headers.some((h) => h.name === 'Content-Type')).toBe(false);
    const p307 = await probe(
      opts(`${a.origin}/r307`, { method: 'POST', body: 'x=1', headers: [{ name: 'Content-Type', value: 'text/plain' }], sendActual: true }),
    );
    expect(p307.hops[1]!.spec.method).toBe('POST');
    expect(p307.actual!.body).toBe('final POST');
  });

  it('a redirect loop stops at the 21st redirect with net::ERR_TOO_MANY_REDIRECTS, and says it loops', async () => {
    const before = a.received.filter((x) => x.path === '/loop').length;
    const run = await runProbe(opts(`${a.origin}/loop`));
    const r = run.result;
    expect(r.browser.outcome).toBe('network-error');
    expect(r.browser.reason).toBe('net::ERR_TOO_MANY_REDIRECTS');
    expect(r.browser.explanation).toContain('redirect loop');
    expect(a.received.filter((x) => x.path === '/loop').length - before).toBe(MAX_REDIRECTS + 1);
    expect(text(run)).toContain('net::ERR_TOO_MANY_REDIRECTS');
    expect(run.analysis.summary.notCors + run.analysis.summary.corsBlocked).toBeGreaterThan(0);
  });

  it('a redirect without CORS headers blocks the request there: the target is never asked', async () => {
    const before = b.received.length;
    const run = await runProbe(opts(`${a.origin}/no-cors-redirect`));
    expect(run.result.browser.outcome).toBe('cors-blocked');
    expect(run.result.browser.reason).toBe('MissingAllowOriginHeader');
    expect(run.result.browser.explanation).toContain('redirect');
    expect(b.received.length).toBe(before);
    expect(probeExitCode(run.result, run.analysis)).toBe(1);
  });

  it('after a cross-origin redirect the Origin is "null", and a response allowing only the page fails', async () => {
    const run = await runProbe(opts(`${a.origin}/to-b-strict`));
    const r = run.result;
    expect(b.received.at(-1)!.headers.origin).toBe('null');
    expect(r.hops[1]!.spec.tainted).toBe(true);
    expect(r.browser.outcome).toBe('cors-blocked');
    expect(r.browser.reason).toBe('AllowOriginMismatch');
    const out = text(run);
    expect(out).toContain('Origin: null');
    expect(out).toContain(`(redirected from '${a.origin}/to-b-strict')`);
  });

  it('a preflighted PUT redirected across origins gets a new preflight there, with Origin null, and no Authorization', async () => {
    const r = await probe(
      opts(`${a.origin}/to-b`, {
        method: 'PUT',
        headers: [
          { name: 'Content-Type', value: 'application/json' },
          { name: 'Authorization', value: 'Bearer t' },
        ],
        body: '{}',
        sendActual: true,
      }),
    );
    const kinds = r.hops.map((h) => (h.preflight ? `OPTIONS ${h.preflight.status}` : `${h.spec.method} ${h.response!.status}`));
    expect(kinds).toEqual(['PUT 307', 'OPTIONS 204', 'PUT 200']);
    const atB = b.received.slice(-2);
    expect(atB.map((x) => [x.method, x.headers.origin])).toEqual([
      ['OPTIONS', 'null'],
      ['PUT', 'null'],
    ]);
    expect(atB[1]!.headers.authorization).toBeUndefined();
    expect(r.browser.outcome).toBe('ok');
  });

  it('a redirect to a non-http scheme fails as a network error', async () => {
    const r = await probe(opts(`${a.origin}/to-ftp`));
    expect(r.browser.outcome).toBe('network-error');
    expect(r.browser.reason).toBe('net::ERR_UNSAFE_REDIRECT');
    expect(r.browser.explanation).toContain('ftp:');
  });

  it('a cross-origin redirect to a URL with credentials fails (RedirectContainsCredentials)', async () => {
    const before = b.received.length;
    const run = await runProbe(opts(`${a.origin}/to-creds`));
    expect(run.result.browser.outcome).toBe('cors-blocked');
    expect(run.result.browser.reason).toBe('RedirectContainsCredentials');
    expect(b.received.length).toBe(before);
    expect(text(run)).toContain('contains a username and password, which is disallowed for cross-origin requests.');
  });
});
