/**
 * Redaction: on by default in every export and every copy, by name and by value.
 *
 * Secrets are masked *keeping their shape*, so a reader of a ticket still sees that a credential
 * was sent, which kind, and roughly how long it was:
 *   Authorization: Bearer ‹redacted: JWT, 3 parts, ~850 chars›
 *   Cookie: session=‹redacted 24 chars›; theme=‹redacted 4 chars›
 *   X-Trace: ‹redacted: GitHub token, 40 chars›
 *
 * By name: header values, cookies, URL query and fragment parameters, form fields (urlencoded and
 * multipart), JSON keys and GraphQL/JS arguments (`password: "…"`) whose name looks secret.
 * By value: known token formats (FORMATS) wherever they appear, and every value once masked by
 * name (it is *remembered*) wherever else it appears: another request, a message, a body.
 *
 * A Redactor does it in two steps: remember (the secret values of a whole capture, read from its
 * headers, cookies and URLs; for a HAR also from its bodies), then mask any part of it on demand.
 * Free text is swept in one linear pass: one regular expression for the patterns (SWEEP), and one
 * look-up by first characters for the remembered values.
 *
 * The CORS-decisive headers (Origin, Access-Control-*) and those that identify the gateway or the
 * error are never touched: they are the point of the report. Inputs are never mutated. Masking is
 * idempotent (a mask is never masked again).
 */
import { MASK_OPEN } from '../model/har-input';
import type { Header } from '../model/types';
import { isPlaceholderEvidence, type Analysis, type Evidence, type ExchangeResult, type FixSnippet, type HiddenStatus, type Reveal } from '../engine/schema';
import { commandsOf, writeCommand, type Command, type RecordedValues } from '../engine/fixes/probe';

/** Marker every mask starts with (defined with HAR input, which notes a file redacted before); keeps masking idempotent. */
export { MASK_OPEN };
const MASK_CLOSE = '›';

/** Remembered values shorter than this are masked where they were found but not searched for elsewhere. */
const MIN_REMEMBERED = 6;

/* ------------------------------------------------------------------------------------------------
 * Names
 * --------------------------------------------------------------------------------------------- */

/** Headers that decide the CORS outcome or identify the gateway or the error: kept verbatim. */
const KEEP_HEADERS = new Set(
  'origin host vary content-type content-length x-amzn-errortype x-amzn-requestid x-amz-apigw-id apigw-requestid x-amz-cf-id x-amz-cf-pop x-cache via cf-mitigated cf-ray server www-authenticate proxy-authenticate retry-after'.split(
    ' ',
  ),
);
/** Parameter names that match the patterns but carry no secret (OAuth vocabulary). */
const KEEP_PARAMS = new Set('token-type token-type-hint grant-type response-type code-challenge-method session-state'.split(' '));
/** A name containing one of these is secret (`*token*`, `*secret*`, `*password*`, `*session*`…). */
const SECRET_PART = /token|secret|passw|passphrase|credential|session|signature|apikey|cookie|csrf|xsrf|jwt|authorization|bearer/;
/** A name with one of these words (between - _ . or camelCase) is secret: `X-Auth*`, `*-Key`, `*_key`, `privateKey`. */
const SECRET_WORD = new Set('auth key pwd pass sig sid otp ticket assertion samlresponse'.split(' '));

/** "X_Partner_Key" → "x-partner-key", "privateKey" → "private-key". */
function normaliseName(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[_.\s]+/g, '-');
}

function secretName(n: string): boolean {
  return SECRET_PART.test(n) || n.split('-').some((w) => SECRET_WORD.has(w));
}

type HeaderKind = 'keep' | 'plain' | 'secret' | 'cookie' | 'set-cookie' | 'authorization';

function headerKind(name: string): HeaderKind {
  const n = name.trim().toLowerCase();
  if (n.startsWith('access-control-') || n.startsWith(':') || KEEP_HEADERS.has(n)) return 'keep';
  if (n === 'cookie' || n === 'cookie2') return 'cookie';
  if (n === 'set-cookie' || n === 'set-cookie2') return 'set-cookie';
  if (n.includes('authorization')) return 'authorization';
  return secretName(normaliseName(name)) ? 'secret' : 'plain';
}

/** Is a request or response header's value a secret? Access-Control-* and Origin never are. */
export function isSecretHeader(name: string): boolean {
  const k = headerKind(name);
  return k !== 'keep' && k !== 'plain';
}

/** JSON keys and GraphQL arguments: as parameters (isSecretParam), but `code` there is an error code, not OAuth's. */
function isSecretKey(name: string): boolean {
  const n = normaliseName(name);
  return !KEEP_PARAMS.has(n) && secretName(n);
}

