import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { EMPTY_STDIN, readInput } from '../../../src/cli/input';

const dir = mkdtempSync(path.join(tmpdir(), 'cors-xray-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function recorder() {
  const lines: string[] = [];
  return { lines, make: () => ({ update: (l: string) => void lines.push(l), done: () => void lines.push('done') }) };
}

describe('readInput', () => {
  it('reads a file of several chunks whole, multi-byte characters included, and reports progress', async () => {
    // 4 MB chunks: this file spans three, with "é" and "→" split across chunk boundaries somewhere.
    const text = JSON.stringify({ log: { entries: [], pad: 'é→x'.repeat(2_500_000) } });
    const file = path.join(dir, 'big.har');
    writeFileSync(file, text);
    const p = recorder();
    const got = await readInput(file, p.make);
    expect(got.text).toBe(text);
    expect(got.bytes).toBe(Buffer.byteLength(text));
    expect(p.lines.some((l) => /Reading big\.har… .* \(100%\)/.test(l))).toBe(true);
  });

  it('reads an empty file and a named pipe (no size, no offsets) the same way', async () => {
    const empty = path.join(dir, 'empty.har');
    writeFileSync(empty, '');
    expect((await readInput(empty, recorder().make)).text).toBe('');

    const fifo = path.join(dir, 'pipe.har');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `printf '%s' '{"log":{"entries":[]}}' > '${fifo}'`]);
    const closed = new Promise((r) => writer.on('close', r));
    const got = await readInput(fifo, recorder().make);
    expect(got.text).toBe('{"log":{"entries":[]}}');
    await closed;
  });

  it('refuses standard input the moment it passes the limit, saying what it knows, and stops reading', async () => {
    // An endless pipe: chunks are counted as they are pulled.
    let pulled = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const endless = new Readable({
      read() {
        pulled += chunk.length;
        this.push(chunk);
      },
    });
    const limit = 1024 * 1024;
    const err = await readInput('-', recorder().make, { stdin: endless, limit }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/^Standard input holds more than 1 MB, the largest HAR cors-xray reads: it stopped reading there\./);
    // Refused at the limit: at most the stream's read-ahead past it was pulled, and the pipe is closed.
    expect(pulled).toBeLessThan(limit + 20 * chunk.length);
    expect(endless.destroyed).toBe(true);
  });

  it('says that nothing was read from standard input when it is empty', async () => {
    const err = await readInput('-', recorder().make, { stdin: Readable.from([]) }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toBe(EMPTY_STDIN);
    expect(EMPTY_STDIN).toMatch(/^Nothing was read from standard input/);
  });
});
