/**
 * The snippet library, by topic. Rules ask for topics; the library orders stacks by what answered
 * (an API Gateway REST API gets console/SAM/CDK/Terraform/Serverless first, nginx gets nginx...).
 */
import type { FixSnippet, GatewayKind, Leg } from '../schema';
import * as aws from './aws-rest';
import { hostOf, type FixContext } from './context';
import * as other from './others';
import { probeSnippets } from './probe';
import { STACK_ORDER, STACKS, stackSnippets, type StackFixKind } from './stacks';
import { setBounded } from '../../shared/bounded-cache';

/** Every kind of fix the library writes (tests enumerate them all). */
export const FIX_TOPICS = [
  /** CORS headers on error responses the gateway/server generates. */
  'cors-on-errors',
  /** An OPTIONS route that answers preflights. */
  'options-route',
  'redeploy',
  'auth-off-options',
  /** Allow-Origin / Allow-Methods / Allow-Headers / Allow-Credentials values. */
  'allow-lists',
  'allow-origin-exact',
  'lambda-headers',
  'throttling',
  'quota',
  'api-key',
  'waf',
  'access-denied',
  'timeout',
  'server-error',
  'bot-challenge',
  'probe',
] as const;
export type FixTopic = (typeof FIX_TOPICS)[number];

const isRest = (f: FixContext) => f.gateway === 'aws-api-gateway-rest';
const isHttp = (f: FixContext) => f.gateway === 'aws-api-gateway-http';
const isAws = (f: FixContext) => isRest(f) || f.gateway === 'cloudfront';

/**
 * Stacks in the order their snippets are offered: the one that answered first, then the other
 * layers of the response (the CDN or proxy in front, innermost first), then every other stack so
 * that "Fix for" / --stack can pick any of them.
 */
function stackOrder(f: FixContext): GatewayKind[] {
  const first: GatewayKind[] = [];
  if (f.gateway && STACKS[f.gateway]) first.push(f.gateway);
  for (let i = f.layers.length - 1; i >= 0; i--) {
    const k = f.layers[i]!;
    if (STACKS[k] && !first.includes(k)) first.push(k);
  }
  return [...first, ...STACK_ORDER.filter((k) => !first.includes(k))];
}

/** Snippets for one topic from every stack, the detected one first, then "Any server". */
function serverSide(f: FixContext, fix: StackFixKind, leg: Leg): FixSnippet[] {
  const out: FixSnippet[] = [];
  for (const k of stackOrder(f)) for (const s of stackSnippets(k, fix, f)) out.push(s);
  out.push(...other.genericHeaders(f, leg));
  return out;
}

function topic(t: FixTopic, f: FixContext, leg: Leg, requestHeaders: ReadonlyArray<{ name: string; value: string }>): FixSnippet[] {
  switch (t) {
    case 'cors-on-errors':
      if (isAws(f)) return aws.gatewayResponses(f);
      if (isHttp(f)) return aws.lambdaProxyHeaders(f);
      return serverSide(f, 'errors', 'actual');
    case 'options-route':
      if (isRest(f)) return aws.optionsMethod(f);
      if (isHttp(f)) return other.httpApiCors(f);
      return serverSide(f, 'config', 'preflight');
    case 'redeploy':
      return isRest(f) ? aws.redeploy(f) : [];
    case 'auth-off-options':
      if (isRest(f)) return aws.authorizerOffOptions(f);
      if (isHttp(f)) return other.httpApiCors(f);
      return serverSide(f, 'auth', 'preflight');
    case 'allow-lists':
      if (leg === 'actual') {
        if (isRest(f) || isHttp(f)) return [...aws.lambdaProxyHeaders(f), ...(isRest(f) ? aws.gatewayResponses(f).slice(0, 2) : [])];
        return serverSide(f, 'config', 'actual');
      }
      if (isRest(f)) return aws.optionsMethod(f);
      if (isHttp(f)) return other.httpApiCors(f);
      return serverSide(f, 'config', 'preflight');
    case 'allow-origin-exact':
      if (isRest(f) || isHttp(f)) return aws.lambdaProxyHeaders(f);
      return serverSide(f, 'origin', leg);
    case 'lambda-headers':
      return aws.lambdaProxyHeaders(f);
    case 'throttling':
      return isAws(f) || isHttp(f) ? aws.throttling(f) : serverSide(f, 'throttle', leg);
    case 'quota':
      return aws.quota(f);
    case 'api-key':
      return aws.apiKey(f);
    case 'waf':
      return other.wafCustomResponse(f);
    case 'access-denied':
      return isRest(f) ? aws.accessDenied(f) : [];
    case 'timeout':
      return isRest(f) || isHttp(f) ? aws.integrationTimeout(f) : serverSide(f, 'errors', 'actual');
    case 'server-error':
      return isRest(f) || isHttp(f) ? [...aws.serverErrorLogs(f), ...aws.lambdaProxyHeaders(f)] : serverSide(f, 'errors', 'actual');
    case 'bot-challenge':
      return other.cloudflareChallenge(f);
    case 'probe':
      return probeSnippets(f, requestHeaders);
  }
}

/**
 * Every stack name a fix can be written for, as the panel's "Fix for" and `--stack` accept them
 * (compared without regard to case).
 */
