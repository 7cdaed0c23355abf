/**
 * Pairing + analysis of a synthetic 10,000-exchange capture (Chromium-shaped HAR: preflights and
 * actual requests, successes and several kinds of failure), compared with JSON.parse of the same
 * HAR text. Targets (issue 13): pairing + analysis of 10,000 exchanges at most 150 ms, the panel's
 * re-run at its 5,000 cap at most 50 ms, on this 2-core machine.
 *
 * Reported separately, each against JSON.parse of the same text:
 *   normalise            HAR entries -> the model's exchanges (the panel does this once per entry,
 *                        as it arrives; the CLI once per file)
 *   pairing + analysis   normalised exchanges -> Analysis: analyzeExchanges on exchanges it has
 *                        never seen, keeping no results for reuse: a one-shot analysis (the CLI,
 *                        a HAR opened in the panel; the panel's live view holds at most 5,000
 *                        exchanges) -- the target's scope
 *   ... in start order   the same, on the same entries in start order, as Chromium's getHAR()
 *                        returns them (the capture above is shuffled: the worst case for memory
 *                        locality, which no producer writes); not the target's line
 *   analyze(entries)     all of it from parsed HAR entries, as the CLI runs it
 *   panel first run      the panel's live analysis (src/engine/live.ts) of 5,000 exchanges it has
 *                        never seen, keeping every result for reuse
 *   panel tick           the panel's update at its 5,000 cap (src/engine/live.ts): 1% new
 *                        traffic arrives and as many of the oldest exchanges are evicted
 * Exits non-zero only on a crash.
 *
 * Measured 2026-12-06 on the shared 2-core machine (load 5-10 from other engineers' runs: wall
 * times swing 3x between runs, compare CPU or same-process A/B figures). Quiet machine at the
 * start of the day: pairing + analysis 289.7 ms (CPU 449), normalise 62 ms, analyze(entries)
 * 421 ms, panel tick 23.9 ms, JSON.parse 96.5 ms. Before/after the per-exchange allocation cuts
 * (docs/internals.md, "Fewer objects per exchange"): same-process A/B of pairing + analysis
 * 333 -> 300 ms (load 5.4); bytes allocated per analysis 91 -> 76 MB. At 09:05 UTC (load 7.5,
 * after rulesByVerdict in run.ts): pairing + analysis CPU 612 ms, wall 905-1,172 ms; panel tick
 * CPU 61.5 ms, wall 83-218 ms (07:33, load 9.3, before it: CPU 584 ms; tick 25-142 ms wall): at
 * this load neither figure says anything about the targets. Where the rest goes, and what was
 * measured and not kept: docs/internals.md, "Where the rest of the 150 ms goes".
 * At 10:55 UTC (44cb4b1, load 2.4-3.2): pairing + analysis 310.2 ms (runs 275-336; CPU 493),
 * normalise 75 ms, analyze(entries) 450 ms, panel tick 30.4 ms (CPU 43), JSON.parse 98.5 ms: the
 * 150 ms target is not met, the tick target is. Taken apart: pairing 38 ms, 6,500 passing
 * cross-origin pairs 79 ms, 2,500 blocked pairs 140 ms. Removing the work the planned
 * rule-contract change would move out of the engine leaves 0.84x of the CPU, about 225 ms:
 * docs/internals.md, "What the contract change would buy, measured".
 * Quiet (19d8349, 12:26 UTC, load 0.1-1.4, nothing else running): pairing + analysis 276.3 ms
 * (runs 268-343; CPU 455), normalise 62.5 ms, analyze(entries) 411 ms, panel tick 15.5 ms (CPU
 * 23.5), JSON.parse 96.0 ms; CLI analyze default text 1.68x JSON.parse (cli-analyze.bench.ts).
 * Last (14:33-14:35 UTC, load 1.5-1.9), before and after fixes and reveal commands became written
 * when read (2227e47 -> 43931a2), run one after the other: pairing + analysis 289.9 -> 246.7 ms
 * (0.85x; CPU 451 -> 387 ms), analyze(entries) 427.7 -> 384.3 ms, normalise 67.0 -> 61.5 ms,
 * panel tick 12.2 -> 10.1 ms (CPU 14.5 -> 10.7), JSON.parse 98.0 / 97.5 ms; CLI analyze default
 * text 1.70x -> 1.58x JSON.parse (14:28-14:33, load 2-3). 150 ms is not met: see
 * docs/internals.md, "Fixes written when read, measured".
 * 16:20-16:32 UTC, 862f1f1 -> d1d3376 (the capture recorder in the pair's context), one after the
 * other, load 5.1-5.3: pairing + analysis 389.8 -> 415.2 ms (CPU 417 -> 425 ms), analyze(entries)
 * CPU 604 -> 610 ms, panel tick 16.6 -> 16.8 ms (CPU 12.7 -> 11.5): no change beyond noise. What
 * a passing pair costs and why it stays: docs/internals.md, "What a passing pair costs".
 * At 17:35 UTC (a872912, load 0.2-1.3, nothing else running): pairing + analysis 248.5 ms (runs
 * 237-300; CPU 386), analyze(entries) 405 ms, panel tick at the 5,000 cap 9.2 ms (CPU 11.3),
 * JSON.parse 95.4 ms; CLI analyze default text 1.63x JSON.parse, json (redacted) 9.18x. 150 ms is
 * not met.
 * 19:42-19:44 UTC, b6142b0 then 5b13819 (pairing's free lists as functions, checks appended to one
 * list, fewer objects per finding; load 2.2-2.3), one after the other: pairing + analysis 250.5 ->
 * 211.0 ms (CPU 387 -> 329), analyze(entries) 398 -> 359 ms, panel tick 9.8 -> 9.6 ms; 5b13819
 * alone at 19:33 (load 1.4): 200.1 ms (CPU 303). CLI default text 1.65x JSON.parse. 150 ms is
 * still not met: docs/internals.md, "This round, and what is left of the 150 ms".
 * 21:12-21:15 UTC, 51949c1 then 0b92f14 (fixes written when read as shared accessors; no reuse
 * store on a one-shot analysis), one after the other: pairing + analysis 198.7 -> 229.4 ms while
 * JSON.parse went 89.9 -> 112.2 ms (the machine, not the engine: same-process A/Bs put the two
 * within 3%); in start order 195.1 ms; panel tick 9.6 -> 7.7 ms; panel first run at the cap 68.1
 * ms. Where the rest goes and what 150 ms would take: docs/internals.md, "Where a result's memory
 * goes".
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { analyze, analyzeExchanges, type ReusableResults } from '../src/engine/analyze';
import { LiveAnalysis } from '../src/engine/live';
import { RULES } from '../src/rules/index';
import { normaliseEntries } from '../src/model/normalise';

const EXCHANGES = 10_000;
const RUNS = Number(process.env.RUNS ?? 7);
const TARGET_MS = 150;
const TICK_TARGET_MS = 50;
const PAGE = 'https://app.example.com';
const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);
const REST = (i: number) => [
  { name: 'x-amzn-RequestId', value: `0000${i}-aaaa-4bbb-8ccc-${String(i).padStart(12, '0')}` },
  { name: 'x-amz-apigw-id', value: 'AbCdEfGhIjKlMnO=' },
  { name: 'Content-Type', value: 'application/json' },
];

type H = Array<{ name: string; value: string }>;
function entry(
  method: string,
  url: string,
  req: H,
  status: number,
  res: H,
  started: number,
  kind: string,
  init: unknown,
  error: string | null,
  blocked: number,
) {
  return {
    startedDateTime: new Date(started).toISOString(),
    time: 12,
    request: { method, url, httpVersion: status ? 'HTTP/1.1' : '', headers: req, queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: {
      status,
      statusText: '',
      httpVersion: status ? 'HTTP/1.1' : '',
      headers: res,
      cookies: [],
      content: { size: 0, mimeType: 'application/json' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      _error: error,
    },
    cache: {},
    timings: { blocked, dns: -1, ssl: -1, connect: -1, send: 0, wait: 10, receive: 1 },
    _initiator: init,
    _resourceType: kind,
    ...(error ? { _error: error } : {}),
  };
}

/**
 * `failingPer20` of every 20 exchanges fail (throttled, missing route, header not allowed, 502,
 * simple GET without CORS, in turn); the rest pass: preflighted POSTs, simple GETs with CORS, and
 * same-origin requests. Real traffic mostly passes; the default (5 of 20 failing) is still pessimistic.
 */
