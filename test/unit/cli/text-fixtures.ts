/**
 * A hand-made analysis for the text output tests: every kind of block line (hidden status and
 * its note, gateway, evidence, the fix and other stacks, secondary findings, a reveal), a passing
 * and a network-failed pair, notes that wrap, and secrets to mask.
 */
import type { Analysis, ExchangeResult } from '../../../src/engine/schema';
import { analysisOf, missingOptionsRoute, sampleAnalysis } from '../report/fixtures';
import { secretExchange } from '../report/leaks';

export const TEXT_SETTINGS = [
  { all: false, colour: false, width: 100 },
  { all: true, colour: false, width: 72 },
  { all: false, colour: true, width: 100, stack: 'Terraform' },
  { all: true, colour: true, width: 60, stack: 'none' },
] as const;

export function textAnalysis(): Analysis {
  const base = sampleAnalysis();
  const missing = base.exchanges[0]!;
  const withReveal: ExchangeResult = {
    ...missing,
    reveal: {
      note: 'The browser never sent the PUT: a request from outside the browser shows its real answer.',
      commands: [`curl -i -X PUT '${missing.url}' -H 'Origin: http://localhost:5173' -H 'Authorization: Bearer <token>'`],
    },
    findings: [...missing.findings, { ...missingOptionsRoute().findings[0]!, rule: 'second-rule', title: 'A second finding', severity: 'warning' }],
  };
  return analysisOf(
    [withReveal, ...base.exchanges.slice(1), secretExchange('p20')],
    [...base.notes, 'A long note that has to wrap over more than one line in the notes section of the text output, at any width.'],
  );
}
