/** The panel has one set of colour tokens: tokens.css names them, the dark theme only re-values them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');
const tokens = read('panel/tokens.css');
const block = (selector: string) => {
  const start = tokens.indexOf(`${selector} {`);
  expect(start, selector).toBeGreaterThanOrEqual(0);
  return tokens.slice(start, tokens.indexOf('}', start));
};
const defined = (css: string) => new Set([...css.matchAll(/(--[a-z-]+)\s*:/g)].map((m) => m[1]!));
const COLOUR = /#[0-9a-f]{3,8}\b|\brgba?\(|\bhsla?\(/i;
const USERS = ['panel/styles.css', 'panel/report/report-card.css'];

describe('colour tokens', () => {
  const light = defined(block(':root'));
  const dark = defined(block(":root[data-theme='dark']"));

  it('the dark theme overrides token values only: no token of its own', () => {
    expect([...dark].filter((t) => !light.has(t))).toEqual([]);
    // Every colour token has a dark value (fonts are the same in both).
    const colours = [...light].filter((t) => COLOUR.test(block(':root').match(new RegExp(`${t}:\\s*([^;]+);`))![1]!));
    expect(colours.filter((t) => !dark.has(t))).toEqual([]);
  });

  it.each(USERS)('%s writes no colour and no palette of its own, and uses only defined tokens', (file) => {
    const css = read(file).replace(/\/\*[\s\S]*?\*\//g, '');
    expect(css).not.toMatch(COLOUR);
    expect([...defined(css)]).toEqual([]);
    const used = [...css.matchAll(/var\((--[a-z-]+)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(10);
    // --table-w and --verdict-w are layout values set from the components, not colours.
    expect(used.filter((t) => !light.has(t) && !['--table-w', '--verdict-w'].includes(t))).toEqual([]);
  });
});
