/**
 * Fuzz suite (issue 12): analysis, every renderer, the HAR export and redaction on generated
 * hostile input. Seeded: `npm test` runs a fixed seed at a small size; FUZZ_SEED=<n> reproduces a
 * failure, FUZZ_RUNS=<n> (or `npm run fuzz`) runs more cases.
 */
import { Writable } from 'node:stream';
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import fc from 'fast-check';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { analyze } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';
import type { Analysis } from '../../../src/engine/schema';
import { emitAnalysis, renderAnalysis, type AnalyzeFormat } from '../../../src/cli/analyze-command';
import { renderHtml, HTML_CSP } from '../../../src/report/html';
import { renderMarkdown } from '../../../src/report/markdown';
import { renderJson } from '../../../src/report/json';
import { exportHar, HAR_EXPORT_LIMITS } from '../../../src/report/har';
import { parseHarText } from '../../../src/model/har-input';
import { exportAll } from '../../../src/report/exports';
import { curlForExchange, fetchForExchange } from '../../../src/report/curl';
import { harishEntries, harishEntry, deepInitiator, params, SEED, RUNS } from './arbitraries';

const BASES = new Set(['observed', 'inferred']);
const CONFIDENCES = new Set(['certain', 'high', 'medium', 'low']);
const VERDICTS = new Set(['ok', 'cors-blocked', 'not-cors']);

beforeAll(() => {
  // The seed and size of this run, for reproduction (FUZZ_SEED=<seed> npm run fuzz).
  console.log(`fuzz: seed ${SEED} (override with FUZZ_SEED), ${RUNS} runs per property (FUZZ_RUNS)`);
});

function expectBasis(v: { basis: string; confidence: string }, where: string): void {
  expect(BASES.has(v.basis), `${where}: basis ${v.basis}`).toBe(true);
  expect(CONFIDENCES.has(v.confidence), `${where}: confidence ${v.confidence}`).toBe(true);
}

/** The invariants every analysis keeps, whatever it was given. */
function checkAnalysis(a: Analysis, entries: readonly unknown[]): void {
  expect(a.summary.entries).toBe(entries.length);
  expect(a.summary.exchanges).toBe(a.exchanges.length);
  expect(a.summary.ok + a.summary.corsBlocked + a.summary.notCors).toBe(a.exchanges.length);
  // Every entry accounted for: a leg of an exchange, or a note saying why it was skipped.
  const legs = a.exchanges.reduce((n, ex) => n + (ex.preflight ? 1 : 0) + (ex.actual ? 1 : 0), 0);
  const skipped = a.notes.filter((n) => /^Entry \d+ .*skipped\.$/.test(n)).length;
  expect(legs + skipped, `legs ${legs} + skipped ${skipped} vs entries ${entries.length}`).toBeGreaterThanOrEqual(entries.length);
  const ids = new Set<string>();
  for (const ex of a.exchanges) {
    const w = `exchange ${ex.id}`;
    expect(ids.has(ex.id), `${w}: duplicate id`).toBe(false);
    ids.add(ex.id);
    expect(VERDICTS.has(ex.verdict), w).toBe(true);
    expect(typeof ex.headline, w).toBe('string');
    expect(ex.preflight ?? ex.actual, w).not.toBeNull();
    expectBasis(ex.credentials, `${w} credentials`);
    if (ex.hiddenStatus) expectBasis(ex.hiddenStatus, `${w} hiddenStatus`);
    if (ex.console) expectBasis(ex.console, `${w} console`);
    if (ex.gatewayBasis) expectBasis(ex.gatewayBasis, `${w} gatewayBasis`);
    for (const l of ex.gatewayLayers ?? []) expectBasis(l, `${w} layer ${l.kind}`);
    if (ex.verdict === 'cors-blocked') expect(ex.blockedLeg, `${w} blockedLeg`).not.toBeNull();
    for (const f of ex.findings) {
      expectBasis(f, `${w} finding ${f.rule}`);
      if (f.hiddenStatus) expectBasis(f.hiddenStatus, `${w} finding ${f.rule} hiddenStatus`);
      expect(typeof f.message, `${w} finding ${f.rule}`).toBe('string');
    }
  }
}

