/**
 * HAR export: HAR 1.2 with `log.creator` "CORS X-Ray" and the analysis attached as `log._corsXray`
 * (custom fields start with "_" per the HAR spec). Redacted by default. (Reading a HAR is the
 * model's: model/har-input.ts.)
 */
import type { Analysis } from '../engine/schema';
import { HAR_ANALYSIS_FIELD, isObj, type Loose } from '../model/har-input';
import { redactHar } from './redact';

const HAR_CREATOR_NAME = 'CORS X-Ray';
/** Fallback when no analysis is attached; otherwise the version is read from `analysis.generator`. */
export const HAR_CREATOR_VERSION = '0.1.0';

function versionOf(generator: string | undefined): string {
  return (generator && /\d+\.\d+\.\d+\S*/.exec(generator)?.[0]) || HAR_CREATOR_VERSION;
}

interface ExportHarOptions {
  /** Mask secrets in the entries and in the attached analysis. Default true. */
  redact?: boolean;
  /** Optional HAR pages, as chrome.devtools.network.getHAR() returned them. */
  pages?: unknown[];
  /** Pretty-print (default true). */
  pretty?: boolean;
}

function completeEntry(e: unknown): unknown {
  if (!isObj(e)) return e;
  // HAR 1.2 requires these; chrome.devtools.network entries always have them, imports may not.
  const out: Loose = { ...e };
  if (typeof out.startedDateTime !== 'string') out.startedDateTime = new Date(0).toISOString();
  if (typeof out.time !== 'number') out.time = -1;
  if (!isObj(out.cache)) out.cache = {};
  if (!isObj(out.timings)) out.timings = { send: -1, wait: -1, receive: -1 };
  return out;
}

/**
 * Bounds of an exported HAR, so that its size follows the capture's. Without them a 219 KB file
 * whose `_initiator` stacks nest thousands of levels deep (each `parent` one level more) became a
 * 526 MB export (the indentation of a pretty-printed document grows with its depth), and deeper
 * nesting crashed the export. A cut is never silent: it leaves a `‹cut: …›` marker with what was cut.
 */
export const HAR_EXPORT_LIMITS = {
  /** Levels kept below a custom field ("_initiator", "_webSocketMessages"…): its stack and a few parents. */
  extraDepth: 6,
  /** Items kept in a list inside a custom field (call frames). */
  extraItems: 100,
  /** Levels kept anywhere (a HAR entry itself is 4 deep). */
  depth: 24,
  /** Characters kept of a body (postData.text, content.text). */
  body: 4 * 1024 * 1024,
  /** Characters kept of any other string (URLs, header values…). */
  string: 256 * 1024,
} as const;

const CUT_OPEN = '‹cut: ';

/** `value` within HAR_EXPORT_LIMITS. `extra`: levels below the custom field it is in (null: in none). */
function bounded(value: unknown, key: string, depth: number, extra: number | null): unknown {
  const L = HAR_EXPORT_LIMITS;
  if (typeof value === 'string') {
    const max = key === 'text' ? L.body : L.string;
    return value.length > max ? `${value.slice(0, max)}…${CUT_OPEN}${value.length} chars in all›` : value;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= L.depth || (extra !== null && extra >= L.extraDepth)) return `${CUT_OPEN}nested deeper than ${extra !== null ? L.extraDepth : L.depth} levels›`;
  const inner = extra === null ? null : extra + 1;
  if (Array.isArray(value)) {
    const keep = extra === null || value.length <= L.extraItems ? value : value.slice(0, L.extraItems);
    const out = keep.map((v) => bounded(v, '', depth + 1, inner));
    if (keep.length < value.length) out.push(`${CUT_OPEN}${value.length - keep.length} more items›`);
    return out;
  }
  const out: Loose = {};
  for (const k of Object.keys(value)) {
    const v = bounded((value as Loose)[k], k, depth + 1, inner ?? (k.startsWith('_') ? 0 : null));
    // A "__proto__" key from an untrusted file is data, not a prototype.
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * HAR 1.2 text of the given entries, with the analysis attached under `log._corsXray`, within
 * HAR_EXPORT_LIMITS. Redacted by default: the entries (headers, cookies, URLs, request and response
 * bodies) and the analysis by one redactor, so a secret seen in either is masked in both. Redaction
 * comes first, so that a cut cannot leave part of a secret that it would no longer recognise.
 */
export function exportHar(entries: readonly unknown[], analysis: Analysis | null, opts: ExportHarOptions = {}): string {
  const redact = opts.redact !== false;
  const log: Loose = {
    version: '1.2',
    creator: { name: HAR_CREATOR_NAME, version: versionOf(analysis?.generator) },
    pages: Array.isArray(opts.pages) ? opts.pages : [],
    entries: entries.map(completeEntry),
  };
  if (redact) log.comment = 'Redacted by CORS X-Ray: credentials, cookies and token-like values are masked.';
  if (analysis) log[HAR_ANALYSIS_FIELD] = analysis;
  const doc = redact ? redactHar({ log }) : { log };
  const out = { log: { ...doc.log, entries: bounded(doc.log.entries, 'entries', 2, null) } } as { log: Loose };
  if (analysis) out.log[HAR_ANALYSIS_FIELD] = bounded(doc.log[HAR_ANALYSIS_FIELD], '', 2, null);
  out.log.pages = bounded(doc.log.pages, 'pages', 2, null);
  return JSON.stringify(out, null, opts.pretty === false ? undefined : 2);
}
