/**
 * Redaction: on by default in every export and every copy.
 *
 * Secrets are masked *keeping their shape*, so a reader of a ticket still sees that a credential
 * was sent, which kind, and roughly how long it was:
 *   Authorization: Bearer ‹redacted: JWT, 3 parts, ~850 chars›
 *   Cookie: session=‹redacted 24 chars›; theme=‹redacted 4 chars›
 *   https://api.example.com/x?token=‹redacted 32 chars›&page=2
 *
 * The CORS-decisive headers (Origin, Access-Control-*, x-amzn-ErrorType, Vary...) are never touched:
 * they are the point of the report.
 *
 * Two passes, for an Analysis and for a HAR alike:
 *   1. structured: header lists, cookie lists, query lists, URLs and bodies are masked by name, and
 *      every raw secret value seen is remembered;
 *   2. sweep: every string anywhere in the document is scrubbed of those remembered values, of
 *      JWT-looking tokens, of `Bearer …` / `Basic …` credentials and of secret URL parameters. That
 *      catches a token that leaked into a finding's message, a note, an initiator stack, a page title.
 *
 * Everything is pure; inputs are never mutated (results share unchanged parts with them, so treat
 * results as read-only). Masking is idempotent (a mask is never re-masked).
 */
import type { Header } from '../model/types';
import type { Analysis, Evidence, ExchangeResult, Finding, FixSnippet, HiddenStatus, LegSummary } from '../engine/schema';
import { setBounded } from '../shared/bounded-cache';

/** Marker every mask starts with; used to keep masking idempotent and by tests. */
export const MASK_OPEN = '‹redacted';
const MASK_CLOSE = '›';

/** Raw secret values shorter than this are masked in place but not swept from free text. */
const MIN_SWEEP_LENGTH = 6;

/* ------------------------------------------------------------------------------------------------
 * Which names are secret
 * --------------------------------------------------------------------------------------------- */

/** Headers that decide the CORS outcome or identify the gateway: always kept verbatim. */
const KEEP_HEADERS = new Set([
  'origin',
  'host',
  'vary',
  'content-type',
  'content-length',
  'x-amzn-errortype',
  'x-amzn-requestid',
  'x-amz-apigw-id',
  'apigw-requestid',
  'x-amz-cf-id',
  'x-amz-cf-pop',
  'x-cache',
  'via',
  'cf-mitigated',
  'cf-ray',
  'server',
  'www-authenticate',
  'retry-after',
]);

const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'cookie2',
  'set-cookie',
  'set-cookie2',
  'x-api-key',
  'x-apikey',
  'api-key',
  'apikey',
  'x-amz-security-token',
  'x-auth-token',
  'x-csrf-token',
  'x-xsrf-token',
  'x-access-token',
  'x-refresh-token',
  'x-id-token',
  'x-goog-api-key',
  'ocp-apim-subscription-key',
  'x-functions-key',
  'private-token',
  'x-gitlab-token',
  'x-vault-token',
  'x-session-id',
  'x-session',
  'x-client-secret',
  'x-hub-signature',
  'x-hub-signature-256',
  'cf-access-client-secret',
  'cf-access-token',
  'x-amz-credential',
  'x-amz-signature',
]);

const SECRET_HEADER_PATTERN =
  /(^|[-_])(token|secret|signature|password|passwd|credential|credentials|session|sessionid|jwt|otp)s?($|[-_])|api[-_]?key|apikey|authorization|auth[-_]token|access[-_]key|private[-_]key|subscription[-_]key|credential/;

/** Is a request or response header's value a secret? Access-Control-* and Origin never are. */
export function isSecretHeader(name: string): boolean {
  const n = name.trim().toLowerCase();
  if (n.startsWith('access-control-') || KEEP_HEADERS.has(n)) return false;
  if (n.startsWith(':')) return false;
  return SECRET_HEADERS.has(n) || SECRET_HEADER_PATTERN.test(n);
}

const SECRET_PARAMS = new Set([
  'token',
  'access_token',
  'accesstoken',
  'id_token',
  'idtoken',
  'refresh_token',
  'refreshtoken',
  'auth',
  'auth_token',
  'authtoken',
  'api_key',
  'api-key',
  'apikey',
  'key',
  'signature',
  'sig',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'code',
  'password',
  'passwd',
  'pwd',
  'pass',
  'secret',
  'client_secret',
  'session',
  'sessionid',
  'session_id',
  'sid',
  'jwt',
  'otp',
  'ticket',
  'assertion',
  'samlresponse',
  'client_assertion',
  'private_key',
  'credential',
  'credentials',
]);

const SECRET_PARAM_PATTERN = /token|secret|passw|signature|api[-_]?key|credential|session/;

/** Is a URL query / form / fragment parameter's value a secret? */
/** Parameter names that match the patterns but carry no secret (OAuth vocabulary). */
const KEEP_PARAMS = new Set(['token_type', 'token_type_hint', 'grant_type', 'response_type', 'code_challenge_method', 'session_state_hint']);

export function isSecretParam(name: string): boolean {
  const n = name.trim().toLowerCase();
  if (KEEP_PARAMS.has(n)) return false;
  return SECRET_PARAMS.has(n) || SECRET_PARAM_PATTERN.test(n);
}

/** JSON body keys whose string values are masked (same vocabulary as parameters, plus auth words). */
function isSecretKey(name: string): boolean {
  let r = secretKeyCache.get(name);
  if (r === undefined) {
    const n = name.trim().toLowerCase();
    r = isSecretParam(n) || n === 'authorization' || n === 'cookie' || /^(x-)?api[-_]?key$/.test(n);
    setBounded(secretKeyCache, 10_000, name, r);
  }
  return r;
}
const secretKeyCache = new Map<string, boolean>();

/* ------------------------------------------------------------------------------------------------
 * Masks
 * --------------------------------------------------------------------------------------------- */

const JWT_EXACT = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}(\.[A-Za-z0-9_-]*)+$/;
/** JWT / JWS / JWE anywhere in text: header starts with base64url("{\"") = "eyJ". */
const JWT_ANYWHERE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){1,3}/g;

function approx(n: number): string {
  if (n < 100) return String(n);
  return '~' + String(Math.round(n / 10) * 10);
}

function isMasked(v: string): boolean {
  return v.includes(MASK_OPEN);
}

/** The mask for one secret value: kind and length, never content. */
export function maskValue(value: string): string {
  if (value === '' || isMasked(value)) return value;
  const v = value.trim();
  if (v.startsWith('eyJ') && JWT_EXACT.test(v)) {
    const parts = v.split('.').length;
    return `${MASK_OPEN}: JWT, ${parts} parts, ${approx(v.length)} chars${MASK_CLOSE}`;
  }
  return `${MASK_OPEN} ${value.length} chars${MASK_CLOSE}`;
}