/* ------------------------------------------------------------------------------------------------
 * Output properties
 * --------------------------------------------------------------------------------------------- */

/** What a terminal would act on: C0 (but the line feed the renderer writes), DEL, C1, bidi controls, line/paragraph separators. */
const TERMINAL_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/** What visibleControls makes visible in Markdown and HTML: C0 (but line feed and tab), DEL, C1, bidi controls. */
const MARKDOWN_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Unicode noncharacters: shown as their code point in text, Markdown and HTML (escape.ts isNoncharacter); JSON keeps them. */
const NONCHARACTER =
  /[\ufdd0-\ufdef\ufffe\uffff]|[\ud83f\ud87f\ud8bf\ud8ff\ud93f\ud97f\ud9bf\ud9ff\uda3f\uda7f\udabf\udaff\udb3f\udb7f\udbbf\udbff][\udffe\udfff]/;

function checkNoncharacters(out: string, where: string): void {
  const m = NONCHARACTER.exec(out);
  expect(m, `${where}: raw noncharacter U+${m?.[0].codePointAt(0)!.toString(16).toUpperCase()} at ${m?.index}`).toBeNull();
}

function checkText(out: string, where: string): void {
  const m = TERMINAL_UNSAFE.exec(out);
  expect(
    m,
    `${where}: raw U+${m?.[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${m?.index}: ${JSON.stringify(out.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 20))}`,
  ).toBeNull();
}

/** Colour on: the only escape sequences are the style's own SGR colours. */
function checkColourText(out: string, where: string): void {
  checkText(out.replace(/\u001b\[[0-9;]*m/g, ''), where);
}

/** Is the character at i escaped by an odd run of backslashes before it? */
function escaped(s: string, i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && s[j] === '\\'; j--) n++;
  return n % 2 === 1;
}

/**
 * Markdown minus what CommonMark shows literally: fenced code blocks (closed by a fence at least as
 * long) and code spans (closed by a backtick run of the same length). What is left is prose.
 */
