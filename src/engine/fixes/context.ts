/**
 * What a fix snippet is filled in with: taken from the exchange, sanitised so that untrusted HAR
 * values can never break the syntax of a snippet (origins are re-parsed, names must be tokens).
 */
import { originOf } from '../../model/normalise';
import { isToken } from '../headers';
import type { FixSnippet, GatewayKind } from '../schema';
import type { Command } from './probe';

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
  /**
   * The request's recorded headers ([] when none was recorded), as recorded: the probe commands send
   * their non-secret values, kept apart as recorded values (probe.ts CommandWord) that the
   * redaction pass masks by name.
   */
  requestHeaders: ReadonlyArray<{ name: string; value: string }>;
  /**
   * The probe and curl commands for this request, once built (probe.ts): the reveal of a request
   * the browser never sent and the primary finding's "probe" fix show the same three commands.
   */
  commands: { probe: Command; preflight: Command; actual: Command } | null;
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
  return CANON.get(n) ?? n.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
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

export function makeFixContext(input: FixInput): FixContext {
  const origin = originOf(input.origin);
  // Path of an absolute URL, without the URL parser; anything odd falls back to "/".
  let path = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(input.url)?.[1] ?? '/';
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/{}-]*$/.test(path)) path = '/';
  // A REST API's URL starts with its stage ("/prod/orders/42").
  const segs = path.split('/').filter(Boolean);
  const rest = input.gateway === 'aws-api-gateway-rest' && segs.length > 1;
  const stage = rest && /^[A-Za-z0-9_-]+$/.test(segs[0]!) ? segs[0]! : '<stage>';
  return {
    origin: origin ?? ORIGIN_PLACEHOLDER,
    originKnown: origin !== null,
    method: isToken(input.method) ? input.method.toUpperCase() : 'GET',
    headers: [...new Set(input.headers.filter(isToken).map(canonicalHeader))],
    credentialed: input.credentialed,
    gateway: input.gateway,
    layers: input.layers ?? [],
    url: input.url,
    path,
    stage,
    resourcePath: rest && stage !== '<stage>' ? '/' + segs.slice(1).join('/') : path,
    requestHeaders: input.requestHeaders ?? [],
    commands: null,
  };
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

/** The host name of a URL ('' when it does not parse). */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