/** `Cookie: a=1; b=2` → names kept, values masked. */
export function maskCookieHeader(value: string): string {
  return value
    .split(';')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return part.trim() ? part.replace(part.trim(), maskValue(part.trim())) : part;
      const name = part.slice(0, eq);
      return `${name}=${maskValue(part.slice(eq + 1).trim())}`;
    })
    .join(';');
}

/** `Set-Cookie: sid=abc; Path=/; HttpOnly` → value masked, attributes kept (they matter for SameSite debugging). */
export function maskSetCookieHeader(value: string): string {
  // A HAR may fold several Set-Cookie lines into one value separated by newlines.
  return value
    .split('\n')
    .map((line) => {
      const semi = line.indexOf(';');
      const first = semi < 0 ? line : line.slice(0, semi);
      const rest = semi < 0 ? '' : line.slice(semi);
      const eq = first.indexOf('=');
      if (eq < 0) return maskValue(first) + rest;
      return `${first.slice(0, eq)}=${maskValue(first.slice(eq + 1))}${sweepAttributes(rest)}`;
    })
    .join('\n');
}

function sweepAttributes(rest: string): string {
  // Attributes are Path/Domain/Expires/SameSite...; nothing secret, but a JWT pattern is still a JWT.
  return rest.replace(JWT_ANYWHERE, (m) => maskValue(m));
}

/** `Bearer xyz` → `Bearer ‹…›`; AWS SigV4 keeps its field names; any other value is masked whole. */
export function maskAuthorization(value: string): string {
  if (isMasked(value)) return value;
  const m = /^(\s*)([A-Za-z][A-Za-z0-9._~+/-]*)(\s+)([\s\S]*)$/.exec(value);
  if (!m) return maskValue(value);
  const [, lead = '', scheme = '', gap = '', rest = ''] = m;
  if (/^AWS4-HMAC-SHA256$/i.test(scheme)) {
    // Credential=AKIA.../20240101/eu-west-1/execute-api/aws4_request, SignedHeaders=..., Signature=...
    const masked = rest.replace(/(Credential|Signature)=([^,\s]+)/gi, (_all, k: string, v: string) => `${k}=${maskValue(v)}`);
    return `${lead}${scheme}${gap}${masked}`;
  }
  return `${lead}${scheme}${gap}${maskValue(rest)}`;
}

/** Mask one header value given its name. Non-secret headers are still swept for URLs and JWTs. */
export function redactHeaderValue(name: string, value: string, seen?: Set<string>): string {
  const n = name.trim().toLowerCase();
  if (n.startsWith('access-control-') || n === 'origin') return value;
  // Pattern sweep only here: remembered secrets are swept once, at the end, over the whole document.
  if (!isSecretHeader(n)) return sweepText(value);
  if (isMasked(value)) return value;
  remember(seen, value);
  if (n === 'cookie' || n === 'cookie2') {
    for (const part of value.split(';')) remember(seen, part.slice(part.indexOf('=') + 1).trim());
    return maskCookieHeader(value);
  }
  if (n === 'set-cookie' || n === 'set-cookie2') {
    for (const line of value.split('\n')) {
      const first = line.split(';')[0] ?? '';
      remember(seen, first.slice(first.indexOf('=') + 1));
    }
    return maskSetCookieHeader(value);
  }
  if (n.includes('authorization')) {
    const rest = /^\s*[A-Za-z][A-Za-z0-9._~+/-]*\s+([\s\S]*)$/.exec(value)?.[1];
    if (rest) remember(seen, rest.trim());
    for (const m of value.matchAll(/(?:Credential|Signature)=([^,\s]+)/gi)) remember(seen, m[1]);
    return maskAuthorization(value);
  }
  return maskValue(value);
}

/** Per set of remembered secrets: the values already remembered together with their encodings. */
const rememberedWhole = new WeakMap<Set<string>, Set<string>>();

function remember(seen: Set<string> | undefined, v: string | undefined): void {
  if (!seen || !v) return;
  const t = v.trim();
  // Already remembered with its encodings (a session sends the same token on every request).
  let done = rememberedWhole.get(seen);
  if (!done) rememberedWhole.set(seen, (done = new Set()));
  if (done.has(t)) return;
  done.add(t);
  if (t.length >= MIN_SWEEP_LENGTH && !isMasked(t)) {
    seen.add(t);
    // A value may also appear percent-encoded or JSON-escaped elsewhere. (Most tokens need no
    // encoding and hold no "%": the checks spare a copy of each.)
    if (NEEDS_URI_ENCODING.test(t)) {
      try {
        seen.add(encodeURIComponent(t));
      } catch {
        /* lone surrogate: nothing to add */
      }
    }
    if (t.includes('%')) {
      try {
        const dec = decodeURIComponent(t);
        if (dec !== t && dec.length >= MIN_SWEEP_LENGTH) seen.add(dec);
      } catch {
        /* not percent-encoded */
      }
    }
  }
}

/** A character encodeURIComponent changes: anything but A-Z a-z 0-9 - _ . ! ~ * ' ( ). */
const NEEDS_URI_ENCODING = /[^A-Za-z0-9\-_.!~*'()]/;

export function redactHeaders(headers: readonly Header[], seen?: Set<string>): Header[] {
  return headers.map((h) => ({ name: h.name, value: redactHeaderValue(h.name, h.value, seen) }));
}

/* ------------------------------------------------------------------------------------------------
 * URLs and parameter strings
 * --------------------------------------------------------------------------------------------- */

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** `a=1&token=xyz` → `a=1&token=‹redacted 3 chars›` (names kept, order kept, nothing re-encoded). */
export function redactParamString(params: string, seen?: Set<string>): string {
  return params
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair.replace(JWT_ANYWHERE, (m) => (remember(seen, m), maskValue(m)));
      const name = pair.slice(0, eq);
      const raw = pair.slice(eq + 1);
      if (raw && isSecretParam(safeDecode(name))) {
        remember(seen, raw);
        remember(seen, safeDecode(raw));
        return `${name}=${maskValue(safeDecode(raw))}`;
      }
      return `${name}=${raw.replace(JWT_ANYWHERE, (m) => (remember(seen, m), maskValue(m)))}`;
    })
    .join('&');
}

/**
 * Mask credentials in a URL: userinfo password (and a token-looking user name), secret query and
 * fragment parameters (OAuth implicit flow puts `access_token` in the fragment), JWTs in the path.
 * Works on the string, so a URL that does not parse is still handled and nothing is re-encoded.
 */