function markdownProse(md: string): string {
  const lines = md.split('\n');
  const prose: string[] = [];
  let fence: string | null = null;
  for (const line of lines) {
    if (fence) {
      const m = /^ {0,3}(`{3,})\s*$/.exec(line);
      if (m && m[1]!.length >= fence.length) fence = null;
      continue;
    }
    const open = /^ {0,3}(`{3,})[^`]*$/.exec(line);
    if (open) {
      fence = open[1]!;
      continue;
    }
    prose.push(line);
  }
  // Code spans within a paragraph (lines joined: a span may not cross a blank line, ours never do).
  const text = prose.join('\n');
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '`' && !escaped(text, i)) {
      let n = 0;
      while (text[i + n] === '`') n++;
      const run = '`'.repeat(n);
      let j = i + n;
      let close = -1;
      while ((j = text.indexOf(run, j)) !== -1) {
        if (text[j + n] !== '`' && text[j - 1] !== '`') {
          close = j;
          break;
        }
        while (text[j] === '`') j++;
      }
      if (close === -1) {
        out += run;
        i += n;
        continue;
      }
      out += '␣code␣';
      i = close + n;
      continue;
    }
    out += text[i];
    i++;
  }
  return out;
}

function checkMarkdown(md: string, where: string): void {
  const prose = markdownProse(md);
  for (let i = 0; i < prose.length; i++) {
    const c = prose[i]!;
    if (escaped(prose, i)) continue;
    const next = prose[i + 1] ?? '';
    const ctx = () => `${where}: ${JSON.stringify(prose.slice(Math.max(0, i - 40), i + 40))}`;
    // Raw HTML (a tag, a comment, a declaration) or an autolink.
    if (c === '<') expect(/[A-Za-z/!?]/.test(next), `raw HTML/autolink ${ctx()}`).toBe(false);
    // A link or image: "](" or "![" or a reference definition "[x]:".
    if (c === ']') expect(next === '(' || next === ':' || next === '[', `link syntax ${ctx()}`).toBe(false);
    if (c === '!') expect(next === '[' && !escaped(prose, i + 1), `image syntax ${ctx()}`).toBe(false);
  }
  // Control and bidi characters are shown as symbols (visibleControls); the renderer's own tabs aside.
  checkNoncharacters(md, where);
  const m = MARKDOWN_UNSAFE.exec(md);
  expect(m, `${where}: raw U+${m?.[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${m?.index}`).toBeNull();
}

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** The elements and attributes our HTML report is made of (html.ts); anything else came from input. */
const HTML_TAGS = new Set(
  'html head meta title style body main section header footer h1 h2 h3 p div span strong em dl dt dd table thead tbody tr th td pre code ul li'.split(' '),
);
const HTML_ATTRS = new Set('lang charset http-equiv content name class id aria-label'.split(' '));

function elements(node: Node, out: Element[] = []): Element[] {
  if ('tagName' in node) out.push(node);
  if ('childNodes' in node) for (const c of node.childNodes) elements(c, out);
  if ('content' in node && node.content) elements(node.content, out);
  return out;
}

function checkHtml(written: string, where: string): void {
  // What the file holds: written as UTF-8, a lone surrogate from the input becomes U+FFFD.
  const html = Buffer.from(written, 'utf8').toString('utf8');
  expect(html.toLowerCase().includes('<script'), `${where}: <script`).toBe(false);
  const errors: string[] = [];
  const doc = parse(html, {
    onParseError: (e) => errors.push(`${e.code} at ${e.startOffset}: ${JSON.stringify(html.slice(e.startOffset - 30, e.startOffset + 30))}`),
  });
  expect(errors, `${where}: parse errors`).toEqual([]);
  const els = elements(doc);
  for (const el of els) {
    expect(HTML_TAGS.has(el.tagName), `${where}: element <${el.tagName}>`).toBe(true);
    for (const at of el.attrs) expect(HTML_ATTRS.has(at.name), `${where}: attribute ${at.name}="${at.value}" on <${el.tagName}>`).toBe(true);
  }
  const csp = els.filter((el) => el.tagName === 'meta' && el.attrs.some((a) => a.name === 'http-equiv'));
  expect(
    csp.map((el) => el.attrs.find((a) => a.name === 'content')?.value),
    `${where}: CSP`,
  ).toEqual([HTML_CSP]);
}

function checkJson(json: string, a: Analysis, where: string): unknown {
  let doc: { summary?: unknown; exchanges?: Array<{ id: string }> } = {};
  expect(() => (doc = JSON.parse(json) as typeof doc), `${where}: valid JSON`).not.toThrow();
  // Round trip: what is read back writes the same JSON again.
  expect(JSON.parse(JSON.stringify(doc)), where).toEqual(doc);
  expect(doc.summary, where).toEqual(a.summary);
  expect(
    doc.exchanges?.map((e) => e.id),
    where,
  ).toEqual(a.exchanges.map((e) => e.id));
  return doc;
}

async function emitted(a: Analysis, format: AnalyzeFormat, redact: boolean, all: boolean, colour = false): Promise<string> {
  let out = '';
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  await emitAnalysis(a, { format, all, each: all, redact, colour, width: 80 }, sink);
  return out;
}

/* ------------------------------------------------------------------------------------------------
 * Properties
 * --------------------------------------------------------------------------------------------- */

// Each property is synchronous work (a 400-run property took 33 s under load). Between tests the
// worker must reach its event loop's poll phase to read the runner's replies: vitest's worker RPC
// has a fixed 60 s timeout, and `npm run fuzz` failed with "Timeout calling onTaskUpdate" (every
// test passed) when the file's properties ran back to back on microtasks only.
afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));

