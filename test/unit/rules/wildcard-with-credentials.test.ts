import rule from '../../../src/rules/wildcard-with-credentials';
import { API, exchange } from './_support/har';
import { ruleTester } from './_support/tester';

const STAR = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' };

ruleTester(rule, {
  valid: [
    { name: '"*" without credentials passes', entries: exchange({ url: API, status: 200, responseHeaders: { 'Access-Control-Allow-Origin': '*' } }) },
    { name: 'exact origin with credentials', entries: exchange({ url: API, cookie: 's=1', status: 200, responseHeaders: { 'Access-Control-Allow-Origin': 'http://app.test', 'Access-Control-Allow-Credentials': 'true' } }) },
  ],
  invalid: [
    {
      name: 'cookie sent, "*" answered',
      entries: exchange({ url: API, cookie: 'session=abc', status: 200, responseHeaders: STAR, error: 'net::ERR_FAILED' }),
      messageId: 'wildcard',
      check: (f, ex) => {
        if (!ex.credentials.value || ex.credentials.confidence !== 'high') throw new Error('credentials from Cookie');
        if (JSON.stringify(ex.findings).includes('session=abc')) throw new Error('cookie value leaked');
        if (f.confidence !== 'high') throw new Error(f.confidence);
      },
    },
    {
      name: 'no cookie recorded: credentials deduced from the block',
      entries: exchange({ url: API, status: 200, responseHeaders: STAR, error: 'net::ERR_FAILED' }),
      messageId: 'wildcard',
      check: (f, ex) => {
        if (ex.credentials.basis !== 'inferred' || ex.credentials.confidence !== 'medium') throw new Error('inferred credentials expected');
        if (f.basis !== 'inferred') throw new Error('a deduction is an inference');
      },
    },
  ],
});
