import rule from '../../../src/rules/client-error-without-cors';
import { API, exchange } from './_support/har';
import { ACAO, AUTH, gwError, pfOk } from './_support/presets';
import { ruleTester } from './_support/tester';

const get = (status: number, headers: Record<string, string>, error: string | null = 'net::ERR_FAILED') =>
  exchange({ url: API, requestHeaders: AUTH, preflight: pfOk(), status, responseHeaders: headers, error });

ruleTester(rule, {
  valid: [
    { name: '401 with CORS headers is readable', entries: get(401, { ...gwError(401), ...ACAO }, null) },
    { name: '429 is throttling', entries: get(429, gwError(429)) },
    { name: '403 WAF', entries: get(403, gwError(403, 'ForbiddenException')) },
  ],
  invalid: [
    { name: '401 from the authorizer on the GET', entries: get(401, gwError(401, 'UnauthorizedException')), errors: [{ messageId: 'unauthorized' }] },
    {
      name: 'Missing Authentication Token on the GET (wrong path or stage)',
      entries: get(403, gwError(403, 'MissingAuthenticationTokenException')),
      errors: [{ messageId: 'missingRoute' }],
    },
    { name: '413 request too large', entries: get(413, gwError(413)), errors: [{ messageId: 'other' }] },
  ],
});
