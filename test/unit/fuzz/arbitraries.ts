/**
 * fast-check generators for the fuzz suite: HAR-ish entries a stranger could hand us (wrong types,
 * missing fields, hostile strings, prototype names, weird timings, deep nesting), and the run
 * settings (seed, size) shared by every property.
 */
import fc from 'fast-check';
import { INJECTION_PAYLOADS } from '../report/injection-corpus';

/**
 * The seed: fixed in `npm test` so a failure is reproducible; FUZZ_SEED overrides it (fast-check
 * prints the seed and the shrunk counterexample's path on failure). FUZZ_RUNS raises the number of
 * cases per property (`npm run fuzz`).
 */
export const SEED = process.env.FUZZ_SEED !== undefined && process.env.FUZZ_SEED !== '' ? Number(process.env.FUZZ_SEED) : 20261206;
export const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 12;
if (!Number.isInteger(SEED)) throw new Error(`FUZZ_SEED must be an integer, got ${JSON.stringify(process.env.FUZZ_SEED)}`);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`FUZZ_RUNS must be a positive integer, got ${JSON.stringify(process.env.FUZZ_RUNS)}`);

/** Parameters for fc.assert: the seed, the size, and no time-based interruption (runs stay reproducible). */
export function params<T>(runsScale = 1): fc.Parameters<T> {
  return { seed: SEED, numRuns: Math.max(1, Math.round(RUNS * runsScale)), endOnFailure: true, reporter: shortReport };
}

/**
 * fast-check's default report prints the whole counterexample (megabytes for a 12,000-character
 * string); this one gives the seed and path to replay it, the error, and the start of the value.
 */
function shortReport<T>(d: fc.RunDetails<T>): void {
  if (!d.failed) return;
  const value = fc.stringify(d.counterexample);
  const cause = d.errorInstance instanceof Error ? d.errorInstance : new Error(String(d.errorInstance));
  const err = new Error(
    `Property failed after ${d.numRuns} runs (seed ${d.seed}, path "${d.counterexamplePath}"; replay with FUZZ_SEED=${d.seed}).\n` +
      `${cause.message}\nCounterexample (${value.length} chars): ${value.length > 3000 ? value.slice(0, 3000) + '…' : value}`,
    { cause },
  );
  err.stack = `${err.message}\n${cause.stack ?? ''}`;
  throw err;
}

export const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype);

/** Characters a terminal or a reader could be fooled by, and the characters markup is made of. */
const NASTY_CHARS = [
  '\u0000',
  '\u0007',
  '\u0008',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u001b[2J',
  '\u001b]0;x\u0007',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufdd0',
  '\uffff',
  '\u{10fffe}',
  '\ud83d\ude00',
  '\ud800',
  '\udfff',
  '𝕏',
  '<',
  '>',
  '"',
  "'",
  '`',
  '&',
  '[',
  ']',
  '(',
  ')',
  '!',
  '|',
  '\\',
  '#',
  '*',
  '_',
  '~',
  '@',
  ':',
  '/',
  '?',
  '=',
  '%',
  ' ',
  'a',
  'Z',
  '0',
];

const nastyUnit = fc.constantFrom(...NASTY_CHARS);

/** A hostile string: injection payloads, prototype names, control characters, non-BMP, lone surrogates. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: nastyUnit, maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...INJECTION_PAYLOADS.filter((p) => p.length < 1000)) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_NAMES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('A', '<', '\u001b', '\u202e'), fc.integer({ min: 1000, max: 9000 })).map(([c, n]) => c.repeat(n)) },
);

const ORIGINS = ['http://localhost:5173', 'https://app.example.com', 'null', 'http://[::1]:3000', 'file://'];
const TARGETS = ['https://api.example.com', 'https://abc123.execute-api.us-east-1.amazonaws.com', 'http://localhost:5173', 'https://d111.cloudfront.net'];

/** URLs: real ones with hostile paths/queries (so that pairs form), invalid ones, non-strings. */
const url: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.constantFrom(...TARGETS), fc.constantFrom('/v1/items', '/prod/orders', '/'), fc.option(hostileString, { nil: '' }))
      .map(([t, p, q]) => t + p + (q ? `?q=${q}` : '')),
  },
  { weight: 1, arbitrary: hostileString },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'not a url',
      'http://',
      '://x',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'http://exa mple.com/',
      'https://例え.jp/パス',
      'http://[::1',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
);

const ACAO = fc.oneof(fc.constantFrom(...ORIGINS, '*', '', 'http://localhost:5173, https://app.example.com'), hostileString);

const headerName: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'Origin',
      'Access-Control-Request-Method',
      'Access-Control-Request-Headers',
      'Authorization',
      'Content-Type',
      'Cookie',
      'x-amzn-ErrorType',
      'Server',
      'Via',
      'Location',
      'WWW-Authenticate',
      'Retry-After',
      'Access-Control-Allow-Origin',
      'Access-Control-Allow-Credentials',
      'Access-Control-Allow-Methods',
      'Access-Control-Allow-Headers',
      'Set-Cookie',
      'X-Note',
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom(...PROTO_NAMES) },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
);