export function redactUrl(url: string, seen?: Set<string>): string {
  if (!url || urlIsClean(url)) return url;
  let rest = url;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let query: string | null = null;
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  // userinfo: scheme://user:pass@host
  rest = rest.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#@]*)@/, (_all, scheme: string, info: string) => {
    const colon = info.indexOf(':');
    const user = colon < 0 ? info : info.slice(0, colon);
    const pass = colon < 0 ? null : info.slice(colon + 1);
    const userOut = looksLikeToken(safeDecode(user)) ? (remember(seen, user), maskValue(safeDecode(user))) : user;
    const passOut = pass === null ? '' : ':' + (pass ? (remember(seen, pass), maskValue(safeDecode(pass))) : '');
    return `${scheme}${userOut}${passOut}@`;
  });
  rest = rest.replace(JWT_ANYWHERE, (m) => (remember(seen, m), maskValue(m)));
  let out = rest;
  if (query !== null) out += '?' + redactParamString(query, seen);
  if (hash >= 0) out += '#' + (fragment.includes('=') ? redactParamString(fragment, seen) : fragment.replace(JWT_ANYWHERE, (m) => maskValue(m)));
  return out;
}

/**
 * True when redactUrl would give the URL back as it is and remember nothing: no userinfo, no
 * JWT, no secret query or fragment parameter (most URLs). Allocates only the parameter names.
 */
function urlIsClean(url: string): boolean {
  return !url.includes('eyJ') && partsAreClean(url, 0, url.length);
}

/** urlIsClean for the URL url[from, to), but for JWTs (the caller rules them out). */
function partsAreClean(url: string, from: number, to: number): boolean {
  let hash = url.indexOf('#', from);
  if (hash >= to) hash = -1;
  const end = hash >= 0 ? hash : to;
  let q = url.indexOf('?', from);
  if (q >= end) q = -1;
  const at = url.indexOf('@', from);
  if (at >= 0 && at < (q >= 0 ? q : end)) return false;
  if (q >= 0 && !paramsAreClean(url, q + 1, end)) return false;
  if (hash >= 0) {
    const eq = url.indexOf('=', hash + 1);
    if (eq >= 0 && eq < to && !paramsAreClean(url, hash + 1, to)) return false;
  }
  return true;
}

/** No parameter in url[from, to) that redactParamString masks (the caller has ruled out JWTs). */
function paramsAreClean(url: string, from: number, to: number): boolean {
  while (from <= to) {
    let amp = url.indexOf('&', from);
    if (amp < 0 || amp > to) amp = to;
    const eq = url.indexOf('=', from);
    // A value (non-empty) under a secret name is masked.
    if (eq >= 0 && eq < amp && eq + 1 < amp) {
      const name = url.slice(from, eq);
      if (isSecretParamName(name.includes('%') || name.includes('+') ? safeDecode(name) : name)) return false;
    }
    from = amp + 1;
  }
  return true;
}

/** A bare value that is probably a credential (long, no spaces, high variety, or a JWT). */
export function looksLikeToken(v: string): boolean {
  if (v.startsWith('eyJ') && JWT_EXACT.test(v)) return true;
  if (v.length < 20 || /\s/.test(v)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(v)).length;
  return classes >= 2;
}

/* ------------------------------------------------------------------------------------------------
 * Free text and bodies
 * --------------------------------------------------------------------------------------------- */

