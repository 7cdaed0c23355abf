/**
 * HAR input: the text of a file from any producer (Chrome, Firefox, Charles, a hand-edited file,
 * one of our own exports) read into its entries, untouched: odd entries are passed through so the
 * model's normalise step can repair them with a note. Only the document-level problems are errors
 * here, each with a message a user can act on. (The export side is report/har.ts.)
 */

/** Marker every redaction mask starts with (report/redact.ts): a HAR that holds it was redacted before it was shared. */
export const MASK_OPEN = '‹redacted';

/** Largest HAR we read (in characters of text, about bytes for ASCII HAR). Larger files would stall the panel. */
export const MAX_HAR_BYTES = 512 * 1024 * 1024;

/** Custom field on `log` that carries the analysis in an exported HAR. */
export const HAR_ANALYSIS_FIELD = '_corsXray';

type HarParseResult = { ok: true; entries: unknown[]; notes: string[]; creator?: string; analysis?: unknown } | { ok: false; error: string };

export type Loose = Record<string, unknown>;
export const isObj = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

function mb(n: number): string {
  return `${Math.round(n / (1024 * 1024))} MB`;
}

/** For the panel: refuse a file by its size before reading it. Null when the size is fine. */
export function harSizeError(bytes: number): string | null {
  if (bytes <= MAX_HAR_BYTES) return null;
  // One decimal: a file just over the limit must not read as the limit itself ("512 MB; the limit is 512 MB").
  return `The file is ${(bytes / (1024 * 1024)).toFixed(1)} MB; the limit is ${mb(MAX_HAR_BYTES)}. Record a shorter session (clear the Network log, reproduce the failing request only) and export again.`;
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: end - last };
}

/** Does the text stop inside a string or with brackets still open (a cut-off download)? */
function isCutOff(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return inString || depth > 0;
}

function snippetAt(text: string, offset: number): string {
  const from = Math.max(0, offset - 20);
  const s = text.slice(from, offset + 20).replace(/\s+/g, ' ');
  return s.length > 60 ? s.slice(0, 60) + '…' : s;
}

/**
 * Offset of the first JSON syntax error, or -1 when the text is valid. Engines word (and place)
 * their errors differently, so the position is found here. Iterative: deep nesting cannot overflow.
 * An offset at the end of the text means the text stopped early.
 */
function findJsonError(t: string): number {
  let i = 0;
  const n = t.length;
  const stack: number[] = []; // 123 '{' or 91 '['
  let state: 'value' | 'valueOrEnd' | 'key' | 'keyOrEnd' | 'after' = 'value';
  const skipWs = () => {
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const readString = (): number => {
    i++;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 34) {
        i++;
        return -1;
      }
      if (c === 92) i += 2;
      else if (c < 0x20) return i;
      else i++;
    }
    return n;
  };
  for (;;) {
    skipWs();
    if (i >= n) return state === 'after' && stack.length === 0 ? -1 : n;
    const c = t.charCodeAt(i);
    if (state === 'value' || state === 'valueOrEnd') {
      if (state === 'valueOrEnd' && c === 93) {
        stack.pop();
        i++;
        state = 'after';
      } else if (c === 123 || c === 91) {
        stack.push(c);
        i++;
        state = c === 123 ? 'keyOrEnd' : 'valueOrEnd';
      } else if (c === 34) {
        const e = readString();
        if (e >= 0) return e;
        state = 'after';
      } else {
        const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(t.slice(i, i + 512));
        if (!m) {
          const rest = t.slice(i, i + 6);
          return rest.length < 5 && ['true', 'false', 'null'].some((w) => w.startsWith(rest)) ? n : i;
        }
        i += m[0].length;
        if (i >= n && !(stack.length === 0)) return n;
        state = 'after';
      }
    } else if (state === 'key' || state === 'keyOrEnd') {
      if (state === 'keyOrEnd' && c === 125) {
        stack.pop();
        i++;
        state = 'after';
        continue;
      }
      if (c !== 34) return i;
      const e = readString();
      if (e >= 0) return e;
      skipWs();
      if (i >= n) return n;
      if (t.charCodeAt(i) !== 58) return i;
      i++;
      state = 'value';
    } else {
      if (stack.length === 0) return i;
      const top = stack[stack.length - 1];
      if (c === 44) {
        i++;
        state = top === 123 ? 'key' : 'value';
      } else if ((c === 125 && top === 123) || (c === 93 && top === 91)) {
        stack.pop();
        i++;
      } else return i;
    }
  }
}