const headerValue: fc.Arbitrary<unknown> = fc.oneof({ weight: 3, arbitrary: ACAO }, { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) });

const header: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ name: headerName, value: headerValue }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
);

const headers: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.array(header, { maxLength: 8 }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
);

/** Numbers a timing or a status could hold in a file from anywhere. */
const weirdNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    1,
    200,
    204,
    301,
    403,
    404,
    429,
    500,
    502,
    503,
    504,
    999,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER,
    0.5,
    Number.NaN,
    Infinity,
    -Infinity,
    -0,
  ),
  fc.integer(),
  fc.double(),
  fc.constantFrom('200', '', null, true, [], {}),
);

const started: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 5000 }).map((ms) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString()) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', 'yesterday', '2026-13-45T99:99:99Z', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '1970-01-01T00:00:00.000+14:00'),
  },
  { weight: 1, arbitrary: fc.oneof(hostileString, weirdNumber) },
);

/** An `_initiator` nested `depth` levels deep through `parent` (DevTools' async stacks). */
export function deepInitiator(depth: number, frame: unknown = { functionName: 'f', url: 'https://app.example.com/app.js', lineNumber: 1 }): unknown {
  let stack: Record<string, unknown> = { callFrames: [frame] };
  for (let i = 0; i < depth; i++) stack = { callFrames: [frame], parent: stack };
  return { type: 'script', url: 'https://app.example.com/app.js', stack };
}

const initiator: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record(
      { type: fc.constantFrom('script', 'parser', 'preflight', 'other'), url: url, requestId: fc.constantFrom('1', '2', '3') },
      { requiredKeys: ['type'] },
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 60 }).map((d) => deepInitiator(d)) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
);

/** Maybe a value, maybe something of the wrong type, maybe missing (undefined keys are dropped by requiredKeys). */
function sometimesWrong<T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) });
}

const request = fc.record(
  {
    method: sometimesWrong(fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'options', 'PATCH'), hostileString)),
    url,
    httpVersion: sometimesWrong(fc.constantFrom('HTTP/1.1', 'h2', 'http/2.0', '')),
    headers,
    cookies: sometimesWrong(fc.array(fc.record({ name: hostileString, value: hostileString }), { maxLength: 2 })),
    queryString: sometimesWrong(fc.array(fc.record({ name: hostileString, value: hostileString }), { maxLength: 2 })),
    postData: sometimesWrong(
      fc.record({ mimeType: fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x'), text: hostileString }, { requiredKeys: [] }),
    ),
    headersSize: weirdNumber,
    bodySize: weirdNumber,
  },
  { requiredKeys: ['url'] },
);

const response = fc.record(
  {
    status: weirdNumber,
    statusText: sometimesWrong(hostileString),
    httpVersion: sometimesWrong(fc.constantFrom('HTTP/1.1', 'h2', '')),
    headers,
    cookies: sometimesWrong(fc.array(fc.record({ name: hostileString, value: hostileString }), { maxLength: 2 })),
    content: sometimesWrong(
      fc.record(
        { size: weirdNumber, mimeType: sometimesWrong(fc.constantFrom('application/json', 'text/html')), text: sometimesWrong(hostileString) },
        { requiredKeys: [] },
      ),
    ),
    redirectURL: sometimesWrong(url),
    _error: sometimesWrong(hostileString),
  },
  { requiredKeys: [] },
);

/** One HAR-ish entry: mostly the shape Chromium writes, every field possibly wrong, missing or hostile. */
export const harishEntry: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .record(
        {
          startedDateTime: started,
          time: weirdNumber,
          request: sometimesWrong(request),
          response: sometimesWrong(response),
          cache: fc.constant({}),
          timings: sometimesWrong(
            fc.record({ blocked: weirdNumber, dns: weirdNumber, send: weirdNumber, wait: weirdNumber, receive: weirdNumber }, { requiredKeys: [] }),
          ),
          _resourceType: sometimesWrong(fc.constantFrom('fetch', 'xhr', 'preflight', 'document', 'script', 'other')),
          _initiator: initiator,
          _error: sometimesWrong(fc.oneof(fc.constantFrom('net::ERR_FAILED', 'net::ERR_CONNECTION_REFUSED', 'net::ERR_NAME_NOT_RESOLVED', ''), hostileString)),
          _requestId: fc.constantFrom('1', '2', '3', '1.1'),
          constructor: fc.anything({ maxDepth: 1 }),
          toString: fc.anything({ maxDepth: 1 }),
        },
        { requiredKeys: ['request'] },
      )
      .chain((e) =>
        // An own "__proto__" field, as JSON.parse makes it from a file (an object literal would set the prototype).
        fc.option(fc.anything({ maxDepth: 1 }), { nil: undefined }).map((p) => {
          if (p !== undefined) Object.defineProperty(e, '__proto__', { value: p, enumerable: true, writable: true, configurable: true });
          return e;
        }),
      ),
  },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
);

/** A list of entries: preflight/actual pairs form because URLs and origins come from small pools. */
export const harishEntries: fc.Arbitrary<unknown[]> = fc.array(harishEntry, { maxLength: 10 });
