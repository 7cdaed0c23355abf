import rule from '../../../src/rules/throttled';
import { API, exchange, T0 } from './_support/har';
import { ACAO, JSON_CT, gwError, pfOk } from './_support/presets';
import { ruleTester } from './_support/tester';

const post = (status: number, headers: Record<string, string>, startedMs = T0, error: string | null = 'net::ERR_FAILED') =>
  exchange({ url: API, method: 'POST', requestHeaders: JSON_CT, preflight: pfOk(), status, responseHeaders: headers, error, startedMs });

const burst = (n: number) => Array.from({ length: n }, (_, i) => post(429, gwError(429, 'TooManyRequestsException'), T0 + i * 50)).flat();

ruleTester(rule, {
  valid: [
    { name: '429 with CORS headers is readable by the page', entries: post(429, { ...gwError(429), ...ACAO }, T0, null) },
    { name: '429 quota (LimitExceededException) is not throttling', entries: post(429, gwError(429, 'LimitExceededException')) },
    { name: '200 that passed', entries: post(200, ACAO, T0, null) },
    { name: 'a lone 503 without rate-limit signs is a server error, not a throttle', entries: post(503, { Server: 'nginx' }) },
    { name: '503s with no success before them and fewer than four are not a throttle', entries: [...post(503, {}, T0), ...post(503, {}, T0 + 100)] },
  ],
  invalid: [
    {
      name: 'nginx limit_req: a burst of 503s right after a 200 is a throttle (inferred, medium), with the nginx fix first',
      entries: [
        ...post(200, { Server: 'nginx/1.22.1', ...ACAO }, T0, null),
        ...post(503, { Server: 'nginx/1.22.1' }, T0 + 300),
        ...post(503, { Server: 'nginx/1.22.1' }, T0 + 310),
        ...post(503, { Server: 'nginx/1.22.1' }, T0 + 320),
      ],
      errors: [
        { messageId: 'pattern', basis: 'inferred', confidence: 'medium', contains: ['limit_req_status 429', 'nginx limit_req'], fix: 'limit_req_status 429' },
      ],
      result: { gateway: 'nginx', hiddenStatus: { status: 503 } },
    },
    {
      name: 'a 503 with Retry-After: throttled (inferred, medium), Retry-After read into the message',
      entries: post(503, { 'Retry-After': '30' }),
      errors: [{ messageId: 'pattern', basis: 'inferred', confidence: 'medium', contains: ['wait 30 s', 'Retry-After: 30'] }],
    },
    {
      name: 'a 503 with RateLimit-* headers: throttled (inferred, high)',
      entries: post(503, { 'RateLimit-Limit': '10', 'RateLimit-Remaining': '3' }),
      errors: [{ messageId: 'pattern', confidence: 'high' }],
    },
    {
      name: 'a 403 with X-RateLimit-Remaining: 0 is a throttle (observed header, high)',
      entries: post(403, { 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1700000000' }),
      errors: [{ messageId: 'pattern', basis: 'observed', confidence: 'high' }],
    },
    {
      name: 'Express with express-rate-limit before cors(): the 429 names the middleware order and Retry-After',
      entries: post(429, { 'X-Powered-By': 'Express', 'Retry-After': '60', 'RateLimit-Policy': '1;w=60', RateLimit: 'limit=1, remaining=0, reset=60' }),
      errors: [{ messageId: 'observed', contains: ['Mount cors() before the rate limiter', 'wait 60 s'], fix: 'before express-rate-limit' }],
      result: { gateway: 'express' },
    },
    {
      name: 'REST 429 TooManyRequestsException without CORS',
      entries: post(429, gwError(429, 'TooManyRequestsException')),
      errors: [{ messageId: 'observed', leg: 'actual', confidence: 'certain' }],
      result: { hiddenStatus: { status: 429, basis: 'observed' }, ranking: ['throttled', 'missing-allow-origin'], headline: 'Throttled — hidden 429' },
    },
    { name: 'generic 429 from nginx', entries: post(429, { Server: 'nginx' }), errors: [{ messageId: 'observed' }] },
    {
      name: 'burst before the 429 is named',
      entries: burst(6),
      errors: [{ messageId: 'observed', contains: ['burst'] }],
    },
    {
      name: 'status unknown amid 429s after a burst: inferred',
      entries: [
        ...burst(6),
        ...exchange({ url: API, method: 'POST', requestHeaders: JSON_CT, preflight: { status: 0, responseHeaders: {} }, neverSent: true, startedMs: T0 + 320 }),
      ],
      errors: [{ messageId: 'inferred', basis: 'inferred' }],
      result: { hiddenStatus: { status: 429, basis: 'inferred' } },
    },
  ],
});
