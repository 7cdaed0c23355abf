import rule from '../../../src/rules/credentials-not-allowed';
import { API, exchange } from './_support/har';
import { ACAO } from './_support/presets';
import { ruleTester } from './_support/tester';

ruleTester(rule, {
  valid: [
    {
      name: 'credentials allowed',
      entries: exchange({ url: API, cookie: 'a=1', status: 200, responseHeaders: { ...ACAO, 'Access-Control-Allow-Credentials': 'true' } }),
    },
    { name: 'no credentials needed', entries: exchange({ url: API, status: 200, responseHeaders: ACAO }) },
  ],
  invalid: [
    {
      name: 'cookie sent, no Allow-Credentials',
      entries: exchange({ url: API, cookie: 'a=1', status: 200, responseHeaders: ACAO, error: 'net::ERR_FAILED' }),
      errors: [{ messageId: 'missing' }],
    },
    {
      name: 'Allow-Credentials "True"',
      entries: exchange({
        url: API,
        cookie: 'a=1',
        status: 200,
        responseHeaders: { ...ACAO, 'Access-Control-Allow-Credentials': 'True' },
        error: 'net::ERR_FAILED',
      }),
      errors: [{ messageId: 'wrong' }],
    },
    {
      name: 'blocked although origin matches: credentials deduced',
      entries: exchange({ url: API, status: 200, responseHeaders: ACAO, error: 'net::ERR_FAILED' }),
      errors: [{ messageId: 'missing', confidence: 'medium' }],
    },
  ],
});
