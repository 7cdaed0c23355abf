/**
 * The snippet library, by topic. Rules ask for topics; the library orders stacks by what answered
 * (an API Gateway REST API gets console/SAM/CDK/Terraform/Serverless first, nginx gets nginx...).
 */
import type { FixSnippet, GatewayKind, Leg } from '../schema';
import * as aws from './aws-rest';
import type { FixContext } from './context';
import * as other from './others';
import { probeSnippets } from './probe';
import { STACK_ORDER, STACKS, stackSnippets, type StackFixKind } from './stacks';

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
 * Snippets for the topics in order, duplicates (same stack + title) removed: a fresh list each call
 * (written when a finding's fixes are first read, analyze.ts; no cache: docs/internals.md measures
 * it). `requestHeaders` (by default the context's recorded ones) feeds the curl command (secrets are replaced by placeholders).
 */
export function fixesFor(
  f: FixContext,
  topics: readonly FixTopic[],
  leg: Leg = 'actual',
  requestHeaders: ReadonlyArray<{ name: string; value: string }> = f.requestHeaders,
): FixSnippet[] {
  const out: FixSnippet[] = [];
  const seen = new Set<string>();
  for (const t of topics) {
    for (const s of topic(t, f, leg, requestHeaders)) {
      const key = `${s.stack}\u0000${s.title}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(s);
    }
  }
  return out;
}
