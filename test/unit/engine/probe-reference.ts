/**
 * The probe and curl command builders as they were before they were rewritten to build strings
 * directly (session 3): the rewrite must give the same bytes for every input (probe-reference.test.ts).
 */
import { unsafeRequestHeaderNames } from '../../../src/model/fetch-spec';
import { isToken } from '../../../src/engine/headers';
import type { FixContext } from '../../../src/engine/fixes/context';

function shq(s: string): string {
  return s.includes("'") ? `'${s.replace(/'/g, `'\\''`)}'` : `'${s}'`;
}

/** A recorded header value on one line, at most 200 characters. */
function oneLine(v: string): string {
  const line = v.includes('\n') || v.includes('\r') ? v.replace(/[\r\n]/g, ' ') : v;
  return line.length > 200 ? line.slice(0, 200) : line;
}

const SECRET = new Set(['authorization', 'cookie', 'x-api-key', 'x-amz-security-token', 'proxy-authorization']);

function placeholderFor(name: string): string {
  const n = name.toLowerCase();
  if (n === 'authorization') return 'Bearer <token>';
  if (n === 'cookie') return '<cookie>';
  if (n === 'x-api-key') return '<api-key>';
  if (n === 'content-type') return 'application/json';
  return `<${n}>`;
}

export function refCurlPreflight(f: FixContext): string {
  const parts = ['curl -i -X OPTIONS', shq(f.url), '-H', shq(`Origin: ${f.origin}`), '-H', shq(`Access-Control-Request-Method: ${f.method}`)];
  if (f.headers.length) parts.push('-H', shq(`Access-Control-Request-Headers: ${f.headers.map((h) => h.toLowerCase()).join(',')}`));
  return parts.join(' ');
}

/** The actual request, with header values from the capture except secrets. */
export function refCurlActual(f: FixContext, headers: ReadonlyArray<{ name: string; value: string }>): string {
  const parts = ['curl -i -X', f.method, shq(f.url), '-H', shq(`Origin: ${f.origin}`)];
  const seen = new Set<string>();
  for (const h of headers) {
    const n = h.name.toLowerCase();
    if (!isToken(h.name) || seen.has(n) || n === 'origin' || n === 'host' || n.startsWith(':') || n === 'content-length') continue;
    if (!f.headers.some((x) => x.toLowerCase() === n) && n !== 'cookie') continue;
    seen.add(n);
    const v = SECRET.has(n) ? placeholderFor(n) : oneLine(h.value);
    parts.push('-H', shq(`${h.name}: ${v}`));
  }
  for (const n of f.headers) if (!seen.has(n.toLowerCase())) parts.push('-H', shq(`${n}: ${placeholderFor(n)}`));
  return parts.join(' ');
}

/**
 * `cors-xray probe` for the request the browser never sent: same method (`-X`, omitted for GET) and
 * the author headers that made it non-simple (`-H`, secrets replaced by placeholders), so the probe
 * sends what the page would have sent. With no recorded request (only the preflight), the headers
 * the preflight asked about are sent with placeholder values.
 */
export function refProbeCommand(f: FixContext, headers: ReadonlyArray<{ name: string; value: string }> = []): string {
  const parts = ['cors-xray probe', shq(f.url), '--origin', shq(f.origin)];
  if (f.method !== 'GET') parts.push('-X', f.method);
  const seen = new Set<string>();
  if (headers.length) {
    const unsafe = new Set(unsafeRequestHeaderNames([...headers]));
    for (const h of headers) {
      const n = h.name.toLowerCase();
      if (!unsafe.has(n) || seen.has(n) || !isToken(h.name)) continue;
      seen.add(n);
      const v = SECRET.has(n) ? placeholderFor(n) : oneLine(h.value);
      parts.push('-H', shq(`${h.name}: ${v}`));
    }
  } else {
    for (const n of f.headers) {
      if (seen.has(n.toLowerCase())) continue;
      seen.add(n.toLowerCase());
      parts.push('-H', shq(`${n}: ${placeholderFor(n)}`));
    }
  }
  if (f.credentialed) parts.push('--credentials');
  parts.push('--send-actual');
  return parts.join(' ');
}
