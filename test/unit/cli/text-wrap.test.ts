/** wrap(): the one-line fast path gives exactly what the general word wrap gives. */
import { describe, expect, it } from 'vitest';
import { wrap } from '../../../src/cli/text';

/** The general algorithm: split on any whitespace, rejoin greedily with single spaces. */
function reference(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}

describe('wrap', () => {
  const texts = [
    '',
    ' ',
    'a',
    'a b',
    ' a',
    'a ',
    'a  b',
    'a\tb',
    'a\u00a0b',
    'a\r\nb',
    'a\nb',
    '\n',
    'a\u2028b',
    'x'.repeat(30),
    'aa bb cc dd ee',
    'https://api.example.com/prod/orders?id=1 failed',
  ];
  for (const width of [1, 3, 5, 10, 40, 100]) {
    it(`width ${width}`, () => {
      for (const t of texts) expect(wrap(t, width), JSON.stringify(t)).toEqual(reference(t, width));
    });
  }
});
