import rule from '../../../src/rules/access-denied';
import { API, exchange } from './_support/har';
import { AUTH, HTTP_API, gwError, pfOk } from './_support/presets';
import { ruleTester } from './_support/tester';

const get = (headers: Record<string, string>) =>
  exchange({ url: API, requestHeaders: AUTH, preflight: pfOk(), status: 403, responseHeaders: headers, error: 'net::ERR_FAILED' });

ruleTester(rule, {
  valid: [
    {
      name: 'authorizer deny on the preflight is preflight-auth-required',
      entries: exchange({
        url: API,
        requestHeaders: AUTH,
        preflight: { status: 403, responseHeaders: gwError(403, 'AccessDeniedException') },
        neverSent: true,
      }),
    },
    { name: 'WAF 403', entries: get(gwError(403, 'ForbiddenException')) },
  ],
  invalid: [
    {
      name: 'AccessDeniedException on the actual request',
      entries: get(gwError(403, 'AccessDeniedException')),
      errors: [{ messageId: 'denied', leg: 'actual' }],
    },
    { name: 'expired token', entries: get(gwError(403, 'ExpiredTokenException')), errors: [{ messageId: 'denied' }] },
    { name: 'HTTP API 403', entries: get({ ...HTTP_API, 'Content-Type': 'application/json' }), errors: [{ messageId: 'denied' }] },
  ],
});
