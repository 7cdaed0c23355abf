import rule from '../../../src/rules/not-cors-network-error';
import { API, exchange } from './_support/har';
import { ACAO } from './_support/presets';
import { ruleTester } from './_support/tester';

const failed = (error: string) => exchange({ url: API, neverSent: true, error });

ruleTester(rule, {
  valid: [
    { name: 'CORS failure is not a network error', entries: exchange({ url: API, status: 200, responseHeaders: {}, error: 'net::ERR_FAILED' }) },
    { name: 'success', entries: exchange({ url: API, status: 200, responseHeaders: ACAO }) },
  ],
  invalid: [
    {
      name: 'connection refused',
      entries: failed('net::ERR_CONNECTION_REFUSED'),
      errors: [{ messageId: 'network', contains: ['net::ERR_CONNECTION_REFUSED', 'not a CORS problem'] }],
      result: { verdict: 'not-cors', hiddenStatus: null, gateway: null },
    },
    { name: 'DNS failure', entries: failed('net::ERR_NAME_NOT_RESOLVED'), errors: [{ messageId: 'network', contains: ['DNS'] }] },
    { name: 'certificate error', entries: failed('net::ERR_CERT_DATE_INVALID'), errors: [{ messageId: 'network', contains: ['TLS'] }] },
    { name: 'blocked by an extension', entries: failed('net::ERR_BLOCKED_BY_CLIENT'), errors: [{ messageId: 'network', contains: ['extension'] }] },
    {
      name: 'unknown error value is shown raw',
      entries: failed('net::ERR_SOMETHING_NEW_2031'),
      errors: [{ messageId: 'network', contains: ['net::ERR_SOMETHING_NEW_2031'] }],
    },
    {
      name: 'preflight connection reset',
      entries: exchange({
        url: API,
        method: 'PUT',
        preflight: { status: 0, responseHeaders: {}, error: 'net::ERR_CONNECTION_RESET' },
        neverSent: true,
        error: 'net::ERR_CONNECTION_RESET',
      }),
      errors: [{ messageId: 'network' }],
    },
  ],
});
