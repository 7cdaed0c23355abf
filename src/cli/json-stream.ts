/**
 * The analysis JSON, written exchange by exchange instead of as one string: a 100 MB HAR gives
 * ~180 MB of JSON, and holding it whole (plus V8's intermediate copies) costs about 1 GB.
 * The bytes are identical to report/json.ts renderJson (JSON.stringify(analysis, null, 2) + "\n").
 */
import { once } from 'node:events';
import type { Analysis, ExchangeResult } from '../engine/schema';

const MARK = '\u0000cors-xray:exchanges\u0000';

/** `map` transforms each exchange just before it is written (the redactor, for the default output). */
export function* analysisJsonChunks(a: Analysis, map?: (ex: ExchangeResult) => ExchangeResult): Generator<string> {
  if (a.exchanges.length === 0) {
    yield JSON.stringify(a, null, 2) + '\n';
    return;
  }
  // Stringify everything but the exchanges once, with a marker where they go (key order kept).
  const head = JSON.stringify({ ...a, exchanges: [MARK] }, null, 2);
  const markLine = `    ${JSON.stringify(MARK)}`;
  const at = head.indexOf(markLine);
  yield head.slice(0, at);
  for (let i = 0; i < a.exchanges.length; i++) {
    // Nested two levels deep (top object > exchanges array): indent by four spaces.
    yield (i ? ',\n    ' : '    ') + JSON.stringify(map ? map(a.exchanges[i]!) : a.exchanges[i], null, 2).replace(/\n/g, '\n    ');
  }
  yield head.slice(at + markLine.length) + '\n';
}

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
