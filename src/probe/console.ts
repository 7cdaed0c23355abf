/**
 * The lines Chromium's console prints for a blocked fetch(), rebuilt from the probe's verdict, so
 * the user can match the probe's result with the error they saw in their browser. The CORS line is
 * the engine's (engine/console-message.ts, Blink's cors_error_string.cc wording, checked against
 * the lines Chromium 156 printed), the same an analysed capture shows; this file adds the two lines
 * that follow it for a fetch(): the failed request and the script's TypeError.
 */
import { chromiumConsoleText } from '../engine/console-message';
import type { ChromiumCorsError } from '../engine/schema';
import type { BrowserVerdict } from './probe';

/**
 * Console line(s) Chromium would print; empty when the browser would not complain.
 * `url` is the URL whose answer failed; `redirectedFrom` the URL the page asked for when a redirect
 * led there (Chromium then says "at '<url>' (redirected from '<first>')").
 */
export function chromiumConsoleLines(
  v: BrowserVerdict,
  url: string,
  origin: string,
  method: string,
  actual: { status: number; statusText: string } | null,
  redirectedFrom: string | null = null,
): string[] {
  if (v.outcome === 'network-error') return [`${method} ${redirectedFrom ?? url} ${v.reason ?? 'net::ERR_FAILED'}`, 'TypeError: Failed to fetch'];
  if (v.outcome !== 'cors-blocked' || !v.reason) return [];
  const corsLine = chromiumConsoleText({
    corsError: v.reason as ChromiumCorsError,
    failedParameter: v.failedParameter || (v.reason === 'MethodDisallowedByPreflightResponse' ? method : ''),
    url,
    origin,
    kind: 'fetch',
    redirectedFrom,
  });
  return [
    // Every CorsError the probe reports has a wording; a line is never made up for one that has none.
    ...(corsLine === null ? [] : [corsLine]),
    // A blocked response still shows its status in this line; a request never sent has none.
    `${method} ${url} net::ERR_FAILED${v.leg === 'actual' && actual?.status ? ` ${actual.status} (${actual.statusText})` : ''}`,
    'TypeError: Failed to fetch',
  ];
}
