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
 * Everything is pure; inputs are never mutated. Masking is idempotent (a mask is never re-masked).
 */
import type { Header } from '../model/types';
import type { Analysis, Evidence, ExchangeResult, Finding, LegSummary } from '../engine/schema';

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
  const n = name.trim().toLowerCase();
  return isSecretParam(n) || n === 'authorization' || n === 'cookie' || /^(x-)?api[-_]?key$/.test(n);
}

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

function remember(seen: Set<string> | undefined, v: string | undefined): void {
  if (!seen || !v) return;
  const t = v.trim();
  if (t.length >= MIN_SWEEP_LENGTH && !isMasked(t)) {
    seen.add(t);
    // A value may also appear percent-encoded or JSON-escaped elsewhere.
    try {
      const enc = encodeURIComponent(t);
      if (enc !== t) seen.add(enc);
    } catch {
      /* lone surrogate: nothing to add */
    }
    try {
      const dec = decodeURIComponent(t);
      if (dec !== t && dec.length >= MIN_SWEEP_LENGTH) seen.add(dec);
    } catch {
      /* not percent-encoded */
    }
  }
}

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
  if (!url) return url;
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
 */
class SecretIndex {
  private readonly byPrefix = new Map<string, string[]>();
  constructor(secrets: Iterable<string>) {
    for (const s of secrets) {
      const key = s.slice(0, MIN_SWEEP_LENGTH);
      const list = this.byPrefix.get(key);
      if (list) list.push(s);
      else this.byPrefix.set(key, [s]);
    }
    // Longest first, so a token is masked whole before any shorter value inside it.
    for (const list of this.byPrefix.values()) list.sort((a, b) => b.length - a.length);
  }
  replaceIn(text: string): string {
    if (text.length < MIN_SWEEP_LENGTH) return text;
    let out = '';
    let from = 0;
    for (let i = 0; i <= text.length - MIN_SWEEP_LENGTH; ) {
      // Values start at a boundary (after "=", ":", a space, a quote...), never inside a word:
      // checking only there keeps the sweep fast on long bodies.
      if (i > 0 && isWordChar(text.charCodeAt(i - 1))) {
        i++;
        continue;
      }
      const list = this.byPrefix.get(text.substr(i, MIN_SWEEP_LENGTH));
      const hit = list?.find((s) => text.startsWith(s, i));
      if (hit) {
        out += text.slice(from, i) + maskValue(hit);
        i += hit.length;
        from = i;
      } else i++;
    }
    return from === 0 ? text : out + text.slice(from);
  }
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
  if (!text) return text;
  let out = text;
  if (seen && seen.size) out = indexOf(seen).replaceIn(out);
  // Each pattern runs only when a cheap test says it can match: most strings (user agents,
  // content types, ids) match none, and a capture holds hundreds of thousands of strings.
  if (out.includes('eyJ')) out = out.replace(JWT_ANYWHERE, (m) => maskValue(m));
  if (AUTH_HINT.test(out)) out = out.replace(AUTH_IN_TEXT, (_all, scheme: string, gap: string, tok: string) => `${scheme}${gap}${maskValue(tok)}`);
  if (out.includes('AKIA') || out.includes('ASIA')) out = out.replace(AWS_ACCESS_KEY, (m) => maskValue(m));
  if (out.includes('://')) out = out.replace(URL_IN_TEXT, (u) => redactUrl(u));
  if (out.includes('"')) {
    out = out.replace(JSON_PAIR, (all, head: string, key: string, val: string) =>
      isSecretKey(key) && val && !isMasked(val) ? `${head}"${maskValue(val)}"` : all,
    );
  }
  if (out.includes('=')) {
    out = out.replace(FORM_PAIR, (all, lead: string, key: string, val: string) =>
      isSecretParam(key) && !isMasked(val) && !isMasked(all) ? `${lead}${key}=${maskValue(val)}` : all,
    );
  }
  return out;
}

/** A request or response body: JSON keys, form parameters, JWTs, remembered secrets. */
export function redactBody(body: string, seen?: ReadonlySet<string>): string {
  return sweepText(body, seen);
}

/* ------------------------------------------------------------------------------------------------
 * Whole documents
 * --------------------------------------------------------------------------------------------- */

/** Deep-sweep every string value in a JSON-like value (object keys are kept). Returns a copy. */
function sweepDeep<T>(value: T, seen: ReadonlySet<string>): T {
  if (typeof value === 'string') return sweepText(value, seen) as T;
  if (Array.isArray(value)) return value.map((v) => sweepDeep(v, seen)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = sweepDeep(v, seen);
    return out as T;
  }
  return value;
}

function redactLeg(leg: LegSummary | null, seen: Set<string>): LegSummary | null {
  if (!leg) return null;
  const out: LegSummary = {
    ...leg,
    url: redactUrl(leg.url, seen),
    requestHeaders: redactHeaders(leg.requestHeaders, seen),
    responseHeaders: redactHeaders(leg.responseHeaders, seen),
  };
  return out;
}

function redactEvidence(e: Evidence, seen: Set<string>): Evidence {
  if (e.value === null) return { ...e };
  if (e.kind === 'request-header' || e.kind === 'response-header') {
    return { ...e, value: redactHeaderValue(e.name, e.value, seen) };
  }
  return { ...e };
}

function redactExchange(ex: ExchangeResult, seen: Set<string>): ExchangeResult {
  const findings: Finding[] = ex.findings.map((f) => ({
    ...f,
    evidence: f.evidence.map((e) => redactEvidence(e, seen)),
    fixes: f.fixes.map((x) => ({ ...x })),
  }));
  return {
    ...ex,
    url: redactUrl(ex.url, seen),
    preflight: redactLeg(ex.preflight, seen),
    actual: redactLeg(ex.actual, seen),
    credentials: { ...ex.credentials },
    hiddenStatus: ex.hiddenStatus ? { ...ex.hiddenStatus } : null,
    findings,
    ...(ex.gatewayEvidence ? { gatewayEvidence: ex.gatewayEvidence.map((e) => redactEvidence(e, seen)) } : {}),
  };
}

/**
 * Redact a whole Analysis. Deep: returns a new object and never mutates the input. Every string in
 * the result (messages, notes, evidence, bodies, fixes) is swept for the secrets found in headers,
 * cookies and URLs anywhere in the capture.
 */
export function redactAnalysis(a: Analysis): Analysis {
  const seen = new Set<string>();
  const structured: Analysis = {
    ...a,
    summary: { ...a.summary },
    exchanges: a.exchanges.map((ex) => redactExchange(ex, seen)),
    notes: [...a.notes],
  };
  return sweepDeep(structured, seen);
}

/** Redact one exchange (for a copy of a single request). Deep copy; the input is not mutated. */
export function redactExchangeResult(ex: ExchangeResult): ExchangeResult {
  const seen = new Set<string>();
  return sweepDeep(redactExchange(ex, seen), seen);
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
 * Redact a HAR document (any producer, untrusted shape). Returns a deep copy; the input is not
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
