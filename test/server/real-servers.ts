/**
 * Real third-party server software for the real-server suite (test/e2e/real-servers.spec.ts):
 * Debian's nginx (run in the foreground with a config in a temp dir, not the system service),
 * Express with `cors` and `express-rate-limit`, Fastify with `@fastify/cors`, and Flask with
 * Flask-Cors (Debian's python3-flask, python3-flask-cors), each misconfigured the way people ship
 * it. Everything listens on 127.0.0.1 on ports the OS picks, and is stopped by close().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const HOST = '127.0.0.1';

export type RealServer = 'nginx' | 'express' | 'fastify' | 'flask';

export interface RealCase {
  id: string;
  server: RealServer;
  /** Path (and query) on that server. */
  path: string;
  method: string;
  json?: boolean;
  credentials?: boolean;
  /** Requests to the same path (query ?n=0) made first and awaited: the success a throttle follows. */
  warmUp?: boolean;
  /** Requests fired at once after the warm-up (?n=1..burst); the row checked is the last one. */
  burst?: number;
  expect: {
    rule: string;
    /** The hidden status the panel shows; null when nothing is hidden (a 2xx preflight refused). */
    hiddenStatus: number | null;
    gateway: string;
    /** The `stack` of the first fix shown. */
    fixStack: string;
  };
}

export const REAL_CASES: RealCase[] = [
  {
    id: 'nginx-limit-req',
    server: 'nginx',
    path: '/nginx/limited/data.json',
    method: 'GET',
    warmUp: true,
    burst: 4,
    expect: { rule: 'throttled', hiddenStatus: 503, gateway: 'nginx', fixStack: 'nginx' },
  },
  {
    id: 'nginx-add-header-inheritance',
    server: 'nginx',
    path: '/nginx/inherit/data.json',
    method: 'GET',
    expect: { rule: 'missing-allow-origin', hiddenStatus: 200, gateway: 'nginx', fixStack: 'nginx' },
  },
  {
    id: 'nginx-auth-basic',
    server: 'nginx',
    path: '/nginx/auth/data.json',
    method: 'PUT',
    json: true,
    expect: { rule: 'preflight-auth-required', hiddenStatus: 401, gateway: 'nginx', fixStack: 'nginx' },
  },
  {
    id: 'nginx-upstream-down',
    server: 'nginx',
    path: '/nginx/down/data.json',
    method: 'GET',
    expect: { rule: 'server-error-without-cors', hiddenStatus: 502, gateway: 'nginx', fixStack: 'nginx' },
  },
  {
    id: 'express-rate-limit-first',
    server: 'express',
    path: '/express/limited',
    method: 'GET',
    warmUp: true,
    burst: 1,
    expect: { rule: 'throttled', hiddenStatus: 429, gateway: 'express', fixStack: 'Express' },
  },
  {
    id: 'express-auth-first',
    server: 'express',
    path: '/express/auth',
    method: 'PUT',
    json: true,
    expect: { rule: 'preflight-auth-required', hiddenStatus: 401, gateway: 'express', fixStack: 'Express' },
  },
  {
    id: 'express-wildcard-credentials',
    server: 'express',
    path: '/express/credentials',
    method: 'GET',
    credentials: true,
    expect: { rule: 'wildcard-with-credentials', hiddenStatus: 200, gateway: 'express', fixStack: 'Express' },
  },
  {
    id: 'fastify-default-methods',
    server: 'fastify',
    path: '/fastify/put/item',
    method: 'PUT',
    json: true,
    expect: { rule: 'method-not-allowed', hiddenStatus: null, gateway: 'fastify', fixStack: 'Fastify' },
  },
  {
    id: 'fastify-auth-hook-first',
    server: 'fastify',
    path: '/fastify/auth/item',
    method: 'PUT',
    json: true,
    expect: { rule: 'preflight-auth-required', hiddenStatus: 401, gateway: 'fastify', fixStack: 'Fastify' },
  },
  {
    id: 'fastify-wildcard-credentials',
    server: 'fastify',
    path: '/fastify/credentials/item',
    method: 'GET',
    credentials: true,
    expect: { rule: 'wildcard-with-credentials', hiddenStatus: 200, gateway: 'fastify', fixStack: 'Fastify' },
  },
  {
    id: 'flask-resources-mismatch',
    server: 'flask',
    path: '/flask/private/data',
    method: 'GET',
    expect: { rule: 'missing-allow-origin', hiddenStatus: 200, gateway: 'flask', fixStack: 'Flask' },
  },
  {
    id: 'flask-before-request-auth',
    server: 'flask',
    path: '/flask/auth/item',
    method: 'PUT',
    json: true,
    expect: { rule: 'preflight-auth-required', hiddenStatus: 401, gateway: 'flask', fixStack: 'Flask' },
  },
  {
    id: 'flask-credentials-not-supported',
    server: 'flask',
    path: '/flask/credentials/item',
    method: 'GET',
    credentials: true,
    expect: { rule: 'credentials-not-allowed', hiddenStatus: 200, gateway: 'flask', fixStack: 'Flask' },
  },
];

/** The URL fragment of the row a case is checked on. */
export function checkedFragment(c: RealCase): string {
  return c.burst ? `${c.path}?n=${c.burst}` : c.path;
}

export interface RealServers {
  appOrigin: string;
  origins: Record<RealServer, string>;
  close: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, HOST, resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** Starts a child that prints {"port": N} on its first line of output; rejects with its stderr if it exits first. */
function startChild(cmd: string, args: string[], env: NodeJS.ProcessEnv, what: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.trim().startsWith('{'));
      if (line) {
        try {
          resolve({ child, port: (JSON.parse(line) as { port: number }).port });
        } catch {
          /* keep reading */
        }
      }
    });
    child.on('error', (e) => reject(new Error(`${what} could not start: ${e.message}`)));
    child.on('exit', (code) => reject(new Error(`${what} exited (${code}) before listening: ${err.slice(0, 2000)}`)));
  });
}

