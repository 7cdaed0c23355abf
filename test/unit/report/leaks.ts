/**
 * Shared helpers for the "no secret survives any export" tests.
 */
import type { Analysis, ExchangeResult } from '../../../src/engine/schema';
import { analysisOf, exchange, leg } from './fixtures';
import {
  SECRETS,
  SECRET_FORM_BODY,
  SECRET_JSON_BODY,
  SECRET_REQUEST_HEADERS,
  SECRET_RESPONSE_HEADERS,
  SECRET_SIGV4_HEADER,
  SECRET_TEXT,
  SECRET_URL,
  type SecretName,
} from './secret-corpus';

/** Every form a secret could take in an export: raw, percent-decoded, percent-encoded, JWT parts. */
function forms(value: string): string[] {
  const out = new Set<string>([value]);
  try {
    out.add(decodeURIComponent(value));
  } catch {
    /* not encoded */
  }
  out.add(encodeURIComponent(value));
  out.add(JSON.stringify(value).slice(1, -1));
  if (value.startsWith('eyJ')) for (const part of value.split('.')) if (part.length > 20) out.add(part);
  return [...out].filter((f) => f.length >= 6);
}

/** Names of the secrets found in `text` (empty = nothing leaked). */
export function leaks(text: string): SecretName[] {
  const found: SecretName[] = [];
  for (const [name, value] of Object.entries(SECRETS) as Array<[SecretName, string]>) {
    if (forms(value).some((f) => text.includes(f))) found.push(name);
  }
  return found;
}

/** An exchange carrying every secret of the corpus, in every field an export shows. */
export function secretExchange(id = 'p1'): ExchangeResult {
  return exchange({
    id,
    url: SECRET_URL,
    method: 'POST',
    preflight: leg({
      method: 'OPTIONS',
      url: SECRET_URL,
      status: 401,
      statusText: 'Unauthorized',
      requestHeaders: [
        { name: 'Origin', value: 'http://localhost:5173' },
        { name: 'Access-Control-Request-Method', value: 'POST' },
        { name: 'Access-Control-Request-Headers', value: 'authorization,x-api-key' },
      ],
      responseHeaders: [{ name: 'x-amzn-ErrorType', value: 'UnauthorizedException' }],
      body: SECRET_FORM_BODY,
    }),
    actual: leg({
      method: 'POST',
      url: SECRET_URL,
      status: 403,
      statusText: 'Forbidden',
      error: 'net::ERR_FAILED',
      requestHeaders: [...SECRET_REQUEST_HEADERS, SECRET_SIGV4_HEADER],
      responseHeaders: SECRET_RESPONSE_HEADERS,
      body: SECRET_JSON_BODY,
    }),
    blockedLeg: 'actual',
    credentials: { value: true, basis: 'inferred', confidence: 'high' },
    hiddenStatus: { status: 403, leg: 'actual', basis: 'observed', confidence: 'certain', note: `Seen on ${SECRET_URL}` },
    headline: 'Access denied (403)',
    findings: [
      {
        rule: 'access-denied',
        title: 'Access denied',
        severity: 'error',
        confidence: 'high',
        basis: 'inferred',
        leg: 'actual',
        message: SECRET_TEXT,
        evidence: [
          { leg: 'actual', kind: 'request-header', name: 'Authorization', value: `Bearer ${SECRETS.jwt}`, why: 'sent' },
          { leg: 'actual', kind: 'request-header', name: 'Cookie', value: `session=${SECRETS.cookieSession}`, why: 'sent' },
          { leg: 'actual', kind: 'request-header', name: 'X-Api-Key', value: SECRETS.apiKey, why: 'sent' },
          { leg: 'actual', kind: 'body', name: 'body', value: SECRET_JSON_BODY, why: 'body' },
        ],
        fixes: [{ stack: 'shell', lang: 'shell', title: 'Retry', code: `curl -H 'Authorization: Bearer ${SECRETS.jwt}' '${SECRET_URL}'` }],
        docs: 'docs/rules/access-denied.md',
      },
    ],
  });
}

export function secretAnalysis(): Analysis {
  return analysisOf([secretExchange('p1')], [SECRET_TEXT, `Cookie was session=${SECRETS.cookieSession}`]);
}

/** HAR entries carrying the corpus the way Chromium records it. */
export function secretHarEntries(): unknown[] {
  const url = SECRET_URL;
  const q = new URL(url).searchParams;
  return [
    {
      startedDateTime: '2026-01-01T00:00:00.000Z',
      time: 12,
      _resourceType: 'fetch',
      _initiator: { type: 'script', url: `http://localhost:5173/app.js?token=${SECRETS.queryToken}` },
      request: {
        method: 'POST',
        url,
        httpVersion: 'HTTP/1.1',
        headers: [...SECRET_REQUEST_HEADERS, SECRET_SIGV4_HEADER],
        cookies: [
          { name: 'session', value: SECRETS.cookieSession },
          { name: 'csrftoken', value: SECRETS.cookieCsrf },
        ],
        queryString: [...q.entries()].map(([name, value]) => ({ name, value })),
        postData: { mimeType: 'application/json', text: SECRET_JSON_BODY },
        headersSize: -1,
        bodySize: SECRET_JSON_BODY.length,
      },
      response: {
        status: 403,
        statusText: 'Forbidden',
        httpVersion: 'HTTP/1.1',
        headers: SECRET_RESPONSE_HEADERS,
        cookies: [{ name: 'sid', value: SECRETS.setCookie, httpOnly: true }],
        content: { size: 10, mimeType: 'application/json', text: SECRET_JSON_BODY },
        redirectURL: `https://app.example.com/cb?code=${SECRETS.queryCode}`,
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 1, wait: 10, receive: 1 },
      _error: 'net::ERR_FAILED',
    },
    {
      startedDateTime: '2026-01-01T00:00:01.000Z',
      time: 5,
      request: {
        method: 'POST',
        url: 'https://auth.example.com/oauth/token',
        httpVersion: 'HTTP/1.1',
        headers: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
        cookies: [],
        queryString: [],
        postData: {
          mimeType: 'application/x-www-form-urlencoded',
          text: SECRET_FORM_BODY,
          params: [
            { name: 'grant_type', value: 'refresh_token' },
            { name: 'refresh_token', value: SECRETS.formToken },
          ],
        },
        headersSize: -1,
        bodySize: -1,
      },
      response: {
        status: 200,
        statusText: 'OK',
        httpVersion: 'HTTP/1.1',
        headers: [],
        cookies: [],
        content: { size: 0, mimeType: 'text/plain', text: `password=${SECRETS.bodyPassword}` },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 1, wait: 1, receive: 1 },
    },
  ];
}
