/**
 * Read the HAR text from a file or from stdin ("-"), with a progress line for large files.
 * Every failure becomes a CliError that says what to do.
 */
import { createReadStream, fstatSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { harSizeError, MAX_HAR_BYTES } from '../model/har-input';
import { CliError } from './errors';
import { megabytes, PROGRESS_MIN_BYTES, type Progress } from './progress';

export interface Input {
  /** "-" for stdin, else the path as given. */
  name: string;
  text: string;
  bytes: number;
}

function describeFsError(file: string, err: unknown): string {
  const code = (err as { code?: string }).code;
  const shown = JSON.stringify(file);
  switch (code) {
    case 'ENOENT':
      return `Cannot read ${shown}: no such file (looked in ${path.resolve(file)}). Check the path, or use "-" to read from stdin.`;
    case 'EISDIR':
      return `Cannot read ${shown}: it is a directory. Give the path of a .har file inside it.`;
    case 'EACCES':
    case 'EPERM':
      return `Cannot read ${shown}: permission denied. Check the file's permissions.`;
    case 'ERR_STRING_TOO_LONG':
      return `Cannot read ${shown}: it is too large to hold as text. Record a shorter session and export again.`;
    default:
      return `Cannot read ${shown}: ${(err as Error).message ?? String(err)}.`;
  }
}

/**
 * The text of a HAR, decoded chunk by chunk as it is read and joined once at the end. Never one
 * buffer of the whole file: a buffer that large counts as external memory, which makes V8 run a
 * major collection right then, while the heap is nearly empty, and set its next limit from that.
 * The JSON.parse that follows then crosses the limit early; a collection started inside
 * JSON.parse cannot finish before the parse returns, and slows all of it. Decoded chunks grow the
 * heap itself instead: a collection they start ends between two reads, with the text nearly all
 * there, and sets a limit the parse stays under. Measured with the bundled command on the 100 MB
 * bench HAR: 0.99–1.09 s with one buffer, 0.87–0.98 s this way (0.79–0.85 s with the overlapped
 * reads of readFile and later engine work). Peak RSS 388 → 460 MB: the chunks and the joined text
 * are both alive for a moment.
 */
class TextCollector {
  private readonly decoder = new StringDecoder('utf8');
  private readonly parts: string[] = [];
  bytes = 0;
  constructor(
    private readonly name: string,
    private readonly limit: number,
  ) {}
  add(chunk: Buffer): void {
    this.bytes += chunk.length;
    // Checked as it grows, before the chunk is kept: an endless pipe (or a file that grows while
    // it is read) is refused the moment it passes the limit, and the message says what is known:
    // more than the limit, not a size it never learnt.
    if (this.bytes > this.limit) throw new CliError(tooLarge(this.name, this.limit));
    this.parts.push(this.decoder.write(chunk));
  }
  text(): string {
    this.parts.push(this.decoder.end());
    try {
      return this.parts.join('');
    } catch (err) {
      throw new CliError(describeFsError(this.name, err));
    }
  }
}

/** The message for an input that passed the size limit while it was read (its whole size is unknown). */
function tooLarge(name: string, limit: number): string {
  const mb = limit >= 1024 * 1024 ? `${Math.round(limit / (1024 * 1024))} MB` : `${limit} bytes`;
  const what = name === '-' ? 'Standard input' : JSON.stringify(name);
  return `${what} holds more than ${mb}, the largest HAR cors-xray reads: it stopped reading there. Record a shorter session (clear the Network log, reproduce the failing request only) and export again.`;
}

/** The message for standard input that gave no bytes at all. */
export const EMPTY_STDIN =
  'Nothing was read from standard input: it ended before any byte came. Pipe a HAR file in (cat capture.har | cors-xray analyze -) or give its path.';

function progressLine(label: string, read: number, total: number): string {
  return total > 0
    ? `Reading ${label}… ${megabytes(read)} of ${megabytes(total)} (${Math.floor((read / total) * 100)}%)`
    : `Reading ${label}… ${megabytes(read)}`;
}

async function readStream(stream: NodeJS.ReadableStream, total: number, progress: Progress, label: string, into: TextCollector): Promise<void> {
  for await (const chunk of stream) {
    into.add(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    if (Math.max(into.bytes, total) >= PROGRESS_MIN_BYTES) progress.update(progressLine(label, into.bytes, total));
  }
}

const CHUNK = 4 * 1024 * 1024;

/**
 * A regular file, through two reused buffers: the next chunk is read (on libuv's thread pool)
 * while this one is decoded, so the main thread does not wait for the disk between chunks (it
 * did for about 35 ms of a 100 MB HAR). A file that grows while it is read is read to its new end.
 */
async function readFile(file: string, size: number, progress: Progress, label: string, into: TextCollector): Promise<void> {
  const fh = await fsp.open(file, 'r');
  const length = Math.max(1, Math.min(CHUNK, size));
  const buffers = [Buffer.allocUnsafe(length), Buffer.allocUnsafe(length)] as const;
  let position = 0;
  let current = 0;
  let pending: Promise<{ bytesRead: number }> | null = fh.read(buffers[0], 0, length, 0);
  try {
    for (;;) {
      const { bytesRead } = await pending;
      pending = null;
      if (bytesRead === 0) break;
      const buf = buffers[current]!;
      position += bytesRead;
      current ^= 1;
      pending = fh.read(buffers[current]!, 0, length, position);
      // StringDecoder keeps a character split across two chunks for the next one.
      into.add(bytesRead === length ? buf : buf.subarray(0, bytesRead));
      if (size >= PROGRESS_MIN_BYTES) progress.update(progressLine(label, into.bytes, size));
    }
  } finally {
    // A read still in flight (the text grew past the size limit) ends before the file is closed.
    await pending?.catch(() => {});
    await fh.close();
  }
}

/** Size of a file and whether it is a regular one (not a pipe), or a CliError for a missing / unreadable path. */
async function fileInfo(file: string): Promise<{ size: number; regular: boolean }> {
  try {
    const st = await fsp.stat(file);
    if (st.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    return { size: st.size, regular: st.isFile() };
  } catch (err) {
    throw new CliError(describeFsError(file, err));
  }
}

/** The size of stdin when it is a regular file (a shell redirect), else null (a pipe, a terminal). */
function stdinFileSize(): number | null {
  try {
    const st = fstatSync(0);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

interface ReadOptions {
  /** Where "-" reads from (process.stdin). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The most bytes read (MAX_HAR_BYTES). */
  limit?: number;
}

export async function readInput(source: string, makeProgress: (bytes: number) => Progress, opts: ReadOptions = {}): Promise<Input> {
  const limit = opts.limit ?? MAX_HAR_BYTES;
  if (source === '-') {
    const stdin = opts.stdin ?? process.stdin;
    if (stdin.isTTY) {
      throw new CliError(
        'Nothing to read: "-" reads the HAR from stdin, but stdin is a terminal. Pipe a file in (cat capture.har | cors-xray analyze -) or give its path.',
      );
    }
    // Stdin redirected from a file (`< big.har`) has a size: refused before a byte is read.
    const size = stdin === process.stdin ? stdinFileSize() : null;
    if (size !== null && size > limit) throw new CliError(`Standard input: ${harSizeError(size) ?? tooLarge('-', limit)}`);
    // Stdin size is unknown in advance: the line appears once the bytes read pass the threshold.
    const progress = makeProgress(Number.MAX_SAFE_INTEGER);
    const into = new TextCollector('-', limit);
    try {
      await readStream(stdin, 0, progress, 'stdin', into);
    } finally {
      progress.done();
    }
    if (into.bytes === 0) throw new CliError(EMPTY_STDIN);
    return { name: '-', text: into.text(), bytes: into.bytes };
  }
  const { size: bytes, regular } = await fileInfo(source);
  if (bytes > limit) throw new CliError(`${JSON.stringify(source)}: ${harSizeError(bytes) ?? tooLarge(source, limit)}`);
  const progress = makeProgress(bytes);
  const into = new TextCollector(source, limit);
  try {
    // A pipe or device (`<(cat x.har)`, /dev/stdin) has no size and cannot be read at offsets.
    if (regular) await readFile(source, bytes, progress, path.basename(source), into);
    else await readStream(createReadStream(source, { highWaterMark: CHUNK }), bytes, progress, path.basename(source), into);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(describeFsError(source, err));
  } finally {
    progress.done();
  }
  return { name: source, text: into.text(), bytes: into.bytes };
}
