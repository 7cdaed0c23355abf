/**
 * Case-insensitive header lookup built once per leg. Rules and checks read headers through this,
 * never by scanning raw lists, so a leg with 500 headers costs one pass.
 */
import type { Header } from '../model/types';

export class HeaderIndex {
  private readonly map = new Map<string, string[]>();
  constructor(readonly list: readonly Header[]) {
    for (const h of list) {
      const n = h.name.toLowerCase();
      const cur = this.map.get(n);
      if (cur) cur.push(h.value);
      else this.map.set(n, [h.value]);
    }
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  /** All values of a header, in order ([] when absent). */
  all(name: string): string[] {
    return this.map.get(name.toLowerCase()) ?? [];
  }
  /** Values joined with ", " as HTTP would combine them; null when absent. */
  get(name: string): string | null {
    const v = this.map.get(name.toLowerCase());
    return v ? v.join(', ') : null;
  }
  names(): string[] {
    return [...this.map.keys()];
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
