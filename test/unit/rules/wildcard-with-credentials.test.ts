import rule from '../../../src/rules/wildcard-with-credentials';
import { API, exchange } from './_support/har';
import { ruleTester } from './_support/tester';

const STAR = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' };

ruleTester(rule, {
  valid: [
    { name: '"*" without credentials passes', entries: exchange({ url: API, status: 200, responseHeaders: { 'Access-Control-Allow-Origin': '*' } }) },
    {
      name: 'exact origin with credentials',
      entries: exchange({
        url: API,
        cookie: 's=1',
        status: 200,
        responseHeaders: { 'Access-Control-Allow-Origin': 'http://app.test', 'Access-Control-Allow-Credentials': 'true' },
      }),
    },
  ],
  invalid: [
    {
      name: 'cookie sent, "*" answered',
      entries: exchange({ url: API, cookie: 'session=abc', status: 200, responseHeaders: STAR, error: 'net::ERR_FAILED' }),
      errors: [{ messageId: 'wildcard', confidence: 'high' }],
      // Credentials told by the Cookie header; the cookie's value is never copied into a finding.
      result: { credentials: { value: true, confidence: 'high' }, hides: ['session=abc'] },
    },
    {
      name: 'no cookie recorded: credentials deduced from the block',
      entries: exchange({ url: API, status: 200, responseHeaders: STAR, error: 'net::ERR_FAILED' }),
      errors: [{ messageId: 'wildcard', basis: 'inferred' }],
      result: { credentials: { basis: 'inferred', confidence: 'medium' } },
    },
  ],
});
