/**
 * Commands that show what the server really answers: a preflight by hand, the actual request the
 * browser never sent. Credentials are never copied from the capture: placeholders stand in.
 *
 * A command is built as words, and the values it copies from the capture (the URL, recorded header
 * values) stay apart from the engine's own words until it is written. The snippet or reveal written
 * from it remembers them (commandsOf), so the one redaction pass (report/redact.ts) writes the
 * command again from masked values, by each header's name: nothing is parsed back out of the text.
 */
import { SAFELISTED_METHODS, unsafeRequestHeaderNames } from '../../model/fetch-spec';
import { isToken } from '../headers';
import type { FixSnippet } from '../schema';
import type { FixContext } from './context';

/** Text the engine wrote (already quoted), the request's URL, or a recorded header sent as `-H 'name: value'`. */
export type CommandWord = string | { readonly url: string } | { readonly header: string; readonly value: string };
/** One command line, as words. */
export type Command = readonly CommandWord[];

/** How recorded values are written: as recorded, or masked (report/redact.ts). */
export interface RecordedValues {
  url: (url: string) => string;
  header: (name: string, value: string) => string;
}
const AS_RECORDED: RecordedValues = { url: (u) => u, header: (_n, v) => v };

/** One command as a line of shell, its recorded values through `values`. */
export function writeCommand(words: Command, values: RecordedValues = AS_RECORDED): string {
  let out = '';
  for (const w of words)
    out += typeof w === 'string' ? w : 'url' in w ? shq(values.url(w.url)) : shq(`${w.header}: ${oneLine(values.header(w.header, w.value))}`);
  return out;
}

/** The commands each snippet's code (one per line) or reveal's command list was written from, by that object. */
const WRITTEN = new WeakMap<object, readonly Command[]>();

/** The commands `holder` (a FixSnippet, or a Reveal's `commands` list) was written from; undefined for anything else. */
export function commandsOf(holder: object): readonly Command[] | undefined {
  return WRITTEN.get(holder);
}

/** A snippet whose code is `commands`, one per line. */
function commandSnippet(title: string, commands: readonly Command[]): FixSnippet {
  const s: FixSnippet = { stack: 'Command line', lang: 'shell', title, code: commands.map((c) => writeCommand(c)).join('\n') };
  WRITTEN.set(s, commands);
  return s;
}

/** A reveal's list of commands, written. */
export function writtenCommands(commands: readonly Command[]): string[] {
  const list = commands.map((c) => writeCommand(c));
  WRITTEN.set(list, commands);
  return list;
}

function shq(s: string): string {
  return s.includes("'") ? `'${s.replace(/'/g, `'\\''`)}'` : `'${s}'`;
}

/** A recorded header value on one line, at most 200 characters (written after masking, so a mask tells the whole length). */
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
  f.headers.forEach((h, i) => {
    if (lowerNames.indexOf(lowerNames[i]!) === i) probePlaceholders += ` -H ${shq(`${h}: ${placeholderFor(h)}`)}`;
  });
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

export function curlPreflight(f: FixContext): Command {
  return ['curl -i -X OPTIONS ', { url: f.url }, ' ' + commandParts(f).preflightTail];
}

/** ` -H 'Name: value'` for one recorded header, secrets replaced by placeholders. */
function headerArg(out: CommandWord[], name: string, lower: string, value: string): void {
  if (SECRET.has(lower)) out.push(` -H ${shq(`${name}: ${placeholderFor(lower)}`)}`);
  else out.push(' -H ', { header: name, value });
}

/** The actual request, with header values from the capture except secrets. */
export function curlActual(f: FixContext, headers: ReadonlyArray<{ name: string; value: string }>): Command {
  const parts = commandParts(f);
  const out: CommandWord[] = [`curl -i -X ${f.method} `, { url: f.url }, ' ' + parts.originHeader];
  // A request carries a handful of headers: a list is cheaper than a Set here.
  const seen: string[] = [];
  for (const h of headers) {
    const n = h.name.toLowerCase();
    if (!isToken(h.name) || n === 'origin' || n === 'host' || n === 'content-length' || n.startsWith(':') || seen.includes(n)) continue;
    if (n !== 'cookie' && !parts.lowerNames.includes(n)) continue;
    seen.push(n);
    headerArg(out, h.name, n, h.value);
  }
  f.headers.forEach((name, i) => {
    const n = parts.lowerNames[i]!;
    if (!seen.includes(n)) out.push(` -H ${shq(`${name}: ${placeholderFor(n)}`)}`);
  });
  return out;
}

/**
 * `cors-xray probe` for the request the browser never sent: same method (`-X`, omitted for GET) and
 * the author headers that made it non-simple (`-H`, secrets replaced by placeholders), so the probe
 * sends what the page would have sent. With no recorded request (only the preflight), the headers
 * the preflight asked about are sent with placeholder values.
 */
export function probeCommand(f: FixContext, headers: ReadonlyArray<{ name: string; value: string }> = []): Command {
  const parts = commandParts(f);
  const out: CommandWord[] = ['cors-xray probe ', { url: f.url }, ' ' + parts.probeOrigin];
  if (headers.length) {
    const unsafe = unsafeRequestHeaderNames([...headers]);
    const seen: string[] = [];
    for (const h of headers) {
      const n = h.name.toLowerCase();
      if (!unsafe.includes(n) || seen.includes(n) || !isToken(h.name)) continue;
      seen.push(n);
      headerArg(out, h.name, n, h.value);
    }
  } else out.push(parts.probePlaceholders);
  out.push(parts.probeTail);
  return out;
}

/** The three commands for the context's own recorded headers, built once per context. */
export function probeCommands(f: FixContext): NonNullable<FixContext['commands']> {
  return (f.commands ??= { probe: probeCommand(f, f.requestHeaders), preflight: curlPreflight(f), actual: curlActual(f, f.requestHeaders) });
}

export function probeSnippets(f: FixContext, headers: ReadonlyArray<{ name: string; value: string }> = f.requestHeaders): FixSnippet[] {
  const c = headers === f.requestHeaders ? probeCommands(f) : { probe: probeCommand(f, headers), preflight: curlPreflight(f), actual: curlActual(f, headers) };
  // A simple request (safelisted method, no header outside the safelist) has no preflight to replay.
  if (SAFELISTED_METHODS.has(f.method) && f.headers.length === 0) return [commandSnippet('See the real answer', [c.probe, c.actual])];
  return [
    commandSnippet('Replay the preflight', [c.preflight]),
    commandSnippet('See the real answer (preflight, then the request itself)', [c.probe, c.actual]),
  ];
}