describe('fuzz: analysis', () => {
  it('analyze() never throws, and every entry is accounted for with a basis and confidence on every claim', () => {
    fc.assert(
      fc.property(harishEntries, (entries) => {
        const a = analyze(entries, RULES);
        checkAnalysis(a, entries);
      }),
      params(3),
    );
  });

  it('analyze() takes anything at all', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 3 }), (x) => {
        const list = Array.isArray(x) ? x : [x];
        checkAnalysis(analyze(list, RULES), list);
      }),
      params(2),
    );
  });
});

describe('fuzz: renderers', () => {
  it('CLI text: no raw control or bidi character reaches the terminal (the text renderer alone, no guard)', () => {
    fc.assert(
      fc.property(harishEntries, fc.boolean(), (entries, redact) => {
        const a = analyze(entries, RULES);
        for (const all of [false, true]) {
          const text = renderAnalysis(a, { format: 'text', all, each: all, redact, colour: false, width: 80 });
          checkText(text, `text all=${all} redact=${redact}`);
          checkNoncharacters(text, `text all=${all} redact=${redact}`);
          checkColourText(renderAnalysis(a, { format: 'text', all, each: all, redact, colour: true, width: 80 }), `colour text all=${all}`);
        }
      }),
      params(),
    );
  });

  it('CLI output as written (every format through its guard): nothing a terminal acts on', async () => {
    await fc.assert(
      fc.asyncProperty(harishEntries, async (entries) => {
        const a = analyze(entries, RULES);
        for (const format of ['text', 'markdown', 'html'] as const) checkText((await emitted(a, format, true, true)).replace(/\t/g, ' '), `emitted ${format}`);
        checkText(await emitted(a, 'json', true, true), 'emitted json');
      }),
      params(0.5),
    );
  });

  it('Markdown: hostile values cannot open HTML, links or images, or break out of code', () => {
    fc.assert(
      fc.property(harishEntries, fc.boolean(), (entries, redact) => {
        const a = analyze(entries, RULES);
        const ids = a.exchanges.map((e) => e.id);
        checkMarkdown(renderMarkdown(a, { ids, redact }), 'markdown summary');
        for (const id of ids.slice(0, 3)) checkMarkdown(renderMarkdown(a, { ids: [id], redact }), `markdown ${id}`);
        checkMarkdown(renderAnalysis(a, { format: 'markdown', all: true, redact, colour: false }), 'CLI markdown');
      }),
      params(),
    );
  });

  it('HTML: parses without error into only the report’s own elements and attributes, CSP intact', () => {
    fc.assert(
      fc.property(harishEntries, fc.boolean(), (entries, redact) => {
        const a = analyze(entries, RULES);
        const ids = a.exchanges.map((e) => e.id);
        checkHtml(renderHtml(a, { ids, redact }), 'html summary');
        for (const id of ids.slice(0, 3)) checkHtml(renderHtml(a, { ids: [id], redact }), `html ${id}`);
        checkHtml(renderAnalysis(a, { format: 'html', all: true, redact, colour: false }), 'CLI html');
      }),
      params(),
    );
  });

  it('JSON: valid, round-trips, the same document streamed and rendered whole', async () => {
    await fc.assert(
      fc.asyncProperty(harishEntries, fc.boolean(), async (entries, redact) => {
        const a = analyze(entries, RULES);
        const whole = checkJson(renderAnalysis(a, { format: 'json', all: true, redact, colour: false }), a, 'renderAnalysis json');
        const streamed = checkJson(await emitted(a, 'json', redact, true), a, 'streamed json');
        expect(streamed).toEqual(whole);
        if (!redact) checkJson(renderJson(a), a, 'renderJson');
      }),
      params(),
    );
  });

  it('the panel’s export bundle and copies build for every exchange', () => {
    fc.assert(
      fc.property(harishEntries, (entries) => {
        const a = analyze(entries, RULES);
        const summary = exportAll(a, undefined, { entries });
        checkHtml(summary.html, 'bundle html');
        checkMarkdown(summary.markdown, 'bundle markdown');
        JSON.parse(summary.json);
        JSON.parse(summary.har!);
        for (const ex of a.exchanges.slice(0, 3)) {
          const one = exportAll(a, [ex.id]);
          checkHtml(one.html, `bundle html ${ex.id}`);
          checkMarkdown(one.markdown, `bundle markdown ${ex.id}`);
          for (const redact of [true, false]) {
            curlForExchange(ex, { redact });
            fetchForExchange(ex, { redact });
          }
        }
      }),
      params(0.5),
    );
  });
});

