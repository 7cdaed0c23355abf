/**
 * Rule-independent fingerprint table: one row per kind (docs/stacks.md), plus layered responses.
 * Each row is the response headers (and host) a real server or platform sends.
 */
import { describe, expect, it } from 'vitest';
import { fingerprint, GATEWAY_KINDS, GATEWAY_LABEL } from '../../../src/engine/gateway';
import { HeaderIndex } from '../../../src/engine/headers';
import { knownResponseHeaders } from '../../../src/model/known-headers';
import type { Basis, Confidence, GatewayKind } from '../../../src/engine/schema';

function fp(headers: Record<string, string>, url = 'https://api.example.com', status = 403) {
  const list = Object.entries(headers).map(([name, value]) => ({ name, value }));
  return fingerprint('actual', new HeaderIndex(list, knownResponseHeaders(list)), url, status);
}

interface Row {
  kind: GatewayKind;
  headers: Record<string, string>;
  url?: string;
  basis: Basis;
  confidence: Confidence;
  /** The evidence names shown. */
  evidence: string[];
}

const ROWS: Row[] = [
  {
    kind: 'express',
    headers: { 'X-Powered-By': 'Express', 'Content-Type': 'text/html; charset=utf-8' },
    basis: 'observed',
    confidence: 'high',
    evidence: ['X-Powered-By'],
  },
  {
    kind: 'fastify',
    headers: { 'content-type': 'application/json; charset=utf-8', Connection: 'keep-alive', 'Keep-Alive': 'timeout=72' },
    basis: 'inferred',
    confidence: 'medium',
    evidence: ['Keep-Alive', 'X-Powered-By'],
  },
  { kind: 'flask', headers: { Server: 'Werkzeug/2.2.2 Python/3.11.2' }, basis: 'inferred', confidence: 'high', evidence: ['Server'] },
  { kind: 'django', headers: { Server: 'WSGIServer/0.2 CPython/3.11.2' }, basis: 'inferred', confidence: 'medium', evidence: ['Server'] },
  {
    kind: 'django',
    headers: { 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'same-origin', 'Cross-Origin-Opener-Policy': 'same-origin', 'X-Content-Type-Options': 'nosniff' },
    basis: 'inferred',
    confidence: 'medium',
    evidence: ['Referrer-Policy', 'Cross-Origin-Opener-Policy', 'X-Frame-Options'],
  },
  { kind: 'fastapi', headers: { server: 'uvicorn', 'content-type': 'application/json' }, basis: 'inferred', confidence: 'medium', evidence: ['Server'] },
  {
    kind: 'spring',
    headers: { Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers' },
    basis: 'inferred',
    confidence: 'high',
    evidence: ['Vary'],
  },
  {
    kind: 'spring',
    headers: { 'X-XSS-Protection': '0', 'Cache-Control': 'no-cache, no-store, max-age=0, must-revalidate', Pragma: 'no-cache', Expires: '0' },
    basis: 'inferred',
    confidence: 'medium',
    evidence: ['X-XSS-Protection', 'Cache-Control'],
  },
  { kind: 'aspnet', headers: { Server: 'Kestrel' }, basis: 'observed', confidence: 'high', evidence: ['Server'] },
  { kind: 'aspnet', headers: { Server: 'Microsoft-IIS/10.0', 'X-Powered-By': 'ASP.NET' }, basis: 'observed', confidence: 'high', evidence: ['Server'] },
  { kind: 'rails', headers: { 'X-Runtime': '0.012345', 'X-Request-Id': 'abc' }, basis: 'inferred', confidence: 'medium', evidence: ['X-Runtime'] },
  { kind: 'php', headers: { 'X-Powered-By': 'PHP/8.2.7' }, basis: 'observed', confidence: 'high', evidence: ['X-Powered-By'] },
  { kind: 'apache', headers: { Server: 'Apache/2.4.57 (Debian)' }, basis: 'observed', confidence: 'high', evidence: ['Server'] },
  { kind: 'caddy', headers: { Server: 'Caddy' }, basis: 'observed', confidence: 'high', evidence: ['Server'] },
  { kind: 'nginx', headers: { Server: 'nginx/1.22.1' }, basis: 'observed', confidence: 'high', evidence: ['Server'] },
  {
    kind: 'envoy',
    headers: { server: 'envoy', 'x-envoy-upstream-service-time': '12' },
    basis: 'observed',
    confidence: 'high',
    evidence: ['Server', 'x-envoy-upstream-service-time'],
  },
  {
    kind: 'kong',
    headers: { Server: 'kong/3.4.2', 'X-Kong-Response-Latency': '0' },
    basis: 'observed',
    confidence: 'high',
    evidence: ['X-Kong-Response-Latency', 'Server'],
  },
  {
    kind: 'kong',
    headers: { Server: 'openresty', Via: 'kong/2.5.0', 'X-Kong-Proxy-Latency': '2' },
    basis: 'observed',
    confidence: 'high',
    evidence: ['X-Kong-Proxy-Latency', 'Via'],
  },
  { kind: 'traefik', headers: { Server: 'Traefik' }, basis: 'observed', confidence: 'high', evidence: ['Server'] },
  {
    kind: 'azure-front-door',
    headers: { 'X-Azure-Ref': '0zxV+XAAAAABKMMOjBv2NT4TY6SQVjC0zV1NURURHRTA2MTk', 'X-Cache': 'CONFIG_NOCACHE' },
    basis: 'observed',
    confidence: 'high',
    evidence: ['X-Azure-Ref'],
  },
  { kind: 'azure-front-door', headers: {}, url: 'https://myapp-abc123.z01.azurefd.net', basis: 'inferred', confidence: 'medium', evidence: ['host'] },
  {
    kind: 'google-cloud',
    headers: { Server: 'Google Frontend', 'X-Cloud-Trace-Context': '105445aa7843bc8bf206b12000100000' },
    basis: 'observed',
    confidence: 'high',
    evidence: ['Server', 'X-Cloud-Trace-Context'],
  },
  { kind: 'google-cloud', headers: { via: '1.1 google' }, basis: 'observed', confidence: 'high', evidence: ['Via'] },
  {
    kind: 'google-cloud',
    headers: { 'content-type': 'application/json' },
    url: 'https://orders-abc123-uc.a.run.app',
    basis: 'inferred',
    confidence: 'medium',
    evidence: ['host'],
  },
  {
    kind: 'vercel',
    headers: { server: 'Vercel', 'x-vercel-id': 'fra1::abcd-1700000000000-0123456789ab' },
    basis: 'observed',
    confidence: 'high',
    evidence: ['x-vercel-id', 'Server'],
  },
  {
    kind: 'netlify',
    headers: { server: 'Netlify', 'x-nf-request-id': '01HXYZ' },
    basis: 'observed',
    confidence: 'high',
    evidence: ['x-nf-request-id', 'Server'],
  },
  {
    kind: 'fastly',
    headers: { 'X-Served-By': 'cache-fra-eddf8230048-FRA', 'X-Cache': 'MISS', 'X-Timer': 'S1700000000.123456,VS0,VE12' },
    basis: 'observed',
    confidence: 'high',
    evidence: ['X-Served-By', 'X-Timer'],
  },
  {
    kind: 'akamai',
    headers: { Server: 'AkamaiGHost', 'Akamai-GRN': '0.1234abcd.1700000000.5678' },
    basis: 'observed',
    confidence: 'high',
    evidence: ['Akamai-GRN', 'Server'],
  },
  { kind: 'heroku', headers: { Via: '1.1 vegur', Server: 'Cowboy' }, basis: 'observed', confidence: 'high', evidence: ['Via'] },
  { kind: 'heroku', headers: { via: '2.0 heroku-router' }, basis: 'observed', confidence: 'high', evidence: ['Via'] },
  {
    kind: 'fly',
    headers: { server: 'Fly/6f8c1f6b (2024-01-01)', 'fly-request-id': '01HABC-fra', via: '1.1 fly.io' },
    basis: 'observed',
    confidence: 'high',
    evidence: ['fly-request-id', 'Server', 'Via'],
  },
  {
    kind: 'cloudfront',
    headers: { Server: 'CloudFront', 'X-Cache': 'Error from cloudfront', 'X-Amz-Cf-Id': 'abc==' },
    basis: 'observed',
    confidence: 'high',
    evidence: ['X-Amz-Cf-Id', 'X-Cache'],
  },
  {
    kind: 'cloudflare',
    headers: { Server: 'cloudflare', 'CF-RAY': '8f0c1a2b3c4d5e6f-FRA' },
    basis: 'observed',
    confidence: 'high',
    evidence: ['cf-ray', 'Server'],
  },
  { kind: 'azure-apim', headers: { 'apim-request-id': 'e0f3c1d2' }, basis: 'observed', confidence: 'high', evidence: ['apim-request-id'] },
  {
    kind: 'aws-api-gateway-rest',
    headers: { 'x-amz-apigw-id': 'Ab1=', 'x-amzn-RequestId': 'r1', 'x-amzn-ErrorType': 'ForbiddenException' },
    basis: 'observed',
    confidence: 'high',
    evidence: ['x-amz-apigw-id', 'x-amzn-RequestId', 'x-amzn-ErrorType'],
  },
  { kind: 'aws-api-gateway-http', headers: { 'apigw-requestid': 'Ab1=' }, basis: 'observed', confidence: 'high', evidence: ['apigw-requestid'] },
];

describe('fingerprint table (one row per kind)', () => {
  it.each(ROWS.map((r) => [`${r.kind} ← ${Object.keys(r.headers).join(', ') || r.url}`, r] as const))('%s', (_name, r) => {
    const g = fp(r.headers, r.url);
    expect(g).not.toBeNull();
    expect(g!.kind).toBe(r.kind);
    expect(g!.basis).toBe(r.basis);
    expect(g!.confidence).toBe(r.confidence);
    expect(g!.evidence.map((e) => e.name)).toEqual(r.evidence);
    for (const e of g!.evidence) expect(e.why.length).toBeGreaterThan(2);
  });

  it('covers every kind of the issue with its exact id, and labels them all', () => {
    const wanted: GatewayKind[] = [
      'express',
      'fastify',
      'flask',
      'django',
      'fastapi',
      'spring',
      'aspnet',
      'rails',
      'php',
      'apache',
      'caddy',
      'envoy',
      'kong',
      'traefik',
      'azure-front-door',
      'google-cloud',
      'vercel',
      'netlify',
      'fastly',
      'akamai',
      'heroku',
      'fly',
    ];
    const tested = new Set(ROWS.map((r) => r.kind));
    for (const k of wanted) {
      expect(GATEWAY_KINDS).toContain(k);
      expect(tested.has(k), k).toBe(true);
      expect(GATEWAY_LABEL[k].length).toBeGreaterThan(2);
    }
  });

  it('leaves a response without marks generic (low confidence, inferred)', () => {
    const g = fp({ 'Content-Type': 'text/plain', 'Keep-Alive': 'timeout=5' });
    expect(g!.kind).toBe('generic');
    expect(g!.basis).toBe('inferred');
    expect(g!.evidence).toEqual([]);
  });

  it('does not take Express for Fastify: X-Powered-By wins over the Keep-Alive default', () => {
    expect(fp({ 'X-Powered-By': 'Express', 'Keep-Alive': 'timeout=72' })!.kind).toBe('express');
  });

  it('returns null for a leg without any response', () => {
    expect(fp({}, 'https://api.example.com', 0)).toBeNull();
  });
});

/** A response through layers: the kind that answered, and every layer (outermost first) as "kind basis". */
const LAYERED: Array<{
  name: string;
  headers: Record<string, string>;
  url?: string;
  status?: number;
  kind: GatewayKind;
  layers: string[] | null;
}> = [
  {
    name: 'CloudFront → nginx: nginx produced the response, CloudFront passed it on',
    headers: { Server: 'nginx/1.22.1', Via: '1.1 abc.cloudfront.net (CloudFront)', 'X-Cache': 'Error from cloudfront', 'X-Amz-Cf-Id': 'x==' },
    kind: 'nginx',
    layers: ['cloudfront observed', 'nginx observed'],
  },
  {
    name: 'Cloudflare → Express: Express answered through Cloudflare',
    headers: { Server: 'cloudflare', 'CF-RAY': '8f0c-FRA', 'X-Powered-By': 'Express' },
    kind: 'express',
    layers: ['cloudflare observed', 'express observed'],
  },
  {
    name: "Cloudflare's own error page (no app mark) is Cloudflare's answer",
    headers: { Server: 'cloudflare', 'CF-RAY': '8f0c-FRA' },
    status: 502,
    kind: 'cloudflare',
    layers: null,
  },
  {
    name: 'nginx → Express: an app response through nginx names both',
    headers: { Server: 'nginx/1.22.1', 'X-Powered-By': 'Express' },
    kind: 'express',
    layers: ['nginx observed', 'express observed'],
  },
  { name: "nginx's own 503 names nginx only", headers: { Server: 'nginx/1.22.1' }, status: 503, kind: 'nginx', layers: null },
  {
    name: 'Heroku router → Rails',
    headers: { Via: '1.1 vegur', 'X-Runtime': '0.02' },
    kind: 'rails',
    layers: ['heroku observed', 'rails inferred'],
  },
  {
    name: 'Vercel by host → Express',
    headers: { 'X-Powered-By': 'Express' },
    url: 'https://my-app.vercel.app',
    kind: 'express',
    layers: ['vercel inferred', 'express observed'],
  },
];

describe('layers: a CDN or proxy in front of an app', () => {
  it.each(LAYERED)('$name', ({ headers, url, status, kind, layers }) => {
    const g = fp(headers, url, status)!;
    expect(g.kind).toBe(kind);
    expect(g.layers && g.layers.map((l) => `${l.kind} ${l.basis}`)).toEqual(layers);
  });

  it('API Gateway keeps its own kind behind CloudFront', () => {
    const g = fp({ 'x-amz-apigw-id': 'a=', Via: '1.1 x.cloudfront.net (CloudFront)' })!;
    expect(g.kind).toBe('aws-api-gateway-rest');
    expect(g.behindCloudFront).toBe(true);
  });
});
