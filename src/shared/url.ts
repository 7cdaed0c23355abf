/** Small URL reads that run once per request: a character scan, not the URL parser or a regex. */

/** Index of the first "?" or "#", or -1. */
function queryStart(url: string): number {
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 63 || c === 35) return i;
  }
  return -1;
}

/** The URL without its query and fragment (the same string when it has neither). */
export function withoutQuery(url: string): string {
  const q = queryStart(url);
  return q === -1 ? url : url.slice(0, q);
}
