/**
 * Every snippet the library can produce is syntactically valid where a parser exists: YAML via the
 * `yaml` package (no CloudFormation short tags), JSON via JSON.parse, JS/TS via the TypeScript
 * parser; HCL, nginx and shell get structural checks. Hostile values from a capture cannot break them.
 */
import ts from 'typescript';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FIX_TOPICS, fixesFor, type FixTopic } from '../../../src/engine/fixes/index';
import { makeFixContext } from '../../../src/engine/fixes/context';
import type { FixSnippet, GatewayKind } from '../../../src/engine/schema';
import { GATEWAY_KINDS } from '../../../src/engine/gateway';
import { STACKS } from '../../../src/engine/fixes/stacks';
import { KNOWN_STACKS, knownStack } from '../../../src/engine/fixes/index';

const TOPICS: readonly FixTopic[] = FIX_TOPICS;
const GATEWAYS: Array<GatewayKind | null> = [...GATEWAY_KINDS, null];
const LANGS = new Set([
  'json',
  'yaml',
  'hcl',
  'ts',
  'js',
  'nginx',
  'text',
  'shell',
  'python',
  'xml',
  'toml',
  'php',
  'java',
  'csharp',
  'ruby',
  'apache',
  'caddyfile',
  'vcl',
]);
/** Parsed by Python's own parsers (ast, xml.etree, tomllib), in one python3 process per test. */
const PYTHON_LANGS = new Set(['python', 'xml', 'toml']);
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const PY_CHECK = `
import ast, json, sys, tomllib, xml.etree.ElementTree as ET
out = []
for s in json.load(sys.stdin):
    try:
        if s["lang"] == "python": ast.parse(s["code"])
        elif s["lang"] == "xml": ET.fromstring(s["code"])
        elif s["lang"] == "toml": tomllib.loads(s["code"].split("\\n#")[0])
        out.append(None)
    except Exception as e:
        out.append(repr(e))
print(json.dumps(out))
`;

/** Python, XML and TOML snippets checked by python3's parsers: the error per snippet, or null. Async: never blocks the worker. */
function pythonParse(snippets: FixSnippet[]): Promise<Array<string | null>> {
  return new Promise((resolve, reject) => {
    const p = spawn(PYTHON, ['-c', PY_CHECK], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Array<string | null>) : reject(new Error(`python3 failed: ${err}`))));
    p.stdin.end(JSON.stringify(snippets));
  });
}

function balanced(code: string, open: string, close: string): boolean {
  let depth = 0;
  for (const ch of code.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if (ch === open) depth++;
    else if (ch === close && --depth < 0) return false;
  }
  return depth === 0;
}

/** Snippets repeat across gateways (every stack is offered for every one): check each text once. */
const checked = new Map<string, string | null>();
export function validate(s: FixSnippet): string | null {
  const key = `${s.lang}\u0000${s.code}`;
  let got = checked.get(key);
  if (got === undefined) checked.set(key, (got = validateOnce(s)));
  return got;
}

