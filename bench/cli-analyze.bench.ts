/**
 * How much `cors-xray analyze big.har` costs on top of just parsing the file.
 *
 * Generates a ~100 MB synthetic HAR (realistic Chromium entries: preflighted writes, failed
 * preflights with their never-sent requests, throttled and 5xx responses without CORS headers,
 * images and scripts, bodies, bearer tokens and cookies to redact), then runs, each in a fresh
 * child process so every peak-memory figure is its own:
 *   parse:           read the file + JSON.parse (the floor)
 *   analyze:         readInput + analyzeHarText (parse + normalise + pair + rules), no output
 *   text:            the default command, `analyze big.har` (text, redacted), as the CLI runs it:
 *                    readInput + analyzeHarText + emitAnalysis, output to a discarding sink
 *   json:            `--format json` (redacted), same path
 *   json-noredact:   `--format json --no-redact`
 * and prints the median time of each, its ratio to parse (target for the default command: at most
 * 1.5x), and peak RSS. Exits non-zero only on a crash.
 *
 *   node --import tsx --expose-gc bench/cli-analyze.bench.ts [--mb 100] [--runs 3] [--keep] [--file x.har]
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Child phases
// ---------------------------------------------------------------------------------------------

async function phase(name: string, file: string): Promise<void> {
  // Load (and let tsx compile) the CLI modules before the clock starts: the bundle has no such cost.
  const { readInput } = await import('../src/cli/input');
  const { analyzeHarText, emitAnalysis } = await import('../src/cli/analyze-command');
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const t0 = performance.now();
  let exchanges = 0;
  let outBytes = 0;
  if (name === 'parse') {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { log: { entries: unknown[] } };
    exchanges = doc.log.entries.length;
  } else {
    const silent = { update() {}, done() {} };
    const input = await readInput(file, () => silent);
    const analysis = analyzeHarText(input.text, input.name);
    exchanges = analysis.summary.exchanges;
    if (name !== 'analyze') {
      // The command's own output path (JSON streamed exchange by exchange), into a sink that
      // counts and discards, as /dev/null would.
      let bytes = 0;
      const sink = new Writable({
        decodeStrings: false,
        write(chunk: string, _enc, cb) {
          bytes += chunk.length;
          cb();
        },
      });
      const format = name === 'text' ? 'text' : 'json';
      await emitAnalysis(analysis, { format, all: false, redact: name !== 'json-noredact', colour: false, width: 100 }, sink);
      outBytes = bytes;
    }
  }
  const ms = performance.now() - t0;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, maxRssMb, exchanges, outBytes }) + '\n');
}

// ---------------------------------------------------------------------------------------------
// Synthetic HAR
// ---------------------------------------------------------------------------------------------

const APP = 'https://shop.example.com';
const API = 'https://k3x9q2w7ab.execute-api.eu-west-1.amazonaws.com';
const CDN = 'https://static.example-cdn.net';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36';

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const token = (n: number) => Array.from({ length: n }, () => pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'])).join('');
const jwt = () => `eyJhbGciOiJSUzI1NiJ9.${token(180)}.${token(86)}`;
const hdrs = (o: Record<string, string>) => Object.entries(o).map(([name, value]) => ({ name, value }));

function baseReq(method: string, url: string, extra: Record<string, string>, sent = true) {
  const u = new URL(url);
  const common: Record<string, string> = sent
    ? { Accept: '*/*', 'Accept-Encoding': 'gzip, deflate, br, zstd', 'Accept-Language': 'en-US,en;q=0.9', Connection: 'keep-alive', Host: u.host, Origin: APP, Referer: `${APP}/checkout`, 'Sec-Fetch-Dest': 'empty', 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Site': 'cross-site', 'User-Agent': UA }
    : { Referer: `${APP}/checkout`, 'User-Agent': UA };
  return {
    method,
    url,
    httpVersion: sent ? 'HTTP/1.1' : '',
    headers: hdrs({ ...common, ...extra }),
    queryString: [...u.searchParams].map(([name, value]) => ({ name, value })),
    cookies: [],
    headersSize: -1,
    bodySize: 0,
  };
}

function res(status: number, statusText: string, headers: Record<string, string>, body: string | null, error: string | null = null) {
  return {
    status,
    statusText,
    httpVersion: status ? 'HTTP/1.1' : '',
    headers: hdrs(headers),
    cookies: [],
    content: { size: body?.length ?? 0, mimeType: headers['Content-Type'] ?? 'x-unknown', ...(body !== null ? { text: body } : {}) },
    redirectURL: '',
    headersSize: -1,
    bodySize: body?.length ?? 0,
    _transferSize: body?.length ?? 0,
    _error: error,
  };
}

