/**
 * Terminal injection (issue 12 item 2): hostile values from a HAR, from a probed server and from
 * the command line reach the terminal only escaped. Each run's stdout and stderr are searched for
 * control characters (C0 but the line feed, DEL, C1, bidi controls, line/paragraph separators);
 * the count must be zero in every format, with and without colour (colour: the style's own SGR
 * sequences are the only escape sequences allowed).
 */
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forTerminal, jsonTerminalGuard, terminalGuard } from '../../../src/report/escape';
import { API, APP, buildCli, entry, har, runCli, tempDir, writeHar, type Run } from './helpers';

/** Screen clear, window title, 256-colour SGR, 8-bit CSI, NUL, DEL, bidi, a forged line. */
const EVIL = '\u001b[2J\u001b]0;pwned\u0007\u001b[38;5;196mRED\u009b31m\u0000\u007f\u202eevil\u2066x\u2069\r\n✓ forged OK\u2028';

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
/** The SGR sequences node:util styleText writes for the CLI's styles (bold, dim, colours, resets). */
const OWN_SGR = /\u001b\[(?:0|1|2|22|31|32|33|36|39)m/g;

function controls(text: string, colour = false): string[] {
  return (colour ? text.replace(OWN_SGR, '') : text).match(CONTROL) ?? [];
}

function count(r: Run, colour = false): number {
  return controls(r.stdout, colour).length + controls(r.stderr, colour).length;
}

let tmp: ReturnType<typeof tempDir>;
let bundle: string;
let hostile: string;

beforeAll(() => {
  tmp = tempDir();
  bundle = buildCli(tmp.dir);
  const headers = (extra: Record<string, string>) => ({ 'Access-Control-Allow-Origin': APP, ...extra });
  hostile = writeHar(
    tmp.dir,
    'hostile.har',
    har([
      // A preflight answered 403 by API Gateway with a hostile error type: a CORS failure with a hidden status.
      entry({
        method: 'OPTIONS',
        url: `${API}/prod/orders/${EVIL}`,
        status: 403,
        statusText: `Forbidden${EVIL}`,
        resourceType: 'preflight',
        req: { Origin: APP, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': `x-evil${EVIL}` },
        res: { 'x-amzn-ErrorType': `MissingAuthenticationTokenException${EVIL}`, 'WWW-Authenticate': `Bearer realm="${EVIL}"` },
        body: `{"message":"${EVIL}"}`,
      }),
      entry({ method: 'PUT', url: `${API}/prod/orders/${EVIL}`, status: 0, error: 'net::ERR_FAILED', sent: false, req: { Origin: APP } }),
      // Allow-* values that do not allow the request.
      entry({
        method: 'OPTIONS',
        url: `${API}/prod/items?q=${EVIL}`,
        status: 204,
        resourceType: 'preflight',
        req: { Origin: APP, 'Access-Control-Request-Method': 'DELETE', 'Access-Control-Request-Headers': 'x-api-key' },
        res: headers({ 'Access-Control-Allow-Methods': `GET${EVIL}`, 'Access-Control-Allow-Headers': `content-type${EVIL}` }),
      }),
      entry({ method: 'DELETE', url: `${API}/prod/items?q=${EVIL}`, status: 0, error: 'net::ERR_FAILED', sent: false, req: { Origin: APP, 'x-api-key': 'k' } }),
      // A wrong Allow-Origin, a redirect with a hostile Location, and a network error with a hostile _error.
      entry({
        url: `${API}/prod/me`,
        status: 200,
        req: { Origin: APP },
        res: { 'Access-Control-Allow-Origin': `https://other.example${EVIL}` },
        error: 'net::ERR_FAILED',
      }),
      entry({ url: `${API}/prod/moved`, status: 302, req: { Origin: APP }, res: { Location: `https://elsewhere.example/${EVIL}` }, error: 'net::ERR_FAILED' }),
      entry({ url: `https://down.example/${EVIL}`, status: 0, req: { Origin: APP }, error: `net::ERR_CONNECTION_REFUSED${EVIL}` }),
    ]),
  );
});
afterAll(() => tmp?.remove());

describe('forTerminal', () => {
  it('writes every control, bidi control and line break out visibly, and leaves other text alone', () => {
    expect(forTerminal('a\u001b[2Jb\nc\r\td\u0000\u007f\u009b\u202e\u2066\u2028')).toBe('a\\x1b[2Jb\\nc\\r\\td\\x00\\x7f\\x9b\\u202e\\u2066\\u2028');
    const plain = 'Ünïcödé — 日本語 — 🙂 https://x.example/a?b=c';
    expect(forTerminal(plain)).toBe(plain);
  });
  it('terminalGuard keeps line feeds and, with colour, only SGR sequences; jsonTerminalGuard keeps the JSON value', () => {
    expect(terminalGuard('\u001b[31mred\u001b[39m\nx\u001b]0;t\u0007', true)).toBe('\u001b[31mred\u001b[39m\nx\\x1b]0;t\\x07');
    expect(terminalGuard('\u001b[31mred\u001b[39m\n', false)).toBe('\\x1b[31mred\\x1b[39m\n');
    const json = JSON.stringify({ v: EVIL });
    const guarded = jsonTerminalGuard(json);
    expect(controls(guarded)).toEqual([]);
    expect(JSON.parse(guarded)).toEqual({ v: EVIL });
  });
});

describe('analyze: no control character from a hostile HAR reaches the terminal', () => {
  const variants: Array<[string, string[], NodeJS.ProcessEnv]> = [
    ['text', [], {}],
    ['text --all --each --no-redact', ['--all', '--each', '--no-redact'], {}],
    ['text, coloured', ['--all'], { FORCE_COLOR: '1' }],
    ['json', ['--format', 'json'], {}],
    ['json --no-redact', ['--format', 'json', '--no-redact'], {}],
    ['markdown', ['--format', 'markdown', '--all'], {}],
    ['html', ['--format', 'html', '--all'], {}],
  ];
  it.each(variants)('%s', async (_name, args, env) => {
    const r = await runCli(bundle, ['analyze', hostile, ...args], { env });
    expect(r.code, r.stderr).toBe(1);
    // The values are there, escaped (not dropped).
    if (!args.includes('json') && !args.includes('markdown') && !args.includes('html')) expect(r.stdout).toContain('\\x1b[2J');
    if (args.includes('json')) expect(JSON.stringify(JSON.parse(r.stdout))).toContain('\\u001b[2J');
    expect(controls(r.stdout, !!env.FORCE_COLOR)).toEqual([]);
    expect(count(r, !!env.FORCE_COLOR)).toBe(0);
    // No forged line: "✓ forged OK" never starts a line of its own (in Markdown and HTML a URL's
    // line break stays one inside the fix's code block, which is where it is shown as code).
    if (!args.includes('markdown') && !args.includes('html')) expect(r.stdout).not.toMatch(/^✓ forged OK/m);
  });

  it('error messages quoting hostile input (a path, bad JSON) are escaped on stderr', async () => {
    const badName = path.join(tmp.dir, `missing${EVIL.replace(/[\u0000/]/g, '')}.har`);
    const missing = await runCli(bundle, ['analyze', badName]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('\\x1b[2J');
    expect(count(missing)).toBe(0);
    const bad = await runCli(bundle, ['analyze', '-'], { input: `{"log": ${JSON.stringify(EVIL)}}` });
    expect(bad.code).toBe(2);
    expect(count(bad)).toBe(0);
    const unknown = await runCli(bundle, ['analyze', hostile, `--evil${EVIL.replace(/\u0000/g, '')}`]);
    expect(unknown.code).toBe(2);
    expect(count(unknown)).toBe(0);
  });
});

describe('probe: no control character from a hostile server reaches the terminal', () => {
  let server: net.Server;
  let origin: string;
  beforeAll(async () => {
    // A raw server: headers and body exactly as bytes, as a hostile server sends them.
    const body = Buffer.from(`ok${EVIL}\n\u001b[2Jline2`, 'utf8');
    server = net.createServer((s) => {
      s.once('data', () => {
        const head =
          'HTTP/1.1 200 OK\r\n' +
          'Access-Control-Allow-Origin: https://app.example.com\r\n' +
          'Access-Control-Allow-Methods: GET, PUT\r\n' +
          'Access-Control-Allow-Headers: content-type\r\n' +
          'X-Evil: a\u009bb\u0085c\r\n' +
          `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
        s.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
      });
      s.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.each([
    ['text', []],
    ['text, coloured', []],
    ['markdown', ['--format', 'markdown']],
    ['json', ['--format', 'json']],
  ] as const)('%s', async (name, args) => {
    const r = await runCli(bundle, ['probe', `${origin}/x`, '--origin', 'https://app.example.com', ...args], {
      env: name.includes('coloured') ? { FORCE_COLOR: '1' } : {},
    });
    expect(r.stdout.length, r.stderr).toBeGreaterThan(0);
    expect(count(r, name.includes('coloured'))).toBe(0);
    if (name.startsWith('text')) expect(r.stdout).toContain('\\x1b[2J');
  });
});
