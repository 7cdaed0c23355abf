import rule from '../../../src/rules/header-not-allowed';
import { API, exchange } from './_support/har';
import { AUTH, JSON_CT, pfOk } from './_support/presets';
import { ruleTester } from './_support/tester';

const get = (allowHeaders: string | null, req: Record<string, string> = AUTH) => {
  const pf = pfOk(allowHeaders === null ? {} : { 'Access-Control-Allow-Headers': allowHeaders });
  if (allowHeaders === null) delete (pf.responseHeaders as Record<string, string>)['Access-Control-Allow-Headers'];
  return exchange({ url: API, requestHeaders: req, preflight: pf, neverSent: true });
};

ruleTester(rule, {
  valid: [
    {
      name: 'authorization listed (case-insensitive)',
      entries: exchange({
        url: API,
        requestHeaders: AUTH,
        preflight: pfOk({ 'Access-Control-Allow-Headers': 'authorization' }),
        status: 200,
        responseHeaders: { 'Access-Control-Allow-Origin': 'http://app.test' },
      }),
    },
    { name: 'authorization only via "*" is the wildcard rule', entries: get('*') },
  ],
  invalid: [
    {
      name: 'Authorization missing from Content-Type,X-Api-Key',
      entries: get('Content-Type,X-Api-Key'),
      errors: [{ messageId: 'notListed', contains: ['authorization'], fix: 'Authorization' }],
      result: { headline: 'Header not allowed: authorization' },
    },
    {
      name: 'two custom headers missing',
      entries: get('Content-Type', { ...JSON_CT, 'X-Trace': '1', 'X-Tenant': 't' }),
      errors: [{ messageId: 'notListed', contains: ['x-tenant, x-trace'] }],
    },
    { name: 'Allow-Headers absent', entries: get(null, JSON_CT), errors: [{ messageId: 'absent' }] },
    { name: 'Allow-Headers unparsable', entries: get('Content-Type; Authorization'), errors: [{ messageId: 'unparsable' }] },
  ],
});