/** Is a URL query / fragment / form / multipart parameter's value a secret? As a JSON key's, and OAuth's `code` too. */
export function isSecretParam(name: string): boolean {
  return isSecretKey(name) || normaliseName(name) === 'code';
}

/* ------------------------------------------------------------------------------------------------
 * Masks
 * --------------------------------------------------------------------------------------------- */

/** Known token formats, found by value wherever they are: [kind shown in the mask, pattern]. */
const FORMATS: ReadonlyArray<readonly [string, string]> = [
  ['PEM private key', String.raw`-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----(?:[\s\S]{0,16384}?-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----|[A-Za-z0-9+/=\s\\]*)`],
  ['JWT', String.raw`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){1,3}`],
  ['GitHub token', String.raw`\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})`],
  ['GitLab token', String.raw`\bglpat-[A-Za-z0-9_-]{20,}`],
  ['Stripe key', String.raw`\b[rs]k_(?:live|test)_[A-Za-z0-9]{10,}`],
  ['Slack token', String.raw`\bxox[abprs]-[A-Za-z0-9-]{10,}`],
  ['AWS access key id', String.raw`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`],
  ['AWS session token', String.raw`\b(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE)[A-Za-z0-9+/=%]{16,}`],
  ['Google API key', String.raw`\bAIza[A-Za-z0-9_-]{35}`],
];
const FORMAT_SOURCE = FORMATS.map(([, re], i) => `(?<f${i}>${re})`).join('|');
const FORMAT_RE = new RegExp(FORMAT_SOURCE, 'g');
/** A value that is wholly one known format: found by value anyway, so not worth remembering. */
const WHOLE_FORMAT = new RegExp(`^(?:${FORMATS.map(([, re]) => re).join('|')})$`);

function approx(n: number): string {
  return n < 100 ? String(n) : '~' + String(Math.round(n / 10) * 10);
}

const isMasked = (v: string): boolean => v.includes(MASK_OPEN);

/** The mask for one secret value: kind and length, never content. */
export function maskValue(value: string, kind?: string): string {
  if (value === '' || isMasked(value)) return value;
  const v = value.trim();
  if (kind === 'JWT' || (kind === undefined && v.startsWith('eyJ') && /^eyJ[\w-]{2,}\.[\w-]{2,}(\.[\w-]*)+$/.test(v))) {
    return `${MASK_OPEN}: JWT, ${v.split('.').length} parts, ${approx(v.length)} chars${MASK_CLOSE}`;
  }
  return kind ? `${MASK_OPEN}: ${kind}, ${approx(value.length)} chars${MASK_CLOSE}` : `${MASK_OPEN} ${value.length} chars${MASK_CLOSE}`;
}

/** `Cookie: a=1; b=2` → names kept, values masked. */
function maskCookieHeader(value: string, r?: Redactor): string {
  return value
    .split(';')
    .map((part) => {
      const eq = part.indexOf('=');
      const v = (eq < 0 ? part : part.slice(eq + 1)).trim();
      r?.remember(v);
      return eq < 0 ? part.replace(v, maskValue(v)) : `${part.slice(0, eq)}=${maskValue(v)}`;
    })
    .join(';');
}

/** `Set-Cookie: sid=abc; Path=/; HttpOnly` → value masked, attributes kept (they matter for SameSite debugging). */
function maskSetCookieHeader(value: string, r?: Redactor): string {
  // A HAR may fold several Set-Cookie lines into one value separated by newlines.
  return value
    .split('\n')
    .map((line) => {
      const semi = line.indexOf(';');
      const first = semi < 0 ? line : line.slice(0, semi);
      const eq = first.indexOf('=');
      const v = first.slice(eq + 1);
      r?.remember(v);
      return `${first.slice(0, eq + 1)}${maskValue(v)}${semi < 0 ? '' : line.slice(semi)}`;
    })
    .join('\n');
}

/** `Bearer xyz` → `Bearer ‹…›`; AWS SigV4 keeps its field names; any other value is masked whole. */
function maskAuthorization(value: string, r?: Redactor): string {
  if (isMasked(value)) return value;
  const m = /^(\s*[A-Za-z][A-Za-z0-9._~+/-]*\s+)([\s\S]*)$/.exec(value);
  if (!m) return (r?.remember(value), maskValue(value));
  const [, head = '', rest = ''] = m;
  if (/^\s*AWS4-HMAC-SHA256\s/i.test(head)) {
    // Credential=AKIA.../20240101/eu-west-1/execute-api/aws4_request, SignedHeaders=..., Signature=...
    return head + rest.replace(/(Credential|Signature)=([^,\s]+)/gi, (_all, k: string, v: string) => (r?.remember(v), `${k}=${maskValue(v)}`));
  }
  r?.remember(rest);
  return head + maskValue(rest);
}

