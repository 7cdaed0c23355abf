/**
 * The redaction fast paths (remembering without masking, URLs and pairs left alone when nothing
 * in them is secret, the remembered-secret search by prefix and length, the reported part
 * redacted field by field) give exactly what the plain versions give.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Analysis, ExchangeResult, Finding } from '../../../src/engine/schema';
import { analyzeHarText } from '../../../src/cli/analyze-command';
import { redactedReportedPart, reportedPart } from '../../../src/report/model';
import { analysisRedactor, MASK_OPEN, redactParamString, redactUrl, rememberedSecrets, sweepText } from '../../../src/report/redact';
import { ROOT } from '../cli/helpers';
import { analysisOf, exchange, leg } from './fixtures';
import { secretAnalysis, secretExchange } from './leaks';
import { refRedactParamString, refRedactUrl, refRememberedSecrets, refSweepText } from './redact-reference';

let seed = 11;
const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXg';

const SCHEMES = ['https://', 'http://', 'wss://', 'x+y.z-1://', '', 'eyJabc://'];
const USERINFO = ['', '', 'user@', 'user:pass@', 'user:@', ':p4ssw0rd-123@', `${JWT}@`, 'tok3nLikeUserName12345678@', 'a%20b:c%zz@'];
const HOSTS = ['api.example.com', 'h', '127.0.0.1:8080'];
const PATHS = ['', '/a', `/${JWT}/x`, '/x@y', '/p/q.json', '/a+b%2F'];
const QUERIES = [
  '',
  '?',
  '?a=1',
  '?v=3&page=2',
  '?token=abc123456',
  '?v=1&token=',
  '?a+b=1&c',
  '?%74oken=sekrit99',
  '?api%5Fkey=zzz123456',
  '?tok%en=1',
  `?x=${JWT}`,
  `?${JWT}`,
  '?a&b=2&&',
  '?token=%41%42secret1',
  '?code=abc%zz12',
  '?Session_Id=s3ss10n&x=1',
  '?token_type=bearer&grant_type=x',
  '?redirect=https://other.example/cb?access_token=inner12345',
  '?a=b=c&password=p%20w%20d1',
  '?a=1&%74oken=sekrit99',
  '?v=1&token=%41%42secret1',
  '?page=2&access%5Ftoken=x%2By',
];
const FRAGMENTS = ['', '', '#', '#frag', '#access_token=tok12345&x=1', `#${JWT}`, '#a=b=c', '#x?y=1', '#id_token=abc+def%3D', '#p=1&%74oken=abc%2B12'];

function randomUrl(): string {
  return pick(SCHEMES) + pick(USERINFO) + pick(HOSTS) + pick(PATHS) + pick(QUERIES) + pick(FRAGMENTS);
}

function randomText(): string {
  const pieces = [
    randomUrl(),
    randomUrl(),
    ' ',
    ' ',
    '\n',
    'plain words',
    "'",
    '"',
    '"password": "hunter2-pw"',
    '{"token":"abc","id":"x"}',
    '"api-key" : "k-123"',
    '"note": "‹redacted 3 chars›"',
    '"Authorization":\u00a0"Bearer x"',
    '"a\\"b": "c"',
    `"${'k'.repeat(59)}token": "v"`,
    `"${'k'.repeat(60)}token": "v"`,
    '"token"\t:\n"v"',
    '"x" "token": "v"',
    '"token": "a\\"b"',
    '"secret":"',
    '"": "x"',
    '"message": "see https://h/x?token=abc123456"',
    'a=1&token=xyz12345',
    ' sid=x',
    'key=‹redacted 3 chars›',
    'token_type=bearer',
    ';session=abc123456',
    'Bearer abcdefgh123',
    'Basic dXNlcjpwYXNz',
    'Token short',
    'Bearer abcd1234',
    'xBearer abcd1234',
    'Token 1234567',
    'NTLM\tTlRMTVNTUAAB',
    'Digest  a.b~c+d/e=',
    'AKIAIOSFODNN7EXAMPLE',
    'xASIAIOSFODNN7EXAMPLEx',
    JWT,
    `x${JWT}`,
    '=',
    '://',
    'curl -H \'Authorization: Bearer <token>\'',
  ];
  let t = '';
  const n = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < n; i++) t += pick(pieces) + pick(['', ' ', '\n', ',', '&', "'", '.', '/', ':', '-', '_', '=', '\u00e9', '~']);
  return t;
}

describe('URL redaction fast path', () => {
  it('gives the same URL and remembers the same values as the plain version', () => {
    for (let i = 0; i < 3000; i++) {
      const url = randomUrl();
      const seen = new Set<string>();
      const refSeen = new Set<string>();
      expect(redactUrl(url, seen), url).toBe(refRedactUrl(url, refSeen));
      expect([...seen].sort(), url).toEqual([...refSeen].sort());
      const q = url.slice(url.indexOf('?') + 1);
      expect(redactParamString(q), q).toBe(refRedactParamString(q));
    }
  });
});

describe('sweep fast paths', () => {
  it('give the same text as the plain patterns, with and without remembered secrets', () => {
    const seen = new Set(['abc123456', 'xyz12345', 'hunter2-pw', 'p4ssw0rd-123', 'sekrit99', 'Bearer abcdefgh123', 'eyJhbGciOiJIUzI1NiJ9']);
    for (let i = 0; i < 3000; i++) {
      const text = randomText();
      expect(sweepText(text), JSON.stringify(text)).toBe(refSweepText(text));
      expect(sweepText(text, seen), JSON.stringify(text)).toBe(refSweepText(text, seen));
    }
  });

  it('every query, fragment and userinfo in a sentence gives the same text as the plain patterns', () => {
    for (const info of USERINFO) {
      for (const query of QUERIES) {
        for (const fragment of FRAGMENTS) {
          const text = `see https://${info}api.example.com/p${query}${fragment} now, or 'http://h${query}'`;
          expect(sweepText(text), text).toBe(refSweepText(text));
        }
      }
    }
  });

  it('finds a remembered secret at every offset, for short and long secrets, few and many', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~%';
    const tok = (n: number) => Array.from({ length: n }, () => pick([...alphabet])).join('');
    for (const [count, min, max] of [[1, 6, 6], [3, 6, 12], [40, 16, 40], [300, 32, 32], [5, 7, 9]] as const) {
      const secrets = Array.from({ length: count }, () => tok(min + Math.floor(rand() * (max - min + 1))));
      const seen = new Set(secrets);
      for (let offset = 0; offset < 40; offset++) {
        const secret = pick(secrets);
        const before = Array.from({ length: offset }, () => pick([...alphabet, ' ', '=', '/'])).join('');
        for (const text of [before + secret, `${before} ${secret} tail`, `${before}=${secret}&x`, before + secret.slice(0, -1)]) {
          expect(sweepText(text, seen), text).toBe(refSweepText(text, seen));
        }
      }
    }
  });

  it('many secrets sharing their first characters: the longest one at each boundary is masked', () => {
    // Over the one-by-one limit of a prefix bucket: looked up by length.
    const prefix = 'eyJhbG';
    const secrets = Array.from({ length: 200 }, (_, i) => prefix + 'x'.repeat(i % 7) + String(i).padStart(4, '0'));
    secrets.push(prefix + 'xx', prefix + 'xx0002tail');
    const seen = new Set(secrets);
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: 4 }, () => pick([...secrets, 'eyJhbGplain', 'words', `a${pick(secrets)}`, `${pick(secrets)}more`])).join(pick([' ', '=', '"', '', '.', '/', ':', '-', '_', '\u00e9', '\n']));
      expect(sweepText(text, seen), text).toBe(refSweepText(text, seen));
    }
    expect(sweepText(`x ${prefix}xx0002tail y`, seen)).toBe(`x ${MASK_OPEN} 16 chars› y`);
  });
});

/** An analysis whose exchanges carry secrets in headers, cookies and URLs of every kind. */
function rememberCorpus(): Analysis {
  const names = ['Authorization', ' authorization ', 'Proxy-Authorization', 'Cookie', 'cookie2', 'Set-Cookie', 'X-Api-Key', 'X-Custom-Token', 'Accept', 'Origin', 'Access-Control-Allow-Origin', 'x-amz-security-token'];
  const values = [
    'Bearer abcdefgh123',
    `Bearer ${JWT}`,
    'Basic dXNlcjpwYXNz',
    'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240101/eu-west-1/execute-api/aws4_request, SignedHeaders=host, Signature=abcdef123456',
    'a=1; b=secretvalue123; c',
    'sid=abc12345; Path=/; HttpOnly\nother=zzz999999; Secure',
    '‹redacted 5 chars›',
    'plain value with spaces',
    'x%20y%zz token',
    'tok\u00e9n-valeur-123',
    'lone-\ud800-surrogate-1234',
    'tok%2Fen%3D12345',
    'short',
  ];
  const exchanges: ExchangeResult[] = [];
  for (let i = 0; i < 300; i++) {
    const url = randomUrl();
    const headers = () => Array.from({ length: 3 }, () => ({ name: pick(names), value: pick(values) }));
    const finding: Finding = {
      rule: 'r',
      title: 't',
      severity: 'error',
      confidence: 'high',
      basis: 'observed',
      leg: 'actual',
      message: 'm',
      evidence: [{ leg: 'actual', kind: pick(['request-header', 'response-header', 'status'] as const), name: pick(names), value: pick([...values, null]), why: 'w' }],
      fixes: [],
      docs: 'd',
    };
    exchanges.push({
      ...exchange({
        id: `p${i}`,
        url: 'https://api.example.com/',
        method: 'GET',
        preflight: rand() < 0.5 ? leg({ method: 'OPTIONS', url: pick([url, randomUrl()]), requestHeaders: headers(), responseHeaders: headers() }) : null,
        actual: leg({ method: 'GET', url: pick([url, randomUrl()]), requestHeaders: headers(), responseHeaders: headers() }),
        findings: [finding],
        gatewayEvidence: [{ leg: 'actual', kind: 'response-header', name: pick(names), value: pick(values), why: 'w' }],
      }),
      url,
    });
  }
  return analysisOf(exchanges);
}

