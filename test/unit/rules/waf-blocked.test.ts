import rule from '../../../src/rules/waf-blocked';
import { API, exchange } from './_support/har';
import { CLOUDFLARE, CLOUDFRONT, gwError } from './_support/presets';
import { ruleTester } from './_support/tester';

const get = (status: number, headers: Record<string, string>, req: Record<string, string> = {}) =>
  exchange({ url: API, requestHeaders: req, status, responseHeaders: headers, error: 'net::ERR_FAILED' });

ruleTester(rule, {
  valid: [
    { name: 'ForbiddenException with an API key sent is the key check', entries: get(403, gwError(403, 'ForbiddenException'), { 'X-Api-Key': 'abc' }) },
    { name: 'missing authentication token is not a WAF', entries: get(403, gwError(403, 'MissingAuthenticationTokenException')) },
    { name: 'Cloudflare challenge is a bot challenge', entries: get(403, { ...CLOUDFLARE, 'cf-mitigated': 'challenge' }) },
  ],
  invalid: [
    {
      name: 'REST ForbiddenException, no key',
      entries: get(403, gwError(403, 'ForbiddenException')),
      // A WAF block and a missing key answer alike: an inference, medium confidence.
      errors: [{ messageId: 'apigw', confidence: 'medium' }],
      result: { gateway: 'aws-api-gateway-rest' },
    },
    {
      name: 'CloudFront 403 error page',
      entries: get(403, CLOUDFRONT),
      errors: [{ messageId: 'cloudfront' }],
      result: { gateway: 'cloudfront' },
    },
    { name: 'Cloudflare firewall 403 without challenge', entries: get(403, CLOUDFLARE), errors: [{ messageId: 'cloudflare' }] },
  ],
});
