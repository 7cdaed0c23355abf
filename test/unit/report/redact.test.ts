import { describe, it, expect } from 'vitest';
import { isSecretHeader, isSecretParam, maskValue, redactHar, Redactor, sweepText, MASK_OPEN } from '../../../src/report/redact';
import { renderMarkdown } from '../../../src/report/markdown';
import { renderHtml } from '../../../src/report/html';
import { renderJson } from '../../../src/report/json';
import { curlForExchange, fetchForExchange } from '../../../src/report/curl';
import { exportHar } from '../../../src/report/har';
import { exportAll } from '../../../src/report/exports';
import { SECRETS, SECRET_JSON_BODY, SECRET_URL } from './secret-corpus';
import { leaks, secretAnalysis, secretExchange, secretHarEntries } from './leaks';
import { analysisOf } from './fixtures';
import { prepare } from '../../../src/report/model';
import type { Evidence } from '../../../src/engine/schema';
import { analyze } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';
import { API as RULE_API, exchange as ruleExchange } from '../rules/_support/har';
import { JWT } from './fixtures';

/** One header value, masked by its name or swept, by a redactor that has seen nothing else. */
const redactHeaderValue = (name: string, value: string) => new Redactor().headerValue(name, value);
/** A URL with its secrets masked (Redactor.url), by a redactor that has seen nothing else. */
const redactUrl = (url: string) => new Redactor().url(url);

describe('masks keep the shape of a credential', () => {
  it('Bearer JWT: scheme, kind, parts and approximate length', () => {
    const v = redactHeaderValue('Authorization', `Bearer ${JWT}`);
    expect(v).toMatch(/^Bearer ‹redacted: JWT, 3 parts, ~\d+ chars›$/);
    expect(v).not.toContain(JWT.slice(0, 20));
  });

  it('Basic and unknown schemes keep the scheme', () => {
    expect(redactHeaderValue('Authorization', 'Basic dXNlcjpwYXNz')).toBe('Basic ‹redacted 12 chars›');
    expect(redactHeaderValue('Proxy-Authorization', 'Negotiate abcdefgh')).toBe('Negotiate ‹redacted 8 chars›');
  });

  it('AWS SigV4 keeps field names, masks credential and signature', () => {
    const v = redactHeaderValue(
      'Authorization',
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef0123456789',
    );
    expect(v).toMatch(/^AWS4-HMAC-SHA256 Credential=‹redacted \d+ chars›, SignedHeaders=host;x-amz-date, Signature=‹redacted 16 chars›$/);
  });

  it('cookies keep names, mask values', () => {
    expect(redactHeaderValue('Cookie', 'session=0123456789abcdef01234567; theme=dark')).toBe('session=‹redacted 24 chars›; theme=‹redacted 4 chars›');
  });

  it('Set-Cookie keeps attributes', () => {
    expect(redactHeaderValue('Set-Cookie', 'sid=abcdefgh; Path=/; HttpOnly; SameSite=None')).toBe('sid=‹redacted 8 chars›; Path=/; HttpOnly; SameSite=None');
  });

  it('empty values stay empty (nothing was sent)', () => {
    expect(maskValue('')).toBe('');
    expect(redactHeaderValue('X-Api-Key', '')).toBe('');
  });

  it('is idempotent', () => {
    const once = redactHeaderValue('Authorization', `Bearer ${JWT}`);
    expect(redactHeaderValue('Authorization', once)).toBe(once);
    const a = secretAnalysis();
    const r1 = prepare(a);
    expect(prepare(r1)).toEqual(r1);
  });
});

describe('which headers are secret', () => {
  it.each([
    'Authorization',
    'Proxy-Authorization',
    'Cookie',
    'Set-Cookie',
    'X-Api-Key',
    'x-amz-security-token',
    'X-Auth-Token',
    'X-CSRF-Token',
    'X-XSRF-TOKEN',
    'X-My-Service-Token',
    'X-Client-Secret',
    'X-Hub-Signature-256',
    'x-amz-credential',
    'api-key',
    'Ocp-Apim-Subscription-Key',
    'x-amzn-remapped-authorization',
    'Private-Token',
  ])('%s is masked', (name) => {
    expect(isSecretHeader(name)).toBe(true);
  });

  it.each([
    'Origin',
    'Access-Control-Allow-Origin',
    'Access-Control-Allow-Credentials',
    'Access-Control-Allow-Headers',
    'Access-Control-Request-Headers',
    'x-amzn-ErrorType',
    'x-amzn-RequestId',
    'x-amz-apigw-id',
    'Vary',
    'Content-Type',
    'WWW-Authenticate',
    'cf-mitigated',
  ])('%s is kept', (name) => {
    expect(isSecretHeader(name)).toBe(false);
    expect(redactHeaderValue(name, 'http://localhost:5173, authorization, true')).toBe('http://localhost:5173, authorization, true');
  });

  it.each([
    'token',
    'access_token',
    'id_token',
    'refresh_token',
    'api_key',
    'apikey',
    'key',
    'signature',
    'sig',
    'X-Amz-Signature',
    'X-Amz-Credential',
    'X-Amz-Security-Token',
    'code',
    'password',
    'secret',
    'client_secret',
    'session',
  ])('query parameter %s is masked', (name) => expect(isSecretParam(name)).toBe(true));

  it.each(['page', 'run', 'limit', 'sort', 'state', 'q'])('query parameter %s is kept', (name) => expect(isSecretParam(name)).toBe(false));
});