const URL_IN_TEXT = /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s"'<>`\\]+/g;
const AUTH_IN_TEXT = /\b(Bearer|Basic|Token|Digest|Negotiate|NTLM)(\s+)([A-Za-z0-9._~+/=-]{8,})/g;
const AUTH_HINT = /Bearer|Basic|Token|Digest|Negotiate|NTLM/;
const AWS_ACCESS_KEY = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g;
/** `"password": "…"` in JSON (also inside escaped JSON). */
const JSON_PAIR = /("([^"\\]{1,64})"\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
/** `token=…` in form bodies and log text. */
const FORM_PAIR = /(^|[?&\s;,])([A-Za-z0-9_.\-[\]]{1,64})=([^&\s;,"']+)/g;

/**
 * Remembered secrets, indexed by their first characters so a sweep is linear in the text length
 * (a capture can hold thousands of distinct tokens; testing each against each string is quadratic).
 * A bitmap of the hashes of those first characters is the prefilter: at almost every position the
 * search costs a few arithmetic operations, and only a hash hit looks the prefix up.
 */
class SecretIndex {
  private readonly byPrefix = new Map<string, PrefixBucket>();
  private readonly bits: Uint8Array;
  private readonly mask: number;
  /**
   * For occursIn (a Wu-Manber search): how far a window of `window` characters can move on, by
   * the hash of its last three characters: the least distance from any three characters of a
   * secret's first `window` to that secret's window end (0: a secret may end this window).
   */
  private readonly shift: Uint8Array;
  private readonly shiftBits: number;
  private readonly window: number;
  /** Shortest remembered secret: strings shorter than this cannot hold one. */
  readonly minLength: number = Number.MAX_SAFE_INTEGER;
  constructor(secrets: Iterable<string>) {
    const all = [...secrets].filter((s) => s.length >= MIN_SWEEP_LENGTH);
    // ~1/32 of the bitmap set at most: a miss is almost always told apart (small sets, small maps).
    let size = 1 << 12;
    while (size < all.length * 32 && size < PREFIX_BITS) size <<= 1;
    this.bits = new Uint8Array(size);
    this.mask = size - 1;
    for (const s of all) {
      const key = s.slice(0, MIN_SWEEP_LENGTH);
      const bucket = this.byPrefix.get(key);
      if (bucket) bucket.list.push(s);
      else this.byPrefix.set(key, { list: [s], set: null, lengths: null });
      this.bits[prefixHash(s, 0) & this.mask] = 1;
      if (s.length < this.minLength) this.minLength = s.length;
    }
    for (const bucket of this.byPrefix.values()) {
      // Longest first, so a token is masked whole before any shorter value inside it.
      bucket.list.sort((a, b) => b.length - a.length);
      if (bucket.list.length > BUCKET_SCAN_MAX) {
        // Many secrets share these first characters (every JWT starts "eyJhbG", every bearer
        // value "Bearer"): look up the text at each of their lengths instead of trying each one.
        bucket.set = new Set(bucket.list);
        bucket.lengths = [...new Set(bucket.list.map((s) => s.length))];
      }
    }
    const m = (this.window = Math.min(this.minLength, WINDOW_MAX));
    // About 1/16 of the slots hold a short move at most, so most windows move on by nearly m.
    let bits = 10;
    while (1 << bits < all.length * (m - 2) * 16 && bits < SHIFT_BITS_MAX) bits++;
    this.shift = new Uint8Array(1 << bits).fill(m - 2);
    this.shiftBits = 32 - bits;
    for (const s of all) {
      for (let j = 2; j < m; j++) {
        const h = tripleHash(s, j - 2) >>> this.shiftBits;
        if (m - 1 - j < this.shift[h]!) this.shift[h] = m - 1 - j;
      }
    }
  }
  get empty(): boolean {
    return this.byPrefix.size === 0;
  }
  /** The longest remembered secret that starts at `i` in `text`, if any. */
  private at(text: string, i: number): string | undefined {
    const bucket = this.byPrefix.get(text.substr(i, MIN_SWEEP_LENGTH));
    if (!bucket) return undefined;
    if (!bucket.set) {
      for (const s of bucket.list) if (text.startsWith(s, i)) return s;
      return undefined;
    }
    for (const n of bucket.lengths!) {
      if (i + n > text.length) continue;
      const candidate = text.substr(i, n);
      if (bucket.set.has(candidate)) return candidate;
    }
    return undefined;
  }
  /**
   * Does a remembered secret start at a word boundary in `text` (would replaceIn change it)?
   * Every secret is at least `window` long, so a window that ends on three characters no
   * secret has near its start is passed over whole.
   */
  occursIn(text: string): boolean {
    const n = text.length;
    if (n < this.minLength) return false;
    const m = this.window;
    const shift = this.shift;
    const shiftBits = this.shiftBits;
    for (let end = m - 1; end < n; ) {
      const step = shift[tripleHash(text, end - 2) >>> shiftBits]!;
      if (step !== 0) {
        end += step;
        continue;
      }
      const i = end - m + 1;
      if ((i === 0 || !isWordChar(text.charCodeAt(i - 1))) && this.bits[prefixHash(text, i) & this.mask] !== 0 && this.at(text, i) !== undefined) return true;
      end++;
    }
    return false;
  }
  replaceIn(text: string): string {
    if (text.length < this.minLength) return text;
    const bits = this.bits;
    const mask = this.mask;
    let out = '';
    let from = 0;
    // Values start at a boundary (after "=", ":", a space, a quote...), never inside a word:
    // checking only there keeps the sweep fast on long bodies.
    for (let i = 0, end = text.length - MIN_SWEEP_LENGTH; i <= end; ) {
      if ((i > 0 && isWordChar(text.charCodeAt(i - 1))) || bits[prefixHash(text, i) & mask] === 0) {
        i++;
        continue;
      }
      const hit = this.at(text, i);
      if (hit) {
        out += text.slice(from, i) + maskValue(hit);
        i += hit.length;
        from = i;
      } else i++;
    }
    return from === 0 ? text : out + text.slice(from);
  }
}

/** occursIn's window: at most this many first characters of the secrets are read. */
const WINDOW_MAX = 16;
/** At most 2^18 one-byte slots (256 KB), for some 1,000 secrets or more. */
const SHIFT_BITS_MAX = 18;

/** Hash of the three characters at `at`, in its high bits (shift it right to index a table). */
function tripleHash(s: string, at: number): number {
  return Math.imul((s.charCodeAt(at) << 16) ^ (s.charCodeAt(at + 1) << 8) ^ s.charCodeAt(at + 2), 0x9e3779b1);
}

/** The remembered secrets that share their first MIN_SWEEP_LENGTH characters. */
interface PrefixBucket {
  /** Longest first. */
  list: string[];
  /** For a large bucket: the same secrets as a set, and their distinct lengths, longest first. */
  set: Set<string> | null;
  lengths: number[] | null;
}

/** Up to this many secrets per prefix are tried one by one; more are looked up by length. */
const BUCKET_SCAN_MAX = 8;

const PREFIX_BITS = 1 << 20;

/** Hash of the MIN_SWEEP_LENGTH (6) characters at `at`, in [0, PREFIX_BITS). */
function prefixHash(s: string, at: number): number {
  let h = s.charCodeAt(at);
  h = (h * 31 + s.charCodeAt(at + 1)) | 0;
  h = (h * 31 + s.charCodeAt(at + 2)) | 0;
  h = (h * 31 + s.charCodeAt(at + 3)) | 0;
  h = (h * 31 + s.charCodeAt(at + 4)) | 0;
  h = (h * 31 + s.charCodeAt(at + 5)) | 0;
  return (h ^ (h >>> 20)) & (PREFIX_BITS - 1);
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const indexCache = new WeakMap<ReadonlySet<string>, { size: number; index: SecretIndex }>();
function indexOf(seen: ReadonlySet<string>): SecretIndex {
  const cached = indexCache.get(seen);
  if (cached && cached.size === seen.size) return cached.index;
  const index = new SecretIndex(seen);
  indexCache.set(seen, { size: seen.size, index });
  return index;
}

/**
 * Scrub one piece of free text: remembered secrets, JWTs, `Bearer …`, AWS key ids, secret URL
 * parameters, `"password": "…"` pairs and `token=…` pairs.
 */
export function sweepText(text: string, seen?: ReadonlySet<string>): string {
  return sweepWith(text, seen && seen.size ? indexOf(seen) : undefined);
}

/** Below this length no pattern can match (`sid=x` is 5) and no remembered secret fits (6). */
const MIN_TEXT_LENGTH = 5;

function sweepWith(text: string, index: SecretIndex | undefined): string {
  if (text.length < MIN_TEXT_LENGTH || isClean(text, index)) return text;
  let out = text;
  if (index && !index.empty) out = index.replaceIn(out);
  // Each pattern runs only when a cheap test says it can match: most strings (user agents,
  // content types, ids) match none, and a capture holds hundreds of thousands of strings.
  if (out.includes('eyJ')) out = out.replace(JWT_ANYWHERE, (m) => maskValue(m));
  if (AUTH_HINT.test(out)) out = out.replace(AUTH_IN_TEXT, (_all, scheme: string, gap: string, tok: string) => `${scheme}${gap}${maskValue(tok)}`);
  if (out.includes('AKIA') || out.includes('ASIA')) out = out.replace(AWS_ACCESS_KEY, (m) => maskValue(m));
  // The last three usually match without changing anything (URLs without secrets, plain
  // `"key": "value"` and `name=value` pairs): replaceChanged copies nothing then.
  if (out.includes('://')) out = replaceChanged(out, URL_IN_TEXT, maskUrlMatch);
  if (out.includes('"')) out = replaceChanged(out, JSON_PAIR, maskJsonPair);
  if (out.includes('=')) out = replaceChanged(out, FORM_PAIR, maskFormPair);
  return out;
}

/**
 * True when sweepWith would give the text back as it is: no "eyJ" or AKIA/ASIA, no `Bearer …`
 * like credential, no URL that redactUrl would change, no `"name": "…"` or name=value pair under
 * a secret name, no remembered secret at a word boundary. Each test may say
 * "not clean" when the step would change nothing (the steps then run, as before); never the
 * other way round (tested against the steps themselves).
 */
function isClean(text: string, index: SecretIndex | undefined): boolean {
  // The patterns first: native searches for the few characters they need.
  if (NEVER_CLEAN.test(text)) return false;
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) if (!urlAroundIsClean(text, at)) return false;
  if (text.includes('"')) for (let at = text.indexOf(':'); at >= 0; at = text.indexOf(':', at + 1)) if (secretJsonKeyAround(text, at)) return false;
  for (let at = text.indexOf('='); at >= 0; at = text.indexOf('=', at + 1)) if (secretNameBefore(text, at)) return false;
  // Then the remembered secrets, at word boundaries.
  return !index || index.empty || !index.occursIn(text);
}

/** A JWT's start, an AWS key id's, or what AUTH_IN_TEXT needs (without the word boundary before the scheme). */
const NEVER_CLEAN = /eyJ|AKIA|ASIA|(?:Bearer|Basic|Token|Digest|Negotiate|NTLM)\s+[A-Za-z0-9._~+/=-]{8}/;

/** ECMAScript WhiteSpace and LineTerminator: what \s matches. */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Is there a JSON_PAIR match through the ":" at `colon` (`"key" : "`) whose key is secret? The
 * key of such a match is fixed by the colon: the quoted run before it, across spaces.
 */
function secretJsonKeyAround(text: string, colon: number): boolean {
  let after = colon + 1;
  while (after < text.length && isSpace(text.charCodeAt(after))) after++;
  if (text.charCodeAt(after) !== 0x22) return false;
  let close = colon - 1;
  while (close >= 0 && isSpace(text.charCodeAt(close))) close--;
  if (close < 1 || text.charCodeAt(close) !== 0x22) return false;
  let open = close - 1;
  while (open >= 0 && close - open <= 65) {
    const c = text.charCodeAt(open);
    if (c === 0x22) break;
    if (c === 0x5c) return false;
    open--;
  }
  // The key is 1 to 64 characters, neither quote nor backslash, right after a quote.
  if (open < 0 || text.charCodeAt(open) !== 0x22 || close - open - 1 < 1 || close - open - 1 > 64) return false;
  return isSecretKey(text.slice(open + 1, close));
}

function isParamNameChar(c: number): boolean {
  // [A-Za-z0-9_.\-[\]]
  return isWordChar(c) || c === 0x5f || c === 0x2e || c === 0x2d || c === 0x5b || c === 0x5d;
}

/** Is the FORM_PAIR key that would end at the "=" at `eq` (the run of name characters before it) secret? */
function secretNameBefore(text: string, eq: number): boolean {
  let from = eq;
  while (from > 0 && eq - from <= 64 && isParamNameChar(text.charCodeAt(from - 1))) from--;
  const length = eq - from;
  // No key, or a run too long to be one (a key starts right after a non-name character).
  if (length === 0 || length > 64) return false;
  return isSecretParamName(text.slice(from, eq));
}

/** What URL_IN_TEXT takes after "://". */
const URL_TAIL = /[^\s"'<>`\\]*/y;

/**
 * Is every URL_IN_TEXT match through the "://" at `at` left as it is by redactUrl? Such a match
 * runs to the end of URL_TAIL; whatever its scheme (the caller has ruled out "eyJ" anywhere), its
 * userinfo, query and fragment are in the range from "://" to there.
 */
function urlAroundIsClean(text: string, at: number): boolean {
  URL_TAIL.lastIndex = at + 3;
  URL_TAIL.test(text);
  const to = URL_TAIL.lastIndex;
  URL_TAIL.lastIndex = 0;
  return partsAreClean(text, at, to);
}

function maskUrlMatch(m: RegExpExecArray): string {
  return redactUrl(m[0]);
}

function maskJsonPair(m: RegExpExecArray): string {
  const [all, head = '', key = '', val = ''] = m;
  return isSecretKey(key) && val && !isMasked(val) ? `${head}"${maskValue(val)}"` : all;
}

function maskFormPair(m: RegExpExecArray): string {
  const [all, lead = '', key = '', val = ''] = m;
  return isSecretParamName(key) && !isMasked(val) && !isMasked(all) ? `${lead}${key}=${maskValue(val)}` : all;
}

/**
 * text.replace(re, (match, ...groups) => f(match)) for a global `re`, except that the same string
 * comes back (nothing copied) when f gives every match back as it is.
 */
function replaceChanged(text: string, re: RegExp, f: (m: RegExpExecArray) => string): string {
  re.lastIndex = 0;
  let out = '';
  let from = 0;
  let changed = false;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const r = f(m);
    if (r !== m[0]) {
      out += text.slice(from, m.index) + r;
      from = m.index + m[0].length;
      changed = true;
    }
    if (m[0] === '') re.lastIndex++;
  }
  re.lastIndex = 0;
  return changed ? out + text.slice(from) : text;
}

/** A request or response body: JSON keys, form parameters, JWTs, remembered secrets. */
export function redactBody(body: string, seen?: ReadonlySet<string>): string {
  return sweepText(body, seen);
}

/* ------------------------------------------------------------------------------------------------
 * Whole documents
 * --------------------------------------------------------------------------------------------- */

/** Strings longer than this are swept without memo (bodies are rarely repeated; fix snippets are). */
const MEMO_MAX_LENGTH = 16_384;
const MEMO_MAX_ENTRIES = 200_000;
const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * The final sweep of one document: every string, against one index of the remembered secrets.
 * Identical strings are swept once (a capture repeats the same user agent, fix snippet or message
 * thousands of times). Keys in `skip` hold fixed vocabulary (verdicts, rule ids, languages), never
 * text from the capture, and are copied as they are.
 */
class Sweeper {
  private readonly index: SecretIndex;
  private memo = new Map<string, string>();
  constructor(
    seen: ReadonlySet<string>,
    private readonly skip: ReadonlySet<string> = NO_KEYS,
  ) {
    this.index = new SecretIndex(seen);
  }
  text(s: string): string {
    if (s.length < MIN_TEXT_LENGTH) return s;
    if (s.length > MEMO_MAX_LENGTH) return sweepWith(s, this.index);
    let r = this.memo.get(s);
    if (r === undefined) {
      r = sweepWith(s, this.index);
      if (this.memo.size >= MEMO_MAX_ENTRIES) this.memo = new Map();
      this.memo.set(s, r);
    }
    return r;
  }
  /**
   * A JSON-like value with every string swept (object keys are kept). Copy on write: an array or
   * object none of whose strings changed is returned as it is (shared, never mutated), so the
   * unchanged bulk of a capture (fix snippets, checks, plain headers) is not copied.
   */
  deep<T>(source: T, skip: ReadonlySet<string> = this.skip): T {
    if (typeof source === 'string') return this.text(source) as T;
    if (typeof source !== 'object' || source === null) return source;
    const value = asJson(source);
    if (typeof value === 'string') return this.text(value) as T;
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      let out: unknown[] | null = null;
      for (let i = 0; i < value.length; i++) {
        const v = value[i] as unknown;
        const w = this.deep(v, skip);
        if (out) out.push(w);
        else if (w !== v) {
          out = value.slice(0, i);
          out.push(w);
        }
      }
      return (out ?? value) as T;
    }
    const src = value as Record<string, unknown>;
    const keys = Object.keys(src);
    let out: Record<string, unknown> | null = null;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const v = src[k];
      // A finding's `data` is free-form (placeholder name → value from the capture): swept whole.
      const w = typeof v === 'string' && skip.has(k) ? v : this.deep(v, k === 'data' ? NO_KEYS : skip);
      if (!out) {
        if (w === v) continue;
        out = {};
        for (let j = 0; j < i; j++) setOwn(out, keys[j]!, src[keys[j]!]);
      }
      setOwn(out, k, w);
    }
    return (out ?? value) as T;
  }
}

