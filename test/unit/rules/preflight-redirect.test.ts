import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';
import rule from '../../../src/rules/preflight-redirect';
import { API, exchange } from './_support/har';
import { JSON_CT, NGINX } from './_support/presets';
import { ruleTester } from './_support/tester';

const put = (status: number, headers: Record<string, string>, error?: string) =>
  exchange({ url: API, method: 'PUT', requestHeaders: JSON_CT, preflight: { status, responseHeaders: headers, ...(error ? { error } : {}) }, neverSent: true });

ruleTester(rule, {
  valid: [
    { name: '404 preflight is a missing route', entries: put(404, NGINX) },
    {
      name: 'redirect on a simple GET is followed, not a preflight',
      entries: exchange({ url: API, status: 200, responseHeaders: { 'Access-Control-Allow-Origin': '*' } }),
    },
    { name: 'a preflight that never got an answer (connection refused) is a network error', entries: put(0, {}, 'net::ERR_CONNECTION_REFUSED') },
  ],
  invalid: [
    { name: 'nginx 301 to trailing slash', entries: put(301, { ...NGINX, Location: `${API}/` }), errors: [{ messageId: 'redirect', contains: [`${API}/`] }] },
    { name: '302 to a login page', entries: put(302, { Location: 'https://login.example.com/' }), errors: [{ messageId: 'redirect' }] },
    { name: '308 without Location', entries: put(308, {}), errors: [{ messageId: 'redirect', contains: ['no Location recorded'] }] },
    // Chromium sometimes hands over the entry before the redirect's status (see capture/settle.ts).
    {
      name: 'redirect error with the status lost',
      entries: put(0, {}, 'net::ERR_INVALID_REDIRECT'),
      errors: [{ messageId: 'lost', contains: ['ERR_INVALID_REDIRECT', 'kept neither'] }],
    },
    {
      name: 'Cloudflare Access login redirect',
      entries: put(302, { 'cf-ray': '1-FRA', Location: 'https://team.cloudflareaccess.com/cdn-cgi/access/login/api.example.org' }),
      errors: [{ messageId: 'access', contains: ['options_preflight_bypass'] }],
    },
  ],
});

describe('a preflight redirect whose status the capture lost', () => {
  it('is a CORS failure of the preflight, explained as an inference, not a network error', () => {
    const a = analyze(put(0, {}, 'net::ERR_INVALID_REDIRECT'), RULES);
    const ex = a.exchanges[0]!;
    expect(ex.verdict).toBe('cors-blocked');
    expect(ex.blockedLeg).toBe('preflight');
    expect(ex.headline).toBe('Preflight redirected — 3xx');
    expect(ex.findings[0]).toMatchObject({ rule: 'preflight-redirect', basis: 'inferred', confidence: 'high' });
    expect(ex.findings.map((f) => f.rule)).not.toContain('not-cors-network-error');
    expect(ex.hiddenStatus).toBeNull();
  });
});
