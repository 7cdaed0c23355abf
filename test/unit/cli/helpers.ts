/**
 * Shared setup for the CLI tests: build the real bundle (so packaging is what gets tested), run it
 * as a subprocess, and build small HAR files by hand.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix = 'cors-xray-cli-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bundle src/cli/main.ts with scripts/build-cli.mjs into `dir`; returns the bundle's path. */
export function buildCli(dir: string): string {
  const outfile = path.join(dir, 'cors-xray.mjs');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-cli.mjs'), '--outfile', outfile], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build-cli failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return outfile;
}

/** Run the bundle asynchronously (an in-process test server must keep answering meanwhile). */
export function runCli(bundle: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...opts.env };
    const child = spawn(process.execPath, [bundle, ...args], { cwd: opts.cwd ?? ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

/** No stack trace lines in an error output. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text) || /^\s+at .+:\d+:\d+$/m.test(text);
}

export type H = Record<string, string>;
const list = (h: H = {}) => Object.entries(h).map(([name, value]) => ({ name, value }));

export const APP = 'https://app.example.com';
export const API = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';

let clock = Date.parse('2026-01-05T10:00:00.000Z');

/** One Chromium-shaped HAR entry. */
export function entry(p: {
  method?: string;
  url: string;
  status: number;
  statusText?: string;
  req?: H;
  res?: H;
  error?: string | null;
  resourceType?: 'fetch' | 'preflight' | 'document';
  initiator?: Record<string, unknown>;
  requestId?: string;
  sent?: boolean;
  body?: string;
}): Record<string, unknown> {
  clock += 50;
  const sent = p.sent !== false;
  return {
    _initiator: p.initiator ?? { type: 'script', url: `${APP}/` },
    _resourceType: p.resourceType ?? 'fetch',
    ...(p.requestId ? { _requestId: p.requestId } : {}),
    cache: {},
    request: {
      method: p.method ?? 'GET',
      url: p.url,
      httpVersion: sent ? 'HTTP/1.1' : '',
      headers: list(p.req),
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: p.status,
      statusText: p.statusText ?? '',
      httpVersion: sent && p.status ? 'HTTP/1.1' : '',
      headers: list(p.res),
      cookies: [],
      content: { size: p.body?.length ?? 0, mimeType: 'application/json', ...(p.body !== undefined ? { text: p.body } : {}) },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      ...(p.error ? { _error: p.error } : {}),
    },
    startedDateTime: new Date(clock).toISOString(),
    time: 20,
    timings: { blocked: sent ? 1 : 25, dns: -1, ssl: -1, connect: -1, send: 1, wait: 15, receive: 3 },
  };
}

export function har(entries: unknown[]): string {
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, pages: [], entries } }, null, 1);
}

export function writeHar(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}