/** A bare value that is probably a credential (long, no spaces, mixed classes, or a JWT). */
function looksLikeToken(v: string): boolean {
  if (WHOLE_FORMAT.test(v)) return true;
  if (v.length < 20 || /\s/.test(v)) return false;
  return [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(v)).length >= 2;
}

/**
 * encodeURIComponent (and encodeURI, for a URL's path, which keeps its slashes), but a lone
 * surrogate (valid in a HAR's JSON, "\ud800") is encoded as the U+FFFD a URL would carry instead of
 * throwing URIError (found by the fuzz suite: a cookie value with one crashed every redacted output).
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const safeEncode = (s: string): string => encodeURIComponent(s.replace(LONE_SURROGATE, '\ufffd'));
const safeEncodeUri = (s: string): string => encodeURI(s.replace(LONE_SURROGATE, '\ufffd'));

/** A masked string split into [text, mask, text, mask, …, text]. */
const MASK_SPLIT = /(‹redacted[^›]*›)/;

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/* ------------------------------------------------------------------------------------------------
 * The sweep: one regular expression over free text and bodies
 * --------------------------------------------------------------------------------------------- */

/**
 * Alternatives, leftmost first wins: token formats, `Bearer …`-like credentials, URLs (masked by
 * redactUrl), and the *heads* of name/value pairs: `"name": "` (JSON), `name: "` or `name: \"`
 * (GraphQL, JS, JSON-escaped GraphQL), `name=` (form, query, log text) and a multipart part's
 * `name="…"` headers. A pair under a secret name has its value masked; any other pair's value is
 * scanned on like the rest of the text, so nested pairs (GraphQL in a JSON string) are found.
 */
const SWEEP_PARTS = [
  FORMAT_SOURCE,
  String.raw`(?<auth>\b(?:Bearer|Basic|Token|Digest|Negotiate|NTLM)[ \t]+)(?<authValue>[A-Za-z0-9._~+/=-]{8,})`,
  String.raw`(?<url>\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s"'<>\x60\\]+)`,
  String.raw`"(?<json>[^"\\\n]{1,64})"\s*:\s*"`,
  // JSON inside a JSON string (once or more): {\"password\":\"…\"}, the same backslashes before each quote.
  String.raw`(?<esc>\\+)"(?<ejson>[^"\\\n]{1,64})\k<esc>"\s*:\s*\k<esc>"`,
  String.raw`\b(?<arg>[A-Za-z_][A-Za-z0-9_]{0,63})\s*:\s*(?<quote>\\*["'])`,
  String.raw`\bname="(?<part>[^"\r\n]{1,64})"[^\r\n]*(?:\r?\n[^\r\n]+)*\r?\n\r?\n`,
  String.raw`(?<=^|[?&\s;,])(?<form>[A-Za-z0-9_.\-[\]%]{1,64})=`,
];
const SWEEP = new RegExp(SWEEP_PARTS.join('|'), 'g');
/**
 * The sweep for text the engine wrote around values from the capture (a fix snippet: config files,
 * commands): by value only (token formats, credentials after an auth scheme, URLs, and remembered
 * secrets), not by name, since `"key": "Access-Control-Allow-Origin"` in a vercel.json or
 * `name: X-Api-Key` in a YAML file is the fix itself, not a secret. (The header values a command
 * copies from the capture are masked by name before it is written: Redactor.written.)
 */