let clock = Date.parse('2026-03-01T09:00:00Z');
function entry(resourceType: string, initiator: unknown, request: unknown, response: unknown, requestId?: string) {
  clock += 3 + Math.floor(rand() * 40);
  return {
    _initiator: initiator,
    _priority: 'High',
    _resourceType: resourceType,
    ...(requestId ? { _requestId: requestId } : {}),
    cache: {},
    request,
    response,
    serverIPAddress: '52.95.1.' + Math.floor(rand() * 255),
    startedDateTime: new Date(clock).toISOString(),
    time: 40 + rand() * 200,
    timings: { blocked: 1.2, dns: -1, ssl: -1, connect: -1, send: 0.2, wait: 35 + rand() * 150, receive: 2.1, _blocked_queueing: 0.4 },
  };
}

const apigw = () => ({ 'x-amzn-RequestId': `${token(8)}-${token(4)}-${token(4)}-${token(12)}`, 'x-amz-apigw-id': `${token(15)}=`, 'X-Amzn-Trace-Id': `Root=1-${token(8)}-${token(24)}` });
const script = { type: 'script', stack: { callFrames: [{ functionName: 'request', scriptId: '31', url: `${APP}/assets/app.3f9a1c.js`, lineNumber: 1201, columnNumber: 17 }] } };
const jsonBody = (n: number) => JSON.stringify({ items: Array.from({ length: n }, (_, i) => ({ id: `ord-${i}-${token(6)}`, sku: `SKU-${token(5)}`, qty: 1 + (i % 4), price: (rand() * 100).toFixed(2), note: token(40) })) });

