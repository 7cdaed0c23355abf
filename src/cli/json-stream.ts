/**
 * The analysis JSON, written exchange by exchange instead of as one string: a 100 MB HAR gives
 * ~180 MB of JSON, and holding it whole (plus V8's intermediate copies) costs about 1 GB.
 * The bytes are identical to report/json.ts renderJson (JSON.stringify(analysis, null, 2) + "\n").
 */
import { once } from 'node:events';
import type { Analysis, ExchangeResult } from '../engine/schema';
import { jsonTerminalGuard, terminalGuard } from '../report/escape';
import { boundStrings } from '../report/json';

const MARK = '\u0000cors-xray:exchanges\u0000';

/**
 * `map` transforms each exchange just before it is written (the redactor, for the default output);
 * every string is then bounded as in renderJson (boundStrings).
 */
export function* analysisJsonChunks(whole: Analysis, map?: (ex: ExchangeResult) => ExchangeResult): Generator<string> {
  const a = { ...boundStrings({ ...whole, exchanges: [] }), exchanges: whole.exchanges };
  if (a.exchanges.length === 0) {
    yield JSON.stringify(a, null, 2) + '\n';
    return;
  }
  // Stringify everything but the exchanges once, with a marker where they go (key order kept).
  const head = JSON.stringify({ ...a, exchanges: [MARK] }, null, 2);
  const markLine = `    ${JSON.stringify(MARK)}`;
  const at = head.indexOf(markLine);
  yield head.slice(0, at);
  // A few exchanges at a time, stringified where they sit (inside an object's array, as in the
  // whole document), so JSON.stringify itself indents them: nothing is re-indented afterwards.
  const n = a.exchanges.length;
  for (let from = 0; from < n; from += BATCH) {
    const batch: ExchangeResult[] = [];
    for (let i = from; i < from + BATCH && i < n; i++) batch.push(boundStrings(map ? map(a.exchanges[i]!) : a.exchanges[i]!));
    const text = JSON.stringify({ x: batch }, null, 2);
    // '{\n  "x": [\n' + items (each at four spaces, ",\n" between) + '\n  ]\n}'
    yield (from ? ',\n' : '') + text.slice(BATCH_OPEN.length, text.length - BATCH_CLOSE.length);
  }
  yield head.slice(at + markLine.length) + '\n';
}

const BATCH = 16;
const BATCH_OPEN = '{\n  "x": [\n';
const BATCH_CLOSE = '\n  ]\n}';

/** Write chunks to a stream, honouring backpressure; resolves once everything is flushed. */
export async function writeChunks(out: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  let batch = '';
  for (const chunk of chunks) {
    batch += chunk;
    if (batch.length < 1 << 20) continue;
    if (!out.write(batch)) await once(out, 'drain');
    batch = '';
  }
  await new Promise<void>((resolve, reject) => out.write(batch, (err) => (err ? reject(err) : resolve())));
}

/**
 * Chunks of an output, each passed through the terminal guard for its format just before it is
 * written (stdout may be a terminal): JSON keeps its values (jsonTerminalGuard), every other format
 * keeps only its line breaks and, with `colour`, its own colour sequences (terminalGuard).
 */
export function* guarded(chunks: Iterable<string>, format: string, colour: boolean): Generator<string> {
  for (const chunk of chunks) yield format === 'json' ? jsonTerminalGuard(chunk) : terminalGuard(chunk, colour);
}
