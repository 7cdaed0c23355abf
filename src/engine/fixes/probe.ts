/**
 * Commands that show what the server really answers: a preflight by hand, the actual request the
 * browser never sent. Credentials are never copied from the capture: placeholders stand in.
 */
import { isBrowserControlledHeader, isSafelistedHeader, SAFELISTED_METHODS } from '../../model/fetch-spec';
import { isToken } from '../headers';
import type { FixSnippet } from '../schema';
import type { FixContext } from './context';

function shq(s: string): string {
  return s.includes("'") ? `'${s.replace(/'/g, `'\\''`)}'` : `'${s}'`;
}

/** A recorded header value on one line, at most 200 characters. */
function oneLine(v: string): string {
  const line = v.includes('\n') || v.includes('\r') ? v.replace(/[\r\n]/g, ' ') : v;
  return line.length > 200 ? line.slice(0, 200) : line;
}

const SECRET = new Set(['authorization', 'cookie', 'x-api-key', 'x-amz-security-token', 'proxy-authorization']);

export function placeholderFor(name: string): string {
  const n = name.toLowerCase();
  if (n === 'authorization') return 'Bearer <token>';
  if (n === 'cookie') return '<cookie>';
  if (n === 'x-api-key') return '<api-key>';
  if (n === 'content-type') return 'application/json';
  return `<${n}>`;
}

/** The parts of the probe and curl commands that do not depend on the URL or header values. */
function commandParts(f: FixContext) {
  const lowerNames = f.headers.map((h) => h.toLowerCase());
  let preflightTail = `-H ${shq(`Origin: ${f.origin}`)} -H ${shq(`Access-Control-Request-Method: ${f.method}`)}`;
  if (f.headers.length) preflightTail += ` -H ${shq(`Access-Control-Request-Headers: ${lowerNames.join(',')}`)}`;
  let probePlaceholders = '';
  const seen: string[] = [];
  for (let i = 0; i < f.headers.length; i++) {
    if (seen.includes(lowerNames[i]!)) continue;
    seen.push(lowerNames[i]!);
    probePlaceholders += ` -H ${shq(`${f.headers[i]}: ${placeholderFor(f.headers[i]!)}`)}`;
  }
  return {
    /** After the URL in the curl preflight: Origin, Access-Control-Request-Method, -Headers. */
    preflightTail,
    /** `-H 'Origin: …'`, the first header of the curl actual request. */
    originHeader: `-H ${shq(`Origin: ${f.origin}`)}`,
    /** After the URL in the probe: `--origin '…'` and `-X M` unless GET. */
    probeOrigin: `--origin ${shq(f.origin)}${f.method !== 'GET' ? ` -X ${f.method}` : ''}`,
    /** The probe's headers when none was recorded: the requested names, placeholder values. */
    probePlaceholders,
    /** `--credentials` when credentialed, then `--send-actual`. */
    probeTail: f.credentialed ? ' --credentials --send-actual' : ' --send-actual',
    /** Lower-case request header names (f.headers), for membership tests. */
    lowerNames,
  };
}

export function curlPreflight(f: FixContext): string {
  return `curl -i -X OPTIONS ${shq(f.url)} ${commandParts(f).preflightTail}`;
}

/** ` -H 'Name: value'` for one recorded header, secrets replaced by placeholders. */
function headerArg(name: string, lower: string, value: string): string {
  return ` -H ${shq(`${name}: ${SECRET.has(lower) ? placeholderFor(lower) : oneLine(value)}`)}`;
}

/** The actual request, with header values from the capture except secrets. */
export function curlActual(f: FixContext, headers: ReadonlyArray<{ name: string; value: string }>): string {
  const parts = commandParts(f);
  let out = `curl -i -X ${f.method} ${shq(f.url)} ${parts.originHeader}`;
  // A request carries a handful of headers: a list is cheaper than a Set here.
  const seen: string[] = [];
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    const n = h.name.toLowerCase();
    if (!isToken(h.name) || n === 'origin' || n === 'host' || n === 'content-length' || n.startsWith(':') || seen.includes(n)) continue;
    if (n !== 'cookie' && !parts.lowerNames.includes(n)) continue;
    seen.push(n);
    out += headerArg(h.name, n, h.value);
  }
  for (let i = 0; i < f.headers.length; i++) {
    const n = parts.lowerNames[i]!;
    if (!seen.includes(n)) out += ` -H ${shq(`${f.headers[i]}: ${placeholderFor(n)}`)}`;
  }
  return out;
}

/**
 * The lower-case names unsafeRequestHeaderNames gives (the headers that made the request need a
 * preflight), unsorted and possibly repeated: the probe only asks whether a name is among them.
 */
function unsafeNames(headers: ReadonlyArray<{ name: string; value: string }>): string[] {
  const unsafe: string[] = [];
  const safelisted: string[] = [];
  let safelistedTotal = 0;
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    if (isBrowserControlledHeader(h.name)) continue;
    const n = h.name.toLowerCase();
    if (isSafelistedHeader(n, h.value)) {
      safelistedTotal += n.length + h.value.length;
      safelisted.push(n);
    } else unsafe.push(n);
  }
  // All safelisted headers together may not exceed 1024 bytes, or they all need the preflight.
  return safelistedTotal > 1024 ? unsafe.concat(safelisted) : unsafe;
}

/**
 * `cors-xray probe` for the request the browser never sent: same method (`-X`, omitted for GET) and
 * the author headers that made it non-simple (`-H`, secrets replaced by placeholders), so the probe
 * sends what the page would have sent. With no recorded request (only the preflight), the headers
 * the preflight asked about are sent with placeholder values.
 */
export function probeCommand(f: FixContext, headers: ReadonlyArray<{ name: string; value: string }> = []): string {
  const parts = commandParts(f);
  let out = `cors-xray probe ${shq(f.url)} ${parts.probeOrigin}`;
  if (headers.length) {
    const unsafe = unsafeNames(headers);
    const seen: string[] = [];
    for (let i = 0; i < headers.length; i++) {
      const h = headers[i]!;
      const n = h.name.toLowerCase();
      if (!unsafe.includes(n) || seen.includes(n) || !isToken(h.name)) continue;
      seen.push(n);
      out += headerArg(h.name, n, h.value);
    }
  } else out += parts.probePlaceholders;
  return out + parts.probeTail;
}

/** The three commands for the context's own recorded headers, built once per context. */
export function probeCommands(f: FixContext): NonNullable<FixContext['commands']> {
  return (f.commands ??= { probe: probeCommand(f, f.requestHeaders), preflight: curlPreflight(f), actual: curlActual(f, f.requestHeaders) });
}

export function probeSnippets(f: FixContext, headers: ReadonlyArray<{ name: string; value: string }> = f.requestHeaders): FixSnippet[] {
  const c = headers === f.requestHeaders ? probeCommands(f) : { probe: probeCommand(f, headers), preflight: curlPreflight(f), actual: curlActual(f, headers) };
  // A simple request (safelisted method, no header outside the safelist) has no preflight to replay.
  if (SAFELISTED_METHODS.has(f.method) && f.headers.length === 0) {
    return [{ stack: 'Command line', lang: 'shell', title: 'See the real answer', code: `${c.probe}\n${c.actual}` }];
  }
  return [
    { stack: 'Command line', lang: 'shell', title: 'Replay the preflight', code: c.preflight },
    { stack: 'Command line', lang: 'shell', title: 'See the real answer (preflight, then the request itself)', code: `${c.probe}\n${c.actual}` },
  ];
}
