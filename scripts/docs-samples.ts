/**
 * The CLI output samples in the docs are the CLI's real output, regenerated from the command each
 * sample names, so they cannot drift from what the tool prints.
 *
 * A sample is a marker comment naming the exact command, followed by a ```text block:
 *
 *     <!-- sample: cors-xray analyze test/fixtures/chromium-cases.har -->
 *     ```text
 *     $ cors-xray analyze test/fixtures/chromium-cases.har
 *     …the output…
 *     exit 1
 *     ```
 *
 * Options go before the colon: `<!-- sample head=40: … -->` shows the first 40 lines of the output
 * then a line "…". Commands run from the repository root with the bundle `scripts/build-cli.mjs`
 * builds (the command as it ships), without colours, at the non-terminal width.
 *
 * A `probe` needs a server: `{api}`, `{app}` and `{refused}` in a command stand for the gateway
 * emulator's API origin, page origin and a port nothing listens on (test/server/emulator.ts, started
 * for the run). Their ports change from run to run, so the sample shows them as the fixed origins
 * below (same length: ephemeral ports have 5 digits, so line wrapping is the same), and the values
 * that differ on every run — durations, the Date header, the emulator's request ids — as ‹…›.
 * Nothing else is changed.
 *
 *   npm run docs:samples            rewrite the samples in place
 *   npm run docs:samples -- --check exit 1 (and show the difference) if a sample is out of date
 *
 * test/unit/docs/samples.test.ts runs the check in `npm test`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type Emulator } from '../test/server/emulator';

export const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The documents that hold CLI samples. */
export const SAMPLE_DOCS = ['README.md', 'docs/cli.md'];

/** What the emulator's origins are shown as in the docs. */
export const SHOWN_ORIGINS = { api: 'http://127.0.0.1:38167', app: 'http://127.0.0.1:35577', refused: 'http://127.0.0.1:38755' } as const;

export interface Sample {
  doc: string;
  command: string;
  head: number | null;
  /** Offsets of the block's content (between the ```text line and the closing ```) in the doc. */
  start: number;
  end: number;
  current: string;
}

const MARKER = /<!-- sample((?: [a-z]+=\S+)*): (cors-xray [^\n]*?) -->\n```text\n([\s\S]*?)```/g;

export function findSamples(doc: string, text: string): Sample[] {
  const out: Sample[] = [];
  for (const m of text.matchAll(MARKER)) {
    const options = new Map(
      (m[1] ?? '')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((o) => o.split('=') as [string, string]),
    );
    for (const name of options.keys()) if (name !== 'head') throw new Error(`${doc}: unknown sample option "${name}"`);
    const head = options.has('head') ? Number(options.get('head')) : null;
    if (head !== null && !(Number.isInteger(head) && head > 0)) throw new Error(`${doc}: head must be a positive integer`);
    const start = m.index + m[0].length - m[3]!.length - 3;
    out.push({ doc, command: m[2]!, head, start, end: start + m[3]!.length, current: m[3]! });
  }
  return out;
}

