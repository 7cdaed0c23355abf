/**
 * Every nginx snippet, placed in a whole nginx.conf the way its comments say (http level, server
 * level, location), is accepted by the real `nginx -t` (Debian's nginx, installed by `npm test`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixesFor, type FixTopic } from '../../../src/engine/fixes/index';
import { makeFixContext } from '../../../src/engine/fixes/context';
import type { FixSnippet } from '../../../src/engine/schema';

const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const TOPICS: FixTopic[] = ['cors-on-errors', 'options-route', 'auth-off-options', 'allow-lists', 'allow-origin-exact', 'throttling'];

/** Splits a snippet into its http-level part (before the first location / server-level comment) and the rest. */
function place(code: string): { http: string; server: string } {
  if (/^server \{/m.test(code)) return { http: code, server: '' };
  const lines = code.split('\n');
  const at = lines.findIndex((l) => /^(location\b|# server)/.test(l) || /^add_header\b/.test(l));
  return at <= 0 ? { http: '', server: code } : { http: lines.slice(0, at).join('\n'), server: lines.slice(at).join('\n') };
}

function config(dir: string, s: FixSnippet): string {
  const { http, server } = place(s.code);
  return `pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events {}
http {
    upstream backend { server 127.0.0.1:9; }
${http}
    server {
        listen 127.0.0.1:9;
        location = /auth { return 204; }
${server}
    }
}
`;
}

function nginxTest(dir: string, conf: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(NGINX, ['-t', '-q', '-p', dir, '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.on('close', (code) => resolve({ code, out }));
  });
}

describe.skipIf(!existsSync(NGINX))('nginx snippets pass nginx -t', () => {
  const contexts = [
    { origin: 'https://app.example.com', method: 'PUT', headers: ['content-type', 'authorization'], credentialed: true },
    { origin: 'http://127.0.0.1:5173', method: 'GET', headers: [], credentialed: false },
    { origin: `https://evil.test/"'\`\${x}{}`, method: 'GET"; rm -rf /', headers: ['x-a"b', 'x-$host', 'bad header', 'x-ok'], credentialed: true },
  ];
  it('every nginx snippet of every topic, in every context', async () => {
    const snippets = new Map<string, FixSnippet>();
    for (const c of contexts) {
      const f = makeFixContext({ ...c, gateway: 'nginx', url: 'https://api.example.com/api/items' });
      for (const t of TOPICS)
        for (const leg of ['preflight', 'actual'] as const) for (const s of fixesFor(f, [t], leg)) if (s.lang === 'nginx') snippets.set(s.code, s);
    }
    expect(snippets.size).toBeGreaterThan(8);
    const dir = mkdtempSync(path.join(tmpdir(), 'cors-xray-nginx-t-'));
    try {
      let i = 0;
      for (const s of snippets.values()) {
        const conf = path.join(dir, `nginx-${i++}.conf`);
        writeFileSync(conf, config(dir, s));
        const r = await nginxTest(dir, conf);
        expect(r.code, `${s.title}\n${s.code}\n${r.out}`).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
