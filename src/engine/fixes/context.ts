/**
 * What a fix snippet is filled in with: taken from the exchange, sanitised so that untrusted HAR
 * values can never break the syntax of a snippet (origins are re-parsed, names must be tokens).
 */
import { originOf } from '../../model/normalise';
import { isToken } from '../headers';
import type { GatewayKind } from '../schema';

export interface FixContext {
  /** The page origin, or a placeholder when unknown. */
  origin: string;
  originKnown: boolean;
  /** Method of the actual request, upper-case. */
  method: string;
  /** Header names the request needs allowed, in conventional casing (Content-Type, Authorization). */
  headers: string[];
  credentialed: boolean;
  gateway: GatewayKind | null;
  url: string;
  /** Path of the URL without query. */
  path: string;
  /** REST API stage guessed from the first path segment ("prod"), or "<stage>". */
  stage: string;
  /** Resource path with the stage removed ("/orders/{id}" stays literal: "/orders/42"). */
  resourcePath: string;
  /** The request's recorded headers ([] when none was recorded): the probe commands send their non-secret values. */
  requestHeaders: ReadonlyArray<{ name: string; value: string }>;
  /**
   * The probe and curl commands for this request, once built (probe.ts): the reveal of a request
   * the browser never sent and the primary finding's "probe" fix show the same three commands.
   */
  commands: { probe: string; preflight: string; actual: string } | null;
}

export const ORIGIN_PLACEHOLDER = 'https://app.example.com';

const CANON: Record<string, string> = {
  'content-type': 'Content-Type',
  authorization: 'Authorization',
  'x-api-key': 'X-Api-Key',
  'x-amz-date': 'X-Amz-Date',
  'x-amz-security-token': 'X-Amz-Security-Token',
};

export function canonicalHeader(name: string): string {
  const n = name.toLowerCase();
  return CANON[n] ?? n.replace(/(^|-)([a-z])/g, upperAfterDash);
}

function upperAfterDash(_m: string, d: string, c: string): string {
  return d + c.toUpperCase();
}

export function makeFixContext(input: {
  origin: string | null;
  method: string;
  headers: readonly string[];
  credentialed: boolean;
  gateway: GatewayKind | null;
  url: string;
  requestHeaders?: ReadonlyArray<{ name: string; value: string }>;
}): FixContext {
  let origin = ORIGIN_PLACEHOLDER;
  let originKnown = false;
  const o = originOf(input.origin);
  if (o) {
    origin = o;
    originKnown = true;
  }
  // Path of an absolute URL, without the URL parser; anything odd falls back to "/".
  const pm = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(input.url);
  let path = pm?.[1] ?? '/';
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/{}-]*$/.test(path)) path = '/';
  const segs = path.split('/').filter(Boolean);
  const rest = input.gateway === 'aws-api-gateway-rest' && segs.length > 1;
  const stage = rest && /^[A-Za-z0-9_-]+$/.test(segs[0]!) ? segs[0]! : '<stage>';
  const resourcePath = rest && stage !== '<stage>' ? '/' + segs.slice(1).join('/') : path;
  const method = isToken(input.method) ? input.method.toUpperCase() : 'GET';
  const headers = canonicalHeaders(input.headers);
  return {
    origin,
    originKnown,
    method,
    headers,
    credentialed: input.credentialed,
    gateway: input.gateway,
    url: input.url,
    path,
    stage,
    resourcePath,
    requestHeaders: input.requestHeaders ?? [],
    commands: null,
  };
}

/** Header-name lists repeat (one per Access-Control-Request-Headers value): canonical lists shared, read-only. */
const canonicalLists = new Map<string, string[]>();

function canonicalHeaders(names: readonly string[]): string[] {
  const key = names.join(',');
  let got = canonicalLists.get(key);
  if (!got) {
    got = [...new Set(names.filter(isToken).map(canonicalHeader))];
    if (canonicalLists.size >= 1024) canonicalLists.clear();
    canonicalLists.set(key, got);
  }
  return got;
}

/** API Gateway mapping values are quoted twice: a YAML/JSON string holding a single-quoted literal. */
export function sq(value: string): string {
  return `'${value.replace(/'/g, '')}'`;
}

/** Methods an Allow-Methods list should carry for this request. */
export function allowMethods(f: FixContext): string[] {
  return [...new Set(['OPTIONS', f.method])];
}

/** Headers an Allow-Headers list should carry (Content-Type always, for JSON bodies). */
export function allowHeaders(f: FixContext): string[] {
  return f.headers.length ? f.headers : ['Content-Type'];
}

/** A string literal safe in YAML, JSON, JS/TS and HCL (all accept JSON-style double quotes). */
export function dq(value: string): string {
  return JSON.stringify(value);
}