/** One user action: 1–2 HAR entries. */
function scenario(i: number): unknown[] {
  const id = `${9000 + (i % 1000)}.${i}`;
  const r = rand();
  const path = pick(['orders', 'cart', 'profile', 'inventory', 'payments', 'search']);
  const url = `${API}/prod/${path}/${i}?v=${i % 7}`;
  const auth = { Authorization: `Bearer ${jwt()}`, 'Content-Type': 'application/json' };
  const preflight = (status: number, headers: Record<string, string>, method: string) =>
    entry('preflight', { type: 'preflight', url, requestId: id },
      baseReq('OPTIONS', url, { 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': 'authorization,content-type' }),
      res(status, status === 204 ? 'No Content' : 'Forbidden', headers, null));
  const okPf = (method: string) => preflight(204, { 'Access-Control-Allow-Origin': APP, 'Access-Control-Allow-Methods': `OPTIONS,${method}`, 'Access-Control-Allow-Headers': 'Authorization,Content-Type', 'Access-Control-Max-Age': '600', ...apigw() }, method);
  if (r < 0.45) {
    // Preflighted PUT that works, with a JSON body.
    return [
      entry('fetch', script, baseReq('PUT', url, auth), res(200, 'OK', { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': APP, ...apigw() }, jsonBody(8 + (i % 20))), id),
      okPf('PUT'),
    ];
  }
  if (r < 0.55) {
    // Missing OPTIONS route: 403 preflight, the PUT never sent.
    return [
      entry('fetch', script, baseReq('PUT', url, auth, false), res(0, '', {}, null, 'net::ERR_FAILED'), id),
      preflight(403, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'MissingAuthenticationTokenException', ...apigw() }, 'PUT'),
    ];
  }
  if (r < 0.65) {
    // Throttled POST: 429 without CORS headers.
    return [
      entry('fetch', script, baseReq('POST', url, auth), res(429, 'Too Many Requests', { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'TooManyRequestsException', ...apigw() }, '{"message":"Too Many Requests"}', 'net::ERR_FAILED'), id),
      okPf('POST'),
    ];
  }
  if (r < 0.7) {
    // 502 from a failing Lambda.
    return [
      entry('fetch', script, baseReq('POST', url, auth), res(502, 'Bad Gateway', { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'InternalServerErrorException', ...apigw() }, '{"message": "Internal server error"}', 'net::ERR_FAILED'), id),
      okPf('POST'),
    ];
  }
  if (r < 0.85) {
    // Simple GET with a cookie, answered with a list.
    return [entry('fetch', script, baseReq('GET', `${API}/prod/catalog?page=${i % 50}`, { Cookie: `session=${token(32)}; theme=dark` }), res(200, 'OK', { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', ...apigw() }, jsonBody(25)))];
  }
  // Static assets from the CDN (no CORS involved), some with bodies.
  const kind = pick(['image', 'script', 'stylesheet', 'font']);
  const asset = `${CDN}/assets/${token(10)}.${kind === 'image' ? 'webp' : kind === 'script' ? 'js' : kind === 'font' ? 'woff2' : 'css'}`;
  const body = kind === 'script' || kind === 'stylesheet' ? `/* ${token(20)} */\n` + token(3000) : null;
  return [entry(kind, { type: 'parser', url: `${APP}/checkout` }, baseReq('GET', asset, {}), res(200, 'OK', { 'Content-Type': kind === 'script' ? 'application/javascript' : 'text/css', 'Cache-Control': 'public, max-age=31536000', Age: '1200', Via: '1.1 varnish' }, body))];
}

function generate(file: string, targetBytes: number): { entries: number; bytes: number } {
  const fd = openSync(file, 'w');
  let bytes = 0;
  let entries = 0;
  const write = (s: string) => {
    writeSync(fd, s);
    bytes += Buffer.byteLength(s);
  };
  write('{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[\n');
  let first = true;
  for (let i = 0; bytes < targetBytes; i++) {
    let chunk = '';
    for (const e of scenario(i)) {
      chunk += (first ? '' : ',\n') + JSON.stringify(e, null, 1);
      first = false;
      entries++;
    }
    write(chunk);
  }
  write('\n]}}\n');
  closeSync(fd);
  return { entries, bytes };
}

// ---------------------------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------------------------

interface PhaseResult {
  ms: number;
  maxRssMb: number;
  exchanges: number;
  outBytes: number;
}

function runPhase(name: string, file: string): PhaseResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', '--max-old-space-size=4096', here, '--phase', name, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`phase ${name} crashed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as PhaseResult;
}

/** Median time of `runs` fresh processes (peak RSS: the highest seen). */
function median(name: string, file: string, runs: number): PhaseResult {
  const all = Array.from({ length: runs }, () => runPhase(name, file)).sort((a, b) => a.ms - b.ms);
  return { ...all[Math.floor((all.length - 1) / 2)]!, maxRssMb: Math.max(...all.map((r) => r.maxRssMb)) };
}

async function driver(): Promise<void> {
  const argv = process.argv;
  const arg = (name: string) => (argv.indexOf(name) > 0 ? argv[argv.indexOf(name) + 1] : undefined);
  const targetMb = Number(arg('--mb') ?? 100);
  const runs = Number(arg('--runs') ?? 3);
  const given = arg('--file');
  const keep = argv.includes('--keep') || !!given;
  const dir = given ? null : mkdtempSync(path.join(os.tmpdir(), 'cors-xray-bench-'));
  const file = given ?? path.join(dir!, 'synthetic.har');
  try {
    if (!given) {
      const t0 = performance.now();
      const { entries } = generate(file, targetMb * 1024 * 1024);
      console.log(`synthetic HAR: ${(statSync(file).size / 1048576).toFixed(1)} MB, ${entries} entries (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    } else console.log(`HAR: ${file}, ${(statSync(file).size / 1048576).toFixed(1)} MB`);
    const parse = median('parse', file, runs);
    const analyzed = median('analyze', file, runs);
    const text = median('text', file, runs);
    const json = median('json', file, runs);
    const plain = median('json-noredact', file, runs);
    const fmt = (r: PhaseResult) => `${(r.ms / 1000).toFixed(2).padStart(6)} s  ${(r.ms / parse.ms).toFixed(2).padStart(6)}x   peak RSS ${r.maxRssMb.toFixed(0).padStart(5)} MB`;
    const mb = (r: PhaseResult) => (r.outBytes < 1048576 ? `${(r.outBytes / 1024).toFixed(0)} KB out` : `${(r.outBytes / 1048576).toFixed(1)} MB out`);
    console.log(`read + JSON.parse                        ${fmt(parse)}`);
    console.log(`read + parse + analyze(), no output      ${fmt(analyzed)}   (${analyzed.exchanges} exchanges)`);
    console.log(`cli analyze (default: text, redacted)    ${fmt(text)}   (${mb(text)})`);
    console.log(`cli analyze --format json (redacted)     ${fmt(json)}   (${mb(json)})`);
    console.log(`cli analyze --format json --no-redact    ${fmt(plain)}   (${mb(plain)})`);
    const ratio = text.ms / parse.ms;
    console.log(`ratio default command / parse: ${ratio.toFixed(2)}x (target <= 1.50x: ${ratio <= 1.5 ? 'met' : 'NOT met'}); medians of ${runs} runs each`);
  } finally {
    if (keep) console.log(`kept ${file}`);
    else if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf('--phase');
if (at > 0) await phase(process.argv[at + 1]!, process.argv[at + 2]!);
else await driver();
