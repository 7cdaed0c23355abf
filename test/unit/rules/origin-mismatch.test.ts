import rule from '../../../src/rules/origin-mismatch';
import { API, exchange } from './_support/har';
import { ACAO, REST_ } from './_support/local';
import { ruleTester } from './_support/tester';

const get = (allow: string) =>
  exchange({ url: API, status: 200, responseHeaders: { ...REST_, 'Access-Control-Allow-Origin': allow }, error: 'net::ERR_FAILED' });

ruleTester(rule, {
  valid: [
    { name: 'exact origin', entries: exchange({ url: API, status: 200, responseHeaders: ACAO }) },
    { name: 'two origins is multiple-allow-origin', entries: get('http://app.test, https://other.test') },
  ],
  invalid: [
    {
      name: 'production origin hard-coded',
      entries: get('https://app.example.com'),
      errors: [{ messageId: 'mismatch', contains: ['https://app.example.com', 'http://app.test'] }],
    },
    { name: 'port differs', entries: get('http://app.test:8080'), errors: [{ messageId: 'mismatch' }] },
    { name: 'trailing slash is not an origin', entries: get('http://app.test/'), errors: [{ messageId: 'invalid' }] },
  ],
});
