import rule from '../../../src/rules/authorization-not-covered-by-wildcard';
import { API, exchange } from './_support/har';
import { ACAO, AUTH, JSON_CT, pfOk } from './_support/presets';
import { ruleTester } from './_support/tester';

ruleTester(rule, {
  valid: [
    {
      name: 'Authorization named explicitly',
      entries: exchange({
        url: API,
        requestHeaders: AUTH,
        preflight: pfOk({ 'Access-Control-Allow-Headers': 'Authorization' }),
        status: 200,
        responseHeaders: ACAO,
      }),
    },
    {
      name: '"*" covers Content-Type',
      entries: exchange({
        url: API,
        method: 'POST',
        requestHeaders: JSON_CT,
        preflight: pfOk({ 'Access-Control-Allow-Headers': '*' }),
        status: 200,
        responseHeaders: ACAO,
      }),
    },
  ],
  invalid: [
    {
      name: 'passed in Chromium: warning only',
      entries: exchange({ url: API, requestHeaders: AUTH, preflight: pfOk({ 'Access-Control-Allow-Headers': '*' }), status: 200, responseHeaders: ACAO }),
      errors: [{ messageId: 'passed', severity: 'warning' }],
      result: { verdict: 'ok', headline: 'OK — 1 warning', checks: [{ id: 'allow-headers', outcome: 'warn' }] },
    },
    {
      name: 'enforced by the browser: error',
      entries: exchange({ url: API, requestHeaders: AUTH, preflight: pfOk({ 'Access-Control-Allow-Headers': '*' }), neverSent: true }),
      errors: [{ messageId: 'enforced', severity: 'error' }],
    },
  ],
});