function describeSyntaxError(text: string, err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const trimmed = text.trimEnd();
  const at = findJsonError(trimmed);
  if (at >= trimmed.length || (at < 0 && (/unexpected end|end of (json )?(input|data)|unterminated/i.test(msg) || isCutOff(trimmed)))) {
    return (
      `The file is cut off: it ends before the JSON is complete (${trimmed.length} characters read). ` +
      'The download or copy was probably interrupted; export the HAR again.'
    );
  }
  let where: { line: number; column: number } | null = null;
  let offset = at;
  if (offset < 0) {
    const pos = /position (\d+)/i.exec(msg);
    const lc = /line (\d+) column (\d+)/i.exec(msg);
    if (lc) where = { line: Number(lc[1]), column: Number(lc[2]) };
    else if (pos) offset = Number(pos[1]);
  }
  if (!where && offset >= 0) where = lineColumn(text, offset);
  const place = where ? ` at line ${where.line}, column ${where.column}` : '';
  const near = offset >= 0 ? ` near "${snippetAt(text, offset)}"` : '';
  return `The file is not valid JSON${place}${near}. A HAR file is JSON; was it edited, or is it a different file?`;
}

/**
 * Parse the text of a HAR file. Never throws. Odd entries are passed through (normalise notes them).
 */
export function parseHarText(text: string): HarParseResult {
  if (typeof text !== 'string') return { ok: false, error: 'Nothing to import: the file could not be read as text.' };
  const sizeErr = harSizeError(text.length);
  if (sizeErr) return { ok: false, error: sizeErr };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.trim()) return { ok: false, error: 'The file is empty.' };
  const first = body.trimStart()[0];
  if (first !== '{' && first !== '[') {
    const head = body.trimStart().slice(0, 40).replace(/\s+/g, ' ');
    const hint = /^<(!doctype|html|\?xml)/i.test(body.trimStart()) ? ' It looks like an HTML or XML page, not a HAR export.' : '';
    return {
      ok: false,
      error: `The file is not JSON: it starts with "${head}" at line 1, column 1.${hint} Choose a .har file exported from the Network panel.`,
    };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    return { ok: false, error: describeSyntaxError(body, err) };
  }
  const notes: string[] = [];
  let log: Loose | null = null;
  if (isObj(doc) && isObj(doc.log)) log = doc.log;
  else if (isObj(doc) && Array.isArray(doc.entries)) {
    log = doc;
    notes.push('The file is a HAR log without the outer {"log": …} wrapper; it was read anyway.');
  } else if (Array.isArray(doc) && doc.length > 0 && doc.every((e) => isObj(e) && 'request' in e)) {
    notes.push('The file is a bare list of HAR entries without a HAR document around it; it was read anyway.');
    return { ok: true, entries: doc, notes };
  }
  if (!log) {
    const keys = isObj(doc) ? Object.keys(doc).slice(0, 5).join(', ') : Array.isArray(doc) ? 'a list' : typeof doc;
    return {
      ok: false,
      error: `The file is JSON but not a HAR: it has no "log.entries" list (found ${keys || 'an empty object'}). Export it from the Network panel with "Save all as HAR".`,
    };
  }
  if (!Array.isArray(log.entries)) {
    return {
      ok: false,
      error: `The file looks like a HAR but "log.entries" is ${log.entries === undefined ? 'missing' : 'not a list'}. The file may have been edited or produced by a tool that does not follow HAR 1.2.`,
    };
  }
  const entries = log.entries as unknown[];
  let creator: string | undefined;
  if (isObj(log.creator) && typeof log.creator.name === 'string') {
    creator = `${log.creator.name}${typeof log.creator.version === 'string' && log.creator.version ? ' ' + log.creator.version : ''}`;
  }
  if (typeof log.version === 'string' && !/^1\.[12]$/.test(log.version)) {
    notes.push(`HAR version "${log.version.slice(0, 20)}" is not 1.1 or 1.2; it was read as 1.2.`);
  }
  if (entries.length === 0) {
    notes.push('The capture has no requests (0 entries). Record with the Network panel open, reproduce the error, then export.');
  }
  const odd = entries.filter((e) => !isObj(e) || !isObj(e.request)).length;
  if (odd) notes.push(`${odd} of ${entries.length} entries have no request object; they are reported as skipped.`);
  const analysis = log[HAR_ANALYSIS_FIELD];
  if (analysis !== undefined) {
    notes.push(`The file carries an analysis from ${creator ?? 'CORS X-Ray'}; the requests were analysed again.`);
  }
  if (body.includes(MASK_OPEN)) {
    notes.push('This HAR was redacted before it was shared: masked credentials stay masked.');
  }
  const out: HarParseResult = { ok: true, entries, notes };
  if (creator !== undefined) out.creator = creator;
  if (analysis !== undefined) out.analysis = analysis;
  return out;
}