/** A "__proto__" key from an untrusted document is data, not a prototype. */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** Deep-sweep every string value in a JSON-like value (object keys are kept). Returns a copy. */
function sweepDeep<T>(value: T, seen: ReadonlySet<string>): T {
  return new Sweeper(seen).deep(value);
}

/**
 * Analysis keys whose values are fixed vocabulary or ids made by the engine, never text from the
 * capture: the final sweep leaves them alone.
 */
const ANALYSIS_VOCAB_KEYS: ReadonlySet<string> = new Set([
  'schema',
  'id',
  'verdict',
  'blockedLeg',
  'pairing',
  'gateway',
  'severity',
  'confidence',
  'basis',
  'leg',
  'kind',
  'rule',
  'docs',
  'lang',
  'stack',
  'outcome',
]);

const secretNameCache = new Map<string, boolean>();
/** isSecretHeader, memoised: a capture repeats the same few dozen header names. */
function isSecretHeaderName(name: string): boolean {
  let r = secretNameCache.get(name);
  if (r === undefined) {
    r = isSecretHeader(name);
    setBounded(secretNameCache, 10_000, name, r);
  }
  return r;
}

/** A header value for the structured pass: masked by name; other values are left to the sweep. */
function maskHeaderValue(name: string, value: string, seen?: Set<string>): string {
  return isSecretHeaderName(name) ? redactHeaderValue(name, value, seen) : value;
}

