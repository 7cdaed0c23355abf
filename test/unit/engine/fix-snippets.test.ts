/**
 * Every snippet the library can produce is syntactically valid where a parser exists: YAML via the
 * `yaml` package (no CloudFormation short tags), JSON via JSON.parse, JS/TS via the TypeScript
 * parser; HCL, nginx and shell get structural checks. Hostile values from a capture cannot break them.
 */
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fixesFor, type FixTopic } from '../../../src/engine/fixes/index';
import { makeFixContext } from '../../../src/engine/fixes/context';
import type { FixSnippet, GatewayKind } from '../../../src/engine/schema';

const TOPICS: FixTopic[] = [
  'cors-on-errors', 'options-route', 'redeploy', 'auth-off-options', 'allow-lists', 'allow-origin-exact', 'lambda-headers',
  'throttling', 'quota', 'api-key', 'waf', 'access-denied', 'timeout', 'server-error', 'bot-challenge', 'probe',
];
const GATEWAYS: Array<GatewayKind | null> = ['aws-api-gateway-rest', 'aws-api-gateway-http', 'cloudfront', 'cloudflare', 'nginx', 'generic', null];
const LANGS = new Set(['json', 'yaml', 'hcl', 'ts', 'js', 'nginx', 'text', 'shell']);

function balanced(code: string, open: string, close: string): boolean {
  let depth = 0;
  for (const ch of code.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if (ch === open) depth++;
    else if (ch === close && --depth < 0) return false;
  }
  return depth === 0;
}

export function validate(s: FixSnippet): string | null {
  if (!LANGS.has(s.lang)) return `unknown lang ${s.lang}`;
  if (!s.code.trim()) return 'empty';
  switch (s.lang) {
    case 'yaml':
      try {
        parseYaml(s.code);
      } catch (e) {
        return String(e);
      }
      return /(^|\s)!(Ref|Sub|GetAtt)\b/.test(s.code) ? 'CloudFormation short-form tag' : null;
    case 'json':
      try {
        JSON.parse(s.code);
        return null;
      } catch (e) {
        return String(e);
      }
    case 'ts':
    case 'js': {
      const out = ts.transpileModule(s.code, {
        reportDiagnostics: true,
        fileName: s.lang === 'ts' ? 'x.ts' : 'x.js',
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, allowJs: true },
      });
      const d = out.diagnostics ?? [];
      return d.length ? d.map((x) => ts.flattenDiagnosticMessageText(x.messageText, '\n')).join('; ') : null;
    }
    case 'hcl':
      if (!balanced(s.code, '{', '}') || !balanced(s.code, '[', ']')) return 'unbalanced braces';
      for (const line of s.code.split('\n')) if (((line.replace(/\\"/g, '').match(/"/g) ?? []).length) % 2) return `odd quotes: ${line}`;
      return null;
    case 'nginx':
      if (!balanced(s.code, '{', '}')) return 'unbalanced braces';
      for (const raw of s.code.split('\n')) {
        const line = raw.trim();
        if (!line || line.startsWith('#') || line.endsWith('{') || line === '}') continue;
        if (!line.endsWith(';')) return `missing ';': ${line}`;
      }
      return null;
    case 'shell':
      for (const line of s.code.split('\n')) if (!line.startsWith('#') && ((line.replace(/'\\''/g, '').match(/'/g) ?? []).length) % 2) return `odd quotes: ${line}`;
      return null;
    default:
      return null;
  }
}

const CONTEXTS = [
  { origin: 'https://app.example.com', method: 'PUT', headers: ['content-type', 'authorization'], credentialed: false, url: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/orders/42' },
  { origin: 'http://127.0.0.1:5173', method: 'DELETE', headers: ['x-api-key'], credentialed: true, url: 'http://127.0.0.1:8080/api/items' },
  { origin: null, method: 'GET', headers: [], credentialed: false, url: 'not a url' },
  // Hostile values from an untrusted capture: must be dropped or neutralised, never break syntax.
  { origin: `https://evil.test/"'\`\${x}{}`, method: 'GET"; rm -rf /', headers: ['x-a"b', "x-ok", 'bad header', '${x}'], credentialed: true, url: "https://h.test/p'ath\"?q={1}" },
];

describe('fix snippets', () => {
  for (const gw of GATEWAYS) {
    for (const [i, c] of CONTEXTS.entries()) {
      it(`${gw ?? 'unknown'} gateway, context ${i}: every snippet parses`, () => {
        const f = makeFixContext({ ...c, gateway: gw });
        const snippets = fixesFor(f, TOPICS, 'actual', [{ name: 'Authorization', value: 'Bearer SECRET-TOKEN' }, { name: 'Cookie', value: 'sid=SECRET' }]);
        const pf = fixesFor(f, TOPICS, 'preflight');
        for (const s of [...snippets, ...pf]) {
          expect(validate(s), `${s.stack} / ${s.title}\n${s.code}`).toBeNull();
          expect(s.code).not.toContain('SECRET');
        }
        expect(snippets.length).toBeGreaterThan(0);
      });
    }
  }
  it('fills in the exchange: origin, method and headers', () => {
    const f = makeFixContext({ origin: 'https://shop.test', method: 'PATCH', headers: ['authorization', 'x-tenant'], credentialed: true, gateway: 'aws-api-gateway-rest', url: 'https://a.execute-api.us-east-1.amazonaws.com/live/cart' });
    const all = fixesFor(f, ['options-route', 'cors-on-errors', 'redeploy']).map((s) => s.code).join('\n');
    expect(all).toContain("'https://shop.test'");
    expect(all).toContain('PATCH');
    expect(all).toContain('Authorization');
    expect(all).toContain('X-Tenant');
    expect(all).toContain('--stage-name live');
    expect(all).toContain('DEFAULT_4XX');
    expect(all).toContain('DEFAULT_5XX');
    expect(all).toContain('Access-Control-Allow-Credentials');
  });
  it('SAM snippets keep the authorizer off OPTIONS; Terraform uses gateway responses', () => {
    const f = makeFixContext({ origin: 'https://a.test', method: 'GET', headers: ['authorization'], credentialed: false, gateway: 'aws-api-gateway-rest', url: 'https://x.execute-api.eu-west-1.amazonaws.com/prod/a' });
    const codes = fixesFor(f, ['auth-off-options', 'cors-on-errors']).map((s) => s.code).join('\n');
    expect(codes).toContain('AddDefaultAuthorizerToCorsPreflight: false');
    expect(codes).toContain('aws_api_gateway_gateway_response');
    expect(codes).toContain('defaultMethodOptions');
    const yamlDoc = parseYaml(fixesFor(f, ['cors-on-errors']).find((s) => s.stack === 'SAM')!.code);
    expect(yamlDoc.Resources.MyApi.Properties.GatewayResponses.DEFAULT_4XX.ResponseParameters.Headers['Access-Control-Allow-Origin']).toBe("'https://a.test'");
  });
});
