import rule from '../../../src/rules/invalid-api-key';
import { API, exchange } from './_support/har';
import { ACAO, gwError, pfOk } from './_support/presets';
import { ruleTester } from './_support/tester';

const KEY = { 'X-Api-Key': 'dEmOkEy0123456789aBcDeFgHiJkLmNoPqRsTuVw' };

ruleTester(rule, {
  valid: [
    {
      name: 'no key sent: WAF or missing key',
      entries: exchange({ url: API, status: 403, responseHeaders: gwError(403, 'ForbiddenException'), error: 'net::ERR_FAILED' }),
    },
    { name: 'key accepted', entries: exchange({ url: API, requestHeaders: KEY, preflight: pfOk(), status: 200, responseHeaders: ACAO }) },
  ],
  invalid: [
    {
      name: 'ForbiddenException with x-api-key',
      entries: exchange({
        url: API,
        requestHeaders: KEY,
        preflight: pfOk(),
        status: 403,
        responseHeaders: gwError(403, 'ForbiddenException'),
        error: 'net::ERR_FAILED',
      }),
      errors: [{ messageId: 'key' }],
      // The key's value is never copied into a finding.
      result: { hides: ['dEmOkEy'] },
    },
  ],
});
