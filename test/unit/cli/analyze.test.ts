/**
 * `cors-xray analyze`, run as a subprocess from the bundle scripts/build-cli.mjs produces.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';
import type { Analysis } from '../../../src/engine/schema';
import { parseHarText } from '../../../src/model/har-input';
import { API, APP, ROOT, buildCli, entry, har, hasStackTrace, runCli, tempDir, writeHar } from './helpers';

const CHROMIUM_HAR = path.join(ROOT, 'test/fixtures/chromium-cases.har');
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjbGktdGVzdCJ9.c2lnbmF0dXJlLWZvci10aGUtY2xpLXRlc3Q';

let tmp: ReturnType<typeof tempDir>;
let bundle: string;
let failing: string;
let passing: string;

/** A throttled POST behind API Gateway (blocked: the 429 has no CORS headers), with a bearer token. */
function throttledCapture(): unknown[] {
  const url = `${API}/prod/orders`;
  return [
    entry({
      method: 'POST',
      url,
      status: 429,
      statusText: 'Too Many Requests',
      error: 'net::ERR_FAILED',
      requestId: '1.1',
      req: { Origin: APP, 'Content-Type': 'application/json', Authorization: `Bearer ${JWT}` },
      res: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'TooManyRequestsException', 'x-amzn-RequestId': 'req-1' },
    }),
    entry({
      method: 'OPTIONS',
      url,
      status: 204,
      resourceType: 'preflight',
      initiator: { type: 'preflight', url, requestId: '1.1' },
      req: { Origin: APP, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
      res: { 'Access-Control-Allow-Origin': APP, 'Access-Control-Allow-Methods': 'OPTIONS,POST', 'Access-Control-Allow-Headers': 'Authorization,Content-Type' },
    }),
    entry({ method: 'GET', url: `${API}/prod/health`, status: 200, statusText: 'OK', req: { Origin: APP }, res: { 'Access-Control-Allow-Origin': '*' } }),
  ];
}

beforeAll(() => {
  tmp = tempDir();
  bundle = buildCli(tmp.dir);
  failing = writeHar(tmp.dir, 'failing.har', har(throttledCapture()));
  passing = writeHar(tmp.dir, 'passing.har', har([throttledCapture()[2]]));
});
afterAll(() => tmp.remove());