function buildCapture(n: number, failingPer20 = 5): unknown[] {
  const out: unknown[] = [];
  const hosts = ['https://a1.execute-api.eu-west-1.amazonaws.com', 'https://b2.execute-api.us-east-1.amazonaws.com', 'https://api.example.org'];
  const script = { type: 'script', stack: { callFrames: [{ functionName: 'f', url: `${PAGE}/app.js`, lineNumber: 1, columnNumber: 1 }] } };
  for (let i = 0; i < n; i++) {
    const host = hosts[i % 3]!;
    const url = `${host}/prod/items/${i % 97}?n=${i}`;
    const t = T0 + i * 7;
    const slot = i % 20;
    // Failing: 5 throttled, 6 missing route, 7 header not allowed, 8 502, 9 simple GET without CORS.
    // Passing: 0-4 preflighted POST, 10 simple GET with CORS, 11 same-origin GET.
    const kind = slot >= 20 - failingPer20 ? 5 + ((slot - (20 - failingPer20)) % 5) : slot % 4 === 3 ? 10 : slot % 8 === 6 ? 11 : 0;
    const cors = [{ name: 'Access-Control-Allow-Origin', value: PAGE }];
    const pfReq: H = [
      { name: 'Origin', value: PAGE },
      { name: 'Access-Control-Request-Method', value: 'POST' },
      { name: 'Access-Control-Request-Headers', value: 'authorization,content-type' },
    ];
    const actReq: H = [
      { name: 'Origin', value: PAGE },
      { name: 'Content-Type', value: 'application/json' },
      { name: 'Authorization', value: 'Bearer x.y.z' },
    ];
    const pfInit = { type: 'preflight', url, requestId: String(i) };
    if (kind === 10) {
      out.push(
        entry(
          'GET',
          url,
          [
            { name: 'Origin', value: PAGE },
            { name: 'Accept', value: 'application/json' },
          ],
          200,
          [...REST(i), ...cors],
          t,
          'fetch',
          script,
          null,
          0.2,
        ),
      );
      continue;
    }
    if (kind === 11) {
      out.push(
        entry(
          'GET',
          `${PAGE}/static/data/${i % 50}.json`,
          [{ name: 'Accept', value: 'application/json' }],
          200,
          [{ name: 'Content-Type', value: 'application/json' }],
          t,
          'fetch',
          script,
          null,
          0.2,
        ),
      );
      continue;
    }
    if (kind === 9) {
      out.push(entry('GET', url, [{ name: 'Origin', value: PAGE }], 200, REST(i), t, 'fetch', script, 'net::ERR_FAILED', 0.2));
      continue;
    }
    const pfOk = [
      ...REST(i),
      ...cors,
      { name: 'Access-Control-Allow-Methods', value: 'GET,POST,OPTIONS' },
      { name: 'Access-Control-Allow-Headers', value: kind === 7 ? 'Content-Type' : 'Content-Type,Authorization' },
    ];
    if (kind === 6) {
      out.push(
        entry(
          'OPTIONS',
          url,
          pfReq,
          403,
          [...REST(i), { name: 'x-amzn-ErrorType', value: 'MissingAuthenticationTokenException' }],
          t + 1,
          'preflight',
          pfInit,
          null,
          0,
        ),
      );
      out.push(entry('POST', url, actReq, 0, [], t, 'fetch', script, 'net::ERR_FAILED', 5));
      continue;
    }
    out.push(entry('OPTIONS', url, pfReq, 204, pfOk, t + 1, 'preflight', pfInit, null, 0));
    if (kind === 7) {
      out.push(entry('POST', url, actReq, 0, [], t, 'fetch', script, 'net::ERR_FAILED', 5));
    } else if (kind === 5) {
      out.push(
        entry(
          'POST',
          url,
          actReq,
          429,
          [...REST(i), { name: 'x-amzn-ErrorType', value: 'TooManyRequestsException' }],
          t,
          'fetch',
          script,
          'net::ERR_FAILED',
          5,
        ),
      );
    } else if (kind === 8) {
      out.push(entry('POST', url, actReq, 502, REST(i), t, 'fetch', script, 'net::ERR_FAILED', 5));
    } else {
      out.push(entry('POST', url, actReq, 200, [...REST(i), ...cors], t, 'fetch', script, null, 5));
    }
  }
  // Listener order varies in Chromium: shuffle deterministically.
  let seed = 42;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The entries of a HAR text (the bench's own, well-formed). */
const parseEntries = (har: string): unknown[] => (JSON.parse(har) as { log: { entries: unknown[] } }).log.entries;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * The forced GC below starts each measurement from the same heap, but V8 then sweeps the freed
 * pages on a background thread. On this 2-core machine that sweep competes with the measured code
 * for memory bandwidth: measured straight after gc(), pairing took 54-66 ms; after a short idle
 * wait, 25-29 ms. The panel never analyses right after a forced full GC, so every phase
 * (JSON.parse included, so the ratios stay fair) is measured after the heap has settled.
 */
const SETTLE_MS = 250;
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, SETTLE_MS));