/** Copy on write: the same list when no header in it is secret. */
function maskHeaders(headers: readonly Header[], seen?: Set<string>): Header[] {
  if (!headers.some((h) => isSecretHeaderName(h.name))) return headers as Header[];
  return headers.map((h) => (isSecretHeaderName(h.name) ? { name: h.name, value: redactHeaderValue(h.name, h.value, seen) } : h));
}

/*
 * Pass 1 without the copy ("remember"): the secret values redactUrl and redactHeaderValue would
 * remember, found without building the masked copies. Tested against those two.
 */

/** How a header's value is remembered, by its name (HEADER_PLAIN: the whole value only). */
const HEADER_PUBLIC = 0;
const HEADER_PLAIN = 1;
const HEADER_COOKIE = 2;
const HEADER_SET_COOKIE = 3;
const HEADER_AUTHORIZATION = 4;

const headerKindCache = new Map<string, number>();
function headerKind(name: string): number {
  let k = headerKindCache.get(name);
  if (k === undefined) {
    const n = name.trim().toLowerCase();
    if (!isSecretHeader(n)) k = HEADER_PUBLIC;
    else if (n === 'cookie' || n === 'cookie2') k = HEADER_COOKIE;
    else if (n === 'set-cookie' || n === 'set-cookie2') k = HEADER_SET_COOKIE;
    else if (n.includes('authorization')) k = HEADER_AUTHORIZATION;
    else k = HEADER_PLAIN;
    setBounded(headerKindCache, 10_000, name, k);
  }
  return k;
}

/** Secrets being remembered, and the header values already read for them (by kind, one bit each). */
interface Remembering {
  readonly seen: Set<string>;
  readonly values: Map<string, number>;
  /** Per kind of header list (preflight request, preflight response, actual request, actual response). */
  readonly lists: readonly [NamesSeen, NamesSeen, NamesSeen, NamesSeen];
}

/**
 * The names (and their kinds) of the last header list of one kind, by position. A producer
 * writes the same headers in the same order request after request: comparing a name with the one
 * at its place in the previous list is cheaper than a lookup by name, which first has to hash
 * it (each name in a parsed HAR is a string of its own). On the 100 MB bench HAR, 700,000 names.
 */
interface NamesSeen {
  names: string[];
  kinds: number[];
}

function remembering(): Remembering {
  const lists = () => ({ names: [], kinds: [] });
  return { seen: new Set(), values: new Map(), lists: [lists(), lists(), lists(), lists()] };
}

/**
 * What redactHeaderValue(name, value, seen) remembers, for a header of that kind. A value read
 * once is not read again (a session sends the same token on every request).
 */
function rememberHeaderValue(kind: number, value: string, r: Remembering): void {
  if (kind === HEADER_PUBLIC) return;
  const done = r.values.get(value) ?? 0;
  if (done & (1 << kind)) return;
  r.values.set(value, done | (1 << kind));
  const seen = r.seen;
  if (isMasked(value)) return;
  remember(seen, value);
  if (kind === HEADER_COOKIE) {
    for (const part of value.split(';')) remember(seen, part.slice(part.indexOf('=') + 1).trim());
  } else if (kind === HEADER_SET_COOKIE) {
    for (const line of value.split('\n')) {
      const first = line.split(';')[0] ?? '';
      remember(seen, first.slice(first.indexOf('=') + 1));
    }
  } else if (kind === HEADER_AUTHORIZATION) {
    const rest = /^\s*[A-Za-z][A-Za-z0-9._~+/-]*\s+([\s\S]*)$/.exec(value)?.[1];
    if (rest) remember(seen, rest.trim());
    if (value.includes('=')) for (const m of value.matchAll(/(?:Credential|Signature)=([^,\s]+)/gi)) remember(seen, m[1]);
  }
}

function rememberJwts(text: string, seen: Set<string>): void {
  if (text.includes('eyJ')) for (const m of text.matchAll(JWT_ANYWHERE)) remember(seen, m[0]);
}

const secretParamCache = new Map<string, boolean>();
function isSecretParamName(name: string): boolean {
  let r = secretParamCache.get(name);
  if (r === undefined) {
    r = isSecretParam(name);
    setBounded(secretParamCache, 10_000, name, r);
  }
  return r;
}

