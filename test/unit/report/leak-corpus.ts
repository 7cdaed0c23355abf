/**
 * The secrets corpus of issue 12: a HAR whose every secret sits in a different place (each kind of
 * header, query and fragment parameter, URL user info, cookie, Set-Cookie, form, multipart, JSON
 * and GraphQL bodies, response bodies, error strings, and every known token format under an
 * innocent name), each carrying a unique marker. The values are fake: they grant nothing.
 *
 * `leakedLocations(text)` names the locations whose marker appears in an output: a leak is any
 * trace of the value, whole or in part, raw or encoded (the marker is plain alphanumerics, so it
 * reads the same percent-encoded or JSON-escaped).
 */

export interface Location {
  /** Where the secret sits, for the failure message. */
  where: string;
  /** The marker: unique, plain alphanumerics, inside the value. */
  marker: string;
  value: string;
}

let n = 0;
const locations: Location[] = [];
/** A value for one location: `make(marker)` builds it around the marker. */
function at(where: string, make: (m: string) => string): string {
  n++;
  const tag = `Qz${String(n).padStart(2, '0')}leak`;
  const value = make(tag);
  // Formats of capitals only (AWS key ids) carry the marker in capitals.
  const marker = value.includes(tag) ? tag : tag.toUpperCase();
  if (!value.includes(marker)) throw new Error(`corpus: ${where} lost its marker`);
  locations.push({ where, marker, value });
  return value;
}

const alnum = (m: string, length: number) => (m + 'x7Yb3Kp9Wd2Ns5Rt8Vc4Hg6Jm1Lq0Ze').repeat(4).slice(0, length);
const b64 = (m: string) => `${m}dXNlcjpodW50ZXIyLXN1cGVy`;

export const APP = 'https://app.example.com';
export const API = 'https://api.example.com';

// ---- request headers, by name -------------------------------------------------------------------
const H = {
  bearer: at('Authorization: Bearer (opaque)', (m) => `Bearer ${m}-opaque-9f8e7d6c5b4a`),
  basic: at('Authorization: Basic', (m) => `Basic ${b64(m)}`),
  proxy: at('Proxy-Authorization', (m) => `Basic ${b64(m)}==`),
  cookieA: at('Cookie (first)', (m) => `sess-${m}-a1b2c3`),
  cookieB: at('Cookie (second)', (m) => `csrf-${m}-d4e5f6`),
  apiKey: at('X-Api-Key', (m) => `key-${m}-112233`),
  xAuth: at('X-Auth', (m) => `xa-${m}-445566`),
  xAuthKey: at('X-Auth-Key', (m) => `xak-${m}-778899`),
  xAuthToken: at('X-Auth-Token', (m) => `xat-${m}-aabbcc`),
  xAuthUser: at('X-Auth-User', (m) => `user-${m}-ddeeff`),
  amzSecurity: at('X-Amz-Security-Token', (m) => `sectok-${m}-001122`),
  csrf: at('X-CSRF-Token', (m) => `csrfh-${m}-334455`),
  clientSecret: at('X-Client-Secret', (m) => `cs-${m}-667788`),
  sessionId: at('X-Session-Id', (m) => `sid-${m}-99aabb`),
  privateToken: at('Private-Token', (m) => `pt-${m}-ccddee`),
  userPassword: at('X-User-Password', (m) => `pw-${m}-ff0011`),
  subscriptionKey: at('Ocp-Apim-Subscription-Key (*-Key)', (m) => `sub-${m}-223344`),
  underscoreKey: at('X_Partner_Key (*_key)', (m) => `pk-${m}-556677`),
  sigv4: at('Authorization: AWS4-HMAC-SHA256 Signature', (m) => alnum(m, 64)),
  referer: at('Referer ?token=', (m) => `ref-${m}-8899aa`),
};

// ---- response headers ---------------------------------------------------------------------------
const R = {
  setCookie: at('Set-Cookie', (m) => `setc-${m}-bbccdd`),
  location: at('Location #access_token=', (m) => `loc-${m}-eeff00`),
  refresh: at('X-Refresh-Token (response)', (m) => `rt-${m}-112244`),
};

