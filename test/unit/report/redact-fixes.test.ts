/**
 * Redaction must not mask the fixes themselves (issue 12, over-masking): a vercel.json
 * `{"key": "Access-Control-Allow-Origin"}`, a YAML `name: X-Api-Key` or an nginx
 * `add_header ... X-Session-Id` is the fix, not a secret. Fix snippets are swept by value only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIX_TOPICS, fixesFor, type FixTopic } from '../../../src/engine/fixes/index';
import { makeFixContext } from '../../../src/engine/fixes/context';
import { STACK_ORDER } from '../../../src/engine/fixes/stacks';
import { curlActual, probeCommand, writtenCommands } from '../../../src/engine/fixes/probe';
import type { GatewayKind } from '../../../src/engine/schema';
import { MASK_OPEN, Redactor, analysisRedactor } from '../../../src/report/redact';
import { analyzeHarText, renderAnalysis } from '../../../src/cli/analyze-command';
import { ROOT } from '../cli/helpers';

const TOPICS: readonly FixTopic[] = FIX_TOPICS;
const GATEWAYS: Array<GatewayKind | null> = [null, 'aws-api-gateway-rest', 'aws-api-gateway-http', 'cloudfront', ...STACK_ORDER];
/** Header names that look secret (by name they would be masked as a pair's value). */
const HEADERS = ['Authorization', 'X-Api-Key', 'X-Session-Id', 'X-Auth-Token', 'X-Client-Secret', 'Content-Type'];

describe('fix snippets are not masked', () => {
  it('no stack’s snippet for any topic is changed by redaction (secret-looking header names included)', () => {
    let count = 0;
    const changed: string[] = [];
    for (const gateway of GATEWAYS) {
      for (const credentialed of [false, true]) {
        const f = makeFixContext({
          origin: 'https://app.example.com',
          method: 'PUT',
          headers: HEADERS,
          credentialed,
          gateway,
          url: 'https://api.example.com/v1/orders?page=2',
          requestHeaders: [],
        });
        for (const t of TOPICS) {
          for (const s of fixesFor(f, [t])) {
            count++;
            const r = new Redactor();
            const out = r.fix(s);
            if (out.code !== s.code || out.title !== s.title) changed.push(`${gateway ?? 'none'} ${t} ${s.stack}: ${s.title}`);
          }
        }
      }
    }
    expect(count).toBeGreaterThan(500);
    expect(changed).toEqual([]);
  });

  it('config formats that name headers under "key" / name: are kept as they are', () => {
    const r = new Redactor();
    const vercel = JSON.stringify(
      { headers: [{ source: '/api/(.*)', headers: [{ key: 'Access-Control-Allow-Headers', value: 'X-Api-Key, Authorization' }] }] },
      null,
      2,
    );
    const yaml = 'headers:\n  - name: X-Api-Key\n    value: "*"\n  token: X-Session-Token\npassword: "see the vault"';
    for (const code of [vercel, yaml]) expect(r.fix({ stack: 'Vercel', lang: 'json', title: 'vercel.json', code }).code).toBe(code);
  });

  it('a secret in a snippet is still masked by value: a token format, a remembered value, a URL’s secret parameter', () => {
    const r = new Redactor();
    r.remember('opaqueSecret-123456');
    const code = `curl -H 'X-Custom: opaqueSecret-123456' -H 'X-Trace: ghp_${'a1B2'.repeat(9)}' 'https://api.example.com/x?access_token=abcdef123456'`;
    const out = r.fix({ stack: 'curl', lang: 'sh', title: 't', code }).code;
    expect(out).not.toContain('opaqueSecret-123456');
    expect(out).not.toContain('a1B2a1B2');
    expect(out).not.toContain('abcdef123456');
    expect(out).toContain("curl -H 'X-Custom: ");
  });

  it('a short secret a command copied from the capture (-H under a secret name) is masked by the name; placeholders are kept', () => {
    const f = makeFixContext({
      origin: 'https://app.example.com',
      method: 'PUT',
      headers: ['X-Auth', 'X-Tenant-Key', 'X-Api-Key', 'Authorization', 'Content-Type', 'X-Debug'],
      credentialed: false,
      gateway: null,
      url: "https://api.example.net/v1?q=it's&access_token=abcdef123456",
    });
    const recorded = [
      { name: 'X-Auth', value: 'k9z2' }, // too short to be remembered and found by value
      { name: 'X-Tenant-Key', value: "q'7w" },
      { name: 'X-Api-Key', value: 'apikey-recorded-1' },
      { name: 'Authorization', value: 'Bearer abc.def.ghi' },
      { name: 'Content-Type', value: 'application/json' },
      { name: 'X-Debug', value: 'password=hunter2' },
    ];
    const snippets = fixesFor(f, ['probe'], 'actual', recorded);
    expect(snippets.map((s) => s.code).join('\n')).toContain("-H 'X-Auth: k9z2'"); // as recorded, before redaction
    const out = snippets.map((s) => new Redactor().fix(s).code).join('\n');
    for (const secret of ['k9z2', '7w', 'apikey-recorded-1', 'abc.def', 'hunter2', 'abcdef123456']) expect(out).not.toContain(secret);
    expect(out).toContain(`-H 'X-Auth: ${MASK_OPEN} 4 chars›'`);
    expect(out).toContain(`-H 'X-Tenant-Key: ${MASK_OPEN} 4 chars›'`);
    expect(out).toContain("-H 'X-Api-Key: <api-key>' -H 'Authorization: Bearer <token>' -H 'Content-Type: application/json'");
    // The same commands in a reveal (analysis of a request the browser never sent) are masked the same way.
    const reveal = { note: 'n', commands: writtenCommands([probeCommand(f, recorded), curlActual(f, recorded)]) };
    expect(reveal.commands.join('\n')).toContain('k9z2');
    expect(new Redactor().reveal(reveal).commands.join('\n')).not.toMatch(/k9z2|7w|hunter2|abcdef123456/);
  });

  it('every fix of the Chromium fixture reads the same in the redacted JSON and through every stack in the text output', () => {
    const a = analyzeHarText(readFileSync(path.join(ROOT, 'test/fixtures/chromium-cases.har'), 'utf8'), 'chromium-cases.har');
    const red = analysisRedactor(a);
    let fixes = 0;
    for (const ex of a.exchanges) {
      const out = red.exchange(ex);
      ex.findings.forEach((f, i) => {
        fixes += f.fixes.length;
        expect(out.findings[i]!.fixes).toEqual(f.fixes);
      });
    }
    expect(fixes).toBeGreaterThan(0);
    // What redaction changes in the text output (evidence lines) is the same whichever stack's fixes are shown.
    const diff = (stack: string) => {
      const settings = { format: 'text' as const, all: true, colour: false, width: 100, stack };
      const plain = new Set(renderAnalysis(a, { ...settings, redact: false }).split('\n'));
      return renderAnalysis(a, { ...settings, redact: true })
        .split('\n')
        .filter((l) => !plain.has(l));
    };
    const base = diff('Express');
    for (const l of base) expect(l).toContain(MASK_OPEN);
    for (const stack of ['nginx', 'Vercel', 'Netlify', 'Kong', 'Azure API Management', 'Traefik', 'Django', 'Spring']) expect(diff(stack), stack).toEqual(base);
  });
});
