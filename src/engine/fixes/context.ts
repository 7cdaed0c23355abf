/**
 * What a fix snippet is filled in with: taken from the exchange, sanitised so that untrusted HAR
 * values can never break the syntax of a snippet (origins are re-parsed, names must be tokens).
 */
import { originOf } from '../../model/normalise';
import { isToken } from '../headers';
import type { GatewayKind } from '../schema';
import { setBounded } from '../../shared/bounded-cache';

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
  /** Everything but the URL that snippets depend on, as one string: the snippet caches' key (fixes/index.ts). */
  key: string;
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
  const { path, stage, resourcePath } = pathParts(input.url, input.gateway === 'aws-api-gateway-rest');
  const method = isToken(input.method) ? input.method.toUpperCase() : 'GET';
  const headers = canonicalHeaders(input.headers);
  const credentialed = input.credentialed;
  const gateway = input.gateway;
  return {
    origin,
    originKnown,
    method,
    headers,
    credentialed,
    gateway,
    url: input.url,
    path,
    stage,
    resourcePath,
    key: `${origin}\u0001${method}\u0001${headersKey(headers)}\u0001${credentialed ? 1 : 0}\u0001${gateway ?? ''}\u0001${stage}`,
    requestHeaders: input.requestHeaders ?? [],
    commands: null,
  };
}

/**
 * Header-name lists repeat (the engine shares one per Access-Control-Request-Headers value):
 * canonical lists are shared too, found by the input list itself first, then by its text. Read-only.
 */
const canonicalLists = new Map<string, string[]>();
const canonicalByList = new WeakMap<readonly string[], string[]>();
const joined = new WeakMap<readonly string[], string>();

function canonicalHeaders(names: readonly string[]): string[] {
  let got = canonicalByList.get(names);
  if (got) return got;
  const key = names.join(',');
  got = canonicalLists.get(key);
  if (!got) {
    got = [...new Set(names.filter(isToken).map(canonicalHeader))];
    setBounded(canonicalLists, 1024, key, got);
  }
  canonicalByList.set(names, got);
  return got;
}

function headersKey(list: readonly string[]): string {
  let k = joined.get(list);
  if (k === undefined) joined.set(list, (k = list.join(',')));
  return k;
}

/** Path facts of a URL, by the URL without its query (paths repeat, queries rarely do). Bounded. */
const pathCache = new Map<string, { path: string; stage: string; resourcePath: string }>();

function pathParts(url: string, restApi: boolean): { path: string; stage: string; resourcePath: string } {
  const q = url.search(/[?#]/);
  const key = `${restApi ? 1 : 0}${q < 0 ? url : url.slice(0, q)}`;
  let got = pathCache.get(key);
  if (!got) {
    // Path of an absolute URL, without the URL parser; anything odd falls back to "/".
    const pm = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(url);
    let path = pm?.[1] ?? '/';
    if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/{}-]*$/.test(path)) path = '/';
    const segs = path.split('/').filter(Boolean);
    const rest = restApi && segs.length > 1;
    const stage = rest && /^[A-Za-z0-9_-]+$/.test(segs[0]!) ? segs[0]! : '<stage>';
    const resourcePath = rest && stage !== '<stage>' ? '/' + segs.slice(1).join('/') : path;
    got = { path, stage, resourcePath };
    setBounded(pathCache, 2048, key, got);
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
