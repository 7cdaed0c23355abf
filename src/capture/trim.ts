/**
 * What the capture keeps of an entry's initiator stack (issue 11: extension heap under 60 MB at the
 * 5,000 cap). Chromium's `_initiator.stack` holds the JavaScript stack that made the request and,
 * under `parent`, every async stack before it (a timer, a promise chain, an event): each call frame
 * is an object with three strings, so a fetch made through a library from a promise chain carries
 * dozens of objects. The analysis reads one frame of it (the first with a URL, when the initiator
 * has no URL of its own: model/normalise.ts). So the capture keeps the synchronous stack's first
 * INITIATOR_FRAMES frames (and the first frame with a URL, when it lies deeper), drops the async
 * parents, and says so in the entry itself: `_initiator._corsXrayTrimmed`, which a HAR export
 * carries, so nothing recorded is lost without a word.
 */
import type { RawEntry } from '../shared/messages';

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
