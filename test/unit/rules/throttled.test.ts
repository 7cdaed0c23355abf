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
  ],
  invalid: [
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
