/**
 * `cors-xray probe` against the gateway emulator, for every case the emulator serves on the API
 * origin: real statuses on both legs, the preflight sent exactly as a browser sends it, the exit
 * code, and the findings of the shared analyze().
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis, ExchangeResult } from '../../../src/engine/schema';
import { startEmulator, type Emulator } from '../../server/emulator';
import { CASES, DEMO_COOKIE, caseById, preflightRequestHeaders, type CaseSpec } from '../../server/cases';
import { buildCli, hasStackTrace, runCli, tempDir } from './helpers';

let tmp: ReturnType<typeof tempDir>;
let bundle: string;
let em: Emulator;
let run = 0;

beforeAll(async () => {
  tmp = tempDir();
  bundle = buildCli(tmp.dir);
  em = await startEmulator();
});
afterAll(async () => {
  await em?.close();
  tmp?.remove();
});

/** The command line a user would type for a case (each run gets a fresh URL, like the demo page). */
function argsFor(spec: CaseSpec, extra: string[] = []): { url: string; args: string[] } {
  const url = `${em.apiOrigin}${spec.request.path}?run=cli-${++run}`;
  const args = ['probe', url, '--origin', em.appOrigin, '--method', spec.request.method];
  for (const [name, value] of Object.entries(spec.request.headers ?? {})) args.push('--header', `${name}: ${value}`);
  if (spec.request.body !== undefined) args.push('--data', spec.request.body);
  if (spec.request.credentials === 'include') args.push('--credentials', '--header', `Cookie: ${DEMO_COOKIE}`);
  args.push(...extra);
  return { url, args };
}

function receivedFor(url: string) {
  const p = new URL(url);
  return em.received.filter((r) => r.path === p.pathname + p.search);
}

const apiCases = CASES.filter((c) => (c.request.target ?? 'api') === 'api');

