/**
 * The catalogue stays honest: every rule file is registered, documented and tested, and every
 * registered rule has its file (refined-github's features.test.ts, ESLint's docs check).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeholders, type RuleMeta } from '../../../src/engine/rule';
import type { Verdict } from '../../../src/engine/schema';
import { RULES } from '../../../src/rules/index';

const root = path.resolve(__dirname, '../../..');
const ruleFiles = readdirSync(path.join(root, 'src/rules'))
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''));
const VERDICT_WORDS: Record<Verdict, string> = {
  ok: 'requests that passed',
  'cors-blocked': 'requests blocked by CORS',
  'not-cors': 'network errors (not CORS)',
};
const HIDDEN_STATUS_WORDS: Record<RuleMeta['hiddenStatus'], string> = {
  observed: 'revealed from the traffic (observed)',
  inferred: 'inferred from the traffic',
  none: 'none (the request was never sent or got no HTTP answer)',
};

/**
 * A rule page's first lines, from the rule's meta: its id, title, default severity, the verdicts
 * it reports on and what it reveals. `UPDATE_RULE_DOCS=1 npx vitest run test/unit/rules/meta.test.ts`
 * rewrites them after a meta change.
 */
function docHeader(m: RuleMeta): string {
  const on = m.verdicts ? m.verdicts.map((v) => VERDICT_WORDS[v]).join(' and ') : 'every request';
  return `# ${m.id}\n\n**${m.title}** · default severity: ${m.severity} · reports on: ${on} · hidden status: ${HIDDEN_STATUS_WORDS[m.hiddenStatus]}\n`;
}

const REQUIRED_SECTIONS = ['## Why it happens', '## What triggers it', '## What passes', '## Fixes'];

describe('rule catalogue', () => {
  it('src/rules holds only rule files and the registry', () => {
    for (const f of readdirSync(path.join(root, 'src/rules'))) expect(f).toMatch(/^[a-z0-9-]+\.ts$/);
  });
  it('rule ids are unique and kebab-case', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });
  it('has the rules the product promises', () => {
    const ids = new Set(RULES.map((r) => r.meta.id));
    for (const id of [
      'preflight-missing-route',
      'preflight-auth-required',
      'preflight-not-ok',
      'preflight-redirect',
      'missing-allow-origin',
      'origin-mismatch',
      'multiple-allow-origin',
      'wildcard-with-credentials',
      'credentials-not-allowed',
      'method-not-allowed',
      'header-not-allowed',
      'authorization-not-covered-by-wildcard',
      'waf-blocked',
      'throttled',
      'quota-exceeded',
      'access-denied',
      'gateway-timeout',
      'server-error-without-cors',
      'bot-challenge',
      'not-cors-network-error',
      'stale-preflight-cache',
    ])
      expect(ids.has(id), id).toBe(true);
  });
  for (const file of ruleFiles) {
    describe(file, () => {
      const rule = RULES.find((r) => r.meta.id === file);
      it('is registered in src/rules/index.ts under its file name', () => {
        expect(rule, `${file} missing from RULES`).toBeDefined();
      });
      it('has a documentation page with the required sections', () => {
        const doc = path.join(root, 'docs/rules', `${file}.md`);
        expect(existsSync(doc), `docs/rules/${file}.md`).toBe(true);
        let text = readFileSync(doc, 'utf8');
        const header = docHeader(rule!.meta);
        if (process.env.UPDATE_RULE_DOCS && !text.startsWith(header)) {
          text = header + text.slice(text.indexOf('\n', text.indexOf('\n', text.indexOf('\n') + 1) + 1) + 1);
          writeFileSync(doc, text);
        }
        expect(text.startsWith(header), `docs/rules/${file}.md must start with:\n${header}`).toBe(true);
        for (const s of REQUIRED_SECTIONS) expect(text, s).toContain(`\n${s}\n`);
      });
      it('has a table-driven test file', () => {
        const t = path.join(root, 'test/unit/rules', `${file}.test.ts`);
        expect(existsSync(t), `test/unit/rules/${file}.test.ts`).toBe(true);
        expect(readFileSync(t, 'utf8')).toContain('ruleTester(');
      });
      it('has complete metadata', () => {
        const m = rule!.meta;
        expect(m.title.length).toBeGreaterThan(3);
        expect(['error', 'warning', 'info']).toContain(m.severity);
        expect([1, 2, 3]).toContain(m.tier);
        expect(Object.keys(m.messages).length).toBeGreaterThan(0);
        for (const t of [...Object.values(m.messages), m.headline]) expect(placeholders(t).every((p) => /^[A-Za-z0-9_]+$/.test(p))).toBe(true);
        // Tidy by themselves (formatMessage tidies only around a value that leaves a gap): no doubled space, no space before punctuation or at an edge.
        for (const t of Object.values<string>(m.messages)) expect(t.replace(/\{\{[^}]*\}\}/g, 'x')).not.toMatch(/\s{2}| [.,;:]|^\s|\s$/);
        expect(m.headline.length).toBeLessThan(60);
      });
    });
  }
  it('every registered rule has a file', () => {
    for (const r of RULES) expect(ruleFiles).toContain(r.meta.id);
  });
  it('no doc page without a rule', () => {
    const docs = readdirSync(path.join(root, 'docs/rules'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => f.replace(/\.md$/, ''));
    for (const d of docs) expect(ruleFiles).toContain(d);
  });
});