function validateOnce(s: FixSnippet): string | null {
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
      for (const line of s.code.split('\n')) if ((line.replace(/\\"/g, '').match(/"/g) ?? []).length % 2) return `odd quotes: ${line}`;
      return null;
    case 'nginx':
      if (!balanced(s.code, '{', '}')) return 'unbalanced braces';
      for (const raw of s.code.split('\n')) {
        const line = raw.trim();
        if (!line || line.startsWith('#') || line.endsWith('{') || line === '}') continue;
        if (!line.endsWith(';')) return `missing ';': ${line}`;
      }
      return null;
    case 'php':
    case 'java':
    case 'csharp':
    case 'vcl':
    case 'caddyfile':
      {
        // Strings first (an origin holds "//"), then line comments.
        const bare = s.code.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""').replace(/\/\/.*$|#.*$/gm, '');
        for (const [o, c] of [
          ['{', '}'],
          ['(', ')'],
          ['[', ']'],
        ] as const)
          if (!balanced(bare, o, c)) return `unbalanced ${o}${c}`;
      }
      return null;
    case 'ruby': {
      const opens = (s.code.match(/\bdo\b/g) ?? []).length;
      const ends = (s.code.match(/^\s*end\b/gm) ?? []).length;
      return opens === ends ? null : `do/end mismatch (${opens}/${ends})`;
    }
    case 'apache': {
      const open = (s.code.match(/^\s*<[A-Za-z]/gm) ?? []).length;
      const close = (s.code.match(/^\s*<\//gm) ?? []).length;
      return open === close ? null : 'unbalanced <Section>';
    }
    case 'shell':
      for (const line of s.code.split('\n'))
        if (!line.startsWith('#') && (line.replace(/'\\''/g, '').match(/'/g) ?? []).length % 2) return `odd quotes: ${line}`;
      return null;
    default:
      return null;
  }
}

const CONTEXTS = [
  {
    origin: 'https://app.example.com',
    method: 'PUT',
    headers: ['content-type', 'authorization'],
    credentialed: false,
    url: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/orders/42',
  },
  { origin: 'http://127.0.0.1:5173', method: 'DELETE', headers: ['x-api-key'], credentialed: true, url: 'http://127.0.0.1:8080/api/items' },
  { origin: null, method: 'GET', headers: [], credentialed: false, url: 'not a url' },
  // Hostile values from an untrusted capture: must be dropped or neutralised, never break syntax.
  {
    origin: `https://evil.test/"'\`\${x}{}`,
    method: 'GET"; rm -rf /',
    headers: ['x-a"b', 'x-ok', 'bad header', '${x}'],
    credentialed: true,
    url: 'https://h.test/p\'ath"?q={1}',
  },
];

/** Python, XML and TOML snippets of every gateway and context, by code: parsed at once below. */
const pythonSnippets = new Map<string, FixSnippet>();

describe('fix snippets', () => {
  for (const gw of GATEWAYS) {
    for (const [i, c] of CONTEXTS.entries()) {
      it(`${gw ?? 'unknown'} gateway, context ${i}: every snippet parses`, () => {
        const f = makeFixContext({ ...c, gateway: gw });
        const snippets = fixesFor(f, TOPICS, 'actual', [
          { name: 'Authorization', value: 'Bearer SECRET-TOKEN' },
          { name: 'Cookie', value: 'sid=SECRET' },
        ]);
        const pf = fixesFor(f, TOPICS, 'preflight');
        const all = [...snippets, ...pf];
        for (const s of all) {
          expect(validate(s), `${s.stack} / ${s.title}\n${s.code}`).toBeNull();
          expect(s.code).not.toContain('SECRET');
        }
        for (const s of all) if (PYTHON_LANGS.has(s.lang)) pythonSnippets.set(s.code, s);
        expect(snippets.length).toBeGreaterThan(0);
      });
    }
  }
  it('every Python, XML and TOML snippet parses (python3 ast, xml.etree, tomllib)', async () => {
    const list = [...pythonSnippets.values()];
    expect(list.length).toBeGreaterThan(10);
    const errors = await pythonParse(list);
    list.forEach((s, i) => expect(errors[i], `${s.stack} / ${s.title}\n${s.code}`).toBeNull());
  });
  it('offers the stack that answered first, for every topic a server can cause, then the other layers', () => {
    const topics: FixTopic[] = [
      'cors-on-errors',
      'options-route',
      'auth-off-options',
      'allow-lists',
      'allow-origin-exact',
      'throttling',
      'server-error',
      'timeout',
    ];
    for (const [kind, stack] of Object.entries(STACKS)) {
      const f = makeFixContext({
        origin: 'https://a.test',
        method: 'PUT',
        headers: ['content-type'],
        credentialed: true,
        gateway: kind as GatewayKind,
        url: 'https://api.test/x',
      });
      for (const t of topics) {
        const got = fixesFor(f, [t], t === 'options-route' || t === 'auth-off-options' ? 'preflight' : 'actual');
        expect(got[0]?.stack, `${kind} / ${t}`).toBe(stack.stack);
        expect(knownStack(got[0]!.stack)).toBe(got[0]!.stack);
        // Every other stack stays on offer for "Fix for" / --stack.
        expect(new Set(got.map((s) => s.stack)).size).toBeGreaterThan(20);
      }
    }
    const layered = makeFixContext({
      origin: 'https://a.test',
      method: 'GET',
      headers: [],
      credentialed: false,
      gateway: 'express',
      layers: ['cloudflare', 'express'],
      url: 'https://api.test/x',
    });
    const stacks = [...new Set(fixesFor(layered, ['cors-on-errors']).map((s) => s.stack))];
    expect(stacks.slice(0, 2)).toEqual(['Express', 'Cloudflare']);
    expect(stacks.at(-1)).toBe('Any server');
  });
  it("fills every stack's snippets with the exchange: origin, methods, headers, credentials", () => {
    const f = makeFixContext({
      origin: 'https://shop.test:8443',
      method: 'PATCH',
      headers: ['x-tenant'],
      credentialed: true,
      gateway: 'generic',
      url: 'https://api.test/x',
    });
    for (const [kind, stack] of Object.entries(STACKS)) {
      const code = stack
        .config(f)
        .map((s) => s.code)
        .join('\n');
      expect(code, kind).toContain('https://shop.test:8443');
      if (!['heroku', 'fly', 'akamai', 'fastly', 'cloudflare', 'azure-front-door', 'google-cloud'].includes(kind)) {
        expect(code, kind).toMatch(/PATCH|:patch/);
        expect(code, kind).toMatch(/X-Tenant|x-tenant/);
      }
    }
    expect(KNOWN_STACKS).toContain('Flask');
    expect(knownStack('flask')).toBe('Flask');
    expect(knownStack('Flsk')).toBeNull();
  });
  it('fills in the exchange: origin, method and headers', () => {
    const f = makeFixContext({
      origin: 'https://shop.test',
      method: 'PATCH',
      headers: ['authorization', 'x-tenant'],
      credentialed: true,
      gateway: 'aws-api-gateway-rest',
      url: 'https://a.execute-api.us-east-1.amazonaws.com/live/cart',
    });
    const all = fixesFor(f, ['options-route', 'cors-on-errors', 'redeploy'])
      .map((s) => s.code)
      .join('\n');
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
    const f = makeFixContext({
      origin: 'https://a.test',
      method: 'GET',
      headers: ['authorization'],
      credentialed: false,
      gateway: 'aws-api-gateway-rest',
      url: 'https://x.execute-api.eu-west-1.amazonaws.com/prod/a',
    });
    const codes = fixesFor(f, ['auth-off-options', 'cors-on-errors'])
      .map((s) => s.code)
      .join('\n');
    expect(codes).toContain('AddDefaultAuthorizerToCorsPreflight: false');
    expect(codes).toContain('aws_api_gateway_gateway_response');
    expect(codes).toContain('defaultMethodOptions');
    const yamlDoc: unknown = parseYaml(fixesFor(f, ['cors-on-errors']).find((s) => s.stack === 'SAM')!.code);
    const headers = { 'Access-Control-Allow-Origin': "'https://a.test'" };
    expect(yamlDoc).toMatchObject({
      Resources: { MyApi: { Properties: { GatewayResponses: { DEFAULT_4XX: { ResponseParameters: { Headers: headers } } } } } },
    });
  });
});
