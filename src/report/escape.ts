/**
 * Escaping for every output format. Everything that came from the network (URLs, header values,
 * bodies, messages that quote them) is untrusted: it goes through one of these before it is output.
 */

const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/**
 * A Unicode noncharacter (U+FDD0–U+FDEF, and the last two code points of every plane: U+FFFE,
 * U+10FFFF…): never meant to be interchanged; an HTML parser reports each one as a parse error
 * ("noncharacter-in-input-stream", found by the fuzz suite, seed 20261206 case 261) and a font
 * shows nothing readable for it. Every output shows it as its code point instead.
 */
export function isNoncharacter(c: number): boolean {
  return (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) === 0xfffe;
}

/** "[U+10FFFE]": how HTML, Markdown and the report card show a noncharacter or a bidi control. */
function codePointLabel(c: number): string {
  return `[U+${c.toString(16).toUpperCase().padStart(4, '0')}]`;
}

/**
 * Make control characters visible instead of active: ANSI escapes cannot recolour a terminal,
 * CR/LF cannot start a new Markdown block, bidi overrides cannot reorder what a reader sees.
 * C0 controls become their Unicode "control picture" (ESC → ␛), bidi controls and noncharacters
 * become "[U+202E]", "[U+10FFFE]".
 */
export function visibleControls(s: string, keepNewlines = false): string {
  if (s.length > VALUE_MAX) s = clip(s, VALUE_MAX);
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (keepNewlines && (c === 10 || c === 9)) out += ch;
    else if (keepNewlines && c === 13) continue;
    else if (c < 0x20) out += String.fromCharCode(0x2400 + c);
    else if (c === 0x7f) out += '\u2421';
    else if (c >= 0x80 && c <= 0x9f) out += '\ufffd';
    else if (c >= 0xfdd0 && isNoncharacter(c)) out += codePointLabel(c);
    else out += ch;
  }
  return out.replace(BIDI, (m) => codePointLabel(m.codePointAt(0)!));
}

/**
 * The most characters of one value a report shows, in every format but JSON (text, Markdown,
 * HTML, the report card): a 10 MB URL or header value is cut, with a marker that says so and how
 * long it was (clip). visibleControls and forTerminal apply it, so no value escapes it; renderers
 * cut some values shorter still (a URL in a table cell).
 */
export const VALUE_MAX = 8000;

/** The most characters of one string the JSON output keeps (a prefix, with its full length). */
export const JSON_VALUE_MAX = 65_536;

/**
 * A long untrusted string cut for display, with a visible marker and its length:
 * "AAAA… (19000 more characters, 20000 in all)". A surrogate pair is never split.
 */
