import rule from '../../../src/rules/cors-blocked-unexplained';
import { API, exchange } from './_support/har';
import { ACAO, pfOk } from './_support/presets';
import { ruleTester } from './_support/tester';

ruleTester(rule, {
  valid: [
    { name: 'explained block gets no fallback', entries: exchange({ url: API, status: 200, responseHeaders: {}, error: 'net::ERR_FAILED' }) },
    { name: 'ok exchange', entries: exchange({ url: API, status: 200, responseHeaders: ACAO }) },
  ],
  invalid: [
    {
      name: 'blocked although every check passes',
      entries: exchange({ url: API, status: 200, responseHeaders: { ...ACAO, 'Access-Control-Allow-Credentials': 'true' }, error: 'net::ERR_FAILED' }),
      errors: [{ messageId: 'unexplained', confidence: 'low' }],
    },
    {
      name: 'preflight passes yet the request was never sent',
      entries: exchange({ url: API, method: 'PUT', preflight: pfOk({ 'Access-Control-Allow-Credentials': 'true' }), neverSent: true }),
      errors: [{ messageId: 'unexplained' }],
    },
  ],
});