describe('URLs', () => {
  it('masks secret parameters, keeps names, order and other parameters', () => {
    const out = redactUrl('https://api.example.com/x?page=2&token=abcdef123456&sort=asc#frag');
    expect(out).toBe('https://api.example.com/x?page=2&token=‹redacted 12 chars›&sort=asc#frag');
  });

  it('masks userinfo password and OAuth fragment tokens', () => {
    const out = redactUrl('https://admin:s3cretPassw0rd@host.example/cb#access_token=tok123456789&token_type=bearer');
    expect(out).toBe('https://admin:‹redacted 14 chars›@host.example/cb#access_token=‹redacted 12 chars›&token_type=bearer');
  });

  it('masks a JWT in a path segment', () => {
    expect(redactUrl(`https://x.example/verify/${JWT}/done`)).toMatch(/^https:\/\/x\.example\/verify\/‹redacted: JWT, 3 parts, ~\d+ chars›\/done$/);
  });

  it('leaves a URL without secrets byte-for-byte identical', () => {
    const u = 'http://127.0.0.1:40002/prod/missing-options-route?run=1-3v10k2&x=%20y';
    expect(redactUrl(u)).toBe(u);
  });
});

describe('free text and bodies', () => {
  it('masks JWTs, bearer tokens, JSON secret keys, form secrets and AWS key ids', () => {
    const out = sweepText(`${SECRET_JSON_BODY} Bearer abcdefghijkl refresh_token=zzzzzzzz AKIAIOSFODNN7EXAMPLE`);
    expect(leaks(out)).toEqual([]);
    expect(out).toContain('"username":"alice"');
    expect(out).toContain('Bearer ‹redacted 12 chars›');
  });
});

describe('prepare (redaction by default)', () => {
  it('never mutates its input', () => {
    const a = secretAnalysis();
    const before = JSON.stringify(a);
    const r = prepare(a);
    expect(JSON.stringify(a)).toBe(before);
    expect(r).not.toBe(a);
    expect(r.exchanges[0]).not.toBe(a.exchanges[0]);
  });

  it('leaves no secret anywhere in the analysis', () => {
    const r = prepare(secretAnalysis());
    expect(leaks(JSON.stringify(r))).toEqual([]);
    expect(JSON.stringify(r)).toContain(MASK_OPEN);
  });

  it('keeps the CORS-decisive headers intact', () => {
    const r = prepare(secretAnalysis());
    const res = r.exchanges[0]!.actual!.responseHeaders;
    expect(res.find((h) => h.name === 'Access-Control-Allow-Origin')!.value).toBe('http://localhost:5173');
    expect(res.find((h) => h.name === 'Access-Control-Allow-Credentials')!.value).toBe('true');
    expect(res.find((h) => h.name === 'x-amzn-ErrorType')!.value).toBe('AccessDeniedException');
    const pf = r.exchanges[0]!.preflight!.requestHeaders;
    expect(pf.find((h) => h.name === 'Access-Control-Request-Headers')!.value).toBe('authorization,x-api-key');
    expect(r.exchanges[0]!.actual!.requestHeaders.find((h) => h.name === 'Origin')!.value).toBe('http://localhost:5173');
  });
});

describe('no secret of the corpus survives any export', () => {
  const a = secretAnalysis();
  const ex = a.exchanges[0]!;
  const outputs: Record<string, string> = {
    markdown: renderMarkdown(a),
    'markdown (single)': renderMarkdown(a, { ids: ['p1'] }),
    html: renderHtml(a),
    'html (single)': renderHtml(a, { ids: ['p1'] }),
    json: renderJson(a),
    'curl preflight': curlForExchange(ex).preflight ?? '',
    'curl actual': curlForExchange(ex, { body: SECRET_JSON_BODY }).actual ?? '',
    fetch: fetchForExchange(ex, { body: SECRET_JSON_BODY }) ?? '',
    har: exportHar(secretHarEntries(), a),
    redactHar: JSON.stringify(redactHar({ log: { version: '1.2', entries: secretHarEntries(), pages: [{ title: SECRET_URL }] } })),
  };
  for (const [name, text] of Object.entries(outputs)) {
    it(`${name}`, () => {
      expect(text.length).toBeGreaterThan(0);
      expect(leaks(text)).toEqual([]);
    });
  }

  it('every format of exportAll', () => {
    const all = exportAll(a, ['p1'], { redact: true, entries: secretHarEntries() });
    for (const [fmt, text] of Object.entries(all)) {
      if (typeof text !== 'string') continue;
      expect(leaks(text), fmt).toEqual([]);
    }
  });

  it('redaction off really is off (the toggle works)', () => {
    expect(leaks(renderJson(a, { redact: false }))).toContain('jwt');
    expect(curlForExchange(ex, { redact: false }).actual).toContain(SECRETS.apiKey);
  });
});

