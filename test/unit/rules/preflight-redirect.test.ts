import rule from '../../../src/rules/preflight-redirect';
import { API, exchange } from './_support/har';
import { JSON_CT, NGINX } from './_support/presets';
import { ruleTester } from './_support/tester';

const put = (status: number, headers: Record<string, string>) =>
  exchange({ url: API, method: 'PUT', requestHeaders: JSON_CT, preflight: { status, responseHeaders: headers }, neverSent: true });

ruleTester(rule, {
  valid: [
    { name: '404 preflight is a missing route', entries: put(404, NGINX) },
    { name: 'redirect on a simple GET is followed, not a preflight', entries: exchange({ url: API, status: 200, responseHeaders: { 'Access-Control-Allow-Origin': '*' } }) },
  ],
  invalid: [
    { name: 'nginx 301 to trailing slash', entries: put(301, { ...NGINX, Location: `${API}/` }), messageId: 'redirect', contains: [`${API}/`] },
    { name: '302 to a login page', entries: put(302, { Location: 'https://login.example.com/' }), messageId: 'redirect' },
    { name: '308 without Location', entries: put(308, {}), messageId: 'redirect', contains: ['no Location recorded'] },
    { name: 'Cloudflare Access login redirect', entries: put(302, { 'cf-ray': '1-FRA', Location: 'https://team.cloudflareaccess.com/cdn-cgi/access/login/api.example.org' }), messageId: 'access', contains: ['options_preflight_bypass'] },
  ],
});
