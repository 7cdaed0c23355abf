/**
 * Escaping for every output format. Everything that came from the network (URLs, header values,
 * bodies, messages that quote them) is untrusted: it goes through one of these before it is output.
 */

const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/**
 * Make control characters visible instead of active: ANSI escapes cannot recolour a terminal,
 * CR/LF cannot start a new Markdown block, bidi overrides cannot reorder what a reader sees.
 * C0 controls become their Unicode "control picture" (ESC → ␛), bidi controls become "[U+202E]".
 */
export function visibleControls(s: string, keepNewlines = false): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (keepNewlines && (c === 10 || c === 9)) out += ch;
    else if (keepNewlines && c === 13) continue;
    else if (c < 0x20) out += String.fromCharCode(0x2400 + c);
    else if (c === 0x7f) out += '\u2421';
    else if (c >= 0x80 && c <= 0x9f) out += '\ufffd';
    else out += ch;
  }
  return out.replace(BIDI, (m) => `[U+${m.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}

/** Long untrusted strings are cut for display (the JSON export keeps them whole). */
export function clip(s: string, max = 2000): string {
  return s.length > max ? s.slice(0, max) + `… (${s.length - max} more characters)` : s;
}

/* ------------------------------------------------------------------------------------------------
 * HTML
 * --------------------------------------------------------------------------------------------- */

const HTML_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escape text for an HTML text node or a quoted attribute value. */
export function escapeHtml(s: string, keepNewlines = false): string {
  return visibleControls(s, keepNewlines).replace(/[&<>"'`]/g, (c) => HTML_ESC[c]!);
}

/* ------------------------------------------------------------------------------------------------
 * Markdown (CommonMark + GitHub/GitLab extensions; readable as plain text in Jira)
 * --------------------------------------------------------------------------------------------- */

/**
 * Escape text for Markdown prose and table cells, keeping plain text readable: the characters that
 * can open syntax mid-line get a backslash (CommonMark allows escaping any ASCII punctuation), so
 * `[x](javascript:…)`, `![x](…)`, `<img …>`, `**`, `|` and `@mention` stay literal; an entity such
 * as `&lt;` stays literal; a leading `#`, `>`, `-`, `+` or `1.` cannot start a block. Newlines and
 * other controls become visible symbols, so a value cannot start a new block either.
 */
export function mdText(s: string): string {
  return visibleControls(s)
    .replace(/[\\`*_[\]<>|~@]/g, (c) => '\\' + c)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/^(\s*)([-+>#=]|\d+[.)])/, (_all, sp: string, mark: string) => sp + mark.replace(/([-+>#=.)])$/, '\\$1'));
}

/** Inline code span for untrusted text: a backtick run longer than any inside it, spaces if needed. */
export function mdCode(s: string): string {
  const text = visibleControls(s);
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Fenced code block whose fence cannot be closed by the content. */
export function mdFence(code: string, lang = ''): string {
  const text = visibleControls(code, true);
  const longest = Math.max(0, ...[...text.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const info = lang.replace(/[^A-Za-z0-9_+-]/g, '');
  return `${fence}${info}\n${text}${text.endsWith('\n') ? '' : '\n'}${fence}`;
}

/** Table cell: inline code for machine text (URLs, headers) keeps it readable; pipes must still be escaped. */
export function mdCellCode(s: string): string {
  // Inside a GFM table, "|" ends the cell even in a code span; "\|" is the documented escape.
  return mdCode(s).replace(/\|/g, '\\|');
}