describe('a lone surrogate in a secret value (found by the fuzz suite)', () => {
  it('is redacted, not a URIError', () => {
    const har = {
      log: {
        entries: [
          { request: { headers: [{ name: 'Cookie', value: 'session=abcdef\ud800ghijkl' }], cookies: [{ name: 'session', value: 'abcdef\ud800ghijkl' }] } },
        ],
      },
    };
    const out = JSON.stringify(redactHar(har));
    expect(out).toContain(MASK_OPEN);
    expect(out).not.toContain('abcdef');
  });
});

describe("the engine's own placeholder evidence (Cookie: (present))", () => {
  const PRESENT = { leg: 'actual', kind: 'request-header', name: 'Cookie', value: '(present)', why: 'credentials were sent' } as const;
  const withEvidence = (evidence: Evidence[]) => {
    const ex = secretExchange('p1');
    return analysisOf([{ ...ex, findings: [{ ...ex.findings[0]!, evidence }] }]);
  };

  it('is shown as written: it holds no captured value', () => {
    const a = prepare(withEvidence([{ ...PRESENT, placeholder: true }]));
    expect(a.exchanges[0]!.findings[0]!.evidence[0]).toEqual({ ...PRESENT, placeholder: true });
    // Nor is it remembered as a secret and masked elsewhere.
    const md = renderMarkdown(withEvidence([{ ...PRESENT, placeholder: true }]), { redact: true });
    expect(md).toContain('(present)');
    expect(md).not.toContain('‹redacted 9 chars›');
  });

  it('a captured Cookie value that reads "(present)" is still masked, here and wherever it recurs', () => {
    const a = prepare(withEvidence([PRESENT, { ...PRESENT, kind: 'body', name: 'body', value: 'sent (present) again' }]));
    const [cookie, body] = a.exchanges[0]!.findings[0]!.evidence;
    expect(cookie!.value).toBe('‹redacted 9 chars›');
    expect(cookie!.placeholder).toBeUndefined();
    expect(body!.value).toBe('sent ‹redacted 9 chars› again');
  });

  it('the mark does not unmask anything else: a marked captured value, or a captured secret that reads "(present)"', () => {
    const forged = { ...PRESENT, value: 'session=s3cr3t-v4lue', placeholder: true } as unknown as Evidence;
    const a = withEvidence([forged]);
    expect(prepare(a).exchanges[0]!.findings[0]!.evidence[0]!.value).toBe('session=‹redacted 12 chars›');
    expect(JSON.stringify(redactHar({ log: { entries: [{ evidence: [forged] }] } }))).not.toContain('s3cr3t');
    // A capture whose own Cookie header is "(present)": that value is a secret, so the placeholder is masked too.
    const ex = secretExchange('p1');
    const cookieIsPresent = analysisOf([
      {
        ...ex,
        actual: { ...ex.actual!, requestHeaders: [{ name: 'Cookie', value: '(present)' }] },
        findings: [{ ...ex.findings[0]!, evidence: [{ ...PRESENT, placeholder: true }] }],
      },
    ]);
    const out = prepare(cookieIsPresent).exchanges[0]!;
    expect(out.actual!.requestHeaders[0]!.value).toBe('‹redacted 9 chars›');
    expect(out.findings[0]!.evidence[0]!.value).toBe('‹redacted 9 chars›');
  });

  it('the rule marks it, and a redacted report of real analysis shows it', () => {
    const entries = ruleExchange({
      url: RULE_API,
      cookie: 'session=abcdefghijkl',
      status: 200,
      responseHeaders: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' },
      error: 'net::ERR_FAILED',
    });
    const real = analyze(entries, RULES);
    const ev = real.exchanges
      .flatMap((e) => e.findings)
      .flatMap((f) => f.evidence)
      .find((e) => e.name === 'Cookie');
    expect(ev).toEqual({ leg: 'actual', kind: 'request-header', name: 'Cookie', value: '(present)', why: 'credentials were sent', placeholder: true });
    const md = renderMarkdown(real, { redact: true });
    expect(md).toContain('Cookie: (present)');
    expect(md).not.toContain('abcdefghijkl');
  });
});
