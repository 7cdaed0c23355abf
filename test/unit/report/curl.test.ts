import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { curlArgs, curlForExchange, curlForLeg, fetchForExchange, jsString, requestSpec, shellQuote } from '../../../src/report/curl';
import { INJECTION_CORPUS } from './injection-corpus';
import { APP, exchange, h, leg, missingOptionsRoute, throttledPost, JWT } from './fixtures';

/** The constructor of async functions (not a global): parses a body as an async function's. */
const AsyncFunction = (async () => {}).constructor as new (body: string) => unknown;
import type { ExchangeResult } from '../../../src/engine/schema';

/** Run a generated command line in sh with `curl` replaced by a function that prints its argv. */
function argvOf(cmd: string): string[] {
  const script = `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${cmd}\n`;
  const out = execFileSync('sh', ['-c', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out.split('\0').slice(0, -1);
}

function hostile(payload: string): ExchangeResult {
  const url = `https://api.example.com/x?q=${encodeURIComponent(payload.slice(0, 100))}&raw=${payload.slice(0, 100)}`;
  return exchange({
    id: 'p1',
    url,
    method: 'PUT',
    origin: APP,
    preflight: leg({
      method: 'OPTIONS',
      url,
      status: 403,
      requestHeaders: h({ Origin: APP, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-evil', 'X-Evil': payload }),
    }),
    actual: leg({
      method: 'PUT',
      url,
      status: 0,
      sent: false,
      error: 'net::ERR_FAILED',
      requestHeaders: h({ 'X-Evil': payload, [`X-${payload.slice(0, 10)}`]: payload }),
    }),
    blockedLeg: 'preflight',
  });
}

describe('shell quoting', () => {
  it.each(INJECTION_CORPUS.map((p) => [p.id, p.payload] as const))('%s stays exactly one argument', (_id, payload) => {
    expect(argvOf(`curl ${shellQuote(payload)}`)).toEqual([payload.replace(/\0/g, '')]);
  });

  it.each(INJECTION_CORPUS.map((p) => [p.id, p.payload] as const))('generated cURL for %s has the intended argv', (_id, payload) => {
    const ex = hostile(payload);
    for (const which of ['preflight', 'actual'] as const) {
      const spec = requestSpec(ex, which, { redact: false, body: payload })!;
      const expected = curlArgs(spec)
        .slice(1)
        .map((a) => a.replace(/\0/g, ''));
      const cmd = curlForLeg(ex, which, { redact: false, body: payload })!;
      expect(argvOf(cmd)).toEqual(expected);
      expect(argvOf(curlForLeg(ex, which, { redact: false, body: payload, multiline: false })!)).toEqual(expected);
    }
  });

  it('a URL that is not http(s) is passed with --url, never as an option', () => {
    // A hand-edited HAR can carry any string as a URL.
    const ex = exchange({ id: 'p1', url: 'https://x.example/', method: 'GET', actual: leg({ method: 'GET', url: '-o/tmp/pwned' }) });
    const argv = argvOf(curlForLeg(ex, 'actual')!);
    expect(argv).toContain('--url');
    expect(argv[argv.indexOf('--url') + 1]).toBe('-o/tmp/pwned');
  });
});

describe('cURL content', () => {
  it('preflight: -X OPTIONS, -i, Origin and Access-Control-Request-*', () => {
    const cmd = curlForExchange(missingOptionsRoute()).preflight!;
    const argv = argvOf(cmd);
    expect(argv.slice(0, 3)).toEqual(['-i', '-X', 'OPTIONS']);
    expect(argv).toContain(`Origin: ${APP}`);
    expect(argv).toContain('Access-Control-Request-Method: PUT');
    expect(argv).toContain('Access-Control-Request-Headers: content-type');
    expect(argv).toContain('--compressed');
    expect(argv.some((a) => /^accept-encoding/i.test(a) || /^host:/i.test(a))).toBe(false);
    expect(cmd).toMatch(/^curl -i \\\n {2}-X OPTIONS \\\n/);
  });

  it('never-sent request: Origin rebuilt from the exchange origin', () => {
    const ex = missingOptionsRoute();
    expect(ex.actual!.requestHeaders.some((x) => x.name.toLowerCase() === 'origin')).toBe(false);
    const argv = argvOf(curlForExchange(ex).actual!);
    expect(argv).toContain(`Origin: ${APP}`);
    expect(argv).toContain('Content-Type: application/json');
    expect(argv.slice(0, 3)).toEqual(['-i', '-X', 'PUT']);
  });

  it('provisional preflight headers: Origin rebuilt too', () => {
    const ex = missingOptionsRoute();
    ex.preflight!.requestHeaders = ex.preflight!.requestHeaders.filter((x) => x.name !== 'Origin');
    expect(argvOf(curlForLeg(ex, 'preflight')!)).toContain(`Origin: ${APP}`);
  });

  it('missing preflight is reconstructed when one was needed', () => {
    const ex = throttledPost();
    ex.preflight = null;
    ex.pairing = 'no-preflight-recorded';
    const cmd = curlForExchange(ex).preflight!;
    expect(cmd.startsWith('# No preflight was recorded')).toBe(true);
    const argv = argvOf(cmd);
    expect(argv).toContain('Access-Control-Request-Method: POST');
    expect(argv).toContain('Access-Control-Request-Headers: authorization,content-type');
    expect(argv.some((a) => a.startsWith('Authorization'))).toBe(false);
  });

  it('body is sent with --data-raw; redacted by default', () => {
    const ex = throttledPost();
    const body = JSON.stringify({ password: 'hunter2-hunter2', item: 3 });
    const argv = argvOf(curlForExchange(ex, { body }).actual!);
    const data = argv[argv.indexOf('--data-raw') + 1]!;
    expect(data).toContain('"item":3');
    expect(data).not.toContain('hunter2');
    expect(argv.join(' ')).not.toContain(JWT);
    expect(argvOf(curlForExchange(ex, { body, redact: false }).actual!)).toContain(`Authorization: Bearer ${JWT}`);
  });

  it('fetch(): valid JS, only script-settable headers, credentials mode', () => {
    const ex = throttledPost();
    const js = fetchForExchange(ex, { body: '{"a":1}' })!;
    expect(js).toContain('credentials: "include"');
    expect(js).not.toContain('"Cookie"');
    expect(js).not.toContain('"User-Agent"');
    expect(js).toContain('"Content-Type": "application/json"');
    // Parses as an async function body.
    expect(() => new AsyncFunction(js)).not.toThrow();
  });

  it.each(INJECTION_CORPUS.map((p) => [p.id, p.payload] as const))('fetch() with %s parses and keeps the payload as data', (_id, payload) => {
    const ex = hostile(payload);
    ex.origin = payload;
    const js = fetchForExchange(ex, { redact: false, body: payload })!;
    expect(() => new AsyncFunction(js)).not.toThrow();
    expect(js.split('\n')[0]!.startsWith('// ')).toBe(true);
    expect(js.split('\n').length).toBe(js.split('\n').filter(Boolean).length);
    expect(jsString(payload)).not.toMatch(/[\u2028\u2029]/);
  });
});

// ------------------------------------------------------------------------------------------------
// Replaying against the emulator: the generated cURL reproduces the real status.
// ------------------------------------------------------------------------------------------------

const CURL = spawnSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).stdout.trim();
const EMULATOR = new URL('../../server/emulator.ts', import.meta.url);
const haveEmulator = existsSync(EMULATOR);

describe.skipIf(!CURL || !haveEmulator)(
  `replaying generated cURL against the emulator${!CURL ? ' (skipped: curl is not installed)' : !haveEmulator ? ' (skipped: test/server/emulator.ts missing)' : ''}`,
  () => {
    type Emu = {
      appOrigin: string;
      apiOrigin: string;
      refusedOrigin: string;
      received: Array<{ method: string; path: string; headers: Record<string, unknown> }>;
      close: () => Promise<void>;
    };
    type Case = {
      id: string;
      request: { method: string; path: string; headers?: Record<string, string>; body?: string; target?: string };
      expect: { preflightSent: boolean; preflightStatus: number | null; actualSent: boolean; actualStatus: number | null };
    };
    let emu: Emu;
    let cases: Case[] = [];
    let acrh: (c: Case) => string = () => '';
    let run = 0;

    beforeAll(async () => {
      const server = (await import('../../server/emulator')) as unknown as { startEmulator: () => Promise<Emu> };
      const mod = (await import('../../server/cases')) as unknown as { CASES: Case[]; preflightRequestHeaders: (c: Case) => string };
      cases = mod.CASES.filter((c) => (c.request.target ?? 'api') === 'api');
      acrh = mod.preflightRequestHeaders;
      emu = await server.startEmulator();
    });
    afterAll(async () => {
      await emu?.close();
    });

    // Asynchronous: the emulator runs in this process, a synchronous child would block it.
    async function statusOf(cmd: string): Promise<number> {
      const { stdout: out } = await promisify(execFile)('sh', ['-c', cmd.replace(/^curl /m, 'curl -s --noproxy "*" --max-time 10 ')], { encoding: 'utf8' });
      const m = /^HTTP\/[\d.]+ (\d{3})/.exec(out);
      if (!m) throw new Error(`no status line in curl output:\n${out.slice(0, 500)}`);
      return Number(m[1]);
    }

    function exchangeFor(c: Case, withPreflight: boolean, provisional: boolean): ExchangeResult {
      run++;
      const url = `${emu.apiOrigin}${c.request.path}?run=curl-${run}`;
      const names = acrh(c);
      const pfHeaders = h({
        Accept: '*/*',
        ...(provisional ? {} : { Origin: emu.appOrigin }),
        'Access-Control-Request-Method': c.request.method,
        ...(names ? { 'Access-Control-Request-Headers': names } : {}),
        'Sec-Fetch-Mode': 'cors',
      });
      return exchange({
        id: `p${run}`,
        url,
        method: c.request.method,
        origin: emu.appOrigin,
        preflight: withPreflight ? leg({ method: 'OPTIONS', url, status: c.expect.preflightStatus ?? 0, requestHeaders: pfHeaders }) : null,
        actual: leg({
          method: c.request.method,
          url,
          status: c.expect.actualStatus ?? 0,
          sent: c.expect.actualSent,
          requestHeaders: h({ Accept: '*/*', ...(c.request.headers ?? {}) }),
        }),
        pairing: withPreflight ? 'initiator-id' : 'no-preflight-recorded',
      });
    }

    it('the missing-options-route preflight reproduces 403 and the server sees an OPTIONS with Origin', async () => {
      const c = cases.find((x) => x.id === 'missing-options-route');
      expect(c, 'case missing-options-route').toBeDefined();
      const ex = exchangeFor(c!, true, false);
      const before = emu.received.length;
      expect(await statusOf(curlForExchange(ex).preflight!)).toBe(403);
      const got = emu.received.slice(before);
      expect(got).toHaveLength(1);
      expect(got[0]!.method).toBe('OPTIONS');
      expect(got[0]!.headers.origin).toBe(emu.appOrigin);
      expect(got[0]!.headers['access-control-request-method']).toBe('PUT');
    });

    it('every preflight case: recorded, provisional (Origin rebuilt) and reconstructed preflights give the real status', async () => {
      const checked: string[] = [];
      for (const c of cases) {
        if (!c.expect.preflightSent || c.expect.preflightStatus === null) continue;
        for (const [withPf, provisional] of [
          [true, false],
          [true, true],
          [false, false],
        ] as const) {
          const ex = exchangeFor(c, withPf, provisional);
          const cmd = curlForExchange(ex).preflight!;
          expect(await statusOf(cmd), `${c.id} (preflight ${withPf ? (provisional ? 'provisional' : 'recorded') : 'reconstructed'})`).toBe(
            c.expect.preflightStatus,
          );
        }
        checked.push(c.id);
      }
      expect(checked.length).toBeGreaterThan(3);
    });

    it('actual requests that the server answered reproduce their status', async () => {
      let n = 0;
      for (const c of cases) {
        if (!c.expect.actualSent || c.expect.actualStatus === null || c.request.headers?.Cookie) continue;
        const ex = exchangeFor(c, c.expect.preflightSent, false);
        const cmd = curlForExchange(ex, { body: c.request.body ?? null, redact: false }).actual!;
        expect(await statusOf(cmd), c.id).toBe(c.expect.actualStatus);
        n++;
      }
      expect(n).toBeGreaterThan(3);
    });
  },
);
