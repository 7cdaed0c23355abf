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

function toText(buf: Buffer, name: string): string {
  const sizeErr = harSizeError(buf.length);
  if (sizeErr) throw new CliError(`${name === '-' ? 'stdin' : JSON.stringify(name)}: ${sizeErr}`);
  try {
    return buf.toString('utf8');
  } catch (err) {
    throw new CliError(describeFsError(name, err));
  }
}

/** Size of a file, or a CliError for a missing / unreadable path. */
export async function fileSize(file: string): Promise<number> {
  try {
    const st = await fsp.stat(file);
    if (st.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    return st.size;
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
  const bytes = await fileSize(source);
  const sizeErr = harSizeError(bytes);
  if (sizeErr) throw new CliError(`${JSON.stringify(source)}: ${sizeErr}`);
  const progress = makeProgress(bytes);
  let buf: Buffer;
  try {
    buf = await readStream(createReadStream(source, { highWaterMark: 4 * 1024 * 1024 }), bytes, progress, path.basename(source));
  } catch (err) {
    progress.done();
    throw new CliError(describeFsError(source, err));
  }
  progress.done();
  return { name: source, text: toText(buf, source), bytes };
}
