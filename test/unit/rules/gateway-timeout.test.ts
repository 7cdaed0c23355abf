import rule from '../../../src/rules/gateway-timeout';
import { API, exchange } from './_support/har';
import { ACAO, JSON_CT, gwError, NGINX, pfOk } from './_support/presets';
import { ruleTester } from './_support/tester';

const post = (status: number, headers: Record<string, string>, error: string | null = 'net::ERR_FAILED') =>
  exchange({ url: API, method: 'POST', requestHeaders: JSON_CT, preflight: pfOk(), status, responseHeaders: headers, error });

ruleTester(rule, {
  valid: [
    { name: '502 is a server error, not a timeout', entries: post(502, gwError(502)) },
    { name: '504 with CORS headers reached the page', entries: post(504, { ...gwError(504), ...ACAO }, null) },
  ],
  invalid: [
    { name: 'REST 504 without error type', entries: post(504, gwError(504)), errors: [{ messageId: 'apigw', contains: ['29 s'] }] },
    { name: 'nginx 504', entries: post(504, NGINX), errors: [{ messageId: 'generic' }] },
  ],
});