/** What redactParamString(params, seen) remembers. */
function rememberParams(params: string, seen: Set<string>): void {
  for (let from = 0; from <= params.length; ) {
    let amp = params.indexOf('&', from);
    if (amp < 0) amp = params.length;
    const eq = params.indexOf('=', from);
    if (eq < 0 || eq > amp) rememberJwts(params.slice(from, amp), seen);
    else {
      const name = params.slice(from, eq);
      const raw = params.slice(eq + 1, amp);
      if (raw && isSecretParamName(name.includes('%') || name.includes('+') ? safeDecode(name) : name)) {
        remember(seen, raw);
        remember(seen, safeDecode(raw));
      } else rememberJwts(raw, seen);
    }
    from = amp + 1;
  }
}

/** What redactUrl(url, seen) remembers. Only a URL with userinfo, a query, a fragment or a JWT can hold one. */
function rememberUrl(url: string, seen: Set<string>): void {
  if (!url) return;
  const hash = url.indexOf('#');
  const rest = hash >= 0 ? url.slice(0, hash) : url;
  const q = rest.indexOf('?');
  const path = q >= 0 ? rest.slice(0, q) : rest;
  // Userinfo is rare: the general function then (it masks it before looking for JWTs in the rest).
  if (path.includes('@')) {
    redactUrl(url, seen);
    return;
  }
  rememberJwts(path, seen);
  if (q >= 0) rememberParams(rest.slice(q + 1), seen);
  if (hash >= 0) {
    const fragment = url.slice(hash + 1);
    if (fragment.includes('=')) rememberParams(fragment, seen);
  }
}

function rememberEvidence(list: readonly Evidence[] | undefined, r: Remembering): void {
  if (!list) return;
  for (let i = 0; i < list.length; i++) {
    const e = list[i]!;
    if (e.value !== null && (e.kind === 'request-header' || e.kind === 'response-header')) rememberHeaderValue(headerKind(e.name), e.value, r);
  }
}

function rememberHeaders(list: readonly Header[], r: Remembering, last: NamesSeen): void {
  const { names, kinds } = last;
  for (let i = 0; i < list.length; i++) {
    const h = list[i]!;
    const name = h.name;
    let kind: number;
    if (names[i] === name) kind = kinds[i]!;
    else {
      kind = headerKind(name);
      names[i] = name;
      kinds[i] = kind;
    }
    if (kind !== HEADER_PUBLIC) rememberHeaderValue(kind, h.value, r);
  }
}

/**
 * Pass 1 without the copy: remember every secret value an exchange's headers, cookies and URLs
 * carry (exactly the values the structured pass remembers), so that any exchange can be swept
 * of them, whether or not it is itself rendered.
 */
function rememberExchange(ex: ExchangeResult, r: Remembering): void {
  const seen = r.seen;
  rememberUrl(ex.url, seen);
  const { preflight, actual } = ex;
  if (preflight) {
    if (preflight.url !== ex.url) rememberUrl(preflight.url, seen);
    rememberHeaders(preflight.requestHeaders, r, r.lists[0]);
    rememberHeaders(preflight.responseHeaders, r, r.lists[1]);
  }
  if (actual) {
    if (actual.url !== ex.url) rememberUrl(actual.url, seen);
    rememberHeaders(actual.requestHeaders, r, r.lists[2]);
    rememberHeaders(actual.responseHeaders, r, r.lists[3]);
  }
  for (const f of ex.findings) rememberEvidence(f.evidence, r);
  rememberEvidence(ex.gatewayEvidence, r);
  if (ex.gatewayLayers) for (const l of ex.gatewayLayers) rememberEvidence(l.evidence, r);
}

/**
 * What JSON.stringify writes of a value: its toJSON() when it has one (an engine object whose
 * fields are computed on read), else the value itself. Redaction works on what is written.
 */
function asJson<T>(value: T): T {
  const toJSON = (value as { toJSON?: unknown } | null)?.toJSON;
  return typeof toJSON === 'function' ? (toJSON.call(value) as T) : value;
}

function redactLeg(source: LegSummary | null, seen?: Set<string>): LegSummary | null {
  const leg = asJson(source);
  if (!leg) return null;
  const out: LegSummary = {
    ...leg,
    url: redactUrl(leg.url, seen),
    requestHeaders: maskHeaders(leg.requestHeaders, seen),
    responseHeaders: maskHeaders(leg.responseHeaders, seen),
  };
  return out;
}

function redactEvidence(source: Evidence, seen?: Set<string>): Evidence {
  const e = asJson(source);
  if (e.value === null) return { ...e };
  if (e.kind === 'request-header' || e.kind === 'response-header') {
    return { ...e, value: maskHeaderValue(e.name, e.value, seen) };
  }
  return { ...e };
}

/** Pass 1 (structured) for one exchange: secret headers, cookies and URL parameters masked by name. */
function redactExchange(source: ExchangeResult, seen?: Set<string>): ExchangeResult {
  const ex = asJson(source);
  const findings: Finding[] = ex.findings.map((finding) => {
    const f = asJson(finding);
    return { ...f, evidence: f.evidence.map((e) => redactEvidence(e, seen)) };
  });
  return {
    ...ex,
    url: redactUrl(ex.url, seen),
    preflight: redactLeg(ex.preflight, seen),
    actual: redactLeg(ex.actual, seen),
    findings,
    ...(ex.gatewayEvidence ? { gatewayEvidence: ex.gatewayEvidence.map((e) => redactEvidence(e, seen)) } : {}),
    ...(ex.gatewayLayers ? { gatewayLayers: ex.gatewayLayers.map((l) => ({ ...l, evidence: l.evidence.map((e) => redactEvidence(e, seen)) })) } : {}),
  };
}

/** Redacts the exchanges of one analysis, one at a time, against the secrets of all of them. */
export interface AnalysisRedactor {
  /** The analysis itself (notes and every field but the exchanges) redacted; `exchanges` is empty. */
  readonly head: Analysis;
  /** One exchange of that analysis, redacted (a new object; the input is not mutated). */
  exchange(ex: ExchangeResult): ExchangeResult;
  /**
   * Field by field, for an output that shows only part of an exchange (report/model.ts
   * redactedReportedPart): each gives what exchange() makes of that field, without copying the
   * rest. Results share unchanged parts with the input.
   */
  readonly fields: FieldRedactor;
}

export interface FieldRedactor {
  /** A string of free text, swept. */
  text(s: string): string;
  /** A URL: secret parameters and userinfo masked, then swept. */
  url(u: string): string;
  /** A header: the value masked by name, both swept. */
  header(h: Header): Header;
  evidence(e: Evidence): Evidence;
  fix(f: FixSnippet): FixSnippet;
  hidden(h: HiddenStatus): HiddenStatus;
}

