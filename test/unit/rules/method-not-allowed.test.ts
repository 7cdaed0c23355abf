import rule from '../../../src/rules/method-not-allowed';
import { API, exchange } from './_support/har';
import { pfOk } from './_support/presets';
import { ruleTester } from './_support/tester';

const del = (methods: string | null, cookie = false) => {
  const pf = pfOk(methods === null ? {} : { 'Access-Control-Allow-Methods': methods });
  if (methods === null) delete (pf.responseHeaders as Record<string, string>)['Access-Control-Allow-Methods'];
  if (cookie) Object.assign(pf.responseHeaders, { 'Access-Control-Allow-Credentials': 'true' });
  return exchange({ url: API, method: 'DELETE', preflight: pf, neverSent: true, ...(cookie ? {} : {}) });
};

ruleTester(rule, {
  valid: [
    {
      name: 'DELETE listed',
      entries: exchange({ url: API, method: 'DELETE', preflight: pfOk(), status: 204, responseHeaders: { 'Access-Control-Allow-Origin': 'http://app.test' } }),
    },
    {
      name: 'wildcard without credentials',
      entries: exchange({
        url: API,
        method: 'DELETE',
        preflight: pfOk({ 'Access-Control-Allow-Methods': '*' }),
        status: 204,
        responseHeaders: { 'Access-Control-Allow-Origin': 'http://app.test' },
      }),
    },
  ],
  invalid: [
    {
      name: 'DELETE not in GET,POST,OPTIONS',
      entries: del('GET,POST,OPTIONS'),
      errors: [{ messageId: 'notListed', contains: ['DELETE', 'GET,POST,OPTIONS'] }],
      // A 2xx preflight hides no status; the DELETE was never sent, so a reveal is offered.
      result: { hiddenStatus: null, reveal: { command: 'probe' } },
    },
    { name: 'Allow-Methods absent', entries: del(null), errors: [{ messageId: 'absent' }] },
    { name: 'Allow-Methods unparsable', entries: del('GET POST; DELETE'), errors: [{ messageId: 'unparsable' }] },
    { name: '"*" with credentials', entries: del('*', true), errors: [{ messageId: 'wildcardCredentials' }] },
  ],
});