/** Resolves once something accepts connections on the port (nginx says nothing when it is ready). */
async function listening(port: number, child: ChildProcess, what: string, errors: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}): ${errors()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, HOST, () => {
        sock.destroy();
        resolve(true);
      });
      sock.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} did not listen on ${port}: ${errors()}`);
    // Polling a port until it accepts, not a synchronisation sleep.
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const NGINX_BIN = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const PYTHON_BIN = process.env.REAL_SERVERS_PYTHON ?? '/usr/bin/python3';

/** nginx.conf for the suite: every location is one real misconfiguration (see REAL_CASES). */
export function nginxConfig(dir: string, port: number, deadPort: number, appOrigin: string): string {
  const o = JSON.stringify(appOrigin);
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
    access_log off;
    default_type application/json;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    # One request a minute: the warm-up passes, the burst after it gets limit_req's default 503.
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
    server {
        listen ${HOST}:${port};
        root ${dir}/www;
        # Server-level CORS header (no "always"), inherited only where a location adds none.
        add_header Access-Control-Allow-Origin ${o};

        location /nginx/limited/ {
            limit_req zone=one;
            add_header Access-Control-Allow-Origin ${o};
        }
        location /nginx/inherit/ {
            # Its own add_header: the server-level Allow-Origin is no longer inherited here.
            add_header X-Frame-Options DENY;
        }
        location /nginx/auth/ {
            auth_basic "api";
            auth_basic_user_file ${dir}/htpasswd;
            add_header Access-Control-Allow-Origin ${o};
        }
        location /nginx/down/ {
            proxy_pass http://${HOST}:${deadPort};
            add_header Access-Control-Allow-Origin ${o};
        }
    }
}
`;
}

function pageHtml(cases: RealCase[], origins: Record<RealServer, string>): string {
  const spec = cases.map((c) => ({ ...c, base: origins[c.server] }));
  const json = JSON.stringify(spec).replace(/</g, '\\u003c');
  return `<!doctype html><meta charset="utf-8"><title>Real servers</title>
<h1>Real servers</h1><pre id="log"></pre>
<script>
const CASES = ${json};
async function one(c, n) {
  const url = c.base + c.path + (n === undefined ? '' : '?n=' + n);
  const init = { method: c.method, credentials: c.credentials ? 'include' : 'same-origin' };
  if (c.json) { init.headers = { 'Content-Type': 'application/json' }; init.body = '{}'; }
  try { const r = await fetch(url, init); return { ok: true, status: r.status }; } catch (e) { return { ok: false, error: String(e) }; }
}
window.runCase = async (id) => {
  const c = CASES.find((x) => x.id === id);
  if (c.warmUp) await one(c, 0);
  if (c.burst) return Promise.all(Array.from({ length: c.burst }, (_, i) => one(c, i + 1)));
  return [await one(c)];
};
window.runAll = async () => { const out = []; for (const c of CASES) out.push({ id: c.id, results: await window.runCase(c.id) }); document.getElementById('log').textContent = JSON.stringify(out, null, 1); return out; };
document.body.dataset.ready = 'true';
</script>`;
}

export async function startRealServers(): Promise<RealServers> {
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'cors-xray-real-'));
  const page = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  let html = '';
  const close = async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(children.filter((c) => c.exitCode === null).map((c) => new Promise((r) => c.once('exit', r))));
    await new Promise<void>((resolve) => page.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve) => page.listen(0, HOST, resolve));
    const appOrigin = `http://${HOST}:${(page.address() as net.AddressInfo).port}`;

    // nginx: foreground, config and files in the temp dir, readable by its worker user.
    const nginxPort = await freePort();
    const deadPort = await freePort();
    for (const d of ['www/nginx/limited', 'www/nginx/inherit', 'www/nginx/auth', 'www/nginx/down']) mkdirSync(path.join(dir, d), { recursive: true });
    for (const d of ['limited', 'inherit', 'auth']) writeFileSync(path.join(dir, 'www/nginx', d, 'data.json'), '{"ok":true}\n');
    writeFileSync(path.join(dir, 'htpasswd'), 'user:{PLAIN}secret\n');
    writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(dir, nginxPort, deadPort, appOrigin));
    chmodSync(dir, 0o755);
    let nginxErr = '';
    const nginx = spawn(NGINX_BIN, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    nginx.stderr.on('data', (d: Buffer) => (nginxErr += d.toString()));
    children.push(nginx);
    await listening(nginxPort, nginx, 'nginx', () => nginxErr);

    // The apps print their port; each is stopped by close().
    const app = async (what: string, cmd: string, args: string[], env: NodeJS.ProcessEnv) => {
      const { child, port } = await startChild(cmd, [path.join(HERE, 'real', args[0]!), ...args.slice(1)], env, what);
      children.push(child);
      return `http://${HOST}:${port}`;
    };
    const env = { APP_ORIGIN: appOrigin };
    const origins: Record<RealServer, string> = {
      nginx: `http://${HOST}:${nginxPort}`,
      express: await app('Express', process.execPath, ['express-app.mjs'], env),
      fastify: await app('Fastify', process.execPath, ['fastify-app.mjs'], env),
      flask: await app('Flask', PYTHON_BIN, ['flask-app.py', appOrigin], { PYTHONUNBUFFERED: '1' }),
    };
    html = pageHtml(REAL_CASES, origins);
    return { appOrigin, origins, close };
  } catch (e) {
    await close();
    throw e;
  }
}