const VALUE_SWEEP = new RegExp(SWEEP_PARTS.slice(0, 3).join('|'), 'g');
/** The rest of a JSON string from after its opening quote: up to the closing quote. */
const JSON_STRING_REST = /(?:[^"\\]|\\.)*/y;
/** A form value: up to the next separator. */
const FORM_VALUE = /[^&\s;,"']*/y;
/** A multipart field value: up to the end of its line. */
const PART_VALUE = /[^\r\n]*/y;

function matchAt(re: RegExp, text: string, at: number): string {
  re.lastIndex = at;
  return re.exec(text)?.[0] ?? '';
}

/* ------------------------------------------------------------------------------------------------
 * The redactor
 * --------------------------------------------------------------------------------------------- */

/** Field by field, for an output that shows only part of an exchange (report/model.ts redactedReportedPart). */
export type FieldRedactor = Pick<Redactor, 'text' | 'url' | 'header' | 'evidence' | 'fix' | 'hidden' | 'reveal'>;

/**
 * Keys of the analysis whose values are fixed vocabulary or ids made by the engine, never text from
 * the capture: left as they are.
 */
const VOCABULARY = new Set('schema id verdict blockedLeg pairing gateway severity confidence basis leg kind rule docs lang stack outcome'.split(' '));
/** Lists of name/value pairs, by the key that holds them, and how their values are masked. */
const PAIR_LISTS = new Map<string, 'header' | 'param' | 'cookie'>([
  ['headers', 'header'],
  ['requestHeaders', 'header'],
  ['responseHeaders', 'header'],
  ['queryString', 'param'],
  ['params', 'param'],
  ['cookies', 'cookie'],
]);
/** Strings under these keys are URLs. */
const URL_KEYS = new Set(['url', 'redirectURL']);
/** Deeper than this, a document is cut (an export must not recurse without bound). */
const MAX_DEPTH = 64;

/**
 * What JSON.stringify writes of a value: its toJSON() when it has one (an engine object whose
 * fields are computed on read), else the value itself. Redaction works on what is written.
 */
function asJson(value: unknown): unknown {
  const toJSON = (value as { toJSON?: unknown } | null)?.toJSON;
  return typeof toJSON === 'function' ? (toJSON.call(value) as unknown) : value;
}

/** A "__proto__" key from an untrusted document is data, not a prototype. */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

export class Redactor {
  /**
   * Remembered secrets by their first MIN_REMEMBERED characters: the set of them, and their
   * distinct lengths, longest first (a capture holds thousands of session tokens of one length,
   * so a look-up tries a length or two, not every token).
   */
  private readonly remembered = new Map<string, { values: Set<string>; lengths: number[] }>();
  /**
   * A filter on the first three characters of the remembered secrets (a hash of them, one byte per
   * slot): a boundary whose three characters no secret starts with is passed without taking a
   * slice for the look-up, which most boundaries are (words of a body, header names). It pays on
   * bench/cli-analyze.bench.ts "--format json (redacted)": the output step 10.46 -> 9.01 s (-14%;
   * the line ~12%) in a same-process A/B on its 100 MB HAR, outputs byte-identical (load 4-5).
   */
  private firsts: Uint8Array | null = null;

  /** Remember a secret value (with its percent-encoded, decoded and JSON-escaped forms). */
  remember(value: string): void {
    const v = value.trim();
    if (v.length < MIN_REMEMBERED || isMasked(v) || WHOLE_FORMAT.test(v)) return;
    this.add(v);
    if (/[^\w\-.!~*'()]/.test(v)) this.add(safeEncode(v));
    if (/[%+]/.test(v)) this.add(safeDecode(v));
    if (/["\\\u0000-\u001f]/.test(v)) this.add(JSON.stringify(v).slice(1, -1));
  }

  private add(v: string): void {
    if (v.length < MIN_REMEMBERED) return;
    const key = v.slice(0, MIN_REMEMBERED);
    (this.firsts ??= new Uint8Array(FIRSTS_SIZE))[firstsHash(key, 0)] = 1;
    let bucket = this.remembered.get(key);
    if (!bucket) this.remembered.set(key, (bucket = { values: new Set(), lengths: [] }));
    bucket.values.add(v);
    if (!bucket.lengths.includes(v.length)) bucket.lengths = [...bucket.lengths, v.length].sort((a, b) => b - a);
  }

  /**
   * Remembered secrets in `text`, each starting at a word boundary, masked: linear in the text, one
   * look-up by first characters per boundary.
   */
  private maskRemembered(text: string): string {
    const firsts = this.firsts;
    if (firsts === null) return text;
    let out = '';
    let from = 0;
    for (let i = 0; i <= text.length - MIN_REMEMBERED; i++) {
      if ((i > 0 && isWordChar(text.charCodeAt(i - 1))) || firsts[firstsHash(text, i)] === 0) continue;
      const bucket = this.remembered.get(text.slice(i, i + MIN_REMEMBERED));
      if (!bucket) continue;
      const length = bucket.lengths.find((n) => bucket.values.has(text.slice(i, i + n)));
      if (length === undefined) continue;
      out += text.slice(from, i) + maskValue(text.slice(i, i + length));
      from = i + length;
      i = from - 1;
    }
    return from === 0 ? text : out + text.slice(from);
  }

  /** Text the engine wrote around values from the capture: remembered secrets, token formats, credentials, URLs. */
  valuesOnly(s: string): string {
    if (s.length < 5) return s;
    return this.sweep(this.maskRemembered(s), VALUE_SWEEP);
  }

  /** Free text or a body: remembered secrets, token formats, credentials, URLs, secret pairs. */
  text(s: string): string {
    if (s.length < 5) return s;
    return this.sweep(this.maskRemembered(s));
  }

  private sweep(text: string, re: RegExp = SWEEP): string {
    let out = '';
    let from = 0;
    // One shared expression: a URL's parameters are swept on the way (recursion), so lastIndex is
    // set again after every match, never carried over.
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const g = m.groups!;
      const at = m.index;
      let end = at + m[0].length;
      let masked: string | null = null;
      if (g.url !== undefined) masked = this.url(g.url);
      else if (g.authValue !== undefined) masked = g.auth + this.secret(g.authValue);
      else if (g.json !== undefined || g.ejson !== undefined || g.arg !== undefined || g.part !== undefined || g.form !== undefined) {
        const name = g.json ?? g.ejson ?? g.arg ?? g.part ?? safeDecode(g.form!);
        if (g.form !== undefined ? isSecretParam(name) : g.part !== undefined ? isSecretParam(name) : isSecretKey(name)) {
          const value =
            g.json !== undefined
              ? matchAt(JSON_STRING_REST, text, end)
              : g.ejson !== undefined
                ? quotedValue(text, end, '"', g.esc!.length)
                : g.quote !== undefined
                  ? quotedValue(text, end, g.quote.slice(-1), g.quote.length - 1)
                  : matchAt(g.part !== undefined ? PART_VALUE : FORM_VALUE, text, end);
          if (value && !isMasked(value)) {
            masked = m[0] + this.secret(g.json !== undefined && value.includes('\\') ? safeJsonString(value) : value, name);
            end += value.length;
          }
        } else if (g.form !== undefined) {
          // A form field's value percent-encoded: swept as decoded too (see decoded()).
          const value = matchAt(FORM_VALUE, text, end);
          if (value.includes('%')) {
            const swept = this.decoded(value, (v) => this.text(v), safeEncode);
            if (swept !== value) {
              masked = m[0] + swept;
              end += value.length;
            }
          }
        }
      } else {
        const i = FORMATS.findIndex((_f, k) => g[`f${k}`] !== undefined);
        masked = maskValue(m[0], FORMATS[i]![0]);
      }
      if (masked !== null && masked !== text.slice(at, end)) {
        out += text.slice(from, at) + masked;
        from = end;
      }
      re.lastIndex = Math.max(end, at + 1);
    }
    return from === 0 ? text : out + text.slice(from);
  }

  /** A value masked because of its name or place: remembered, and masked in the shape its name calls for. */
  private secret(value: string, name?: string): string {
    if (name) {
      const kind = headerKind(name);
      if (kind === 'authorization') return maskAuthorization(value, this);
      if (kind === 'cookie') return maskCookieHeader(value, this);
    }
    this.remember(value);
    return maskValue(value);
  }

  /** One header value, masked by its name or swept. */
  headerValue(name: string, value: string): string {
    switch (headerKind(name)) {
      case 'keep':
        return value;
      case 'plain':
        return this.text(value);
      case 'cookie':
        return isMasked(value) ? value : maskCookieHeader(value, this);
      case 'set-cookie':
        return isMasked(value) ? value : maskSetCookieHeader(value, this);
      case 'authorization':
        return maskAuthorization(value, this);
      case 'secret':
        return this.secret(value);
    }
  }

  /** A header: the value masked by name, or swept. */
  header(h: Header): Header {
    const value = this.headerValue(h.name, h.value);
    return value === h.value ? h : { name: h.name, value };
  }

  /** `a=1&token=xyz` → `a=1&token=‹redacted 3 chars›`: names kept, order kept, nothing re-encoded. */
  params(params: string): string {
    return params
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return this.formats(pair);
        const name = pair.slice(0, eq);
        const raw = pair.slice(eq + 1);
        if (raw && isSecretParam(safeDecode(name)) && !isMasked(raw)) {
          this.remember(raw);
          this.remember(safeDecode(raw));
          return `${name}=${maskValue(safeDecode(raw))}`;
        }
        return `${name}=${this.decoded(raw, (v) => this.text(v), safeEncode)}`;
      })
      .join('&');
  }

  /**
   * A percent-encoded value (a URL's parameter or path, a form field) masked by what it says:
   * `-----BEGIN%20RSA%20PRIVATE%20KEY-----%0A…` is a PEM block once decoded (found by the fuzz
   * suite, seed 20261206 case 218: a key in `_initiator.url` survived). Decoded once and swept
   * once (linear); if that masks anything, the result is written back encoded around its masks,
   * else the value is swept as it is and nothing is re-encoded.
   */
  private decoded(raw: string, sweep: (v: string) => string, encode: (v: string) => string): string {
    if (raw.includes('%')) {
      const plain = safeDecode(raw);
      if (plain !== raw) {
        const swept = sweep(plain);
        if (swept !== plain)
          return swept
            .split(MASK_SPLIT)
            .map((part, i) => (i % 2 === 1 ? part : encode(part)))
            .join('');
      }
    }
    return sweep(raw);
  }

  /**
   * A URL: user info password (and a token-looking user name), secret query and fragment
   * parameters (OAuth's implicit flow puts `access_token` in the fragment), token formats in the
   * path. Works on the string, so a URL that does not parse is still handled and nothing is re-encoded.
   */
  url(url: string): string {
    const hash = url.indexOf('#');
    let rest = hash >= 0 ? url.slice(0, hash) : url;
    const fragment = hash >= 0 ? url.slice(hash + 1) : null;
    const q = rest.indexOf('?');
    const query = q >= 0 ? rest.slice(q + 1) : null;
    if (q >= 0) rest = rest.slice(0, q);
    rest = rest.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#@]*)@/, (_all, scheme: string, info: string) => {
      const colon = info.indexOf(':');
      const user = colon < 0 ? info : info.slice(0, colon);
      const pass = colon < 0 ? null : info.slice(colon + 1);
      const userOut = looksLikeToken(safeDecode(user)) ? this.secret(user) : user;
      return `${scheme}${userOut}${pass === null ? '' : ':' + (pass && this.secret(pass))}@`;
    });
    const formats = (v: string) => this.formats(v);
    let out = this.decoded(rest, formats, safeEncodeUri);
    if (query !== null) out += '?' + this.params(query);
    if (fragment !== null) out += '#' + (fragment.includes('=') ? this.params(fragment) : this.decoded(fragment, formats, safeEncodeUri));
    return out;
  }

  /** Token formats only (a URL's path: the full sweep would take the URL itself for a URL). */
  private formats(s: string): string {
    return this.maskRemembered(s).replace(FORMAT_RE, (m, ...args) => {
      const groups = args[args.length - 1] as Record<string, string | undefined>;
      return maskValue(m, FORMATS[FORMATS.findIndex((_f, k) => groups[`f${k}`] !== undefined)]![0]);
    });
  }

  evidence(e: Evidence): Evidence {
    let value = e.value;
    // An engine placeholder (`Cookie: (present)`, schema.ts isPlaceholderEvidence) holds no captured text: not masked
    // by the header's name, only swept (masked after all if a captured secret happens to read the same).
    if (value !== null)
      value = (e.kind === 'request-header' || e.kind === 'response-header') && !isPlaceholderEvidence(e) ? this.headerValue(e.name, value) : this.text(value);
    const name = this.text(e.name);
    const why = this.text(e.why);
    if (name === e.name && value === e.value && why === e.why) return e;
    return isPlaceholderEvidence(e) ? { leg: e.leg, kind: e.kind, name, value, why, placeholder: true } : { leg: e.leg, kind: e.kind, name, value, why };
  }

  hidden(h: HiddenStatus): HiddenStatus {
    const note = this.text(h.note);
    return note === h.note ? h : { status: h.status, leg: h.leg, basis: h.basis, confidence: h.confidence, note };
  }

  /** A fix snippet's title and code swept by value (VALUE_SWEEP); the commands it holds written again from masked values. */
  private fixText(f: { title: string; code: string }): { title: string; code: string } {
    const commands = commandsOf(f);
    return { title: this.valuesOnly(f.title), code: this.valuesOnly(commands ? this.written(commands).join('\n') : f.code) };
  }

  /** How a command writes the values it copied from the capture: the URL as a URL, each header value masked by its name. */
  private readonly recorded: RecordedValues = { url: (u) => this.url(u), header: (name, value) => this.headerValue(name, value) };

  /** Commands (fixes/probe.ts) written from their recorded values masked: the engine's own words are as it wrote them. */
  private written(commands: readonly Command[]): string[] {
    return commands.map((c) => writeCommand(c, this.recorded));
  }

  /** A reveal: its note swept, its commands written from masked values (then swept as text). */
  reveal(r: Reveal): Reveal {
    return { note: this.text(r.note), commands: this.commandList(r.commands) };
  }

  /** A list of commands: written again from masked values when the engine wrote it (fixes/probe.ts), each swept as text. */
  private commandList(list: readonly string[]): string[] {
    const commands = commandsOf(list);
    return (commands ? this.written(commands) : list).map((c) => this.text(c));
  }

  /** A fix snippet: by value only (VALUE_SWEEP), never by name. */
  fix(f: FixSnippet): FixSnippet {
    const { title, code } = this.fixText(f);
    return title === f.title && code === f.code ? f : { stack: f.stack, lang: f.lang, title, code };
  }

  /**
   * Any JSON-like value (an analysis, a HAR), copied with every string masked: name/value lists by
   * the names (headers, query, form params, cookies), URLs as URLs, evidence by its header name,
   * everything else swept. Strings under VOCABULARY keys are left as they are; object keys are kept.
   */
  deep<T>(source: T): T {
    return this.walk(source, '', 0) as T;
  }

  private walk(source: unknown, key: string, depth: number): unknown {
    const value = asJson(source);
    if (typeof value === 'string') return VOCABULARY.has(key) ? value : URL_KEYS.has(key) ? this.url(value) : this.text(value);
    if (typeof value !== 'object' || value === null) return value;
    if (depth >= MAX_DEPTH) return `‹cut: nested deeper than ${MAX_DEPTH} levels›`;
    if (Array.isArray(value)) {
      if (key === 'fixes') return value.map((v) => (isFix(v) ? this.fixEntry(v, depth + 1) : this.walk(v, '', depth + 1)));
      if (commandsOf(value)) return this.commandList(value as string[]);
      const list = PAIR_LISTS.get(key);
      return value.map((v) => (list && isPair(v) ? this.pair(v, list) : this.walk(v, '', depth + 1)));
    }
    const src = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(src)) {
      const v = src[k];
      if (k === 'value' && typeof v === 'string' && (src.kind === 'request-header' || src.kind === 'response-header') && typeof src.name === 'string') {
        // The engine's own placeholder (`Cookie: (present)`) is no captured value: swept, not masked by name.
        setOwn(out, k, isPlaceholderEvidence(src) ? this.text(v) : this.headerValue(src.name, v));
        // A finding's `data` is free-form (placeholder name → value from the capture): swept whole.
      } else setOwn(out, k, this.walk(v, key === 'data' ? '' : k, depth + 1));
    }
    return out;
  }

  /** A finding's fix snippet in a document: its title and code as fix() sweeps them, any other field walked. */
  private fixEntry(source: Record<string, unknown>, depth: number): unknown {
    const f = asJson(source) as Record<string, unknown>;
    const swept = typeof f.title === 'string' ? this.fixText(f as { title: string; code: string }) : null;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(f)) {
      const v = f[k];
      setOwn(out, k, swept && (k === 'code' || k === 'title') ? swept[k] : this.walk(v, k, depth + 1));
    }
    return out;
  }

  private pair(p: { name: string; value: string }, list: 'header' | 'param' | 'cookie'): unknown {
    let value: string;
    if (list === 'header') value = this.headerValue(p.name, p.value);
    else if (list === 'cookie' || (isSecretParam(p.name) && !isMasked(p.value))) value = (this.remember(p.value), maskValue(p.value));
    else value = this.text(p.value);
    const keys = Object.keys(p);
    // The usual pair, {name, value}: its name swept directly (no copy to walk).
    if (keys.length === 2 && keys[0] === 'name' && keys[1] === 'value') return { name: this.text(p.name), value };
    const out = this.walk({ ...p, value: '' }, '', 1) as Record<string, unknown>;
    out.value = value;
    return out;
  }

  /** Remember the secrets an exchange's headers, cookies and URLs carry (no copy is made). */
  rememberExchange(ex: ExchangeResult): void {
    const e = asJson(ex) as ExchangeResult;
    this.rememberUrl(e.url);
    for (const leg of [e.preflight, e.actual]) {
      if (!leg) continue;
      if (leg.url !== e.url) this.rememberUrl(leg.url);
      for (const h of leg.requestHeaders) if (isSecretHeader(h.name)) this.headerValue(h.name, h.value);
      for (const h of leg.responseHeaders) if (isSecretHeader(h.name)) this.headerValue(h.name, h.value);
    }
    const evidence = [...e.findings.flatMap((f) => f.evidence), ...(e.gatewayEvidence ?? []), ...(e.gatewayLayers ?? []).flatMap((l) => l.evidence)];
    // An engine placeholder is not a secret of the capture: remembering it would mask the engine's wording everywhere.
    for (const ev of evidence)
      if (ev.value !== null && !isPlaceholderEvidence(ev) && ev.kind.endsWith('-header') && isSecretHeader(ev.name)) this.headerValue(ev.name, ev.value);
  }

  /** Only a URL with user info or parameters can hold a secret by name. */
  private rememberUrl(url: string): void {
    if (/[@?#]/.test(url)) this.url(url);
  }
}

/**
 * A quoted value from `at` to its closing quote, inside `escapes` levels of string escaping (0: a
 * GraphQL argument `"…"`; 1: the same inside a JSON string, `\"…\"`; more for JSON in JSON): a
 * quote escaped inside the value (`\"` at level 0, `\\\"` at level 1) does not end it. One line, at
 * most 4,096 characters ('' if none): a secret, not a document.
 *
 * At level k each backslash of the inner text is written as k + 1 backslashes and each quote as k
 * backslashes and the quote, so a run of r backslashes before a quote is b = (r − k) / (k + 1)
 * inner backslashes: an even b closes the value, an odd one escapes the quote.
 */
function quotedValue(text: string, at: number, quote: string, escapes: number): string {
  const limit = Math.min(text.length, at + 4096 + 8 * (escapes + 1));
  for (let i = text.indexOf(quote, at); i >= 0 && i < limit; i = text.indexOf(quote, i + 1)) {
    let r = 0;
    while (i - r - 1 >= at && text.charCodeAt(i - r - 1) === 92) r++;
    const b = (r - escapes) / (escapes + 1);
    if (Number.isInteger(b) && b % 2 === 1) continue;
    const value = text.slice(at, i - Math.min(r, escapes));
    return value.length > 4096 || value.includes('\n') ? '' : value;
  }
  return '';
}

function isFix(v: unknown): v is Record<string, unknown> {
  const f = asJson(v) as { code?: unknown; stack?: unknown } | null;
  return typeof f === 'object' && f !== null && !Array.isArray(f) && typeof f.code === 'string' && typeof f.stack === 'string';
}

function isPair(v: unknown): v is { name: string; value: string } {
  const p = v as { name?: unknown; value?: unknown } | null;
  return typeof p === 'object' && p !== null && typeof p.name === 'string' && typeof p.value === 'string';
}

/** 64 K slots: a capture remembers thousands of secrets at most; allocated with the first one. */
const FIRSTS_SIZE = 1 << 16;

/** A hash of the three characters of `s` at `i`, for Redactor.firsts. */
function firstsHash(s: string, i: number): number {
  return (Math.imul(Math.imul(s.charCodeAt(i), 961) + Math.imul(s.charCodeAt(i + 1), 31), 1) + s.charCodeAt(i + 2)) & (FIRSTS_SIZE - 1);
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** The text of a JSON string's inside (escapes resolved), or the raw text if it is not valid. */
function safeJsonString(inside: string): string {
  try {
    return JSON.parse(`"${inside}"`) as string;
  } catch {
    return inside;
  }
}

/* ------------------------------------------------------------------------------------------------
 * Entry points
 * --------------------------------------------------------------------------------------------- */

/** Redacts the exchanges of one analysis, one at a time, against the secrets of all of them. */
export interface AnalysisRedactor {
  /** The analysis itself (notes and every field but the exchanges) redacted; `exchanges` is empty. */
  readonly head: Analysis;
  /** One exchange of that analysis, redacted (a new object; the input is not mutated). */
  exchange: (ex: ExchangeResult) => ExchangeResult;
  /** Field by field, for an output that shows only part of an exchange. */
  readonly fields: FieldRedactor;
}

/** A redactor that knows the secrets of every exchange of `a` (their headers, cookies and URLs). */
export function analysisRedactor(a: Analysis): AnalysisRedactor {
  const r = new Redactor();
  for (const ex of a.exchanges) r.rememberExchange(ex);
  return { head: r.deep({ ...a, exchanges: [] as ExchangeResult[] }), exchange: (ex) => r.deep(ex), fields: r };
}

/** Redact one exchange (for a copy of a single request). */
export function redactExchangeResult(ex: ExchangeResult): ExchangeResult {
  return exchangeRedactor(ex).deep(ex);
}

/** Field by field against one exchange's secrets: the panel's copies from a request's detail (a fix, a reveal's command). */
export function exchangeRedactor(ex: ExchangeResult): Redactor {
  const r = new Redactor();
  r.rememberExchange(ex);
  return r;
}

/**
 * Redact a HAR document (any producer, untrusted shape): a new document. Every value is read twice:
 * once to remember the secrets of the whole file (headers, cookies, parameters, and values under
 * secret names in bodies), once to mask them everywhere. Unknown fields are kept and swept.
 */
export function redactHar<T>(har: T): T {
  const r = new Redactor();
  r.deep(har);
  return r.deep(har);
}

/** Free text or a body: token formats, credentials, URLs, values under secret names. */
export function sweepText(text: string, r: Redactor = new Redactor()): string {
  return r.text(text);
}
