import rule from '../../../src/rules/preflight-auth-required';
import { API, PLAIN, exchange } from './_support/har';
import { AUTH, HTTP_API, gwError } from './_support/presets';
import { ruleTester } from './_support/tester';

const get = (status: number, headers: Record<string, string>, req: Record<string, string> = AUTH) =>
  exchange({ url: API, requestHeaders: req, preflight: { status, responseHeaders: headers }, neverSent: true });

ruleTester(rule, {
  valid: [
    { name: 'missing OPTIONS route', entries: get(403, gwError(403, 'MissingAuthenticationTokenException')) },
    {
      name: '401 on the actual request (preflight fine) is not this rule',
      entries: exchange({
        url: API,
        requestHeaders: AUTH,
        preflight: { status: 204, responseHeaders: { 'Access-Control-Allow-Origin': 'http://app.test', 'Access-Control-Allow-Headers': 'Authorization' } },
        status: 401,
        responseHeaders: gwError(401, 'UnauthorizedException'),
        error: 'net::ERR_FAILED',
      }),
    },
  ],
  invalid: [
    {
      name: 'REST authorizer 401 on OPTIONS',
      entries: get(401, gwError(401, 'UnauthorizedException')),
      errors: [{ messageId: 'rest', contains: ['never sent'], fix: 'AddDefaultAuthorizerToCorsPreflight: false' }],
    },
    { name: 'REST Lambda authorizer Deny on OPTIONS', entries: get(403, gwError(403, 'AccessDeniedException')), errors: [{ messageId: 'rest' }] },
    { name: 'REST API key required on OPTIONS', entries: get(403, gwError(403, 'ForbiddenException'), { 'X-Api-Key': 'k' }), errors: [{ messageId: 'rest' }] },
    {
      name: 'HTTP API catch-all route with authorizer',
      entries: exchange({ url: API, method: 'DELETE', requestHeaders: AUTH, preflight: { status: 401, responseHeaders: HTTP_API }, neverSent: true }),
      errors: [{ messageId: 'http', fix: 'CorsConfiguration' }],
    },
    {
      name: 'generic 401 with WWW-Authenticate',
      entries: exchange({ url: PLAIN, requestHeaders: AUTH, preflight: { status: 401, responseHeaders: { 'WWW-Authenticate': 'Bearer' } }, neverSent: true }),
      errors: [{ messageId: 'generic' }],
    },
  ],
});
