/**
 * The CLI samples in the docs are what the CLI prints (issue 15): each marked block is regenerated
 * from its command (scripts/docs-samples.ts) and must equal the block in the doc. `npm run
 * docs:samples` rewrites them after a change to the output.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunner, findSamples, normaliseServerRun, ROOT, SAMPLE_DOCS, shellWords, type Runner } from '../../../scripts/docs-samples';

const markdownFiles = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join('docs', f)),
];

describe('docs samples', () => {
  let runner: Runner;
  beforeAll(() => {
    runner = createRunner();
  }, 60_000);
  afterAll(async () => {
    await runner?.close();
  });

  const samples = SAMPLE_DOCS.flatMap((doc) => findSamples(doc, readFileSync(path.join(ROOT, doc), 'utf8')));

  it('finds the samples (README and docs/cli.md: analyze and probe)', () => {
    expect(samples.filter((s) => s.doc === 'README.md').length).toBeGreaterThanOrEqual(1);
    expect(samples.filter((s) => s.doc === 'docs/cli.md' && s.command.startsWith('cors-xray analyze')).length).toBeGreaterThanOrEqual(1);
    expect(samples.filter((s) => s.doc === 'docs/cli.md' && s.command.startsWith('cors-xray probe')).length).toBeGreaterThanOrEqual(3);
  });

  it('every block of CLI output in a doc is a marked sample', () => {
    for (const file of markdownFiles) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      const blocks = [...text.matchAll(/```text\n\$ cors-xray/g)].length;
      const marked = findSamples(file, text).length;
      expect(marked, `${file}: a \`\`\`text block starting with "$ cors-xray" has no <!-- sample: … --> marker, or the file is missing from SAMPLE_DOCS`).toBe(
        blocks,
      );
      if (blocks) expect(SAMPLE_DOCS).toContain(file);
    }
  });

  it.each(samples.map((s) => [`${s.doc}: ${s.command}`, s] as const))(
    '%s is what the command prints (npm run docs:samples)',
    async (_name, sample) => {
      expect(sample.current).toBe(await runner.run(sample));
    },
    60_000,
  );
});

describe('docs samples machinery', () => {
  it('splits a command line like a shell', () => {
    expect(shellWords(`cors-xray probe {api}/x --origin {app} -H 'Content-Type: application/json' -d '{"a":1}' "b c"`)).toEqual([
      'cors-xray',
      'probe',
      '{api}/x',
      '--origin',
      '{app}',
      '-H',
      'Content-Type: application/json',
      '-d',
      '{"a":1}',
      'b c',
    ]);
  });

  it('a marker with head=N keeps N lines; an unknown option is an error', () => {
    const [s] = findSamples('x.md', '<!-- sample head=3: cors-xray analyze a.har -->\n```text\nold\n```\n');
    expect(s).toMatchObject({ command: 'cors-xray analyze a.har', head: 3, current: 'old\n' });
    expect(() => findSamples('x.md', '<!-- sample tail=3: cors-xray analyze a.har -->\n```text\n```\n')).toThrow(/unknown sample option/);
  });

  it('changes only the per-run values of a server run: ports, durations, Date, request ids', () => {
    const origins = { api: 'http://127.0.0.1:41001', app: 'http://127.0.0.1:41002', refused: 'http://127.0.0.1:41003' };
    const out = normaliseServerRun(
      '1. Request  GET http://127.0.0.1:41001/x → 200 OK (7 ms)  [sent]\n    Host: 127.0.0.1:41001\n    Date: Sun, 06 Dec 2026 01:00:00 GMT\n    x-amzn-RequestId: abc\n    X-Other: 12 ms\n',
      origins,
    );
    expect(out).toBe(
      '1. Request  GET http://127.0.0.1:38167/x → 200 OK (‹time› ms)  [sent]\n    Host: 127.0.0.1:38167\n    Date: ‹date›\n    x-amzn-RequestId: ‹id›\n    X-Other: 12 ms\n',
    );
  });
});