/* ------------------------------------------------------------------------------------------------
 * HAR export
 * --------------------------------------------------------------------------------------------- */

function depthOf(v: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[v, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (d > max) max = d;
    if (x && typeof x === 'object') for (const c of Object.values(x)) stack.push([c, d + 1]);
  }
  return max;
}

describe('fuzz: HAR export', () => {
  it('is valid JSON, reads back, and its size follows the input’s', () => {
    fc.assert(
      fc.property(harishEntries, fc.boolean(), (entries, redact) => {
        const inSize = JSON.stringify(entries).length;
        const compact = exportHar(entries, null, { redact, pretty: false });
        const doc = JSON.parse(compact) as { log: { entries: unknown[] } };
        expect(doc.log.entries.length).toBe(entries.length);
        expect(depthOf(doc)).toBeLessThanOrEqual(HAR_EXPORT_LIMITS.depth + 2);
        // Compact: the input plus what completing an entry and a mask can add.
        expect(compact.length, `compact ${compact.length} vs input ${inSize}`).toBeLessThanOrEqual(2 * inSize + 300 * entries.length + 1000);
        // Pretty: indentation is bounded by the depth limit.
        const pretty = exportHar(entries, analyze(entries, RULES), { redact });
        expect(parseHarText(pretty).ok).toBe(true);
      }),
      params(),
    );
  });

  it('survives deep nesting anywhere in an entry, and cuts it', () => {
    fc.assert(
      fc.property(harishEntry, fc.integer({ min: 50, max: 3000 }), fc.constantFrom('_initiator', '_custom', 'request', 'response'), (entry, depth, where) => {
        let deep: unknown = 'bottom';
        for (let i = 0; i < depth; i++) deep = { parent: deep, a: [1] };
        const e = entry && typeof entry === 'object' && !Array.isArray(entry) ? { ...entry } : {};
        const record = e as Record<string, unknown>;
        if (where === '_initiator') record._initiator = deepInitiator(depth);
        else if (where === '_custom') record._custom = deep;
        else record[where] = { ...(typeof record[where] === 'object' && record[where] ? record[where] : {}), _nested: deep };
        const entries = [e];
        const a = analyze(entries, RULES);
        checkAnalysis(a, entries);
        const text = exportHar(entries, a, { redact: true });
        const doc: unknown = JSON.parse(text);
        expect(depthOf(doc)).toBeLessThanOrEqual(HAR_EXPORT_LIMITS.depth + 2);
        expect(text.length).toBeLessThan(2_000_000);
      }),
      params(0.5),
    );
  });
});

/* ------------------------------------------------------------------------------------------------
 * Redaction
 * --------------------------------------------------------------------------------------------- */

const alnum = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'), minLength: min, maxLength: max });
const upperDigits = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), minLength: 16, maxLength: 16 });