export const KNOWN_STACKS: readonly string[] = Object.freeze([
  ...new Set([
    'AWS console',
    'SAM',
    'CloudFormation',
    'CDK',
    'Terraform',
    'Serverless Framework',
    'Lambda (proxy integration)',
    'AWS CLI',
    'Command line',
    ...STACK_ORDER.map((k) => STACKS[k]!.stack),
    'Any server',
  ]),
]);

/** The known stack name matching `name` (any case), or null. */
export function knownStack(name: string): string | null {
  const n = name.trim().toLowerCase();
  return KNOWN_STACKS.find((s) => s.toLowerCase() === n) ?? null;
}

/**
 * Snippets depend only on a few values (origin, method, headers, credentials, gateway, stage,
 * resource path, host), which repeat across a capture: build each set once. The probe topic uses
 * the full URL and request headers and is never cached. Bounded, so a long session cannot grow it.
 *
 * Speed device, measured: bench/analyze.bench.ts, same-run A/B with and without these two caches
 * (load 6-10, CPU time): "pairing + analysis" 642 vs 769 ms (+20% without), "analyze(entries)"
 * 833 vs 960 ms (+15%), "panel tick at the 5,000 cap" 61 vs 75 ms (+23%). Every failing exchange's
 * primary finding builds its fixes, and a server-side topic writes every stack's snippets.
 */
const CACHE_LIMIT = 2048;
/** Topics whose snippets name the resource path (console steps, Serverless path, OPTIONS method). */
const PATH_TOPICS = new Set<FixTopic>(['options-route', 'auth-off-options', 'allow-lists']);
const cache = new Map<string, FixSnippet[]>();

/** Everything but the URL that snippets depend on. */
function contextKey(f: FixContext): string {
  return `${f.origin}\u0001${f.method}\u0001${f.headers.join(',')}\u0001${f.credentialed ? 1 : 0}\u0001${f.gateway ?? ''}\u0001${f.stage}\u0001${f.layers.join('>')}`;
}

function cacheKey(f: FixContext, t: FixTopic, leg: Leg): string {
  const host = t === 'bot-challenge' ? hostOf(f.url) : '';
  return `${t}\u0001${leg}\u0001${contextKey(f)}\u0001${PATH_TOPICS.has(t) ? f.resourcePath : ''}\u0001${host}`;
}

function cachedTopic(t: FixTopic, f: FixContext, leg: Leg, requestHeaders: ReadonlyArray<{ name: string; value: string }>): FixSnippet[] {
  if (t === 'probe') return topic(t, f, leg, requestHeaders);
  const key = cacheKey(f, t, leg);
  return cache.get(key) ?? setBounded(cache, CACHE_LIMIT, key, topic(t, f, leg, requestHeaders));
}

/**
 * Snippets for the topics in order, duplicates (same stack + title) removed. Snippet objects and
 * the returned list may be shared between findings: treat them as read-only.
 * `requestHeaders` (by default the context's recorded ones) feeds the curl command (secrets are replaced by placeholders).
 */
export function fixesFor(
  f: FixContext,
  topics: readonly FixTopic[],
  leg: Leg = 'actual',
  requestHeaders: ReadonlyArray<{ name: string; value: string }> = f.requestHeaders,
): FixSnippet[] {
  const n = topics.length;
  // The probe topic names the URL and request headers, so it is never cached. Rules list it last:
  // the list before it is cached as a whole and the two probe snippets are appended.
  const probeAt = topics.indexOf('probe');
  if (probeAt === n - 1 && n > 1) {
    const base = cachedList(f, topics.slice(0, n - 1), leg, requestHeaders);
    const out = base.slice();
    for (const s of cachedTopic('probe', f, leg, requestHeaders)) if (!base.some((b) => b.stack === s.stack && b.title === s.title)) out.push(s);
    return out;
  }
  if (probeAt >= 0) return buildList(f, topics, leg, requestHeaders);
  return cachedList(f, topics, leg, requestHeaders);
}

/**
 * A list without the probe topic, cached whole (its snippets depend only on the context's key and
 * path), shared across paths when the topics do not name the path.
 */
function cachedList(f: FixContext, topics: readonly FixTopic[], leg: Leg, requestHeaders: ReadonlyArray<{ name: string; value: string }>): FixSnippet[] {
  const namesPath = topics.some((t) => PATH_TOPICS.has(t));
  const listKey = `${topics.join(',')}\u0002${cacheKey(f, namesPath ? 'allow-lists' : 'cors-on-errors', leg)}\u0002${topics.includes('bot-challenge') ? hostOf(f.url) : ''}`;
  return listCache.get(listKey) ?? setBounded(listCache, CACHE_LIMIT, listKey, buildList(f, topics, leg, requestHeaders));
}

function buildList(f: FixContext, topics: readonly FixTopic[], leg: Leg, requestHeaders: ReadonlyArray<{ name: string; value: string }>): FixSnippet[] {
  const out: FixSnippet[] = [];
  const seen = new Set<string>();
  for (const t of topics) {
    for (const s of cachedTopic(t, f, leg, requestHeaders)) {
      const key = `${s.stack}\u0000${s.title}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(s);
    }
  }
  return out;
}

const listCache = new Map<string, FixSnippet[]>();