// ---- URL: query, fragment, user info ------------------------------------------------------------
const Q = {
  token: at('?token=', (m) => `qt-${m}-a1`),
  accessToken: at('?access_token=', (m) => `qat-${m}-b2`),
  apiKey: at('?api_key=', (m) => `qak-${m}-c3`),
  accessKey: at('?access_key=', (m) => `qacc-${m}-d4`),
  clientSecret: at('?client_secret=', (m) => `qcs-${m}-e5`),
  password: at('?password=', (m) => `qpw-${m}-f6`),
  sig: at('?sig=', (m) => `qsig-${m}-a7`),
  sessionId: at('?session_id=', (m) => `qsid-${m}-b8`),
  amzCredential: at('?X-Amz-Credential=', (m) => `AKIA${m.toUpperCase()}/20260101/eu-west-1/s3/aws4_request`),
  code: at('?code=', (m) => `qcode-${m}-c9`),
  fragment: at('#access_token= (fragment)', (m) => `frag-${m}-d0`),
  userinfo: at('URL user info password', (m) => `uipw-${m}-e1`),
};

// ---- request bodies -----------------------------------------------------------------------------
const B = {
  formPassword: at('form body password=', (m) => `fpw-${m}-01`),
  formSecret: at('form body client_secret=', (m) => `fcs-${m}-02`),
  multipartPassword: at('multipart field "password"', (m) => `mpw-${m}-03`),
  multipartKey: at('multipart field "api_key"', (m) => `mak-${m}-04`),
  jsonPassword: at('JSON body "password"', (m) => `jpw-${m}-05`),
  jsonPrivateKey: at('JSON body "privateKey" (PEM)', (m) => `-----BEGIN PRIVATE KEY-----\\nMIIEv${m}QIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----`),
  jsonAccessToken: at('JSON body "accessToken"', (m) => `jat-${m}-06`),
  jsonNestedSecret: at('JSON body nested "credentials.secret"', (m) => `jns-${m}-07`),
  graphqlPassword: at('GraphQL argument password: "…"', (m) => `gpw-${m}-08`),
  graphqlVariable: at('GraphQL variables "token"', (m) => `gvt-${m}-09`),
};

// ---- JSON inside JSON strings, GraphQL values with quotes -------------------------------------
const E = {
  escapedPassword: at('JSON-escaped JSON {\\"password\\":…} in a body string', (m) => `ejpw-${m}-16`),
  escapedApiKey: at('JSON-escaped JSON {\\"apiKey\\":…} in a response error text', (m) => `ejak-${m}-17`),
  doubleEscaped: at('JSON escaped twice {\\\\\\"client_secret\\\\\\":…}', (m) => `ejcs-${m}-18`),
  escapedQuoted: at('JSON-escaped "token" whose value holds a quote', (m) => `ejq"uo-${m}-19`),
  graphqlQuoted: at('GraphQL argument password: "…\\"…" (a quote in the value)', (m) => `gq"uo-${m}-20`),
  graphqlVarString: at('GraphQL variables as a JSON string, "password" holding a quote', (m) => `gv"s-${m}-21`),
};

// ---- response bodies ----------------------------------------------------------------------------
const S = {
  accessToken: at('response body "access_token"', (m) => `rat-${m}-10`),
  refreshToken: at('response body "refresh_token"', (m) => `rrt-${m}-11`),
  formSession: at('response body session=', (m) => `rfs-${m}-12`),
};