/**
 * FieldRedactor over one Sweeper. Keep in step with redactExchange, redactLeg, redactEvidence and
 * ANALYSIS_VOCAB_KEYS: a field here is what the structured pass and the sweep make of it there
 * (vocabulary fields as they are, free text swept, header values masked by name first). Fields
 * are read explicitly, never copied by spread, so values computed on read (getters) are kept.
 * Unchanged objects are given back as they are.
 */
class Fields implements FieldRedactor {
  constructor(private readonly sweeper: Sweeper) {}
  text(s: string): string {
    return this.sweeper.text(s);
  }
  url(u: string): string {
    return this.sweeper.text(redactUrl(u));
  }
  header(h: Header): Header {
    const name = this.sweeper.text(h.name);
    const value = this.sweeper.text(maskHeaderValue(h.name, h.value));
    return name === h.name && value === h.value ? h : { name, value };
  }
  evidence(e: Evidence): Evidence {
    let value = e.value;
    if (value !== null) {
      if (e.kind === 'request-header' || e.kind === 'response-header') value = maskHeaderValue(e.name, value);
      value = this.text(value);
    }
    const name = this.text(e.name);
    const why = this.text(e.why);
    return name === e.name && value === e.value && why === e.why ? e : { leg: e.leg, kind: e.kind, name, value, why };
  }
  hidden(h: HiddenStatus): HiddenStatus {
    const note = this.text(h.note);
    return note === h.note ? h : { status: h.status, leg: h.leg, basis: h.basis, confidence: h.confidence, note };
  }
  fix(f: FixSnippet): FixSnippet {
    const title = this.text(f.title);
    const code = this.text(f.code);
    return title === f.title && code === f.code ? f : { stack: f.stack, lang: f.lang, title, code };
  }
}

/**
 * Pass 1 over every exchange (remembering only, no copy), then a redactor that masks and sweeps
 * any one exchange on demand: the JSON output streams through it, the text output runs it only on
 * the pairs it shows. Either way every string is swept of the secrets of the whole capture.
 */
export function analysisRedactor(a: Analysis): AnalysisRedactor {
  const seen = rememberedSecrets(a);
  const sweeper = new Sweeper(seen, ANALYSIS_VOCAB_KEYS);
  const head = sweeper.deep({ ...a, exchanges: [] as ExchangeResult[] });
  return { head, exchange: (ex) => sweeper.deep(redactExchange(ex)), fields: new Fields(sweeper) };
}

/**
 * Every secret value the headers, cookies and URLs of an analysis carry, with their encodings:
 * what the structured pass (redactHeaderValue, redactUrl) would remember over all of it.
 */
export function rememberedSecrets(a: Analysis): Set<string> {
  const r = remembering();
  const list = a.exchanges;
  for (let i = 0; i < list.length; i++) rememberExchange(list[i]!, r);
  return r.seen;
}

/**
 * Redact an Analysis. Returns a new object and never mutates the input (parts without anything to
 * mask may be shared with it: treat the result as read-only). Every string in
 * the result (messages, notes, evidence, bodies, fixes) is swept for the secrets found in headers,
 * cookies and URLs anywhere in the capture.
 *
 * `ids`: redact (and return) only these exchanges, in capture order, for an output that shows only
 * them; they are still swept of the secrets of every exchange. The summary is left as it is (it
 * describes the capture, not the selection).
 */
export function redactAnalysis(a: Analysis, opts: { ids?: readonly string[] } = {}): Analysis {
  const r = analysisRedactor(a);
  const wanted = opts.ids ? new Set(opts.ids) : null;
  const chosen = wanted ? a.exchanges.filter((e) => wanted.has(e.id)) : a.exchanges;
  return { ...r.head, exchanges: chosen.map(r.exchange) };
}

/** Redact one exchange (for a copy of a single request). A new object; the input is not mutated. */
export function redactExchangeResult(ex: ExchangeResult): ExchangeResult {
  const r = remembering();
  rememberExchange(ex, r);
  return new Sweeper(r.seen, ANALYSIS_VOCAB_KEYS).deep(redactExchange(ex));
}

/* ------------------------------------------------------------------------------------------------
 * HAR
 * --------------------------------------------------------------------------------------------- */

type Loose = Record<string, unknown>;
const isObj = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

function redactHarHeaders(list: unknown, seen: Set<string>): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((h) =>
    isObj(h) && typeof h.name === 'string' && typeof h.value === 'string'
      ? { ...h, value: redactHeaderValue(h.name, h.value, seen) }
      : h,
  );
}

function redactHarCookies(list: unknown, seen: Set<string>): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((c) => {
    if (!isObj(c) || typeof c.value !== 'string') return c;
    remember(seen, c.value);
    return { ...c, value: maskValue(c.value) };
  });
}

function redactHarParams(list: unknown, seen: Set<string>): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((p) => {
    if (!isObj(p) || typeof p.name !== 'string' || typeof p.value !== 'string') return p;
    if (!isSecretParam(p.name) || !p.value) return p;
    remember(seen, p.value);
    return { ...p, value: maskValue(p.value) };
  });
}

function redactHarEntry(e: unknown, seen: Set<string>): unknown {
  if (!isObj(e)) return e;
  const out: Loose = { ...e };
  if (isObj(e.request)) {
    const r: Loose = { ...e.request };
    if (typeof r.url === 'string') r.url = redactUrl(r.url, seen);
    r.headers = redactHarHeaders(r.headers, seen);
    r.cookies = redactHarCookies(r.cookies, seen);
    r.queryString = redactHarParams(r.queryString, seen);
    if (isObj(r.postData)) {
      const p: Loose = { ...r.postData };
      p.params = redactHarParams(p.params, seen);
      r.postData = p;
    }
    out.request = r;
  }
  if (isObj(e.response)) {
    const r: Loose = { ...e.response };
    r.headers = redactHarHeaders(r.headers, seen);
    r.cookies = redactHarCookies(r.cookies, seen);
    if (typeof r.redirectURL === 'string') r.redirectURL = redactUrl(r.redirectURL, seen);
    out.response = r;
  }
  return out;
}

/**
 * Redact a HAR document (any producer, untrusted shape). Returns a new document; the input is not
 * mutated. Unknown fields are kept and swept like everything else.
 */
export function redactHar<T>(har: T): T {
  if (!isObj(har)) return sweepDeep(har, new Set());
  const seen = new Set<string>();
  const out: Loose = { ...har };
  if (isObj(har.log)) {
    const log: Loose = { ...har.log };
    if (Array.isArray(log.entries)) log.entries = log.entries.map((e) => redactHarEntry(e, seen));
    out.log = log;
  }
  return sweepDeep(out, seen) as T;
}

/** Redact a bare list of HAR entries (as chrome.devtools.network gives them). */
export function redactEntries(entries: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  const first = entries.map((e) => redactHarEntry(e, seen));
  return sweepDeep(first, seen);
}