export function clip(s: string, max = 2000): string {
  if (s.length <= max) return s;
  const end = s.charCodeAt(max - 1) >= 0xd800 && s.charCodeAt(max - 1) <= 0xdbff ? max - 1 : max;
  return s.slice(0, end) + `… (${s.length - end} more characters, ${s.length} in all)`;
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

/* ------------------------------------------------------------------------------------------------
 * Terminal (the CLI's text output and its messages on stderr)
 * --------------------------------------------------------------------------------------------- */

/**
 * What a terminal would act on or a reader would misread: C0 controls (ESC starts escape
 * sequences: screen clears, window titles, colours; CR/LF forge whole lines; NUL), DEL, C1
 * controls (U+009B is a one-character CSI on some terminals), bidi overrides, embeddings, isolates
 * and marks (they reorder what is shown), and the Unicode line and paragraph separators.
 */
const NONCHARACTERS = String.raw`\ufdd0-\ufdef\ufffe\uffff\u{1fffe}\u{1ffff}\u{2fffe}\u{2ffff}\u{3fffe}\u{3ffff}\u{4fffe}\u{4ffff}\u{5fffe}\u{5ffff}\u{6fffe}\u{6ffff}\u{7fffe}\u{7ffff}\u{8fffe}\u{8ffff}\u{9fffe}\u{9ffff}\u{afffe}\u{affff}\u{bfffe}\u{bffff}\u{cfffe}\u{cffff}\u{dfffe}\u{dffff}\u{efffe}\u{effff}\u{ffffe}\u{fffff}\u{10fffe}\u{10ffff}`;
/** DEL, C1 controls, bidi controls and marks, the line and paragraph separators. */
const C1_BIDI = String.raw`\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029`;
/** …and noncharacters (isNoncharacter): shown as their code point, like in the other formats. */
const TERMINAL_UNSAFE = new RegExp(String.raw`[\u0000-\u001f${C1_BIDI}${NONCHARACTERS}]`, 'u');
const TERMINAL_UNSAFE_ALL = new RegExp(TERMINAL_UNSAFE.source, 'gu');
/** The same, but for the line feed (the output's own line breaks). */
const UNSAFE_BUT_LF = new RegExp(String.raw`[\u0000-\u0009\u000b-\u001f${C1_BIDI}${NONCHARACTERS}]`, 'u');
const TERMINAL_NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\x1b' };

function terminalEscape(ch: string): string {
  const named = TERMINAL_NAMED[ch];
  if (named) return named;
  const c = ch.codePointAt(0)!;
  return c < 0x100 ? `\\x${c.toString(16).padStart(2, '0')}` : c > 0xffff ? `\\u{${c.toString(16)}}` : `\\u${c.toString(16).padStart(4, '0')}`;
}

/**
 * A value (from a HAR, a server, a command line, an error) as the terminal may show it: every
 * control character, bidi control and line break inside it written out visibly (\x1b, \u202e, \n),
 * so it can neither drive the terminal nor forge a line of the output. The one sanitising step of
 * the CLI: every value the text output or a message prints goes through it (text.ts, the probe's
 * output, main.ts's error lines); terminalGuard is the net under the whole output.
 */
export function forTerminal(s: string): string {
  if (s.length > VALUE_MAX) s = clip(s, VALUE_MAX);
  return TERMINAL_UNSAFE.test(s) ? s.replace(TERMINAL_UNSAFE_ALL, terminalEscape) : s;
}

/** The colour sequences the CLI's own style writes (SGR: ESC [ digits ; m). */
const SGR = /\u001b\[[0-9;]*m/y;

/**
 * The net under a whole piece of terminal output, after its values went through forTerminal:
 * the output's own line breaks stay, and with `colour` its own SGR colour sequences; any other
 * control character left (a value that missed forTerminal) is written out visibly as well.
 */
export function terminalGuard(text: string, colour: boolean): string {
  if (!UNSAFE_BUT_LF.test(text)) return text;
  const re = new RegExp(UNSAFE_BUT_LF.source, 'gu');
  let out = '';
  let from = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const i = m.index;
    if (colour && m[0] === '\u001b') {
      SGR.lastIndex = i;
      const sgr = SGR.exec(text);
      if (sgr) {
        re.lastIndex = i + sgr[0].length;
        continue;
      }
    }
    out += text.slice(from, i) + terminalEscape(m[0]);
    from = i + m[0].length;
  }
  return out + text.slice(from);
}

/** Characters JSON.stringify leaves as they are that a terminal would act on (C0 it escapes itself). */
const JSON_TERMINAL_UNSAFE = new RegExp(`[${C1_BIDI}]`);
const JSON_TERMINAL_UNSAFE_ALL = new RegExp(JSON_TERMINAL_UNSAFE.source, 'g');

/**
 * terminalGuard for JSON text (JSON.stringify output): DEL, C1 and bidi controls can only stand
 * inside its strings, where "\u202e" is the same value, so the JSON read back is unchanged.
 */
export function jsonTerminalGuard(json: string): string {
  return JSON_TERMINAL_UNSAFE.test(json) ? json.replace(JSON_TERMINAL_UNSAFE_ALL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}