// ---- token formats under innocent names ---------------------------------------------------------
const T = {
  ghp: at('GitHub ghp_ in header X-Trace-Note', (m) => `ghp_${alnum(m, 36)}`),
  gho: at('GitHub gho_ in query ?ref=', (m) => `gho_${alnum(m, 36)}`),
  ghs: at('GitHub ghs_ in JSON "description"', (m) => `ghs_${alnum(m, 36)}`),
  githubPat: at('GitHub github_pat_ in response body', (m) => `github_pat_11${alnum(m, 20)}_${alnum(m, 59)}`),
  glpat: at('GitLab glpat- in form field comment=', (m) => `glpat-${alnum(m, 20)}`),
  skLive: at('Stripe sk_live_ in JSON "note"', (m) => `sk_live_${alnum(m, 24)}`),
  rkLive: at('Stripe rk_live_ in multipart field "memo"', (m) => `rk_live_${alnum(m, 24)}`),
  skTest: at('Stripe sk_test_ in response text', (m) => `sk_test_${alnum(m, 24)}`),
  xoxb: at('Slack xoxb- in GraphQL argument message:', (m) => `xoxb-123456789012-${alnum(m, 24)}`),
  xoxp: at('Slack xoxp- in status text', (m) => `xoxp-123456789012-${alnum(m, 24)}`),
  akia: at('AWS AKIA key id in header X-Debug', (m) => `AKIA${alnum(m, 16).toUpperCase()}`),
  asia: at('AWS ASIA key id in an error string', (m) => `ASIA${alnum(m, 16).toUpperCase()}`),
  awsSession: at('AWS session token in JSON "blob"', (m) => `IQoJb3JpZ2luX2VjE${alnum(m, 60)}`),
  google: at('Google API key AIza in query ?k=', (m) => `AIza${alnum(m, 35)}`),
  jwtPath: at('JWT in a URL path segment', (m) => `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI${m}In0.c2lnbmF0dXJl${m}`),
  jwtJson: at('JWT in JSON "data"', (m) => `eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiI${m}In0.${alnum(m, 40)}`),
  pem: at(
    'PEM private key block in a response body',
    (m) => `-----BEGIN RSA PRIVATE KEY-----\nMIIEpA${m}IBAAKCAQEA7bq\n${alnum(m, 64)}\n-----END RSA PRIVATE KEY-----`,
  ),
  urlBasicAuth: at('basic-auth URL in free text', (m) => `ftpw-${m}-13`),
};

// ---- remembered: a value seen under a secret name, repeated under an innocent one ---------------
const M = {
  apiKeyEcho: at('X-Api-Key value echoed in a response body', (m) => `echo-${m}-14`),
  cookieEcho: at('cookie value echoed in an error string', (m) => `cech-${m}-15`),
};

export const LOCATIONS: readonly Location[] = locations;

/** Locations whose marker occurs in `text`. */
export function leakedLocations(text: string): string[] {
  return LOCATIONS.filter((l) => text.includes(l.marker)).map((l) => l.where);
}

const hdrs = (o: Record<string, string>) => Object.entries(o).map(([name, value]) => ({ name, value }));

const query =
  `?page=2&token=${Q.token}&access_token=${Q.accessToken}&api_key=${Q.apiKey}&access_key=${Q.accessKey}` +
  `&client_secret=${Q.clientSecret}&password=${Q.password}&sig=${Q.sig}&session_id=${Q.sessionId}` +
  `&X-Amz-Credential=${encodeURIComponent(Q.amzCredential)}&code=${Q.code}&ref=${T.gho}&k=${T.google}` +
  `#access_token=${Q.fragment}&token_type=bearer`;
const FAIL_URL = `https://admin:${Q.userinfo}@api.example.com/v1/orders/${T.jwtPath}${query}`;

const BOUNDARY = '----WebKitFormBoundary7MA4YWxkTrZu0gW';
const multipart = [
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="username"',
  '',
  'alice',
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="password"',
  '',
  B.multipartPassword,
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="api_key"',
  'Content-Type: text/plain',
  '',
  B.multipartKey,
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="memo"',
  '',
  T.rkLive,
  `--${BOUNDARY}--`,
  '',
].join('\r\n');