describe('remembering without masking', () => {
  it('remembers exactly what the structured pass remembers', () => {
    for (const a of [rememberCorpus(), secretAnalysis()]) {
      expect([...rememberedSecrets(a)].sort()).toEqual([...refRememberedSecrets(a)].sort());
      // One exchange at a time too: a value remembered from another one must not hide a miss.
      for (const ex of a.exchanges) {
        const one = analysisOf([ex]);
        expect([...rememberedSecrets(one)].sort(), ex.url).toEqual([...refRememberedSecrets(one)].sort());
      }
    }
  });
});

/** Every string of an exchange, with an opaque secret appended (only remembering can catch it). */
function everywhere(ex: ExchangeResult, secret: string): ExchangeResult {
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return ['verdict', 'blockedLeg', 'leg', 'kind', 'severity', 'confidence', 'basis', 'gateway', 'lang', 'stack', 'rule', 'docs', 'id', 'pairing'].includes(key) ? v : `${v} ${secret}`;
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(ex, '') as ExchangeResult;
}

describe('the reported part, redacted field by field', () => {
  const OPAQUE = 'q7Zr2Lm9Xv4Kp1Wd8Ns5';
  const carrier = exchange({
    id: 'p0',
    url: 'https://api.example.com/me',
    method: 'GET',
    verdict: 'ok',
    blockedLeg: null,
    actual: leg({ method: 'GET', url: 'https://api.example.com/me', status: 200, requestHeaders: [{ name: 'Authorization', value: `Bearer ${OPAQUE}` }] }),
  });
  const rich = everywhere(
    {
      ...secretExchange('p1'),
      reveal: { note: 'probe it', commands: ['curl -i https://api.example.com/x', 'cors-xray probe https://api.example.com/x'] },
      findings: [
        {
          ...secretExchange('p1').findings[0]!,
          data: { url: 'https://api.example.com/?token=abc123456', count: 3 },
          hiddenStatus: { status: 403, leg: 'actual', basis: 'observed', confidence: 'certain', note: 'seen' },
          fixes: [
            { stack: 'Express', lang: 'js', title: 'Allow it', code: 'app.use(cors())' },
            { stack: 'Terraform', lang: 'hcl', title: 'Gateway response', code: 'resource "x" {}' },
          ],
        },
        { ...secretExchange('p1').findings[0]!, rule: 'second', title: 'Second finding' },
      ],
    },
    OPAQUE,
  );
  const fixtures = ['chromium-cases.har', 'firefox-cases.har'].map((f) => path.join(ROOT, 'test/fixtures', f)).filter((f) => existsSync(f));
  const cases: [string, Analysis][] = [
    ...fixtures.map((f): [string, Analysis] => [path.basename(f), analyzeHarText(readFileSync(f, 'utf8'), f)]),
    ['secret corpus', secretAnalysis()],
    ['a remembered secret in every string', analysisOf([carrier, rich], [`note ${OPAQUE}`])],
  ];
  for (const [name, a] of cases) {
    it(`${name}: the same as redacting the reported part whole`, () => {
      const r = analysisRedactor(a);
      for (const stack of [undefined, 'Terraform', 'express', 'none']) {
        for (const ex of a.exchanges) expect(redactedReportedPart(ex, r, stack)).toEqual(r.exchange(reportedPart(ex, stack)));
      }
    });
  }
  it('leaves nothing of a remembered secret in the part', () => {
    const a = analysisOf([carrier, rich]);
    const part = JSON.stringify(redactedReportedPart(rich, analysisRedactor(a), 'Terraform'));
    expect(part).not.toContain(OPAQUE);
    expect(part).toContain('Gateway response');
  });
});
