/**
 * What a fix snippet is filled in with: taken from the exchange, sanitised so that untrusted HAR
 * values can never break the syntax of a snippet (origins are re-parsed, names must be tokens).
 */
import { originOf } from '../../model/normalise';
import { isToken } from '../headers';
import type { FixSnippet, GatewayKind } from '../schema';
import { setBounded } from '../../shared/bounded-cache';
import { withoutQuery } from '../../shared/url';

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
  /** Every layer recognised in front of (or behind) `gateway`, outermost first; [] when one layer. */
  layers: readonly GatewayKind[];
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
  /**
   * What every request of this context's shape shares (the same path, origin, method, header names,
   * credentials and gateway): built once for the shape, not once per request.
   */
  shared: FixShared;
}

export interface FixShared {
  /**
   * Snippet lists already built, by leg and topics: a repeat asks one small map instead of building
   * the capture-wide caches' string keys (fixes/index.ts).
   */
  lists: Map<string, FixSnippet[]>;
  /** The parts of the probe and curl commands that do not depend on the URL or header values (probe.ts). */
  commandParts: CommandParts | null;
}

/**
 * The parts of the commands that depend only on the context's shape (origin, method, header
 * names, credentials), kept on the shape: a capture repeats a few shapes over thousands of URLs.
 */
export interface CommandParts {
  /** After the URL in the curl preflight: Origin, Access-Control-Request-Method, -Headers. */
  preflightTail: string;
  /** `-H 'Origin: …'`, the first header of the curl actual request. */
  originHeader: string;
  /** After the URL in the probe: `--origin '…'` and `-X M` unless GET. */
  probeOrigin: string;
  /** The probe's headers when none was recorded: the requested names, placeholder values. */
  probePlaceholders: string;
  /** `--credentials` when credentialed, then `--send-actual`. */
  probeTail: string;
  /** Lower-case request header names (f.headers), for membership tests. */
  lowerNames: string[];
}

const ORIGIN_PLACEHOLDER = 'https://app.example.com';

// A Map, not an object literal: a header named `constructor` must not find Object's prototype.
const CANON = new Map<string, string>([
  ['content-type', 'Content-Type'],
  ['authorization', 'Authorization'],
  ['x-api-key', 'X-Api-Key'],
  ['x-amz-date', 'X-Amz-Date'],
  ['x-amz-security-token', 'X-Amz-Security-Token'],
]);

function canonicalHeader(name: string): string {
  const n = name.toLowerCase();
  return CANON.get(n) ?? n.replace(/(^|-)([a-z])/g, upperAfterDash);
}

function upperAfterDash(_m: string, d: string, c: string): string {
  return d + c.toUpperCase();
}

interface FixInput {
  origin: string | null;
  method: string;
  headers: readonly string[];
  credentialed: boolean;
  gateway: GatewayKind | null;
  /** The layers of the response (gateway.ts), outermost first, when more than one was recognised. */
  layers?: readonly GatewayKind[];
  url: string;
  requestHeaders?: ReadonlyArray<{ name: string; value: string }>;
}

/** What every request with the same path, origin, method, header names, credentials and gateway shares. */
interface FixBase {
  inOrigin: string | null;
  inMethod: string;
  inHeaders: readonly string[];
  credentialed: boolean;
  gateway: GatewayKind | null;
  layers: readonly GatewayKind[];
  layersKey: string;
  origin: string;
  originKnown: boolean;
  method: string;
  headers: string[];
  key: string;
  shared: FixShared;
}

/** Bases per path entry: a path is asked about by a handful of request shapes at most. */
const BASES_PER_PATH = 8;

function baseFor(parts: PathParts, input: FixInput): FixBase {
  const bases = parts.bases;
  for (let i = 0; i < bases.length; i++) {
    const b = bases[i]!;
    // The engine passes shared header lists, so identity finds them; equal content is accepted too.
    if (
      b.inOrigin === input.origin &&
      b.inMethod === input.method &&
      b.credentialed === input.credentialed &&
      b.gateway === input.gateway &&
      b.layersKey === layersKeyOf(input.layers) &&
      (b.inHeaders === input.headers || sameList(b.inHeaders, input.headers))
    )
      return b;
  }
  let origin = ORIGIN_PLACEHOLDER;
  let originKnown = false;
  const o = originOf(input.origin);
  if (o) {
    origin = o;
    originKnown = true;
  }
  const method = isToken(input.method) ? input.method.toUpperCase() : 'GET';
  const headers = canonicalHeaders(input.headers);
  const credentialed = input.credentialed;
  const gateway = input.gateway;
  const layers = input.layers ?? NO_LAYERS;
  const layersKey = layersKeyOf(layers);
  const base: FixBase = {
    inOrigin: input.origin,
    inMethod: input.method,
    inHeaders: input.headers,
    credentialed,
    gateway,
    layers,
    layersKey,
    origin,
    originKnown,
    method,
    headers,
    key: `${origin}\u0001${method}\u0001${headersKey(headers)}\u0001${credentialed ? 1 : 0}\u0001${gateway ?? ''}\u0001${parts.stage}\u0001${layersKey}`,
    shared: { lists: new Map(), commandParts: null },
  };
  if (bases.length >= BASES_PER_PATH) bases.shift();
  bases.push(base);
  return base;
}

const NO_LAYERS: readonly GatewayKind[] = Object.freeze([]);

function layersKeyOf(layers: readonly GatewayKind[] | undefined): string {
  return layers && layers.length ? layers.join('>') : '';
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function makeFixContext(input: FixInput): FixContext {
  const parts = pathParts(input.url, input.gateway === 'aws-api-gateway-rest');
  const b = baseFor(parts, input);
  return {
    origin: b.origin,
    originKnown: b.originKnown,
    method: b.method,
    headers: b.headers,
    credentialed: b.credentialed,
    gateway: b.gateway,
    layers: b.layers,
    url: input.url,
    path: parts.path,
    stage: parts.stage,
    resourcePath: parts.resourcePath,
    key: b.key,
    requestHeaders: input.requestHeaders ?? [],
    commands: null,
    shared: b.shared,
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

interface PathParts {
  path: string;
  stage: string;
  resourcePath: string;
  /** The fix bases of requests to this path (see baseFor). */
  bases: FixBase[];
}

/**
 * Path facts of a URL, by the URL without its query (paths repeat, queries rarely do), one map for
 * REST APIs (which have a stage) and one for the rest: the key is the URL itself when it has no
 * query, never a new string built per request. Bounded.
 */
const pathCaches = [new Map<string, PathParts>(), new Map<string, PathParts>()] as const;

function pathParts(url: string, restApi: boolean): PathParts {
  const key = withoutQuery(url);
  const pathCache = pathCaches[restApi ? 1 : 0];
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
    got = { path, stage, resourcePath, bases: [] };
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

/** A line of a snippet; false, null and undefined ones are left out (`f.credentialed && '…'`). */
export type Line = string | false | null | undefined;

/** A snippet; its code given as a string or as lines. */
export function snip(stack: string, lang: string, title: string, code: string | readonly Line[]): FixSnippet {
  return { stack, lang, title, code: typeof code === 'string' ? code : code.filter((x): x is string => typeof x === 'string').join('\n') };
}