describe.each(apiCases.map((c) => [c.id, c] as const))('probe %s', (_id, spec) => {
  let result: { code: number | null; analysis: Analysis; ex: ExchangeResult; url: string };

  beforeAll(async () => {
    // --send-actual: also send what the browser would not, so every server status is seen.
    const { url, args } = argsFor(spec, ['--send-actual', '--format', 'json', '--no-redact']);
    const r = await runCli(bundle, args);
    if (!r.stdout.startsWith('{')) throw new Error(`probe printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    const analysis = JSON.parse(r.stdout) as Analysis;
    result = { code: r.code, analysis, ex: analysis.exchanges[0]!, url };
  });

  it('sends the preflight exactly as a browser would', () => {
    const got = receivedFor(result.url);
    const options = got.filter((r) => r.method === 'OPTIONS');
    expect(options.length).toBe(spec.expect.preflightSent ? 1 : 0);
    if (!options[0]) return;
    const h = options[0].headers;
    expect(h['origin']).toBe(em.appOrigin);
    expect(h['access-control-request-method']).toBe(spec.request.method);
    expect(h['access-control-request-headers'] ?? '').toBe(preflightRequestHeaders(spec));
    expect(h['authorization']).toBeUndefined();
    expect(h['cookie']).toBeUndefined();
    expect(h['user-agent']).toMatch(/Mozilla\/5\.0/);
  });

  it('records the real statuses of both legs', () => {
    const { ex } = result;
    expect(ex.preflight?.status ?? null).toBe(spec.expect.preflightStatus);
    if (spec.expect.actualSent) {
      expect(ex.actual?.sent).toBe(true);
      expect(ex.actual?.status).toBe(spec.expect.actualStatus);
    } else {
      // What the browser records for a request it never sent.
      expect(ex.actual?.sent).toBe(false);
      expect(ex.actual?.status).toBe(0);
      // The probe sent it anyway (--send-actual) and says so.
      expect(result.analysis.notes.join('\n')).toMatch(/a browser would never send this/);
    }
  });

  it('verdict, blocked leg and exit code match the browser', () => {
    expect(result.ex.verdict).toBe(spec.expect.verdict);
    expect(result.ex.blockedLeg).toBe(spec.expect.blockedLeg);
    expect(result.code).toBe(spec.expect.verdict === 'cors-blocked' ? 1 : 0);
  });

  it('prints the real statuses in the text output', async () => {
    const { url, args } = argsFor(spec, ['--send-actual']);
    const r = await runCli(bundle, args);
    expect(r.code).toBe(result.code);
    if (spec.expect.preflightStatus !== null) expect(r.stdout).toMatch(new RegExp(`1\\. Preflight {2}OPTIONS \\S+ → ${spec.expect.preflightStatus}\\b`));
    if (spec.expect.actualStatus !== null)
      expect(r.stdout).toMatch(new RegExp(`\\d\\. Request {2}${spec.request.method} \\S+ → ${spec.expect.actualStatus}\\b`));
    expect(r.stdout).toContain('Browser verdict:');
    expect(r.stderr).toBe('');
    // One CorsError mapping: the probe's own verdict and console line are the analysis's (the same
    // exchange's `console` in the JSON run), character for character.
    const cm = result.ex.console;
    const verdict = /^Browser verdict: blocked by CORS on the (?:preflight|response) \((\w+)\)$/m.exec(r.stdout);
    if (spec.expect.verdict === 'cors-blocked') {
      expect(cm, spec.id).toBeTruthy();
      if (!cm) return;
      expect(verdict?.[1], spec.id).toBe(cm.code);
      const shown = r.stdout.split('\n').findIndex((l) => l === "  What Chrome's console shows:");
      // This run's URL differs from the JSON run's by its ?run= id only.
      expect(r.stdout.split('\n')[shown + 1]?.trim(), spec.id).toBe(cm.text.split(result.url).join(url));
    } else expect(verdict, spec.id).toBeNull();
  });

  // Depends on the rules engine (src/rules): fails until the rule for this case lands.
  it('findings: primary rule, hidden status and gateway match the case', () => {
    const { ex } = result;
    expect(ex.findings[0]?.rule ?? null).toBe(spec.expect.primaryRule);
    const hs = ex.hiddenStatus;
    expect(hs ? { status: hs.status, leg: hs.leg, basis: hs.basis } : null).toEqual(spec.expect.hiddenStatus);
    expect(ex.gateway).toBe(spec.expect.gateway);
  });
});

describe('probe: text output', () => {
  it('shows the hidden 403 of a failed preflight, and the browser verdict', async () => {
    const { args } = argsFor(caseById('missing-options-route'));
    const r = await runCli(bundle, args);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1\. Preflight {2}OPTIONS .+ → 403 Forbidden/);
    expect(r.stdout).toContain('x-amzn-ErrorType: MissingAuthenticationTokenException');
    expect(r.stdout).toContain('{"message":"Missing Authentication Token"}');
    expect(r.stdout).toMatch(/2\. Request {2}PUT .+ → not sent/);
    expect(r.stdout).toContain('Browser verdict: blocked by CORS on the preflight (PreflightMissingAllowOriginHeader)');
    expect(r.stdout).toContain("Response to preflight request doesn't pass access control check");
  });

  it('with --send-actual, sends what the browser never would and marks it', async () => {
    const spec = caseById('method-not-allowed');
    const { url, args } = argsFor(spec, ['--send-actual']);
    const r = await runCli(bundle, args);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/2\. Request {2}DELETE .+ → 200 OK/);
    expect(r.stdout).toContain('[sent only because of --send-actual]');
    expect(r.stdout).toContain('A browser would NEVER send this request');
    expect(r.stdout).toContain('MethodDisallowedByPreflightResponse');
    expect(receivedFor(url).map((x) => x.method)).toEqual(['OPTIONS', 'DELETE']);
  });

  it('does not send an unsafe method without --send-actual', async () => {
    const { url, args } = argsFor(caseById('throttled-post'));
    const r = await runCli(bundle, args);
    expect(receivedFor(url).map((x) => x.method)).toEqual(['OPTIONS']);
    expect(r.stdout).toContain('Add --send-actual to send it');
    expect(r.code).toBe(0);
  });

  it('shows the real 429 of a blocked response, with its body', async () => {
    const { args } = argsFor(caseById('quota-exceeded'));
    const r = await runCli(bundle, args);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/2\. Request {2}GET .+ → 429 Too Many Requests/);
    expect(r.stdout).toContain('{"message":"Limit Exceeded"}');
    expect(r.stdout).toMatch(/net::ERR_FAILED 429/);
  });

  it('redacts the Authorization it sent unless --no-redact', async () => {
    const spec = caseById('cors-ok');
    const jwt = spec.request.headers!.Authorization!.replace('Bearer ', '');
    const redacted = await runCli(bundle, argsFor(spec, ['--send-actual']).args);
    expect(redacted.code).toBe(0);
    expect(redacted.stdout).not.toContain(jwt);
    const plain = await runCli(bundle, argsFor(spec, ['--send-actual', '--no-redact']).args);
    expect(plain.stdout).toContain(jwt);
  });

  it('markdown format', async () => {
    const r = await runCli(bundle, argsFor(caseById('waf-blocked-get'), ['--format', 'markdown']).args);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^## Probe: GET /);
    expect(r.stdout).toContain('ForbiddenException');
  });
});

describe('probe: headers the script sets', () => {
  it('sends Cache-Control and Pragma given with -H, and names them in the preflight', async () => {
    const spec = caseById('missing-options-route');
    const url = `${em.apiOrigin}${spec.request.path}?run=cli-${++run}`;
    const r = await runCli(bundle, ['probe', url, '--origin', em.appOrigin, '-H', 'Cache-Control: no-cache', '-H', 'Pragma: no-cache', '--format', 'json']);
    expect(r.stderr).not.toContain('ignored');
    const options = receivedFor(url).filter((x) => x.method === 'OPTIONS');
    expect(options).toHaveLength(1);
    expect(options[0]!.headers['access-control-request-headers']).toBe('cache-control,pragma');
    expect(options[0]!.headers['cache-control']).toBeUndefined();
  });
});

describe('probe: network failures are "not CORS", not crashes', () => {
  it('connection refused', async () => {
    const spec = caseById('connection-refused');
    const r = await runCli(bundle, ['probe', `${em.refusedOrigin}${spec.request.path}`, '--origin', em.appOrigin]);
    expect(r.code).toBe(3); // the answer could not be learned
    expect(r.stdout).toContain('net::ERR_CONNECTION_REFUSED');
    expect(r.stdout).toContain('network failure, not CORS');
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
    const json = JSON.parse((await runCli(bundle, ['probe', `${em.refusedOrigin}/x`, '--origin', em.appOrigin, '--format', 'json'])).stdout) as Analysis;
    expect(json.exchanges[0]?.verdict).toBe('not-cors');
  });

  it('timeout', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const r = await runCli(bundle, ['probe', `http://127.0.0.1:${port}/slow`, '--origin', em.appOrigin, '--timeout', '300']);
      expect(r.code).toBe(3); // the answer could not be learned
      expect(r.stdout).toContain('net::ERR_TIMED_OUT');
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
  it.skipIf(!hasOpenssl)('TLS: a self-signed certificate', async () => {
    const key = path.join(tmp.dir, 'key.pem');
    const cert = path.join(tmp.dir, 'cert.pem');
    const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost']);
    expect(gen.status).toBe(0);
    const server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.end('hi'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const r = await runCli(bundle, ['probe', `https://127.0.0.1:${port}/x`, '--origin', em.appOrigin]);
      expect(r.code).toBe(3); // the answer could not be learned
      expect(r.stdout).toContain('net::ERR_CERT_AUTHORITY_INVALID');
      expect(r.stdout).toContain('network failure, not CORS');
    } finally {
      server.close();
    }
  });

  it('DNS failure', async () => {
    const r = await runCli(bundle, ['probe', 'http://no-such-host.invalid/x', '--origin', 'https://app.example.com', '--timeout', '3000']);
    expect(r.code).toBe(3); // the answer could not be learned
    expect(r.stdout).toContain('net::ERR_NAME_NOT_RESOLVED');
  });
});

describe('probe: bad usage exits 2 with one clear line', () => {
  const bad: Array<[string, string[], RegExp]> = [
    ['no --origin', ['probe', 'https://api.example.com/x'], /--origin/],
    ['origin with a path', ['probe', 'https://api.example.com/x', '--origin', 'https://app.example.com/page'], /not an origin/],
    ['not a URL', ['probe', 'api.example.com/x', '--origin', 'https://app.example.com'], /not a URL/],
    ['ftp URL', ['probe', 'ftp://api.example.com/x', '--origin', 'https://app.example.com'], /not an http\(s\) URL/],
    ['bad header', ['probe', 'https://api.example.com/x', '--origin', 'https://app.example.com', '-H', 'NoColon'], /'Name: value'/],
    ['bad timeout', ['probe', 'https://api.example.com/x', '--origin', 'https://app.example.com', '--timeout', 'soon'], /milliseconds/],
    ['body on GET', ['probe', 'https://api.example.com/x', '--origin', 'https://app.example.com', '-d', 'x'], /GET/],
    ['bad format', ['probe', 'https://api.example.com/x', '--origin', 'https://app.example.com', '--format', 'html'], /--format/],
  ];
  for (const [name, args, message] of bad) {
    it(name, async () => {
      const r = await runCli(bundle, args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^cors-xray: /);
      expect(hasStackTrace(r.stderr)).toBe(false);
    });
  }
});
