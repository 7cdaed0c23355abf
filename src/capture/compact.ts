/**
 * What the capture keeps of an entry (issue 11: extension heap under 60 MB at the 5,000 cap).
 * Nothing here changes what the analysis reads, and a HAR export is byte for byte what it was,
 * except where a stack was cut, which the entry says.
 *
 * Shared strings. Every entry arrives as its own copy (a structured clone from the DevTools
 * front-end), so 5,000 entries hold 5,000 copies of the same User-Agent, Accept, Origin, header
 * names, "HTTP/1.1"… Replacing each short string by an equal one seen before (StringTable) lets the
 * copies die young. Measured on the bench's entries (Node 20, 5,000 entries after GC): 5.30 ->
 * 3.68 KB per entry (headers), 3.15 KB with the scalars and the stack trim below, for 11-22 us of
 * work per entry at load 10. What it wins, bench:live's "ext heap peak/after GC" line at 20 req/s
 * with 5,000 recorded (20-s runs, 08:00 UTC): tab hidden 21.3 -> 14.8 MB after GC, shown 29.4 ->
 * 23.6 MB after GC and 61.7 -> 50.2 MB peak (one run each; peaks vary with GC timing).
 *
 * Initiator stacks. Chromium's `_initiator.stack` holds the JavaScript stack that made the request and,
 * under `parent`, every async stack before it (a timer, a promise chain, an event): each call frame
 * is an object with three strings, so a fetch made through a library from a promise chain carries
 * dozens of objects. The analysis reads one frame of it (the first with a URL, when the initiator
 * has no URL of its own: model/normalise.ts). So the capture keeps the synchronous stack's first
 * INITIATOR_FRAMES frames (and the first frame with a URL, when it lies deeper), drops the async
 * parents, and says so in the entry itself: `_initiator._corsXrayTrimmed`, which a HAR export
 * carries, so nothing recorded is lost without a word.
 */
import type { RawEntry } from '../shared/messages';
import { setBounded } from '../shared/bounded-cache';

/** Strings longer than this are left alone: long values are rarely repeated, and hashing them costs. */
const MAX_SHARED_LENGTH = 256;

/**
 * Equal short strings, one copy each. Bounded by the caches' one policy (shared/bounded-cache.ts):
 * past `limit` distinct strings it starts again (a page sending a unique request id per request
 * only makes it start again more often).
 */
export class StringTable {
  private readonly map = new Map<string, string>();
  constructor(private readonly limit = 2000) {}

  share<T>(s: T): T {
    if (typeof s !== 'string' || s.length > MAX_SHARED_LENGTH) return s;
    const seen = this.map.get(s);
    if (seen !== undefined) return seen as T;
    return setBounded(this.map, this.limit, s, s) as T;
  }

  get size(): number {
    return this.map.size;
  }
}

function shareHeaders(list: unknown, t: StringTable): void {
  if (!Array.isArray(list)) return;
  for (const h of list as unknown[]) {
    if (!isObj(h)) continue;
    h.name = t.share(h.name);
    h.value = t.share(h.value);
  }
}

/** Fields that repeat from entry to entry, besides headers: each shared when it is a short string. */
function shareField(o: unknown, key: string, t: StringTable): void {
  if (isObj(o) && typeof o[key] === 'string') o[key] = t.share(o[key]);
}

/**
 * Compacts an entry in place (it is the capture's own copy): shares its repeated strings and trims
 * its initiator stack. Constant work per entry: a Map look-up per header name and value and per
 * listed field, and for a stack that is cut, one short array and a bounded walk of its parents.
 */
export function compactEntry(e: RawEntry, t: StringTable): void {
  const req = e.request;
  const res = e.response;
  if (isObj(req)) {
    shareHeaders(req.headers, t);
    shareField(req, 'method', t);
    shareField(req, 'httpVersion', t);
  }
  if (isObj(res)) {
    shareHeaders(res.headers, t);
    shareField(res, 'httpVersion', t);
    shareField(res, 'statusText', t);
    shareField(res, '_error', t);
    shareField(res.content, 'mimeType', t);
  }
  shareField(e, 'serverIPAddress', t);
  shareField(e, 'connection', t);
  shareField(e, '_priority', t);
  shareField(e, '_resourceType', t);
  trimInitiator(e);
  const init = e._initiator;
  if (isObj(init)) {
    shareField(init, 'type', t);
    shareField(init, 'url', t);
    const stack = init.stack;
    if (isObj(stack) && Array.isArray(stack.callFrames))
      for (const c of stack.callFrames as unknown[]) {
        shareField(c, 'functionName', t);
        shareField(c, 'scriptId', t);
        shareField(c, 'url', t);
      }
  }
}

/** Call frames of the synchronous stack kept per initiator: the caller and its callers, enough to find the code. */
export const INITIATOR_FRAMES = 10;

/** Async parents counted at most before the count is given as "or more" (hostile input may nest deeply). */
const MAX_PARENTS_COUNTED = 100;

export const TRIMMED_FIELD = '_corsXrayTrimmed';

type Loose = Record<string, unknown>;
const isObj = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

function hasUrl(frame: unknown): boolean {
  return isObj(frame) && typeof frame.url === 'string' && frame.url !== '';
}

/**
 * Trims `e._initiator.stack` in place (the entry is the capture's own copy) and notes what was cut
 * in `e._initiator._corsXrayTrimmed`. Constant work per entry: a few property reads, and for a
 * stack that is cut, one short array and a bounded walk of the parents.
 */
export function trimInitiator(e: RawEntry): void {
  const init = e._initiator;
  if (!isObj(init)) return;
  const stack = init.stack;
  if (!isObj(stack)) return;
  const frames: unknown[] = Array.isArray(stack.callFrames) ? (stack.callFrames as unknown[]) : [];
  const parent = stack.parent;
  if (frames.length <= INITIATOR_FRAMES && parent === undefined) return;
  const cut: string[] = [];
  if (frames.length > INITIATOR_FRAMES) {
    const kept = frames.slice(0, INITIATOR_FRAMES);
    // The one frame the analysis may read (model/normalise.ts): keep it wherever it is.
    if (!kept.some(hasUrl)) {
      const withUrl = frames.find(hasUrl);
      if (withUrl !== undefined) kept.push(withUrl);
    }
    cut.push(`kept ${kept.length} of the ${frames.length} call frames of this stack`);
    stack.callFrames = kept;
  }
  if (parent !== undefined) {
    let levels = 0;
    let parentFrames = 0;
    for (let p: unknown = parent; isObj(p) && levels < MAX_PARENTS_COUNTED; p = p.parent) {
      levels++;
      if (Array.isArray(p.callFrames)) parentFrames += p.callFrames.length;
    }
    const more = levels >= MAX_PARENTS_COUNTED ? ' or more' : '';
    cut.push(
      `dropped its ${levels}${more} async parent stack${levels === 1 ? '' : 's'} (${parentFrames}${more} call frame${parentFrames === 1 && !more ? '' : 's'})`,
    );
    delete stack.parent;
  }
  init[TRIMMED_FIELD] =
    `CORS X-Ray ${cut.join(' and ')}: the live capture keeps at most ${INITIATOR_FRAMES} frames of an initiator's stack, to bound its memory.`;
}
