import rule from '../../../src/rules/preflight-not-ok';
import { API, exchange } from './_support/har';
import { ACAO, JSON_CT, gwError } from './_support/presets';
import { ruleTester } from './_support/tester';

const put = (status: number, headers: Record<string, string>) =>
  exchange({ url: API, method: 'PUT', requestHeaders: JSON_CT, preflight: { status, responseHeaders: headers }, neverSent: true });

ruleTester(rule, {
  valid: [
    { name: 'missing route has its own rule', entries: put(403, gwError(403, 'MissingAuthenticationTokenException')) },
    { name: '500 without CORS is a server error', entries: put(500, {}) },
    { name: 'throttled preflight', entries: put(429, gwError(429)) },
  ],
  invalid: [
    { name: '400 on OPTIONS', entries: put(400, ACAO), errors: [{ messageId: 'status', contains: ['400'] }] },
    { name: '500 on OPTIONS with CORS headers', entries: put(500, ACAO), errors: [{ messageId: 'status' }] },
    { name: 'generic 403 (framework CORS filter)', entries: put(403, { 'Content-Type': 'text/plain' }), errors: [{ messageId: 'status' }] },
  ],
});
