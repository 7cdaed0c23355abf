import rule from '../../../src/rules/stale-preflight-cache';
import { API, exchange, T0 } from './_support/har';
import { ACAO, JSON_CT, gwError, pfOk, putAfterPreflight } from './_support/presets';
import { ruleTester } from './_support/tester';

ruleTester(rule, {
  valid: [
    {
      name: 'preflight recorded',
      entries: putAfterPreflight(gwError(200), 'net::ERR_FAILED'),
    },
    { name: 'cache hit that passed', entries: exchange({ url: API, method: 'PUT', requestHeaders: JSON_CT, status: 200, responseHeaders: ACAO }) },
    { name: 'simple request needs no preflight', entries: exchange({ url: API, status: 200, responseHeaders: {}, error: 'net::ERR_FAILED' }) },
  ],
  invalid: [
    {
      name: 'never sent and no preflight row',
      entries: exchange({ url: API, method: 'PUT', requestHeaders: JSON_CT, neverSent: true }),
      errors: [{ messageId: 'notRecorded', confidence: 'low', basis: 'inferred' }],
    },
    {
      name: 'sent from a cached preflight, then blocked',
      entries: [
        ...exchange({ url: API, method: 'PUT', requestHeaders: JSON_CT, preflight: pfOk(), status: 200, responseHeaders: ACAO, startedMs: T0 }),
        ...exchange({
          url: API,
          method: 'PUT',
          requestHeaders: JSON_CT,
          status: 200,
          responseHeaders: { 'Content-Type': 'application/json' },
          error: 'net::ERR_FAILED',
          startedMs: T0 + 3000,
        }),
      ],
      errors: [{ messageId: 'cached', severity: 'info', contains: ['3.0 s earlier'] }],
      result: { ranking: ['missing-allow-origin', 'stale-preflight-cache'] },
    },
  ],
});