/** A token in a format the redactor knows, and the random part that must never be seen again. */
const secret: fc.Arbitrary<{ token: string; core: string[] }> = fc.oneof(
  alnum(36, 40).map((r) => ({ token: `ghp_${r}`, core: [r] })),
  alnum(24, 30).map((r) => ({ token: `sk_live_${r}`, core: [r] })),
  alnum(24, 30).map((r) => ({ token: `xoxb-1234-${r}`, core: [r] })),
  upperDigits.map((r) => ({ token: `AKIA${r}`, core: [`AKIA${r}`] })),
  alnum(35, 35).map((r) => ({ token: `AIza${r}`, core: [r] })),
  fc.tuple(alnum(20, 30), alnum(24, 40)).map(([p, s]) => ({ token: `eyJhbGciOiJIUzI1NiJ9.eyJ${p}.${s}`, core: [p, s] })),
  fc
    .array(alnum(64, 64), { minLength: 2, maxLength: 4 })
    .map((lines) => ({ token: `-----BEGIN RSA PRIVATE KEY-----\n${lines.join('\n')}\n-----END RSA PRIVATE KEY-----`, core: lines })),
);

type Header = { name: string; value: string };
/** The entry a secret is planted in. */
interface Planted {
  request: { method: string; url: string; headers: Header[]; postData?: unknown };
  response: { status: number; statusText: string; headers: Header[]; content?: unknown };
  _error: string;
  _initiator?: unknown;
  [field: string]: unknown;
}
type Plant = (e: Planted, s: string) => void;
const PLACES: Array<[string, Plant]> = [
  ['request header X-Note', (e, s) => e.request.headers.push({ name: 'X-Note', value: `id ${s}` })],
  ['response header X-Debug', (e, s) => e.response.headers.push({ name: 'X-Debug', value: s })],
  ['request body', (e, s) => (e.request.postData = { mimeType: 'text/plain', text: `note: ${s}\n` })],
  ['response body', (e, s) => (e.response.content = { size: 1, mimeType: 'text/plain', text: `{"note": "${JSON.stringify(s).slice(1, -1)}"}` })],
  ['_error', (e, s) => (e._error = `net::ERR_FAILED ${s}`)],
  ['statusText', (e, s) => (e.response.statusText = `Denied ${s}`)],
  ['initiator url', (e, s) => (e._initiator = { type: 'script', url: `https://app.example.com/app.js?note=${encodeURIComponent(s)}` })],
];

describe('fuzz: redaction', () => {
  it('a known token planted anywhere appears in no output with redaction on', async () => {
    await fc.assert(
      fc.asyncProperty(harishEntries, secret, fc.constantFrom(...PLACES), fc.nat(), async (noise, sec, [where, plant], at) => {
        const entry: Planted = {
          startedDateTime: '2026-01-01T00:00:00.000Z',
          time: 5,
          _resourceType: 'fetch',
          request: { method: 'POST', url: 'https://api.example.com/v1/items', headers: [{ name: 'Origin', value: 'http://localhost:5173' }] },
          response: { status: 403, statusText: 'Forbidden', headers: [{ name: 'Access-Control-Allow-Origin', value: 'https://other.example' }] },
          _error: 'net::ERR_FAILED',
        };
        plant(entry, sec.token);
        const entries = [...noise];
        entries.splice(at % (entries.length + 1), 0, entry);
        const a = analyze(entries, RULES);
        const outs: Array<[string, string]> = [];
        for (const format of ['text', 'markdown', 'html', 'json'] as const) {
          outs.push([`CLI ${format}`, renderAnalysis(a, { format, all: true, each: true, redact: true, colour: false, width: 80 })]);
          outs.push([`CLI ${format} streamed`, await emitted(a, format, true, true)]);
        }
        const bundle = exportAll(a, undefined, { entries });
        outs.push(['bundle', Object.values(bundle).join('\n')]);
        for (const ex of a.exchanges) {
          const one = exportAll(a, [ex.id]);
          outs.push([`bundle ${ex.id}`, Object.values(one).join('\n')]);
        }
        for (const [name, out] of outs) {
          for (const c of sec.core) {
            for (const form of [c, encodeURIComponent(c)]) expect(out.includes(form), `${where}: ${name} shows ${form}`).toBe(false);
          }
        }
      }),
      params(),
    );
  });
});
