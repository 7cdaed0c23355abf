import rule from '../../../src/rules/authorization-not-covered-by-wildcard';
import { API, exchange } from './_support/har';
import { ACAO, AUTH, JSON_CT, pfOk } from './_support/presets';
import { ruleTester } from './_support/tester';

ruleTester(rule, {
  valid: [
    { name: 'Authorization named explicitly', entries: exchange({ url: API, requestHeaders: AUTH, preflight: pfOk({ 'Access-Control-Allow-Headers': 'Authorization' }), status: 200, responseHeaders: ACAO }) },
    { name: '"*" covers Content-Type', entries: exchange({ url: API, method: 'POST', requestHeaders: JSON_CT, preflight: pfOk({ 'Access-Control-Allow-Headers': '*' }), status: 200, responseHeaders: ACAO }) },
  ],
  invalid: [
    {
      name: 'passed in Chromium: warning only',
      entries: exchange({ url: API, requestHeaders: AUTH, preflight: pfOk({ 'Access-Control-Allow-Headers': '*' }), status: 200, responseHeaders: ACAO }),
      messageId: 'passed',
      severity: 'warning',
      check: (_f, ex) => {
        if (ex.verdict !== 'ok') throw new Error('verdict stays ok');
        if (ex.headline !== 'OK — 1 warning') throw new Error(ex.headline);
        if (!ex.checks?.some((c) => c.outcome === 'warn')) throw new Error('the check is marked warn');
      },
    },
    {
      name: 'enforced by the browser: error',
      entries: exchange({ url: API, requestHeaders: AUTH, preflight: pfOk({ 'Access-Control-Allow-Headers': '*' }), neverSent: true }),
      messageId: 'enforced',
      severity: 'error',
    },
  ],
});
