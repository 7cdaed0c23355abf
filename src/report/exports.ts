/**
 * Every export format from one call, for the panel's export menu and the CLI:
 * the same (optionally redacted) analysis rendered by each renderer.
 */
import type { Analysis } from '../engine/schema';
import { curlForExchange, fetchForExchange } from './curl';
import { exportHar } from './har';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { prepare } from './model';

export interface ExportAllOptions {
  /** Mask secrets (default true). */
  redact?: boolean;
  /** Raw HAR entries of the capture, for the HAR export (omitted: no HAR in the result). */
  entries?: readonly unknown[];
  /** Preferred fix stack. */
  stack?: string;
}

export interface ExportBundle {
  markdown: string;
  html: string;
  json: string;
  /** HAR 1.2 text with the analysis attached; null when no entries were given. */
  har: string | null;
  /** cURL of the preflight of the first selected exchange (null when it had none). */
  curlPreflight: string | null;
  /** cURL of the actual request of the first selected exchange. */
  curlActual: string | null;
  /** fetch(...) of the first selected exchange. */
  fetch: string | null;
  /** Suggested file name stem, e.g. "cors-xray-p12" or "cors-xray-3-failures". */
  fileStem: string;
}

/**
 * All export formats for `ids` (one id: a single report; several or none: the "all failures" summary).
 * Redacted unless `redact: false`.
 */
export function exportAll(analysis: Analysis, ids: string[] | undefined, opts: ExportAllOptions = {}): ExportBundle {
  const redact = opts.redact !== false;
  // Redact once here rather than once per renderer: it is the costly step on a large capture.
  const prepared = prepare(analysis, { redact, ...(ids ? { ids } : {}) });
  const common = { redact: false, ...(ids ? { ids } : {}), ...(opts.stack ? { stack: opts.stack } : {}) };
  const first = ids?.length ? analysis.exchanges.find((e) => e.id === ids[0]) : undefined;
  // cURL/fetch redact the raw exchange themselves: they need the original to rebuild the request.
  const curls = first ? curlForExchange(first, { redact }) : { preflight: null, actual: null };
  let har: string | null = null;
  if (opts.entries) har = exportHar(opts.entries, analysis, { redact });
  const count = ids ? ids.length : analysis.exchanges.filter((e) => e.verdict !== 'ok').length;
  const safeId = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || 'x';
  return {
    markdown: renderMarkdown(prepared, common),
    html: renderHtml(prepared, common),
    json: renderJson(prepared, { redact: false }),
    har,
    curlPreflight: curls.preflight,
    curlActual: curls.actual,
    fetch: first ? fetchForExchange(first, { redact }) : null,
    fileStem: ids?.length === 1 ? `cors-xray-${safeId(ids[0]!)}` : `cors-xray-${count}-${count === 1 ? 'failure' : 'failures'}`,
  };
}
