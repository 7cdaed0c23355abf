/**
 * Read the HAR text from a file or from stdin ("-"), with a progress line for large files.
 * Every failure becomes a CliError that says what to do.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { harSizeError } from '../report/har';
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

async function readStream(stream: NodeJS.ReadableStream, total: number, progress: Progress, label: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let read = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(buf);
    read += buf.length;
    if (Math.max(read, total) >= PROGRESS_MIN_BYTES) progress.update(total > 0 ? `Reading ${label}… ${megabytes(read)} of ${megabytes(total)} (${Math.floor((read / total) * 100)}%)` : `Reading ${label}… ${megabytes(read)}`);
  }
  return Buffer.concat(chunks, read);
}

const CHUNK = 4 * 1024 * 1024;

/**
 * A file read into one buffer of its size: no chunk list to join afterwards, which on a 100 MB HAR
 * is a second copy of it (read + decode took 172 ms through a stream, 117 ms this way). A file
 * that grows while it is read is read to its new end; one that shrinks, to where it stops.
 */
async function readFile(file: string, size: number, progress: Progress, label: string): Promise<Buffer> {
  const fh = await fsp.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const { bytesRead } = await fh.read(buf, read, Math.min(CHUNK, size - read), read);
      if (bytesRead === 0) return buf.subarray(0, read);
      read += bytesRead;
      if (size >= PROGRESS_MIN_BYTES) progress.update(`Reading ${label}… ${megabytes(read)} of ${megabytes(size)} (${Math.floor((read / size) * 100)}%)`);
    }
    const extra: Buffer[] = [];
    for (;;) {
      const more = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await fh.read(more, 0, CHUNK, read);
      if (bytesRead === 0) break;
      extra.push(more.subarray(0, bytesRead));
      read += bytesRead;
    }
    return extra.length ? Buffer.concat([buf, ...extra], read) : buf;
  } finally {
    await fh.close();
  }
}

function toText(buf: Buffer, name: string): string {
  const sizeErr = harSizeError(buf.length);
  if (sizeErr) throw new CliError(`${name === '-' ? 'stdin' : JSON.stringify(name)}: ${sizeErr}`);
  try {
    return buf.toString('utf8');
  } catch (err) {
    throw new CliError(describeFsError(name, err));
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

export async function readInput(source: string, makeProgress: (bytes: number) => Progress): Promise<Input> {
  if (source === '-') {
    if (process.stdin.isTTY) {
      throw new CliError('Nothing to read: "-" reads the HAR from stdin, but stdin is a terminal. Pipe a file in (cat capture.har | cors-xray analyze -) or give its path.');
    }
    // Stdin size is unknown in advance: the line appears once the bytes read pass the threshold.
    const progress = makeProgress(Number.MAX_SAFE_INTEGER);
    const buf = await readStream(process.stdin, 0, progress, 'stdin');
    progress.done();
    return { name: '-', text: toText(buf, '-'), bytes: buf.length };
  }
  const { size: bytes, regular } = await fileInfo(source);
  const sizeErr = harSizeError(bytes);
  if (sizeErr) throw new CliError(`${JSON.stringify(source)}: ${sizeErr}`);
  const progress = makeProgress(bytes);
  let buf: Buffer;
  try {
    // A pipe or device (`<(cat x.har)`, /dev/stdin) has no size and cannot be read at offsets.
    buf = regular
      ? await readFile(source, bytes, progress, path.basename(source))
      : await readStream(createReadStream(source, { highWaterMark: CHUNK }), bytes, progress, path.basename(source));
  } catch (err) {
    progress.done();
    throw new CliError(describeFsError(source, err));
  }
  progress.done();
  return { name: source, text: toText(buf, source), bytes: buf.length };
}
