import rule from '../../../src/rules/server-error-without-cors';
import { API, PLAIN, exchange } from './_support/har';
import { ACAO, JSON_CT, gwError, NGINX, pfOk } from './_support/presets';
import { ruleTester } from './_support/tester';

const post = (status: number, headers: Record<string, string>, error: string | null = 'net::ERR_FAILED') =>
  exchange({ url: API, method: 'POST', requestHeaders: JSON_CT, preflight: pfOk(), status, responseHeaders: headers, error });

ruleTester(rule, {
  valid: [
    { name: '500 with CORS headers is visible to the page', entries: post(500, { ...gwError(500), ...ACAO }, null) },
    { name: '504 is a timeout', entries: post(504, gwError(504)) },
  ],
  invalid: [
    { name: 'Lambda failure 502', entries: post(502, gwError(502, 'InternalServerErrorException')), errors: [{ messageId: 'apigw', contains: ['Lambda'] }] },
    { name: 'nginx 500 without always', entries: post(500, NGINX), errors: [{ messageId: 'nginx', contains: ['always'] }] },
    {
      name: 'plain server 503',
      entries: exchange({
        url: PLAIN,
        method: 'POST',
        preflight: pfOk(),
        requestHeaders: JSON_CT,
        status: 503,
        responseHeaders: { 'Content-Type': 'text/html' },
        error: 'net::ERR_FAILED',
      }),
      errors: [{ messageId: 'generic' }],
    },
    {
      name: '500 on the preflight itself',
      entries: exchange({ url: API, method: 'PUT', requestHeaders: JSON_CT, preflight: { status: 500, responseHeaders: NGINX }, neverSent: true }),
      errors: [{ messageId: 'nginx', leg: 'preflight' }],
    },
  ],
});