/** Split a command line the way a POSIX shell would for words, '…' and "…" (no expansions). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === ' ') {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'" || c === '"') {
      const close = line.indexOf(c, i + 1);
      if (close < 0) throw new Error(`unterminated quote in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, close);
      i = close;
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[++i];
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

export interface Runner {
  run: (sample: Sample) => Promise<string>;
  close: () => Promise<void>;
}

/** Build the bundle once; start the emulator only if a sample needs it. */
export function createRunner(): Runner {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cors-xray-samples-'));
  const bundle = path.join(tmp, 'cors-xray.mjs');
  const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-cli.mjs'), '--outfile', bundle], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build-cli failed:\n${built.stdout}${built.stderr}`);
  let emulator: Promise<Emulator> | null = null;

  return {
    async run(sample) {
      const needsServer = /\{(api|app|refused)\}/.test(sample.command);
      const em = needsServer ? await (emulator ??= startEmulator()) : null;
      const origins = em ? { api: em.apiOrigin, app: em.appOrigin, refused: em.refusedOrigin } : null;
      const line = origins ? sample.command.replace(/\{(api|app|refused)\}/g, (_, k: keyof typeof SHOWN_ORIGINS) => origins[k]) : sample.command;
      const [program, ...args] = shellWords(line);
      if (program !== 'cors-xray') throw new Error(`${sample.doc}: a sample runs cors-xray, not ${program}`);
      const r = await runNode(bundle, args);
      let output = r.stdout;
      if (origins) output = normaliseServerRun(output, origins);
      let lines = output.replace(/\n$/, '').split('\n');
      if (sample.head !== null && lines.length > sample.head) lines = [...lines.slice(0, sample.head), '…'];
      const shown = sample.command.replace(/\{(api|app|refused)\}/g, (_, k: keyof typeof SHOWN_ORIGINS) => SHOWN_ORIGINS[k]);
      return [`$ ${shown}`, ...lines, `exit ${r.code}`, ''].join('\n');
    },
    async close() {
      if (emulator) await (await emulator).close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** The values of a run against the emulator that change on every run, made fixed (see the header). */
export function normaliseServerRun(text: string, origins: Record<keyof typeof SHOWN_ORIGINS, string>): string {
  let out = text;
  for (const k of Object.keys(SHOWN_ORIGINS) as (keyof typeof SHOWN_ORIGINS)[]) {
    out = out.split(origins[k]).join(SHOWN_ORIGINS[k]);
    // Host headers and Node's error text name host:port without the scheme.
    out = out.split(origins[k].replace('http://', '')).join(SHOWN_ORIGINS[k].replace('http://', ''));
  }
  return out
    .replace(/ \(\d+ ms\)(?=$| )/gm, ' (‹time› ms)')
    .replace(/^( +Date: ).+$/gm, '$1‹date›')
    .replace(/^( +(?:x-amzn-RequestId|x-amz-apigw-id|X-Amzn-Trace-Id): ).+$/gim, '$1‹id›');
}

function runNode(bundle: string, args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', CORS_XRAY_TIMINGS: '' };
    const child = spawn(process.execPath, [bundle, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

export interface Checked {
  sample: Sample;
  expected: string;
}

/** Every sample of every doc, with what the tool prints for it now. */
export async function generate(docs = SAMPLE_DOCS): Promise<Checked[]> {
  const runner = createRunner();
  try {
    const out: Checked[] = [];
    for (const doc of docs) {
      for (const sample of findSamples(doc, readFileSync(path.join(ROOT, doc), 'utf8'))) {
        out.push({ sample, expected: await runner.run(sample) });
      }
    }
    return out;
  } finally {
    await runner.close();
  }
}

/** Write the regenerated blocks into their docs; returns the docs changed. */
export function write(checked: Checked[]): string[] {
  const changed: string[] = [];
  for (const doc of new Set(checked.map((c) => c.sample.doc))) {
    const file = path.join(ROOT, doc);
    let text = readFileSync(file, 'utf8');
    // From the last block to the first, so earlier offsets stay valid.
    for (const c of checked.filter((x) => x.sample.doc === doc).sort((a, b) => b.sample.start - a.sample.start)) {
      text = text.slice(0, c.sample.start) + c.expected + text.slice(c.sample.end);
    }
    if (text !== readFileSync(file, 'utf8')) {
      writeFileSync(file, text);
      changed.push(doc);
    }
  }
  return changed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const checked = await generate();
  if (check) {
    const stale = checked.filter((c) => c.expected !== c.sample.current);
    for (const c of stale) console.error(`${c.sample.doc}: out of date: ${c.sample.command}`);
    console.log(`${checked.length} samples, ${stale.length} out of date`);
    process.exit(stale.length ? 1 : 0);
  }
  const changed = write(checked);
  console.log(`${checked.length} samples; rewrote ${changed.length ? changed.join(', ') : 'nothing (all up to date)'}`);
}
