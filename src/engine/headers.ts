/**
 * Case-insensitive header lookup built once per leg. Rules and checks read headers through this,
 * never by scanning raw lists, so a leg with 500 headers costs one pass.
 */
import type { Header } from '../model/types';

export class HeaderIndex {
  /** Lower-cased names, parallel to `list` (a linear scan beats a Map for the usual 5-30 headers). */
  private readonly lower: string[];
  constructor(readonly list: readonly Header[]) {
    const lower = new Array<string>(list.length);
    for (let i = 0; i < list.length; i++) lower[i] = list[i]!.name.toLowerCase();
    this.lower = lower;
  }
  has(name: string): boolean {
    return this.lower.includes(name.toLowerCase());
  }
  /** All values of a header, in order ([] when absent). */
  all(name: string): string[] {
    const n = name.toLowerCase();
    const out: string[] = [];
    for (let i = 0; i < this.lower.length; i++) if (this.lower[i] === n) out.push(this.list[i]!.value);
    return out;
  }
  /** Values joined with ", " as HTTP would combine them; null when absent. */
  get(name: string): string | null {
    const n = name.toLowerCase();
    let found: string | null = null;
    for (let i = 0; i < this.lower.length; i++) {
      if (this.lower[i] !== n) continue;
      const v = this.list[i]!.value;
      found = found === null ? v : `${found}, ${v}`;
    }
    return found;
  }
  names(): string[] {
    return [...new Set(this.lower)];
  }
}

/** Split a comma-separated header list into trimmed, non-empty items. */
export function splitList(value: string | null): string[] {
  if (!value) return [];
  const out: string[] = [];
  for (const part of value.split(',')) {
    const t = part.trim();
    if (t) out.push(t);
  }
  return out;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** An HTTP token (method or header name), safe to paste into a config snippet. */
export function isToken(s: string): boolean {
  return TOKEN.test(s);
}
