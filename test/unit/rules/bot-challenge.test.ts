import rule from '../../../src/rules/bot-challenge';
import { API, exchange } from './_support/har';
import { ACAO, CLOUDFLARE } from './_support/presets';
import { ruleTester } from './_support/tester';

ruleTester(rule, {
  valid: [
    { name: 'Cloudflare 200 with CORS', entries: exchange({ url: API, status: 200, responseHeaders: { ...CLOUDFLARE, ...ACAO } }) },
    { name: 'Cloudflare WAF block without challenge', entries: exchange({ url: API, status: 403, responseHeaders: CLOUDFLARE, error: 'net::ERR_FAILED' }) },
  ],
  invalid: [
    {
      name: 'cf-mitigated: challenge on a simple GET',
      entries: exchange({ url: API, status: 403, responseHeaders: { ...CLOUDFLARE, 'cf-mitigated': 'challenge' }, error: 'net::ERR_FAILED' }),
      errors: [{ messageId: 'challenge' }],
      result: { gateway: 'cloudflare' },
    },
    {
      name: 'challenge on the preflight',
      entries: exchange({
        url: API,
        method: 'PUT',
        preflight: { status: 403, responseHeaders: { ...CLOUDFLARE, 'cf-mitigated': 'challenge' } },
        neverSent: true,
      }),
      errors: [{ messageId: 'challenge', leg: 'preflight' }],
    },
  ],
});