describe('analyze: real Chromium HAR', () => {
  it('gives the same analysis as analyze() on the same file (--format json --no-redact)', async () => {
    const text = readFileSync(CHROMIUM_HAR, 'utf8');
    const parsed = parseHarText(text);
    if (!parsed.ok) throw new Error(parsed.error);
    const expected = analyze(parsed.entries, RULES);
    const r = await runCli(bundle, ['analyze', CHROMIUM_HAR, '--format', 'json', '--no-redact']);
    expect(r.code).toBe(expected.summary.corsBlocked > 0 ? 1 : 0);
    const got = JSON.parse(r.stdout) as Analysis;
    expect(got.summary).toEqual(expected.summary);
    expect(got.exchanges).toEqual(JSON.parse(JSON.stringify(expected.exchanges)));
    expect(got.exchanges.map((e) => [e.id, e.verdict, e.hiddenStatus?.status ?? null, e.findings.map((f) => f.rule)])).toEqual(
      expected.exchanges.map((e) => [e.id, e.verdict, e.hiddenStatus?.status ?? null, e.findings.map((f) => f.rule)]),
    );
    expect(r.stderr).toContain('--no-redact');
  });

  it('prints one block per failing pair and exits 1', async () => {
    const r = await runCli(bundle, ['analyze', CHROMIUM_HAR]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^CORS X-Ray: \d+ of \d+ requests failed/);
    expect(r.stdout).toContain('CORS error on PUT http://127.0.0.1:40002/prod/missing-options-route');
    expect(r.stdout).toContain('OPTIONS 403 ✗ → PUT (never sent)');
    expect(r.stdout).not.toContain('/app/config.json'); // the passing same-origin request
    expect(r.stdout).not.toMatch(/\x1b\[/); // not a TTY: no colour
    expect(r.stderr).toBe('');
  });

  it('--stack picks the fix for that stack', async () => {
    const r = await runCli(bundle, ['analyze', CHROMIUM_HAR, '--stack', 'Terraform']);
    expect(r.stdout).toMatch(/Fix {12}.+\[Terraform\]/);
    expect(r.stdout).toContain('resource "aws_api_gateway_gateway_response"');
  });

  it('--stack accepts any case, and refuses an unknown stack with the list of known ones (exit 2)', async () => {
    const lower = await runCli(bundle, ['analyze', CHROMIUM_HAR, '--stack', 'terraform']);
    expect(lower.stdout).toMatch(/\[Terraform\]/);
    const r = await runCli(bundle, ['analyze', CHROMIUM_HAR, '--stack', 'Flsk']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown stack "Flsk"');
    for (const known of ['Flask', 'nginx', 'Express', 'Terraform', 'Any server']) expect(r.stderr).toContain(known);
  });

  it('--all lists the passing pairs too', async () => {
    const r = await runCli(bundle, ['analyze', CHROMIUM_HAR, '--all']);
    expect(r.stdout).toContain('/app/config.json');
    expect(r.stdout).toContain('✓');
  });
});

describe('analyze: other producers', () => {
  it('a Firefox-style HAR (no Chromium "_" fields) gives the same analysis as analyze()', async () => {
    const url = `${API}/prod/missing-options-route`;
    const strip = (e: Record<string, unknown>) => {
      const { _initiator, _resourceType, _requestId, ...rest } = e;
      const response = { ...(rest.response as Record<string, unknown>) };
      delete response._error;
      return { ...rest, response };
    };
    const entries = [
      strip(
        entry({
          method: 'OPTIONS',
          url,
          status: 403,
          statusText: 'Forbidden',
          req: { Origin: APP, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type' },
          res: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'MissingAuthenticationTokenException' },
        }),
      ),
      strip(entry({ method: 'PUT', url, status: 0, sent: false, req: { Origin: APP, 'Content-Type': 'application/json' } })),
    ];
    const text = JSON.stringify({ log: { version: '1.2', creator: { name: 'Firefox', version: '140.0' }, entries } });
    const file = writeHar(tmp.dir, 'firefox.har', text);
    // Its creator says Firefox: the console line is Firefox's (engine/firefox-console.ts).
    const expected = analyze(entries, RULES, { browser: 'firefox' });
    const r = await runCli(bundle, ['analyze', file, '--format', 'json', '--no-redact']);
    expect(r.code).toBe(expected.summary.corsBlocked > 0 ? 1 : 0);
    const got = (JSON.parse(r.stdout) as Analysis).exchanges;
    expect(got).toEqual(JSON.parse(JSON.stringify(expected.exchanges)));
    expect(got[0]?.console).toMatchObject({ source: 'firefox', code: 'CORSMissingAllowOrigin', failedParameter: '403' });
  });
});

describe('analyze: formats, stdin, redaction', () => {
  it('redacts credentials by default in every format', async () => {
    for (const format of ['text', 'json', 'markdown', 'html']) {
      const r = await runCli(bundle, ['analyze', failing, '--format', format, ...(format === 'json' ? [] : ['--all'])]);
      expect(r.code, format).toBe(1);
      expect(r.stdout, format).not.toContain(JWT);
      expect(r.stderr, format).toBe('');
    }
    const json = JSON.parse((await runCli(bundle, ['analyze', failing, '--format', 'json'])).stdout) as Analysis;
    const auth = json.exchanges.flatMap((e) => e.actual?.requestHeaders ?? []).find((h) => h.name === 'Authorization');
    expect(auth?.value).toContain('redacted');
  });

  it('--no-redact shows them, with a warning on stderr', async () => {
    const r = await runCli(bundle, ['analyze', failing, '--format', 'json', '--no-redact']);
    expect(r.stdout).toContain(JWT);
    expect(r.stderr).toMatch(/^cors-xray: warning: --no-redact/);
  });

  it('json is the analysis schema; markdown and html are the shared reports', async () => {
    const json = JSON.parse((await runCli(bundle, ['analyze', failing, '--format', 'json'])).stdout) as Analysis;
    expect(json.schema).toBe('cors-xray/analysis');
    expect(json.version).toBe(1);
    expect(json.summary.corsBlocked).toBe(1);
    expect(json.exchanges).toHaveLength(2); // the JSON holds every pair, passing ones included
    const md = await runCli(bundle, ['analyze', failing, '--format', 'markdown']);
    expect(md.stdout).toMatch(/^#/m);
    expect(md.stdout).toContain('/prod/orders');
    const html = await runCli(bundle, ['analyze', failing, '--format', 'html']);
    expect(html.stdout).toMatch(/^<!doctype html>/i);
    expect(html.stdout).toContain('/prod/orders');
  });

  it('reads the HAR from stdin with "-"', async () => {
    const r = await runCli(bundle, ['analyze', '-', '--format', 'json'], { input: har(throttledCapture()) });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Analysis).summary.corsBlocked).toBe(1);
  });

  it('reports its steps on stderr only when CORS_XRAY_TIMINGS is set, leaving stdout as it is', async () => {
    const plain = await runCli(bundle, ['analyze', '-'], { input: har(throttledCapture()) });
    const timed = await runCli(bundle, ['analyze', '-'], { input: har(throttledCapture()), env: { CORS_XRAY_TIMINGS: '1' } });
    expect(plain.stderr).not.toContain('timings');
    expect(timed.stdout).toBe(plain.stdout);
    expect(timed.code).toBe(plain.code);
    expect(timed.stderr.trim()).toMatch(/^cors-xray: timings: read \d+ ms, parse \d+ ms, analyze \d+ ms, output \d+ ms$/);
  });

  it('exits 0 when nothing is blocked', async () => {
    const r = await runCli(bundle, ['analyze', passing]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No failing request');
  });

  it('colours the text only when asked (FORCE_COLOR) and never with NO_COLOR', async () => {
    const forced = await runCli(bundle, ['analyze', failing], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\x1b\[/);
    const off = await runCli(bundle, ['analyze', failing], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(off.stdout).not.toMatch(/\x1b\[/);
  });
});

describe('analyze: bad input exits 2 with one clear line', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ['missing file', () => path.join(tmp.dir, 'nope.har'), /no such file/],
    ['a directory', () => tmp.dir, /is a directory/],
    ['not JSON', () => writeHar(tmp.dir, 'page.har', '<!doctype html><html><body>login</body></html>'), /not JSON/],
    ['JSON but not HAR', () => writeHar(tmp.dir, 'other.json', '{"name":"package","version":"1.0.0"}'), /not a HAR/],
    ['cut off', () => writeHar(tmp.dir, 'cut.har', har(throttledCapture()).slice(0, 700)), /cut off/],
    ['empty', () => writeHar(tmp.dir, 'empty.har', ''), /empty/],
  ];
  for (const [name, file, message] of cases) {
    it(name, async () => {
      const r = await runCli(bundle, ['analyze', file()]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^cors-xray: /);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(hasStackTrace(r.stderr)).toBe(false);
    });
  }

  it('options that do not apply to the format exit 2 and name the valid ones', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--format', 'json', '--each'], /--each applies to --format text only/],
      [['--format', 'markdown', '--each'], /--each applies to --format text only/],
      [['--format', 'json', '--all'], /--all does not apply to --format json/],
      [['--format', 'json', '--stack', 'Terraform'], /--stack does not apply to --format json/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(bundle, ['analyze', failing, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/valid options are: /);
    }
    const ok = await runCli(bundle, ['analyze', failing, '--format', 'markdown', '--all', '--stack', 'Terraform']);
    expect(ok.code).toBe(1);
  });

  it('empty standard input: "nothing was read from standard input", not "the file is empty"', async () => {
    for (const input of ['', '  \n']) {
      const r = await runCli(bundle, ['analyze', '-'], { input });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^cors-xray: Nothing was read from standard input/);
      expect(r.stderr).not.toMatch(/file is empty/);
    }
  });

  it('bad usage: unknown format, unknown option, missing argument', async () => {
    for (const args of [['analyze', failing, '--format', 'pdf'], ['analyze', failing, '--bogus'], ['analyze'], ['nonsense']]) {
      const r = await runCli(bundle, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^cors-xray: /);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
  });

  it('--help and --version exit 0', async () => {
    const help = await runCli(bundle, ['analyze', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    const version = await runCli(bundle, ['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
