import rule from '../../../src/rules/preflight-missing-route';
import { API, exchange } from './_support/har';
import { ACAO, AUTH, JSON_CT, NGINX, gwError, putAfterPreflight } from './_support/presets';
import { ruleTester } from './_support/tester';

const put = (status: number, headers: Record<string, string>) =>
  exchange({ url: API, method: 'PUT', requestHeaders: JSON_CT, preflight: { status, responseHeaders: headers }, neverSent: true });

ruleTester(rule, {
  valid: [
    {
      name: 'preflight 401 is an auth problem',
      entries: exchange({
        url: API,
        requestHeaders: AUTH,
        preflight: { status: 401, responseHeaders: gwError(401, 'UnauthorizedException') },
        neverSent: true,
      }),
    },
    {
      name: 'working preflight',
      entries: putAfterPreflight(ACAO),
    },
  ],
  invalid: [
    {
      name: 'REST 403 Missing Authentication Token on OPTIONS',
      entries: put(403, gwError(403, 'MissingAuthenticationTokenException')),
      errors: [{ messageId: 'apigw', leg: 'preflight', contains: ['redeployed', 'never sent'], fix: 'Redeploy' }],
      result: { hiddenStatus: { status: 403, leg: 'preflight' }, reveal: { command: '--send-actual' } },
    },
    { name: 'nginx 405 on OPTIONS', entries: put(405, NGINX), errors: [{ messageId: 'generic' }] },
    { name: 'plain 404 on OPTIONS', entries: put(404, {}), errors: [{ messageId: 'generic' }] },
  ],
});
