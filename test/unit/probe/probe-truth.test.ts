/**
 * After `probe --send-actual` sent a request a browser would not send, every message speaks of the
 * answer it got; "never sent" / "real answer is unknown" appear only when it was not sent (issue 14,
 * item 5). Every output of the probe: text, Markdown, JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderProbeText, runProbe } from '../../../src/cli/probe-command';
import { renderAnalysis } from '../../../src/cli/analyze-command';
import { renderMarkdown } from '../../../src/report/markdown';
import { makeStyle } from '../../../src/cli/style';
import { allow, startHostile, type HostileServer } from './hostile-server';

let srv: HostileServer;
beforeAll(async () => {
  srv = await startHostile();
  // No OPTIONS route: 403 without CORS headers; the PUT itself succeeds.
  srv.route('/orders', (req, res) => {
    if (req.method === 'OPTIONS') res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"message":"Missing Authentication Token"}');
    else res.writeHead(200, allow(req, { 'Content-Type': 'application/json' })).end('{"ok":true}');
  });
});
afterAll(async () => {
  await srv?.close();
});

async function outputs(sendActual: boolean): Promise<string[]> {
  const run = await runProbe({
    url: `${srv.origin}/orders`,
    origin: 'https://app.example.com',
    method: 'PUT',
    headers: [{ name: 'Content-Type', value: 'application/json' }],
    body: '{}',
    credentials: false,
    sendActual,
    timeoutMs: 5000,
  });
  const ids = run.analysis.exchanges.map((e) => e.id);
  return [
    renderProbeText(run.result, run.analysis, { redact: true, style: makeStyle(false), width: 100 }),
    renderMarkdown(run.analysis, { ids }),
    renderAnalysis(run.analysis, { format: 'json', all: true, redact: true, colour: false }),
    renderAnalysis(run.analysis, { format: 'text', all: true, redact: true, colour: false, width: 100 }),
  ].map((o) => o.replace(/\s+/g, ' '));
}

describe('probe truth', () => {
  it('with --send-actual, no output says the PUT was never sent or that its answer is unknown', async () => {
    for (const out of await outputs(true)) {
      expect(out).not.toMatch(/never sent/i);
      expect(out).not.toMatch(/real answer is unknown/i);
      expect(out).toContain('the probe sent it anyway (--send-actual) and got 200 OK');
    }
  });

  it('without it, the outputs say the PUT was never sent', async () => {
    const outs = await outputs(false);
    for (const out of outs.slice(1)) expect(out).toMatch(/never sent/);
    for (const out of outs) expect(out).not.toContain('the probe sent it anyway');
  });
});