/** Wall time, plus this process's CPU time (user+system): on a busy machine wall time includes waiting for a core. */
async function time<T>(fn: () => T): Promise<{ ms: number; cpuMs: number; value: T }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await settle();
  const c = process.cpuUsage();
  const t = performance.now();
  const value = fn();
  const ms = performance.now() - t;
  const d = process.cpuUsage(c);
  return { ms, cpuMs: (d.user + d.system) / 1000, value };
}

try {
  const entries = buildCapture(EXCHANGES);
  if (process.env.DUMP) writeFileSync(process.env.DUMP, JSON.stringify(entries));
  const text = JSON.stringify({ log: { version: '1.2', creator: { name: 'bench', version: '1' }, entries } });
  // The same entries in start order, as Chromium's getHAR() returns them (docs/internals.md): the
  // shuffled order above is the worst case for memory locality, which no producer writes.
  const inStartOrder = entries
    .map((e, i) => ({ e, i, t: Date.parse((e as { startedDateTime: string }).startedDateTime) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.e);
  const startOrderText = JSON.stringify({ log: { version: '1.2', creator: { name: 'bench', version: '1' }, entries: inStartOrder } });
  // Warm up the JIT: a few full passes of both paths, so the measured runs see optimised code.
  for (let w = 0; w < 3; w++) {
    const warm = parseEntries(text);
    analyzeExchanges(normaliseEntries(warm).exchanges, warm.length, RULES);
    analyze(parseEntries(text), RULES);
  }
  const parseMs: number[] = [];
  const normMs: number[] = [];
  const pairAnalyzeMs: number[] = [];
  const pairAnalyzeCpu: number[] = [];
  const startOrderMs: number[] = [];
  const totalMs: number[] = [];
  const totalCpu: number[] = [];
  const parseCpu: number[] = [];
  // Only what is printed of the last run is kept: the CLI analyses once, and holding a whole
  // analysis across runs would make the next run's garbage collection trace it too.
  let last = { summary: analyze([], RULES).summary, findings: 0 };
  for (let r = 0; r < RUNS; r++) {
    const p = await time(() => JSON.parse(text) as { log: { entries: unknown[] } });
    parseMs.push(p.ms);
    parseCpu.push(p.cpuMs);
    const list = p.value.log.entries;
    const n = await time(() => normaliseEntries(list));
    normMs.push(n.ms);
    // Fresh exchanges every run: no earlier result can be reused.
    const pa = await time(() => analyzeExchanges(n.value.exchanges, list.length, RULES, n.value.notes));
    pairAnalyzeMs.push(pa.ms);
    pairAnalyzeCpu.push(pa.cpuMs);
    const fresh = (JSON.parse(text) as { log: { entries: unknown[] } }).log.entries;
    const a = await time(() => analyze(fresh, RULES));
    totalMs.push(a.ms);
    totalCpu.push(a.cpuMs);
    last = { summary: a.value.summary, findings: a.value.exchanges.reduce((k, e) => k + e.findings.length, 0) };
    if (pa.value.summary.corsBlocked !== a.value.summary.corsBlocked) throw new Error('the two paths disagree');
    const sorted = parseEntries(startOrderText);
    const ns = normaliseEntries(sorted);
    startOrderMs.push((await time(() => analyzeExchanges(ns.exchanges, sorted.length, RULES, ns.notes))).ms);
  }
  // The panel re-runs analyzeExchanges on the same normalised exchanges as traffic arrives:
  // unchanged pairs are reused. Measure a re-run after 1% new traffic.
  // New traffic arrives last in time: order by start before cutting.
  const norm = normaliseEntries(parseEntries(text)).exchanges.sort((a, b) => a.startedMs - b.startedMs);
  const cut = Math.floor(norm.length * 0.99);
  const rerunMs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const base = norm.slice(0, cut);
    const reuse: ReusableResults = new WeakMap();
    analyzeExchanges(base, base.length, RULES, [], reuse);
    rerunMs.push((await time(() => analyzeExchanges(norm, norm.length, RULES, [], reuse))).ms);
  }
  // The panel at its cap: 5,000 exchanges held; a tick brings 1% new traffic and evicts as many.
  const CAP = 5000;
  const STEP = CAP / 100;
  const tickMs: number[] = [];
  const tickCpu: number[] = [];
  const firstMs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const live = new LiveAnalysis(RULES);
    const fresh = normaliseEntries(parseEntries(text)).exchanges.sort((a, b) => a.startedMs - b.startedMs);
    const at = (r * STEP) % (fresh.length - CAP - STEP);
    for (let i = at; i < at + CAP; i++) live.add(fresh[i]!);
    firstMs.push((await time(() => live.run(CAP))).ms);
    const t = await time(() => {
      for (let i = at; i < at + STEP; i++) live.remove(fresh[i]!);
      for (let i = at + CAP; i < at + CAP + STEP; i++) live.add(fresh[i]!);
      return live.run(CAP);
    });
    tickMs.push(t.ms);
    tickCpu.push(t.cpuMs);
  }
  // Failure-heavy capture (half the exchanges blocked): the worst case, fewer runs.
  const heavyText = JSON.stringify({ log: { version: '1.2', creator: { name: 'bench', version: '1' }, entries: buildCapture(EXCHANGES, 10) } });
  const heavyMs: number[] = [];
  const heavyParse: number[] = [];
  for (let r = 0; r < 3; r++) {
    const p = await time(() => JSON.parse(heavyText) as { log: { entries: unknown[] } });
    heavyParse.push(p.ms);
    heavyMs.push((await time(() => analyze(p.value.log.entries, RULES))).ms);
  }
  const total = median(totalMs);
  const parse = median(parseMs);
  const target = median(pairAnalyzeMs);
  const normalised = median(normMs);
  const mem = process.memoryUsage();
  const os = await import('node:os');
  const ratio = (ms: number) => `${(ms / parse).toFixed(2)}x JSON.parse`;
  console.log(`capture: ${EXCHANGES} exchanges, ${entries.length} HAR entries, ${(text.length / 1e6).toFixed(1)} MB of HAR text`);
  console.log(
    `result:  ${last.summary.exchanges} pairs — ok ${last.summary.ok}, cors-blocked ${last.summary.corsBlocked}, not-cors ${last.summary.notCors}; findings ${last.findings}`,
  );
  console.log(`JSON.parse of the HAR text          median ${parse.toFixed(1)} ms`);
  console.log(`normalise (HAR entries -> exchanges) median ${normalised.toFixed(1)} ms  ${ratio(normalised)}`);
  console.log(
    `pairing + analysis                  median ${target.toFixed(1)} ms  ${ratio(target)}  (runs: ${pairAnalyzeMs.map((x) => x.toFixed(0)).join(', ')}); CPU ${median(pairAnalyzeCpu).toFixed(0)} ms`,
  );
  console.log(
    `pairing + analysis, HAR in start order median ${median(startOrderMs).toFixed(1)} ms  (runs: ${startOrderMs.map((x) => x.toFixed(0)).join(', ')}): the same entries as getHAR() orders them`,
  );
  console.log(`analyze(entries), all of it          median ${total.toFixed(1)} ms  ${ratio(total)}  (runs: ${totalMs.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(
    `panel re-run after 1% new traffic   median ${median(rerunMs).toFixed(1)} ms (unchanged pairs reused); ${((5000 / EXCHANGES) * median(rerunMs)).toFixed(1)} ms scaled to the panel's 5,000 cap`,
  );
  console.log(
    `panel first run at the 5,000 cap (nothing seen before) median ${median(firstMs).toFixed(1)} ms  (runs: ${firstMs.map((x) => x.toFixed(0)).join(', ')})`,
  );
  const tick = median(tickMs);
  console.log(
    `panel tick at the 5,000 cap (1% new, 1% evicted) median ${tick.toFixed(1)} ms; CPU ${median(tickCpu).toFixed(1)} ms  (runs: ${tickMs.map((x) => x.toFixed(1)).join(', ')})`,
  );
  console.log(
    `failure-heavy capture (50% blocked) analyze median ${median(heavyMs).toFixed(1)} ms, ${(median(heavyMs) / median(heavyParse)).toFixed(2)}x its JSON.parse`,
  );
  console.log(
    `CPU time: JSON.parse ${median(parseCpu).toFixed(0)} ms, analyze(entries) ${median(totalCpu).toFixed(0)} ms; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
  );
  console.log(`heap used after runs                ${(mem.heapUsed / 1e6).toFixed(0)} MB`);
  console.log(
    target <= TARGET_MS
      ? `PASS: pairing + analysis within the ${TARGET_MS} ms target`
      : `OVER TARGET: pairing + analysis ${target.toFixed(1)} ms > ${TARGET_MS} ms`,
  );
  console.log(
    tick <= TICK_TARGET_MS
      ? `PASS: panel tick at the cap within the ${TICK_TARGET_MS} ms target`
      : `OVER TARGET: panel tick at the cap ${tick.toFixed(1)} ms > ${TICK_TARGET_MS} ms`,
  );
} catch (err) {
  console.error(err);
  process.exit(1);
}
