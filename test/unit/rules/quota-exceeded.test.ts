import rule from '../../../src/rules/quota-exceeded';
import { API, exchange } from './_support/har';
import { ACAO, gwError, pfOk } from './_support/presets';
import { ruleTester } from './_support/tester';

const get = (status: number, headers: Record<string, string>, error: string | null = 'net::ERR_FAILED', body?: string) =>
  exchange({ url: API, requestHeaders: { 'X-Api-Key': 'k'.repeat(40) }, preflight: pfOk(), status, responseHeaders: headers, error, body });

ruleTester(rule, {
  valid: [
    { name: 'throttling 429 is not a quota', entries: get(429, gwError(429, 'TooManyRequestsException')) },
    { name: 'quota 429 with CORS headers is visible to the page', entries: get(429, { ...gwError(429, 'LimitExceededException'), ...ACAO }, null) },
  ],
  invalid: [
    { name: 'LimitExceededException', entries: get(429, gwError(429, 'LimitExceededException')), errors: [{ messageId: 'quota', leg: 'actual' }] },
    {
      name: 'Limit Exceeded body (producer kept the body)',
      entries: get(429, gwError(429), 'net::ERR_FAILED', '{"message":"Limit Exceeded"}'),
      errors: [{ messageId: 'quota' }],
    },
  ],
});
