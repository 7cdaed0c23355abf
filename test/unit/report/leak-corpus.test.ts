/**
 * Issue 12's secrets corpus: a unique marker in every place a secret can sit, and zero leaks in
 * every format and copy (CLI text, Markdown, HTML, JSON, cURL, fetch, Download HAR, report card).
 * LEAK_TABLE=1 prints the count per format.
 */
import { describe, expect, it } from 'vitest';
import { LOCATIONS, leakedLocations } from './leak-corpus';
import { corpusOutputs } from './leak-formats';

describe('secrets corpus', () => {
  it('has a unique marker in at least 45 locations', () => {
    expect(LOCATIONS.length).toBeGreaterThanOrEqual(45);
    expect(new Set(LOCATIONS.map((l) => l.marker)).size).toBe(LOCATIONS.length);
  });

  it('leaks nothing in any format or copy', async () => {
    const outputs = await corpusOutputs();
    const table = Object.entries(outputs).map(([format, text]) => ({ format, chars: text.length, leaks: leakedLocations(text) }));
    if (process.env.LEAK_TABLE)
      console.log(table.map((r) => `${r.format.padEnd(16)} ${String(r.leaks.length).padStart(3)} of ${LOCATIONS.length}  ${r.leaks.join(' | ')}`).join('\n'));
    for (const r of table) expect(r.chars, `${r.format} is empty`).toBeGreaterThan(0);
    expect(Object.fromEntries(table.map((r) => [r.format, r.leaks]))).toEqual(Object.fromEntries(table.map((r) => [r.format, []])));
  });
});
