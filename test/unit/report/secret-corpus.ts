/**
 * Fake secrets (they grant nothing) placed where real captures carry them: headers, cookies,
 * query strings, fragments, userinfo, bodies, and free text. Every export must mask every one.
 */
import type { Header } from '../../../src/model/types';

/** Each value is unique and long enough to be searched for in an export. */
export const SECRETS = {
  jwt:
    'eyJhbGciOiJSUzI1NiIsImtpZCI6InNlY3JldC1rZXktMSJ9.' +
    'eyJzdWIiOiJ1c2VyLTEyMzQ1Iiwic2NvcGUiOiJhZG1pbiIsImV4cCI6OTk5OTk5OTk5OX0.' +
    'c2lnbmF0dXJlLXRoYXQtbXVzdC1uZXZlci1sZWFr',
  basic: 'dXNlcjpodW50ZXIyLXN1cGVyLXNlY3JldA==',
  proxyAuth: 'cHJveHl1c2VyOnByb3h5LXBhc3N3b3JkLTk5',
  cookieSession: 'SESSION-cookie-7f3a9b2c1d',
  cookieCsrf: 'csrfCookieValue-88a1',
  setCookie: 'setCookieSecret-42ab42ab42',
  apiKey: 'AKEY-live-0a1b2c3d4e5f6a7b8c9d',
  amzSecurityToken: 'IQoJb3JpZ2luX2VjEXAMPLEsecurityTOKENvalue1234567890',
  xAuthToken: 'xauth-tok-5566778899',
  csrfHeader: 'csrf-header-value-1357',
  customToken: 'custom-token-value-2468',
  customSecret: 'custom-secret-value-3690',
  signatureHeader: 'sha256=feedfacecafebeef0011223344',
  sigv4Sig: 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  queryToken: 'queryTokenValue-abc123',
  queryAccessToken: 'ya29.queryAccessToken-xyz',
  queryApiKey: 'qApiKey-0987654321',
  queryKey: 'AIzaSyQueryKeyValue-00',
  querySig: 'querySigValue%2Bplus%3D',
  queryCode: 'oauthCode-4f4f4f4f',
  queryPassword: 'hunter2-query-password',
  queryClientSecret: 'clientSecret-query-777',
  querySession: 'sessQuery-31415926',
  amzSignatureParam: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
  amzCredentialParam: 'AKIAQUERYCREDENTIAL1/20240101/eu-west-1/s3/aws4_request',
  fragmentToken: 'fragmentAccessToken-999',
  userinfoPassword: 'userinfoPassw0rd-xyz',
  bodyPassword: 'body-password-value-!@#',
  bodyClientSecret: 'body-client-secret-555',
  formToken: 'formTokenValue-2222',
  refererToken: 'refererToken-aaaa1111',
  locationToken: 'locationToken-bbbb2222',
} as const;

export type SecretName = keyof typeof SECRETS;

const S = SECRETS;

export const SECRET_QUERY =
  `?page=2&token=${S.queryToken}&access_token=${S.queryAccessToken}&api_key=${S.queryApiKey}&key=${S.queryKey}` +
  `&sig=${S.querySig}&code=${S.queryCode}&password=${S.queryPassword}&client_secret=${S.queryClientSecret}` +
  `&session=${S.querySession}&X-Amz-Signature=${S.amzSignatureParam}&X-Amz-Credential=${encodeURIComponent(S.amzCredentialParam)}` +
  `#access_token=${S.fragmentToken}&token_type=bearer`;

export const SECRET_URL = `https://admin:${S.userinfoPassword}@api.example.com/v1/orders${SECRET_QUERY}`;

export const SECRET_REQUEST_HEADERS: Header[] = [
  { name: 'Origin', value: 'http://localhost:5173' },
  { name: 'Authorization', value: `Bearer ${S.jwt}` },
  { name: 'Proxy-Authorization', value: `Basic ${S.proxyAuth}` },
  { name: 'Cookie', value: `session=${S.cookieSession}; csrftoken=${S.cookieCsrf}; theme=dark` },
  { name: 'X-Api-Key', value: S.apiKey },
  { name: 'X-Amz-Security-Token', value: S.amzSecurityToken },
  { name: 'X-Auth-Token', value: S.xAuthToken },
  { name: 'X-CSRF-Token', value: S.csrfHeader },
  { name: 'X-My-Service-Token', value: S.customToken },
  { name: 'X-Client-Secret', value: S.customSecret },
  { name: 'X-Hub-Signature-256', value: S.signatureHeader },
  { name: 'Referer', value: `http://localhost:5173/callback?token=${S.refererToken}` },
  { name: 'Content-Type', value: 'application/json' },
];

export const SECRET_SIGV4_HEADER: Header = {
  name: 'Authorization',
  value: `AWS4-HMAC-SHA256 Credential=${S.accessKeyId}/20240101/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=${S.sigv4Sig}`,
};

export const SECRET_RESPONSE_HEADERS: Header[] = [
  { name: 'Set-Cookie', value: `sid=${S.setCookie}; Path=/; HttpOnly; Secure; SameSite=None` },
  { name: 'Location', value: `https://app.example.com/#id_token=${S.jwt}&state=ok&access_token=${S.locationToken}` },
  { name: 'Access-Control-Allow-Origin', value: 'http://localhost:5173' },
  { name: 'Access-Control-Allow-Credentials', value: 'true' },
  { name: 'x-amzn-ErrorType', value: 'AccessDeniedException' },
];

export const SECRET_JSON_BODY = JSON.stringify({
  username: 'alice',
  password: S.bodyPassword,
  client_secret: S.bodyClientSecret,
  nested: { id_token: S.jwt },
});

export const SECRET_FORM_BODY = `grant_type=refresh_token&refresh_token=${S.formToken}&scope=openid`;

/** Free text that quotes secrets, as a careless rule message or note might. */
export const SECRET_TEXT = `The request sent Authorization: Bearer ${S.jwt}, Basic ${S.basic} and X-Api-Key ${S.apiKey} to ${SECRET_URL}`;
