/**
 * Which status-less failures can be waiting for a late status at all (settle.ts reads DevTools'
 * whole log for them, so each one spared is a read spared). Decided from what the devtools page
 * has seen, without analysis: a few header lookups on one preflight entry.
 */
import type { RawEntry } from '../shared/messages';
import { statusOf } from './buffer';

/**
 * Network errors that Chromium reports after a response arrived, so a status may trail them:
 * ERR_FAILED (the CORS check failed), a refused redirect, a response blocked by CORP/ORB.
 * Anything else (refused connection, DNS, TLS, blocked by an extension, aborted) fails before
 * any response: there is no status to wait for.
 */
const ERRORS_AFTER_A_RESPONSE = new Set([
  'net::ERR_FAILED',
  'net::ERR_INVALID_REDIRECT',
  'net::ERR_UNSAFE_REDIRECT',
  'net::ERR_TOO_MANY_REDIRECTS',
  'net::ERR_BLOCKED_BY_RESPONSE',
  'net::ERR_BLOCKED_BY_ORB',
]);

function errorOf(e: RawEntry): string | null {
  const r = (e.response as { _error?: unknown } | undefined)?._error;
  if (typeof r === 'string') return r;
  return typeof e._error === 'string' ? e._error : null;
}

function requestOf(e: RawEntry): { method: string; url: string } {
  const req = (e.request ?? {}) as { method?: unknown; url?: unknown };
  return { method: typeof req.method === 'string' ? req.method : '', url: typeof req.url === 'string' ? req.url : '' };
}

function isPreflight(e: RawEntry): boolean {
  if (e._resourceType === 'preflight') return true;
  return (e._initiator as { type?: unknown } | undefined)?.type === 'preflight';
}

/** The first value of a header, by case-insensitive name; null when absent or unreadable. */
function header(list: unknown, name: string): string | null {
  if (!Array.isArray(list)) return null;
  for (const h of list as unknown[]) {
    const n = (h as { name?: unknown } | null)?.name;
    if (typeof n === 'string' && n.toLowerCase() === name) {
      const v = (h as { value?: unknown }).value;
      return typeof v === 'string' ? v : null;
    }
  }
  return null;
}

function tokens(v: string): string[] {
  return v
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
}

const SAFELISTED_METHODS = new Set(['get', 'head', 'post']);

/**
 * True when a preflight entry shows for certain that its request was not let through: no status
 * yet counts as "not certain" (its own status may be the late one). Only a subset of the Fetch
 * preflight check, the part that is cheap and cannot be wrong in the direction that matters:
 * when it says "failed", the actual request was never sent and has no status to wait for.
 * Anything it cannot rule out (credentials, `*` in a credentialed request) counts as passed.
 */
export function preflightClearlyFailed(p: RawEntry): boolean {
  const status = statusOf(p);
  if (status === 0) return errorOf(p) !== null && !ERRORS_AFTER_A_RESPONSE.has(errorOf(p)!);
  if (status < 200 || status > 299 || errorOf(p) !== null) return true;
  const req = (p.request ?? {}) as { headers?: unknown };
  const res = (p.response ?? {}) as { headers?: unknown };
  const allowOrigin = header(res.headers, 'access-control-allow-origin');
  if (allowOrigin === null) return true;
  const origin = header(req.headers, 'origin');
  if (allowOrigin.trim() !== '*' && origin !== null && allowOrigin.trim() !== origin) return true;
  const method = header(req.headers, 'access-control-request-method');
  if (method && !SAFELISTED_METHODS.has(method.toLowerCase())) {
    const allowed = tokens(header(res.headers, 'access-control-allow-methods') ?? '');
    if (!allowed.includes('*') && !allowed.includes(method.toLowerCase())) return true;
  }
  const asked = tokens(header(req.headers, 'access-control-request-headers') ?? '');
  if (asked.length) {
    const allowed = tokens(header(res.headers, 'access-control-allow-headers') ?? '');
    if (!allowed.includes('*') && asked.some((h) => !allowed.includes(h))) return true;
  }
  return false;
}

function startMs(e: RawEntry): number {
  const t = typeof e.startedDateTime === 'string' ? Date.parse(e.startedDateTime) : NaN;
  return Number.isFinite(t) ? t : NaN;
}

/** How far (ms) a preflight's start may sit outside its request's recorded time span: HAR times are rounded. */
const START_SLACK_MS = 2;

/**
 * The preflights seen lately, by URL, so a status-less request can be checked against its own
 * preflight. Bounded: the oldest are forgotten first. A request looks its preflight up a few
 * hundred milliseconds after both finished, so a few thousand is plenty at any traffic.
 */
export class PreflightMemory {
  private byUrl = new Map<string, RawEntry[]>();
  private order: RawEntry[] = [];
  private head = 0;

  constructor(private readonly limit = 2000) {}

  /** Constant work per entry: one property check, and for a preflight a Map push. */
  note(e: RawEntry): void {
    if (!isPreflight(e)) return;
    const { url } = requestOf(e);
    const list = this.byUrl.get(url);
    if (list) list.push(e);
    else this.byUrl.set(url, [e]);
    this.order.push(e);
    if (this.order.length - this.head > this.limit) this.forgetOldest();
  }

  clear(): void {
    this.byUrl.clear();
    this.order = [];
    this.head = 0;
  }

  get size(): number {
    return this.order.length - this.head;
  }

  private forgetOldest(): void {
    const old = this.order[this.head]!;
    this.order[this.head++] = undefined as unknown as RawEntry;
    // Compact now and then rather than shift() each time.
    if (this.head > this.limit) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    const url = requestOf(old).url;
    const list = this.byUrl.get(url);
    if (!list) return;
    const i = list.indexOf(old);
    if (i !== -1) list.splice(i, 1);
    if (list.length === 0) this.byUrl.delete(url);
  }

  /** Preflights for this request: same URL, asking for its method, started within its span. */
  find(e: RawEntry): RawEntry[] {
    const { method, url } = requestOf(e);
    const list = this.byUrl.get(url);
    if (!list) return [];
    const start = startMs(e);
    const time = typeof e.time === 'number' && e.time > 0 ? e.time : 0;
    const out: RawEntry[] = [];
    for (const p of list) {
      const asked = header(((p.request ?? {}) as { headers?: unknown }).headers, 'access-control-request-method');
      if (asked !== null && asked.toUpperCase() !== method.toUpperCase()) continue;
      const ps = startMs(p);
      if (Number.isFinite(start) && Number.isFinite(ps) && (ps < start - START_SLACK_MS || ps > start + time + START_SLACK_MS)) continue;
      out.push(p);
    }
    return out;
  }
}

type LateVerdict =
  /** Its status may still come: worth a re-read. */
  | 'candidate'
  /** Nothing to wait for: a failure before any response, or a request its failed preflight stopped. */
  | 'final';

/**
 * Decides whether a status-less failure can be a late status. Called when the entry has waited
 * a moment, so its preflight (delivered in either order) has normally arrived.
 */
export function lateVerdict(e: RawEntry, preflights: PreflightMemory): LateVerdict {
  const error = errorOf(e);
  if (statusOf(e) !== 0 || error === null) return 'final';
  if (!ERRORS_AFTER_A_RESPONSE.has(error)) return 'final';
  if (isPreflight(e)) return 'candidate';
  const own = preflights.find(e);
  // A request stopped by its failed preflight was never sent (all its look-alikes failed too).
  if (own.length > 0 && own.every(preflightClearlyFailed)) return 'final';
  return 'candidate';
}
