/**
 * `cors-xray analyze <file.har|->`: read a HAR from any producer, run the same analyze() as the
 * panel, and render it as text, Markdown, HTML or the analysis JSON.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Command } from 'commander';
import { analyze } from '../engine/analyze';
import { isFirefoxCreator } from '../engine/firefox-console';
import { RULES } from '../rules/index';
import { KNOWN_STACKS, knownStack } from '../engine/fixes/index';
import type { Analysis, ExchangeResult } from '../engine/schema';
import { parseHarText } from '../model/har-input';
import { htmlChunks } from '../report/html';
import { markdownChunks } from '../report/markdown';
import { redactedReportedPart } from '../report/model';
import { analysisRedactor } from '../report/redact';
import { CliError, EXIT } from './errors';
import { EMPTY_STDIN, readInput } from './input';
import { analysisJsonChunks, guarded, writeChunks } from './json-stream';
import { makeProgress, megabytes, type Progress } from './progress';
import { colourWanted, makeStyle } from './style';
import { textChunks, type TextOptions } from './text';

const ANALYZE_FORMATS = ['text', 'markdown', 'html', 'json'] as const;
export type AnalyzeFormat = (typeof ANALYZE_FORMATS)[number];

export interface RenderSettings {
  format: AnalyzeFormat;
  /** Include passing pairs (text, markdown, html; the JSON always holds every pair). */
  all: boolean;
  /** Text: a full block for every failing pair, repeats included. */
  each?: boolean;
  redact: boolean;
  colour: boolean;
  stack?: string;
  width?: number;
}

export const NO_REDACT_WARNING =
  'cors-xray: warning: --no-redact: the output shows credentials, cookies and tokens exactly as recorded. Do not share it as is.';

/**
 * How long each step of the command took, printed on stderr when CORS_XRAY_TIMINGS is set (for a
 * report of a slow run, and for the benchmark, which reads the steps of the command as shipped).
 */
class StepTimes {
  private readonly steps: Array<[string, number]> = [];
  private last = performance.now();
  lap(step: string): void {
    const now = performance.now();
    this.steps.push([step, now - this.last]);
    this.last = now;
  }
  line(): string {
    return `cors-xray: timings: ${this.steps.map(([step, ms]) => `${step} ${Math.round(ms)} ms`).join(', ')}`;
  }
}

/**
 * Peak memory at most 3x the HAR's size (issue 12), set up once the text is read. What is alive is
 * already ~2x the file (the text and its parsed document, then the document and the analysis), and
 * between two collections V8 lets its heap grow up to 4x what survived the last one (its factor for
 * a large heap on a machine with memory to spare): peak RSS on a 500 MB HAR was 3.4x (text) to
 * 5.7x (JSON) the file. So one full collection now, while only the text and the chunks it was
 * decoded from are in the heap (20-80 ms on 500 MB: the chunks, as large as the file, go), and from
 * then on the heap grows at most 25% past what survived each collection. 500 MB bench HAR
 * (bench/cli-analyze.bench.ts --mb 500 --all-formats), peak RSS / file size before -> after:
 * text 3.59 -> 2.93, JSON 5.66 -> 2.94, Markdown 4.19 -> 2.74, HTML 3.71 -> 2.93.
 *
 * Keeping less does not replace it (measured 2026-12-06, same file, text): without this, peak RSS
 * is 3.78x the file, and 3.80x with every response body left out of the analysis. The peak comes
 * during analyze(): the HAR text, dead once parsed, stays in the heap until V8's next major
 * collection, and the parsed document, which shares its strings (bodies included) with the
 * analysis, lives until analyze() returns. What the analysis keeps afterwards cannot lower it.
 */
function boundHeapGrowth(): void {
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  v8.setFlagsFromString('--heap-growing-percent=25');
}

/**
 * HAR text → Analysis. The capture's own notes (wrapper missing, redacted before...) come first.
 * Given the input that holds the text (the command), the text is taken out of it, so that nothing
 * holds it (as large as the file) once it is parsed: not even a temporary of the caller's frame,
 * which an argument `analyzeHarText(takeText(input))` stays in while the analysis runs (500 MB HAR:
 * the text was alive through the whole analysis, peak RSS of the default command ~1.7 GB).
 */
