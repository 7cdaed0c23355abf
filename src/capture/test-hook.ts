/**
 * TEST BUILDS ONLY (VITE_CORS_XRAY_TEST_HOOK=1; release builds drop the import and this file —
 * test/release/packages.test.ts checks the zips for its marker). The Firefox end-to-end test
 * cannot reach the panel's DOM: Firefox's remote agent does not expose DevTools' extension frames.
 * So the devtools page reports what it captured, analysed by the same engine the panel runs, on
 * Firefox's standard output (dump(), printed when browser.dom.window.dump.enabled is set): one line
 * per change, `__corsXrayTest {json}`.
 */
import { analyze } from '../engine/analyze';
import { RULES } from '../rules/index';
import type { CaptureBuffer } from './buffer';
import type { RawEntry } from '../shared/messages';

const TEST_MARKER = '__corsXrayTest';

export function installTestHook(buffer: CaptureBuffer, out: (line: string) => void): void {
  let entries: RawEntry[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const report = () => {
    timer = null;
    const a = analyze(entries, RULES);
    const exchanges = a.exchanges.map((x) => ({
      method: x.method,
      url: x.url,
      verdict: x.verdict,
      blockedLeg: x.blockedLeg,
      rule: x.findings[0]?.rule ?? null,
      hiddenStatus: x.hiddenStatus ? { status: x.hiddenStatus.status, leg: x.hiddenStatus.leg, basis: x.hiddenStatus.basis } : null,
      gateway: x.gateway,
      preflightStatus: x.preflight?.status ?? null,
      actualStatus: x.actual?.status ?? null,
    }));
    out(`${TEST_MARKER} ${JSON.stringify({ entries: entries.length, exchanges })}\n`);
  };
  buffer.subscribe((msg) => {
    if (msg.type === 'snapshot') entries = [...msg.entries];
    else if (msg.type === 'entries') entries.push(...msg.entries);
    else if (msg.type === 'replaced') for (const { old, entry } of msg.entries) entries[entries.indexOf(old)] = entry;
    else if (msg.type === 'cleared') entries = [];
    else return;
    // Coalesce a burst into one line; the test waits on the content, not on the timing.
    timer ??= setTimeout(report, 100);
  });
  out(`${TEST_MARKER} ready\n`);
}