const jsonBody =
  `{"username":"alice","password":"${B.jsonPassword}","privateKey":"${B.jsonPrivateKey}","accessToken":"${B.jsonAccessToken}",` +
  `"credentials":{"user":"alice","secret":"${B.jsonNestedSecret}"},"description":"${T.ghs}","note":"${T.skLive}",` +
  `"blob":"${T.awsSession}","data":"${T.jwtJson}","see":"https://bob:${T.urlBasicAuth}@files.example.com/x"}`;

const graphql = JSON.stringify({
  query:
    `mutation Login { login(user: "alice", password: "${B.graphqlPassword}") { ok } notify(message: "${T.xoxb}") { ok } ` +
    `again: login(user: "bob", password: ${JSON.stringify(E.graphqlQuoted)}) { ok } }`,
  variables: { token: B.graphqlVariable, first: 10 },
  extensions: JSON.stringify({ payload: JSON.stringify({ password: E.escapedPassword, note: 'x' }), token: E.escapedQuoted }),
  operations: JSON.stringify({ variables: JSON.stringify({ user: 'carol', password: E.graphqlVarString }) }),
  nested: JSON.stringify({ outer: JSON.stringify({ inner: JSON.stringify({ client_secret: E.doubleEscaped }) }) }),
});
/** A response whose error text quotes a JSON request body (JSON in a JSON string). */
const escapedError = JSON.stringify({ errors: [{ message: `bad input ${JSON.stringify({ apiKey: E.escapedApiKey })}` }] });

const form = `grant_type=password&password=${B.formPassword}&client_secret=${B.formSecret}&comment=${T.glpat}&scope=openid`;

function entry(started: number, request: Record<string, unknown>, response: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    startedDateTime: new Date(Date.parse('2026-01-01T00:00:00Z') + started * 1000).toISOString(),
    time: 12,
    _resourceType: 'fetch',
    _initiator: { type: 'script', url: `${APP}/app.js` },
    request: { httpVersion: 'HTTP/1.1', cookies: [], queryString: [], headersSize: -1, bodySize: -1, ...request },
    response: {
      httpVersion: 'HTTP/1.1',
      cookies: [],
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      content: { size: 0, mimeType: 'text/plain' },
      ...response,
    },
    cache: {},
    timings: { send: 1, wait: 10, receive: 1 },
    ...extra,
  };
}

const requestHeaders = hdrs({
  Origin: APP,
  Referer: `${APP}/callback?token=${H.referer}`,
  Authorization: H.bearer,
  'Proxy-Authorization': H.proxy,
  Cookie: `session=${H.cookieA}; csrftoken=${H.cookieB}; theme=dark`,
  'X-Api-Key': H.apiKey,
  'X-Auth': H.xAuth,
  'X-Auth-Key': H.xAuthKey,
  'X-Auth-Token': H.xAuthToken,
  'X-Auth-User': H.xAuthUser,
  'X-Amz-Security-Token': H.amzSecurity,
  'X-CSRF-Token': H.csrf,
  'X-Client-Secret': H.clientSecret,
  'X-Session-Id': H.sessionId,
  'Private-Token': H.privateToken,
  'X-User-Password': H.userPassword,
  'Ocp-Apim-Subscription-Key': H.subscriptionKey,
  X_Partner_Key: H.underscoreKey,
  'X-Trace-Note': T.ghp,
  'X-Debug': T.akia,
  'Content-Type': 'application/json',
});

/**
 * The corpus as HAR entries: a failing cross-origin POST (a 403 preflight) carrying most secrets,
 * and failing requests with the bodies (form, multipart, GraphQL), each answered without CORS
 * headers so that every one is reported.
 */