export function analyzeHarText(source: string | { text: string }, name: string, progress?: Progress, times?: StepTimes): Analysis {
  let text = typeof source === 'string' ? source : source.text;
  if (typeof source !== 'string') source.text = '';
  progress?.update('Parsing JSON…', true);
  if (name === '-' && !text.trim()) throw new CliError(text ? EMPTY_STDIN.replace('it ended before any byte came', 'only white space came') : EMPTY_STDIN);
  const parsed = parseHarText(text);
  // eslint-disable-next-line no-useless-assignment -- the assignment drops this frame's reference to the text; nothing reads it
  text = '';
  if (!parsed.ok) throw new CliError(`${name === '-' ? 'stdin' : JSON.stringify(name)}: ${parsed.error}`);
  times?.lap('parse');
  progress?.update(`Analysing ${parsed.entries.length} entries…`, true);
  // A Firefox capture gets Firefox's console wording (engine/firefox-console.ts).
  const analysis = analyze(parsed.entries, RULES, { browser: isFirefoxCreator(parsed.creator) ? 'firefox' : 'chromium' });
  times?.lap('analyze');
  if (parsed.notes.length) analysis.notes = [...parsed.notes, ...analysis.notes];
  return analysis;
}

/** Exit status for an analysis: 1 as soon as one exchange is blocked by CORS. */
function exitCodeFor(a: Analysis): number {
  return a.summary.corsBlocked > 0 ? EXIT.CORS_FAILURE : EXIT.OK;
}

function textOptions(s: RenderSettings): TextOptions {
  return {
    all: s.all,
    ...(s.each ? { each: true } : {}),
    style: makeStyle(s.colour),
    ...(s.stack ? { stack: s.stack } : {}),
    ...(s.width ? { width: s.width } : {}),
  };
}

/**
 * An analysis in one of the output formats, pair by pair: the one output path of `analyze`, of the
 * probe and of the benchmark. Redaction happens here, once: the secrets of the whole capture are
 * learnt now (the expensive part, before the first chunk), then each shown pair is redacted just
 * before it is rendered (JSON: every pair; text, Markdown and HTML: only the part of each the
 * report shows, redactedReportedPart), never the whole analysis at once. The summary counts stay
 * the capture's.
 */
function analysisChunks(a: Analysis, s: RenderSettings): Iterable<string> {
  const r = s.redact ? analysisRedactor(a) : null;
  const shown = r ? { ...r.head, exchanges: a.exchanges } : a;
  if (s.format === 'json') return analysisJsonChunks(shown, r?.exchange);
  const part = r ? (ex: ExchangeResult) => redactedReportedPart(ex, r, s.stack) : undefined;
  if (s.format === 'text') return textChunks(shown, textOptions(s), part, r?.fields);
  const opts = { ...(s.all ? { ids: a.exchanges.map((e) => e.id) } : {}), ...(s.stack ? { stack: s.stack } : {}) };
  return s.format === 'markdown' ? markdownChunks(shown, opts, part) : htmlChunks(shown, opts, part);
}

/** Render an analysis in one of the output formats: the chunks emitAnalysis writes, before its terminal guard (writeOut applies that guard to what callers print). */
export function renderAnalysis(a: Analysis, s: RenderSettings): string {
  return [...analysisChunks(a, s)].join('');
}

/**
 * Write an output to stdout through the terminal guard for its format, and resolve once it is
 * flushed (a pipe must get all of it before exit).
 */
export function writeOut(text: string, format: string = 'text', colour: boolean = colourWanted(process.stdout)): Promise<void> {
  return writeChunks(process.stdout, guarded([text], format, colour));
}

/** Render and write an analysis, streamed pair by pair, through the terminal guard for its format (stdout may be a terminal). */
export async function emitAnalysis(
  a: Analysis,
  s: RenderSettings,
  out: NodeJS.WritableStream = process.stdout,
  /** Called once the expensive part is done, just before the first byte is written. */
  beforeWrite: () => void = () => {},
): Promise<void> {
  const chunks = analysisChunks(a, s);
  beforeWrite();
  return writeChunks(out, guarded(chunks, s.format, s.colour));
}

/**
 * Options that do nothing for the chosen format are refused (exit 2), naming the formats they apply
 * to, instead of being accepted silently.
 */
function checkOptionsForFormat(format: AnalyzeFormat, opts: { all?: boolean; each?: boolean; stack?: string }): void {
  const wrong: string[] = [];
  if (opts.each && format !== 'text') wrong.push('--each applies to --format text only (a full block for every repeat)');
  if (opts.all && format === 'json') wrong.push('--all does not apply to --format json (the JSON always holds every request)');
  if (opts.stack !== undefined && format === 'json') wrong.push('--stack does not apply to --format json (the JSON holds the fixes for every stack)');
  if (wrong.length) throw new CliError(`${wrong.join('; ')}. With --format ${format}, valid options are: ${VALID_OPTIONS[format]}.`);
}

