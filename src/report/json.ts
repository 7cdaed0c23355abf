/**
 * JSON export: the analysis itself (the one document every renderer reads), pretty-printed,
 * redacted unless `redact: false`, optionally narrowed to some pair ids. Every string longer than
 * JSON_VALUE_MAX is cut to a prefix that ends with a marker giving its full length (boundStrings).
 */
import type { Analysis } from '../engine/schema';
import { clip, JSON_VALUE_MAX } from './escape';
import { prepare, type RenderOptions } from './model';

/**
 * `v` with every string longer than `max` cut (clip: a prefix, "… (N more characters, M in all)").
 * Returns `v` itself when nothing is that long (the usual case: only a walk, no copy); otherwise a
 * copy of the objects and arrays on the way to each long string. A 10 MB URL, repeated in an
 * exchange's legs, fixes and messages, made 115 MB of JSON; a 50 MB one crashed the output.
 */
export function boundStrings<T>(v: T, max: number = JSON_VALUE_MAX, depth = 0): T {
  if (typeof v === 'string') return (v.length > max ? clip(v, max) : v) as T;
  if (typeof v !== 'object' || v === null || depth > 64) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      const b = boundStrings(item, max, depth + 1);
      if (b !== item) (out ??= v.slice())[i] = b;
    }
    return (out ?? v) as T;
  }
  let out: Record<string, unknown> | null = null;
  const obj = v as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const item = obj[key];
    const b = boundStrings(item, max, depth + 1);
    if (b !== item) {
      if (!out) {
        // Same keys in the same order, without a prototype that a key could reach.
        out = Object.create(null) as Record<string, unknown>;
        for (const k of Object.keys(obj)) out[k] = obj[k];
      }
      out[key] = b;
    }
  }
  return (out ?? v) as T;
}

export function renderJson(analysis: Analysis, opts: Pick<RenderOptions, 'ids' | 'redact'> = {}): string {
  return JSON.stringify(boundStrings(prepare(analysis, opts)), null, 2) + '\n';
}