export function corpusHarEntries(): unknown[] {
  const preflightReq = hdrs({
    Origin: APP,
    'Access-Control-Request-Method': 'POST',
    'Access-Control-Request-Headers': 'authorization,x-api-key,x-auth,x-auth-key',
  });
  return [
    entry(
      0,
      { method: 'OPTIONS', url: FAIL_URL, headers: preflightReq },
      {
        status: 403,
        statusText: 'Forbidden',
        headers: hdrs({ 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'ForbiddenException' }),
        content: { size: 40, mimeType: 'application/json', text: `{"message":"Forbidden","hint":"${T.githubPat}"}` },
      },
      { _resourceType: 'preflight', _initiator: { type: 'preflight', url: FAIL_URL } },
    ),
    entry(
      0.01,
      {
        method: 'POST',
        url: FAIL_URL,
        headers: [
          ...requestHeaders,
          {
            name: 'Authorization',
            value: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=${H.sigv4}`,
          },
        ],
        cookies: [
          { name: 'session', value: H.cookieA },
          { name: 'csrftoken', value: H.cookieB },
        ],
        queryString: [...new URL(FAIL_URL).searchParams].map(([name, value]) => ({ name, value })),
        postData: { mimeType: 'application/json', text: jsonBody },
      },
      { status: 0, statusText: '', headers: [], content: { size: 0, mimeType: 'x-unknown' } },
      { _error: `net::ERR_FAILED (${T.asia})` },
    ),
    entry(
      1,
      {
        method: 'POST',
        url: `${API}/oauth/token`,
        headers: hdrs({ Origin: APP, 'Content-Type': 'application/x-www-form-urlencoded', 'X-Api-Key': M.apiKeyEcho }),
        postData: {
          mimeType: 'application/x-www-form-urlencoded',
          text: form,
          params: form.split('&').map((p) => ({ name: p.split('=')[0], value: p.split('=')[1] })),
        },
      },
      {
        status: 500,
        statusText: `Internal Error ${T.xoxp}`,
        headers: hdrs({
          'Content-Type': 'application/json',
          'Set-Cookie': `sid=${R.setCookie}; Path=/; HttpOnly; Secure; SameSite=None`,
          Location: `${APP}/#access_token=${R.location}&state=1`,
          'X-Refresh-Token': R.refresh,
        }),
        cookies: [{ name: 'sid', value: R.setCookie }],
        content: {
          size: 100,
          mimeType: 'application/json',
          text: `{"access_token":"${S.accessToken}","refresh_token":"${S.refreshToken}","echo":"${M.apiKeyEcho}","log":"${T.skTest}"}`,
        },
      },
      { _error: 'net::ERR_FAILED' },
    ),
    entry(
      2,
      {
        method: 'POST',
        url: `${API}/upload`,
        headers: hdrs({ Origin: APP, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, Cookie: `sid=${M.cookieEcho}` }),
        postData: { mimeType: `multipart/form-data; boundary=${BOUNDARY}`, text: multipart },
      },
      {
        status: 502,
        statusText: 'Bad Gateway',
        headers: hdrs({ 'Content-Type': 'text/plain' }),
        content: { size: 100, mimeType: 'text/plain', text: `upstream said session=${S.formSession} and\n${T.pem}` },
      },
      { _error: `net::ERR_FAILED upstream kept ${M.cookieEcho}` },
    ),
    entry(
      3,
      {
        method: 'POST',
        url: `${API}/graphql`,
        headers: hdrs({ Origin: APP, 'Content-Type': 'application/json' }),
        postData: { mimeType: 'application/json', text: graphql },
      },
      {
        status: 503,
        statusText: 'Service Unavailable',
        headers: hdrs({ 'Content-Type': 'application/json' }),
        content: { size: 10, mimeType: 'application/json', text: escapedError },
      },
      { _error: 'net::ERR_FAILED' },
    ),
  ];
}

/** The request bodies, by URL (a caller of Copy as cURL may pass the body it recorded). */
export function requestBodyOf(url: string): string | null {
  for (const e of corpusHarEntries() as Array<{ request: { url: string; method: string; postData?: { text: string } } }>) {
    if (e.request.url === url && e.request.method !== 'OPTIONS') return e.request.postData?.text ?? null;
  }
  return null;
}

export function corpusHar(): string {
  return JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: [{ id: 'page_1', title: `${APP}/?token=${Q.token}`, startedDateTime: '2026-01-01T00:00:00.000Z', pageTimings: {} }],
      entries: corpusHarEntries(),
    },
  });
}
