import rule from '../../../src/rules/missing-allow-origin';
import { API, exchange } from './_support/har';
import { ACAO, JSON_CT, gwError, pfOk, putAfterPreflight } from './_support/presets';
import { ruleTester } from './_support/tester';

ruleTester(rule, {
  valid: [
    { name: 'Allow-Origin present', entries: exchange({ url: API, status: 200, responseHeaders: ACAO }) },
    {
      name: 'mismatching Allow-Origin is another rule',
      entries: exchange({ url: API, status: 200, responseHeaders: { 'Access-Control-Allow-Origin': 'https://x.test' }, error: 'net::ERR_FAILED' }),
    },
  ],
  invalid: [
    {
      name: '200 without Allow-Origin on a simple request: no mention of a preflight it never had',
      entries: exchange({ url: API, status: 200, responseHeaders: { 'Content-Type': 'application/json' }, error: 'net::ERR_FAILED' }),
      errors: [{ messageId: 'success', leg: 'actual', excludes: ['preflight', 'Preflight'] }],
    },
    {
      name: '200 without Allow-Origin after a passing preflight',
      entries: putAfterPreflight(JSON_CT, 'net::ERR_FAILED'),
      errors: [{ messageId: 'successAfterPreflight', leg: 'actual', contains: ['not only on the preflight'] }],
    },
    {
      name: 'secondary to a 429',
      entries: exchange({
        url: API,
        method: 'POST',
        requestHeaders: JSON_CT,
        preflight: pfOk(),
        status: 429,
        responseHeaders: gwError(429, 'TooManyRequestsException'),
        error: 'net::ERR_FAILED',
      }),
      errors: [{ messageId: 'error' }],
      result: { ranking: ['throttled', 'missing-allow-origin'] },
    },
    {
      name: 'preflight 204 without Allow-Origin',
      entries: exchange({
        url: API,
        method: 'PUT',
        requestHeaders: JSON_CT,
        preflight: { status: 204, responseHeaders: { 'Access-Control-Allow-Methods': 'PUT' } },
        neverSent: true,
      }),
      errors: [{ messageId: 'preflight', leg: 'preflight' }],
    },
  ],
});
