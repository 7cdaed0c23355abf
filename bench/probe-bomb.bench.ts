/**
 * Peak memory and time of `cors-xray probe` against decompression bombs served by a local server
 * (issue 12, item 1): a ~1 MB gzip body that decodes to 1 GiB, and a brotli body of a few KB that
 * decodes to --br-gib GiB (default 6). Each probe runs the built command (dist-cli, `npm run build`)
 * in its own `node` process; its peak RSS comes from process.resourceUsage() at exit.
 *
 * The probe decodes as the body streams in and stops at the body limit (64 KiB decoded), so both
 * figures should be those of a probe of a small plain body. Before this, the body was decoded in
 * one blocking step after the download: 698 MB for the gzip bomb, 6.4 GB and 64 s for the brotli one.
 *
 *   node --import tsx bench/probe-bomb.bench.ts [--br-gib 6] [--cli path/to/bin/cors-xray.mjs]
 *
 * The brotli bomb takes ~6 s per GiB to make; it is kept in the system's temp directory.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// The probe tests' misbehaving server and bombs: the bench measures what the tests check.
import { brotliBomb as makeBrotliBomb, gzipBomb, startHostile } from '../test/unit/probe/hostile-server';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const brGib = Number(arg('br-gib', '6'));
const cli = arg('cli', path.join(root, 'bin', 'cors-xray.mjs'));

/** The brotli bomb, made once and kept in the temp directory (it takes ~6 s per GiB to make). */
async function brotliBomb(gib: number): Promise<Buffer> {
  const file = path.join(os.tmpdir(), `cors-xray-br-bomb-${gib}g.br`);
  if (existsSync(file)) return readFileSync(file);
  process.stdout.write(`making a ${gib} GiB brotli bomb (once; kept as ${file})...\n`);
  const b = await makeBrotliBomb(gib * 1024);
  writeFileSync(file, b);
  return b;
}

const REPORT = "process.on('exit',()=>{process.stderr.write('\\nmaxrss_kb='+process.resourceUsage().maxRSS+'\\n')})";

function runProbe(url: string): Promise<{ ms: number; rssMb: number; code: number | null; out: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(REPORT)}`, cli, 'probe', url, '--origin', 'https://app.example.com', '--timeout', '120000'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => {
      const kb = Number(/maxrss_kb=(\d+)/.exec(err)?.[1] ?? 0);
      resolve({ ms: performance.now() - t0, rssMb: kb / 1024, code, out: out + err });
    });
  });
}

async function main(): Promise<void> {
  const bodies = new Map<string, { body: Buffer; enc: string; decoded: string }>([
    ['/plain', { body: Buffer.from('{"ok":true}'), enc: 'identity', decoded: '11 B' }],
    // 64 gzip members of 16 MiB of zeros: ~1 MB on the wire, 1 GiB decoded.
    ['/gzip', { body: gzipBomb(16, 64), enc: 'gzip', decoded: '1 GiB' }],
    ['/br', { body: await brotliBomb(brGib), enc: 'br', decoded: `${brGib} GiB` }],
  ]);
  const server = await startHostile();
  for (const [p, b] of bodies) {
    server.route(p, (_req, res) => {
      res.writeHead(200, {
        'Access-Control-Allow-Origin': '*',
        'Content-Type': 'text/plain',
        'Content-Encoding': b.enc,
        'Content-Length': String(b.body.length),
      });
      res.end(b.body);
    });
  }
  const origin = server.origin;
  console.log(`command: ${cli}`);
  console.log('body      on the wire   decoded   exit   time       peak RSS');
  for (const [p, b] of bodies) {
    const r = await runProbe(origin + p);
    const wire = b.body.length >= 1024 * 1024 ? `${(b.body.length / 1024 / 1024).toFixed(2)} MB` : `${(b.body.length / 1024).toFixed(1)} KB`;
    console.log(
      `${p.slice(1).padEnd(9)} ${wire.padStart(11)}   ${b.decoded.padStart(7)}   ${String(r.code).padStart(4)}   ${(r.ms / 1000).toFixed(2).padStart(6)} s   ${r.rssMb.toFixed(0).padStart(5)} MB`,
    );
    if (r.code === null || r.code > 1) console.log(r.out.slice(-2000));
  }
  await server.close();
}

await main();
