/**
 * JSON export: the analysis itself (the one document every renderer reads), pretty-printed,
 * redacted unless `redact: false`, optionally narrowed to some pair ids.
 */
import type { Analysis } from '../engine/schema';
import { prepare, type RenderOptions } from './model';

export function renderJson(analysis: Analysis, opts: Pick<RenderOptions, 'ids' | 'redact'> = {}): string {
  return JSON.stringify(prepare(analysis, opts), null, 2) + '\n';
}
