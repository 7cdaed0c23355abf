/**
 * Bounded output (issue 12 item 6): a huge URL, header value or network error is cut in every
 * format, with a visible marker and its full length; JSON keeps a prefix of each string with its
 * length. Markdown and HTML, streamed by the CLI, are the same bytes as the joined renderers.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyzeHarText, emitAnalysis, type RenderSettings } from '../../../src/cli/analyze-command';
import { JSON_VALUE_MAX, VALUE_MAX } from '../../../src/report/escape';
import { renderHtml } from '../../../src/report/html';
import { renderMarkdown } from '../../../src/report/markdown';
import { API, APP, entry, har } from './helpers';

const N = 1_000_000;
const url = `${API}/prod/orders?q=${'A'.repeat(N)}`;
const huge = analyzeHarText(
  har([
    entry({
      method: 'OPTIONS',
      url,
      status: 403,
      resourceType: 'preflight',
      req: { Origin: APP, 'Access-Control-Request-Method': 'PUT' },
      res: { 'x-amzn-ErrorType': `ForbiddenException${'B'.repeat(N)}` },
    }),
    entry({ method: 'PUT', url, status: 0, error: 'net::ERR_FAILED', sent: false, req: { Origin: APP } }),
    entry({ url: `https://down.example/${'C'.repeat(N)}`, status: 0, req: { Origin: APP }, error: `net::ERR_CONNECTION_REFUSED${'D'.repeat(N)}` }),
  ]),
  'huge.har',
);

async function emit(s: Partial<RenderSettings> & { format: RenderSettings['format'] }): Promise<string> {
  const sink = new PassThrough();
  let out = '';
  sink.setEncoding('utf8').on('data', (d: string) => (out += d));
  await emitAnalysis(huge, { all: false, redact: true, colour: false, ...s }, sink);
  return out;
}

/** The longest run of one character in a text (what is left of a huge value). */
function longestRun(text: string, ch: string): number {
  let best = 0;
  for (const m of text.matchAll(new RegExp(`${ch}+`, 'g'))) best = Math.max(best, m[0].length);
  return best;
}

describe('bounded output', () => {
  it.each(['text', 'markdown', 'html'] as const)('%s: every huge value is cut to at most VALUE_MAX characters, with its full length', async (format) => {
    const out = await emit({ format, all: true });
    expect(out.length).toBeLessThan(20 * VALUE_MAX);
    for (const ch of ['A', 'B', 'C', 'D']) expect(longestRun(out, ch), ch).toBeLessThanOrEqual(VALUE_MAX);
    expect(out).toMatch(/more characters, \d{7} in all\)/);
  });

  it('json: every string keeps a prefix of at most JSON_VALUE_MAX characters and says its full length', async () => {
    const out = await emit({ format: 'json' });
    expect(out.length).toBeLessThan(40 * JSON_VALUE_MAX);
    const strings: string[] = [];
    JSON.parse(out, (_k, v: unknown) => (typeof v === 'string' && strings.push(v), v));
    expect(Math.max(...strings.map((s) => s.length))).toBeLessThan(JSON_VALUE_MAX + 60);
    expect(strings.some((s) => s.endsWith(`more characters, ${url.length} in all)`))).toBe(true);
  });

  it('streamed Markdown and HTML are the bytes of renderMarkdown and renderHtml', async () => {
    for (const all of [false, true]) {
      const ids = all ? huge.exchanges.map((e) => e.id) : undefined;
      expect(await emit({ format: 'markdown', all })).toBe(renderMarkdown(huge, ids ? { ids } : {}));
      expect(await emit({ format: 'html', all })).toBe(renderHtml(huge, ids ? { ids } : {}));
    }
  });
});
