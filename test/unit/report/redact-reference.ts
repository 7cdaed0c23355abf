/**
 * Reference implementations for the redaction fast paths: the plain, slow versions of what
 * src/report/redact.ts does (as it did before its fast paths). Tests compare the two on
 * generated corpora; these must stay simple enough to be obviously right.
 */
import { isSecretHeader, isSecretParam, looksLikeToken, maskAuthorization, maskCookieHeader, maskSetCookieHeader, maskValue, MASK_OPEN } from '../../../src/report/redact';
import type { Analysis, ExchangeResult } from '../../../src/engine/schema';

const MIN_SWEEP_LENGTH = 6;
const JWT_ANYWHERE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){1,3}/g;
const URL_IN_TEXT = /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s"'<>`\\]+/g;
const AUTH_IN_TEXT = /\b(Bearer|Basic|Token|Digest|Negotiate|NTLM)(\s+)([A-Za-z0-9._~+/=-]{8,})/g;
const AUTH_HINT = /Bearer|Basic|Token|Digest|Negotiate|NTLM/;
const AWS_ACCESS_KEY = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g;
const JSON_PAIR = /("([^"\\]{1,64})"\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
const FORM_PAIR = /(^|[?&\s;,])([A-Za-z0-9_.\-[\]]{1,64})=([^&\s;,"']+)/g;

const isMasked = (v: string) => v.includes(MASK_OPEN);

function isSecretKey(name: string): boolean {
  const n = name.trim().toLowerCase();
  return isSecretParam(n) || n === 'authorization' || n === 'cookie' || /^(x-)?api[-_]?key$/.test(n);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** Remembering, with the values already remembered (and their encodings) kept per set. */
const done = new WeakMap<Set<string>, Set<string>>();
export function refRemember(seen: Set<string> | undefined, v: string | undefined): void {
  if (!seen || !v) return;
  const t = v.trim();
  let d = done.get(seen);
  if (!d) done.set(seen, (d = new Set()));
  if (d.has(t)) return;
  d.add(t);
  if (t.length >= MIN_SWEEP_LENGTH && !isMasked(t)) {
    seen.add(t);
    try {
      const enc = encodeURIComponent(t);
      if (enc !== t) seen.add(enc);
    } catch {
      /* lone surrogate */
    }
    try {
      const dec = decodeURIComponent(t);
      if (dec !== t && dec.length >= MIN_SWEEP_LENGTH) seen.add(dec);
    } catch {
      /* not percent-encoded */
    }
  }
}

export function refRedactParamString(params: string, seen?: Set<string>): string {
  return params
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair.replace(JWT_ANYWHERE, (m) => (refRemember(seen, m), maskValue(m)));
      const name = pair.slice(0, eq);
      const raw = pair.slice(eq + 1);
      if (raw && isSecretParam(safeDecode(name))) {
        refRemember(seen, raw);
        refRemember(seen, safeDecode(raw));
        return `${name}=${maskValue(safeDecode(raw))}`;
      }
      return `${name}=${raw.replace(JWT_ANYWHERE, (m) => (refRemember(seen, m), maskValue(m)))}`;
    })
    .join('&');
}

export function refRedactUrl(url: string, seen?: Set<string>): string {
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
  rest = rest.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#@]*)@/, (_all, scheme: string, info: string) => {
    const colon = info.indexOf(':');
    const user = colon < 0 ? info : info.slice(0, colon);
    const pass = colon < 0 ? null : info.slice(colon + 1);
    const userOut = looksLikeToken(safeDecode(user)) ? (refRemember(seen, user), maskValue(safeDecode(user))) : user;
    const passOut = pass === null ? '' : ':' + (pass ? (refRemember(seen, pass), maskValue(safeDecode(pass))) : '');
    return `${scheme}${userOut}${passOut}@`;
  });
  rest = rest.replace(JWT_ANYWHERE, (m) => (refRemember(seen, m), maskValue(m)));
  let out = rest;
  if (query !== null) out += '?' + refRedactParamString(query, seen);
  if (hash >= 0) out += '#' + (fragment.includes('=') ? refRedactParamString(fragment, seen) : fragment.replace(JWT_ANYWHERE, (m) => maskValue(m)));
  return out;
}

