import rule from '../../../src/rules/multiple-allow-origin';
import { API, exchange } from './_support/har';
import { ACAO } from './_support/presets';
import { ruleTester } from './_support/tester';

ruleTester(rule, {
  valid: [
    { name: 'single origin', entries: exchange({ url: API, status: 200, responseHeaders: ACAO }) },
    {
      name: 'single wrong origin',
      entries: exchange({ url: API, status: 200, responseHeaders: { 'Access-Control-Allow-Origin': 'https://x.test' }, error: 'net::ERR_FAILED' }),
    },
  ],
  invalid: [
    {
      name: 'comma-joined list',
      entries: exchange({
        url: API,
        status: 200,
        responseHeaders: { 'Access-Control-Allow-Origin': 'http://app.test, https://other.example' },
        error: 'net::ERR_FAILED',
      }),
      errors: [{ messageId: 'multiple', contains: ['2 values'] }],
    },
    {
      name: 'header sent twice',
      entries: exchange({
        url: API,
        status: 200,
        responseHeaders: [
          ['Access-Control-Allow-Origin', 'http://app.test'],
          ['Access-Control-Allow-Origin', 'http://app.test'],
        ],
        error: 'net::ERR_FAILED',
      }),
      errors: [{ messageId: 'multiple' }],
    },
  ],
});