const VALID_OPTIONS: Record<AnalyzeFormat, string> = {
  text: '--all, --each, --no-redact, --stack',
  markdown: '--all, --no-redact, --stack',
  html: '--all, --no-redact, --stack',
  json: '--no-redact',
};

export function parseFormat<T extends string>(value: string, allowed: readonly T[]): T {
  const v = value.toLowerCase() as T;
  if (allowed.includes(v)) return v;
  throw new CliError(`Unknown --format "${value}". Use one of: ${allowed.join(', ')}.`);
}

export function terminalWidth(): number {
  const cols = process.stdout.isTTY ? process.stdout.columns : 0;
  return cols ? Math.min(Math.max(cols, 60), 120) : 100;
}

interface AnalyzeOpts {
  format: string;
  all?: boolean;
  each?: boolean;
  redact: boolean;
  stack?: string;
}

/**
 * --stack: one of the stacks fixes are written for (any case), as its canonical name. Anything
 * else is a usage error that lists the known stacks (exit 2), never silently ignored.
 */
export function parseStack(name: string): string {
  const got = knownStack(name);
  if (got) return got;
  throw new CliError(`unknown stack ${JSON.stringify(name)} for --stack. Known stacks: ${KNOWN_STACKS.join(', ')}.`, EXIT.USAGE);
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('Explain every CORS failure in a HAR file (Chrome, Firefox or any HAR 1.2 producer).')
    .argument('<file>', 'HAR file to read, or "-" to read it from stdin')
    .option('-f, --format <format>', `output format: ${ANALYZE_FORMATS.join(', ')}`, 'text')
    .option('-a, --all', 'also list requests that passed (text, markdown, html; json always has every request)')
    .option('-e, --each', 'text: a full block for every failing request (by default a repeat of an earlier failure gets one line)')
    .option('--no-redact', 'show credentials, cookies and tokens unmasked (redacted by default)')
    .option('--stack <name>', 'prefer fixes for this stack, e.g. "Terraform", "nginx", "Flask" (any case; an unknown name lists the known ones)')
    .addHelpText(
      'after',
      `
Exit status: 0 no CORS failure, 1 at least one CORS failure, 2 bad usage or unreadable input.

Examples:
  $ cors-xray analyze capture.har
  $ cors-xray analyze capture.har --format markdown > report.md
  $ cors-xray analyze capture.har --format html > report.html
  $ cors-xray analyze capture.har --format json | jq '.exchanges[] | {url, verdict, hiddenStatus}'
  $ cat capture.har | cors-xray analyze - --all
  $ cors-xray analyze capture.har --each
  $ cors-xray analyze capture.har --stack Terraform`,
    )
    .action(async (file: string, opts: AnalyzeOpts) => {
      const format = parseFormat(opts.format, ANALYZE_FORMATS);
      checkOptionsForFormat(format, opts);
      if (opts.stack !== undefined) opts.stack = parseStack(opts.stack);
      if (!opts.redact) process.stderr.write(NO_REDACT_WARNING + '\n');
      const times = process.env.CORS_XRAY_TIMINGS ? new StepTimes() : undefined;
      const input = await readInput(file, (bytes) => makeProgress(process.stderr, bytes));
      times?.lap('read');
      boundHeapGrowth();
      const progress = makeProgress(process.stderr, input.bytes);
      // The text is taken out of `input` there, so that nothing holds it (as large as the file) once it is parsed.
      const analysis = analyzeHarText(input, input.name, progress, times);
      progress.update(`Rendering ${analysis.summary.exchanges} exchanges${opts.redact ? ' (masking secrets)' : ''} from ${megabytes(input.bytes)}…`, true);
      const settings: RenderSettings = {
        format,
        all: !!opts.all,
        each: !!opts.each,
        redact: opts.redact,
        colour: format === 'text' && colourWanted(process.stdout),
        width: terminalWidth(),
        ...(opts.stack ? { stack: opts.stack } : {}),
      };
      process.exitCode = exitCodeFor(analysis);
      await emitAnalysis(analysis, settings, process.stdout, () => progress.done());
      if (times) {
        times.lap('output');
        process.stderr.write(times.line() + '\n');
      }
    });
}