/** What the structured pass remembers of one header value (its mask is not needed here). */
export function refRememberHeader(name: string, value: string, seen: Set<string>): void {
  const n = name.trim().toLowerCase();
  if (n.startsWith('access-control-') || n === 'origin' || !isSecretHeader(n) || isMasked(value)) return;
  refRemember(seen, value);
  if (n === 'cookie' || n === 'cookie2') {
    for (const part of value.split(';')) refRemember(seen, part.slice(part.indexOf('=') + 1).trim());
    void maskCookieHeader(value);
    return;
  }
  if (n === 'set-cookie' || n === 'set-cookie2') {
    for (const line of value.split('\n')) {
      const first = line.split(';')[0] ?? '';
      refRemember(seen, first.slice(first.indexOf('=') + 1));
    }
    void maskSetCookieHeader(value);
    return;
  }
  if (n.includes('authorization')) {
    const rest = /^\s*[A-Za-z][A-Za-z0-9._~+/-]*\s+([\s\S]*)$/.exec(value)?.[1];
    if (rest) refRemember(seen, rest.trim());
    for (const m of value.matchAll(/(?:Credential|Signature)=([^,\s]+)/gi)) refRemember(seen, m[1]);
    void maskAuthorization(value);
  }
}

/** Every secret the structured pass remembers over an analysis. */
export function refRememberedSecrets(a: Analysis): Set<string> {
  const seen = new Set<string>();
  const url = (u: string) => {
    if (u && (u.includes('?') || u.includes('#') || u.includes('@') || u.includes('eyJ'))) refRedactUrl(u, seen);
  };
  const evidence = (list: ExchangeResult['gatewayEvidence']) => {
    for (const e of list ?? []) {
      if (e.value !== null && (e.kind === 'request-header' || e.kind === 'response-header')) refRememberHeader(e.name, e.value, seen);
    }
  };
  for (const ex of a.exchanges) {
    url(ex.url);
    for (const leg of [ex.preflight, ex.actual]) {
      if (!leg) continue;
      if (leg.url !== ex.url) url(leg.url);
      for (const h of [...leg.requestHeaders, ...leg.responseHeaders]) refRememberHeader(h.name, h.value, seen);
    }
    for (const f of ex.findings) evidence(f.evidence);
    evidence(ex.gatewayEvidence);
  }
  return seen;
}

/** Remembered secrets: the longest one starting at each word boundary, masked (a plain scan). */
function refReplaceSecrets(text: string, seen: ReadonlySet<string>): string {
  const secrets = [...seen].filter((s) => s.length >= MIN_SWEEP_LENGTH).sort((a, b) => b.length - a.length);
  if (!secrets.length || text.length < Math.min(...secrets.map((s) => s.length))) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const boundary = i === 0 || !/[A-Za-z0-9]/.test(text[i - 1]!);
    const hit = boundary && i <= text.length - MIN_SWEEP_LENGTH ? secrets.find((s) => text.startsWith(s, i)) : undefined;
    if (hit) {
      out += maskValue(hit);
      i += hit.length;
    } else out += text[i++];
  }
  return out;
}

/** sweepText, plainly: remembered secrets, then each pattern with String.replace. */
export function refSweepText(text: string, seen?: ReadonlySet<string>): string {
  if (text.length < 5) return text;
  let out = seen ? refReplaceSecrets(text, seen) : text;
  out = out.replace(JWT_ANYWHERE, (m) => maskValue(m));
  if (AUTH_HINT.test(out)) out = out.replace(AUTH_IN_TEXT, (_all, scheme: string, gap: string, tok: string) => `${scheme}${gap}${maskValue(tok)}`);
  out = out.replace(AWS_ACCESS_KEY, (m) => maskValue(m));
  out = out.replace(URL_IN_TEXT, (u) => refRedactUrl(u));
  out = out.replace(JSON_PAIR, (all, head: string, key: string, val: string) => (isSecretKey(key) && val && !isMasked(val) ? `${head}"${maskValue(val)}"` : all));
  out = out.replace(FORM_PAIR, (all, lead: string, key: string, val: string) =>
    isSecretParam(key) && !isMasked(val) && !isMasked(all) ? `${lead}${key}=${maskValue(val)}` : all,
  );
  return out;
}
