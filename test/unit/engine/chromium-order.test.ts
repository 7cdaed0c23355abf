/**
 * Browser parity: the first failed check is the one Chromium reports, and the console line rebuilt
 * from it is Chromium's, word for word. One case per Chromium CorsError (Network.CorsError) value
 * the engine can produce from a capture; docs/internals.md lists the ones it cannot, and why.
 *
 * The order is Chromium's (services/network/cors/preflight_controller.cc and
 * services/network/public/cpp/cors/cors.cc): a redirected preflight fails before its headers are
 * read; then Allow-Origin (and Allow-Credentials); only then the preflight's status; then
 * Allow-Methods/-Headers parse; then the method; then the headers.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';
import { chromiumConsoleText } from '../../../src/engine/console-message';
import type { ChromiumCorsError, ExchangeResult } from '../../../src/engine/schema';
import { exchange, PAGE, type ExchangeSpec } from '../rules/_support/har';

const URL_ = 'https://api.example.org/v1/items';
const BLOCKED = "Access to fetch at 'https://api.example.org/v1/items' from origin 'http://app.test' has been blocked by CORS policy: ";
const PREFLIGHT = "Response to preflight request doesn't pass access control check: ";
/** Chromium 156's wording (older versions went on about 'no-cors' mode; 156 does not). */
const NO_CORS = ' Have the server send the header with a valid value.';

/** A PUT with a JSON body (preflighted), blocked at its preflight answered as given. */
function preflighted(status: number, headers: Record<string, string>, extra: Partial<ExchangeSpec> = {}): ExchangeSpec {
  return {
    url: URL_,
    method: 'PUT',
    requestHeaders: { 'Content-Type': 'application/json' },
    preflight: { status, responseHeaders: headers },
    neverSent: true,
    ...extra,
  };
}
/** A simple GET whose response was refused. */
function simple(status: number, headers: Record<string, string>, extra: Partial<ExchangeSpec> = {}): ExchangeSpec {
  return { url: URL_, status, responseHeaders: headers, error: 'net::ERR_FAILED', ...extra };
}
const OK_PF = { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'content-type' };

interface Row {
  corsError: ChromiumCorsError;
  spec: ExchangeSpec;
  /** "leg:check" of the first check whose outcome is fail. */
  first: string;
  text: string;
  /**
   * medium when the failure is only there because the request carried credentials and the capture
   * cannot show it did: a never-sent request's recorded headers hold no cookies, so credentials are
   * inferred from the block.
   */
  confidence?: 'medium';
}

const ROWS: Row[] = [
  // The actual response's CORS check (cors.cc CheckAccess).
  {
    corsError: 'MissingAllowOriginHeader',
    spec: simple(200, {}),
    first: 'actual:allow-origin',
    text: BLOCKED + "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
  },
  {
    corsError: 'MultipleAllowOriginValues',
    spec: simple(200, { 'Access-Control-Allow-Origin': 'http://app.test, https://other.test' }),
    first: 'actual:allow-origin',
    text:
      BLOCKED + "The 'Access-Control-Allow-Origin' header contains multiple values 'http://app.test, https://other.test', but only one is allowed." + NO_CORS,
  },
  {
    corsError: 'InvalidAllowOriginValue',
    spec: simple(200, { 'Access-Control-Allow-Origin': 'app.test' }),
    first: 'actual:allow-origin',
    text: BLOCKED + "The 'Access-Control-Allow-Origin' header contains the invalid value 'app.test'." + NO_CORS,
  },
  {
    corsError: 'AllowOriginMismatch',
    spec: simple(200, { 'Access-Control-Allow-Origin': 'https://app.example.com' }),
    first: 'actual:allow-origin',
    text: BLOCKED + "The 'Access-Control-Allow-Origin' header has a value 'https://app.example.com' that is not equal to the supplied origin." + NO_CORS,
  },
  {
    corsError: 'WildcardOriginNotAllowed',
    spec: simple(200, { 'Access-Control-Allow-Origin': '*' }, { cookie: 'session=1' }),
    first: 'actual:allow-origin',
    text:
      BLOCKED +
      "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
  },
  {
    corsError: 'InvalidAllowCredentials',
    spec: simple(200, { 'Access-Control-Allow-Origin': PAGE }, { cookie: 'session=1' }),
    first: 'actual:allow-credentials',
    text:
      BLOCKED +
      "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.",
  },
  // The preflight (preflight_controller.cc CheckPreflightAccess, then PreflightResult).
  {
    corsError: 'PreflightDisallowedRedirect',
    spec: preflighted(301, { Location: 'https://api.example.org/v2/items', 'Access-Control-Allow-Origin': 'https://elsewhere.test' }),
    first: 'preflight:preflight-status',
    text: BLOCKED + PREFLIGHT + 'Redirect is not allowed for a preflight request.',
  },
  {
    // The case of issue 15: a 401 without Allow-Origin is reported on the header, not the status.
    corsError: 'PreflightMissingAllowOriginHeader',
    spec: preflighted(401, { 'x-amzn-ErrorType': 'UnauthorizedException' }),
    first: 'preflight:allow-origin',
    text: BLOCKED + PREFLIGHT + "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
  },
  {
    corsError: 'PreflightMultipleAllowOriginValues',
    spec: preflighted(204, { ...OK_PF, 'Access-Control-Allow-Origin': 'http://app.test http://admin.app.test' }),
    first: 'preflight:allow-origin',
    text:
      BLOCKED +
      PREFLIGHT +
      "The 'Access-Control-Allow-Origin' header contains multiple values 'http://app.test http://admin.app.test', but only one is allowed." +
      NO_CORS,
  },
  {
    corsError: 'PreflightInvalidAllowOriginValue',
    spec: preflighted(403, { 'Access-Control-Allow-Origin': '*.app.test' }),
    first: 'preflight:allow-origin',
    text: BLOCKED + PREFLIGHT + "The 'Access-Control-Allow-Origin' header contains the invalid value '*.app.test'." + NO_CORS,
  },
  {
    corsError: 'PreflightAllowOriginMismatch',
    spec: preflighted(204, { ...OK_PF, 'Access-Control-Allow-Origin': 'http://app.test/' }),
    first: 'preflight:allow-origin',
    text: BLOCKED + PREFLIGHT + "The 'Access-Control-Allow-Origin' header has a value 'http://app.test/' that is not equal to the supplied origin." + NO_CORS,
  },
  {
    corsError: 'PreflightWildcardOriginNotAllowed',
    spec: preflighted(204, { ...OK_PF, 'Access-Control-Allow-Origin': '*' }, { cookie: 'session=1' }),
    first: 'preflight:allow-origin',
    text:
      BLOCKED +
      PREFLIGHT +
      "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
    confidence: 'medium',
  },
  {
    corsError: 'PreflightInvalidAllowCredentials',
    spec: preflighted(204, { ...OK_PF, 'Access-Control-Allow-Credentials': 'TRUE' }, { cookie: 'session=1' }),
    first: 'preflight:allow-credentials',
    text:
      BLOCKED +
      PREFLIGHT +
      "The value of the 'Access-Control-Allow-Credentials' header in the response is 'TRUE' which must be 'true' when the request's credentials mode is 'include'.",
    confidence: 'medium',
  },
  {
    corsError: 'PreflightInvalidStatus',
    spec: preflighted(500, { ...OK_PF }),
    first: 'preflight:preflight-status',
    text: BLOCKED + PREFLIGHT + 'It does not have HTTP ok status.',
  },
  {
    corsError: 'InvalidAllowMethodsPreflightResponse',
    spec: preflighted(204, { ...OK_PF, 'Access-Control-Allow-Methods': 'GET; PUT' }),
    first: 'preflight:allow-methods',
    text: BLOCKED + 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.',
  },
  {
    corsError: 'InvalidAllowHeadersPreflightResponse',
    spec: preflighted(204, { ...OK_PF, 'Access-Control-Allow-Headers': 'content-type x-trace' }),
    first: 'preflight:allow-headers',
    text: BLOCKED + 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.',
  },
  {
    corsError: 'MethodDisallowedByPreflightResponse',
    spec: preflighted(204, { ...OK_PF, 'Access-Control-Allow-Methods': 'GET, POST' }),
    first: 'preflight:allow-methods',
    text: BLOCKED + 'Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.',
  },
  {
    corsError: 'HeaderDisallowedByPreflightResponse',
    spec: preflighted(204, { ...OK_PF }, { requestHeaders: { 'Content-Type': 'application/json', Authorization: 'Bearer x', 'X-Trace': '1' } }),
    first: 'preflight:allow-headers',
    // The first requested name (sorted, as in Access-Control-Request-Headers) that is not allowed.
    text: BLOCKED + 'Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.',
  },
];

function firstFailed(ex: ExchangeResult): string | null {
  const c = ex.checks?.find((k) => k.outcome === 'fail');
  return c ? `${c.leg}:${c.id}` : null;
}

describe('Chromium parity: first failed check and console message, per CorsError', () => {
  for (const row of ROWS) {
    it(row.corsError, () => {
      const ex = analyze(exchange(row.spec), RULES).exchanges[0]!;
      expect(ex.verdict).toBe('cors-blocked');
      expect(firstFailed(ex)).toBe(row.first);
      const { failedParameter, ...console } = ex.console ?? {};
      expect(typeof failedParameter).toBe('string');
      expect(console).toEqual({ source: 'chromium', text: row.text, basis: 'inferred', confidence: row.confidence ?? 'high', code: row.corsError });
    });
  }

  it('covers each CorsError once', () => {
    expect(new Set(ROWS.map((r) => r.corsError)).size).toBe(ROWS.length);
  });

  it('a preflight check after the first failure is not reached; its status is still stated', () => {
    const ex = analyze(exchange(preflighted(401, {})), RULES).exchanges[0]!;
    const status = ex.checks!.find((c) => c.id === 'preflight-status')!;
    expect(status.outcome).toBe('not-run');
    expect(status.detail).toContain('401');
    expect(ex.checks!.filter((c) => c.outcome === 'fail').map((c) => c.id)).toEqual(['allow-origin']);
  });

  it('a 2xx preflight with a matching Allow-Origin is checked in Chromium order, every check passing', () => {
    const ex = analyze(
      exchange({
        url: URL_,
        method: 'PUT',
        requestHeaders: { 'Content-Type': 'application/json' },
        preflight: { status: 204, responseHeaders: OK_PF },
        status: 200,
        responseHeaders: { 'Access-Control-Allow-Origin': PAGE },
      }),
      RULES,
    ).exchanges[0]!;
    expect(ex.verdict).toBe('ok');
    expect(ex.console).toBeNull();
    expect(ex.checks!.map((c) => `${c.leg}:${c.id}:${c.outcome}`)).toEqual([
      'preflight:allow-origin:pass',
      'preflight:preflight-status:pass',
      'preflight:allow-methods:pass',
      'preflight:allow-headers:pass',
      'actual:allow-origin:pass',
    ]);
  });

  it('XMLHttpRequest: named as such, with its credentials hint and without the fetch-only hints', () => {
    const base = { failedParameter: '', url: URL_, origin: PAGE, kind: 'xhr' as const };
    expect(chromiumConsoleText({ ...base, corsError: 'MissingAllowOriginHeader' })).toBe(
      "Access to XMLHttpRequest at 'https://api.example.org/v1/items' from origin 'http://app.test' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    );
    expect(chromiumConsoleText({ ...base, corsError: 'WildcardOriginNotAllowed' })).toMatch(
      /'include'\. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute\.$/,
    );
  });

  it('a redirected request names where it started', () => {
    expect(
      chromiumConsoleText({
        corsError: 'MissingAllowOriginHeader',
        failedParameter: '',
        url: 'https://b.test/x',
        origin: PAGE,
        kind: 'script',
        redirectedFrom: 'https://a.test/x',
      }),
    ).toBe(
      "Access to script at 'https://b.test/x' (redirected from 'https://a.test/x') from origin 'http://app.test' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    );
  });

  it('values whose wording needs facts a capture lacks (address spaces, scheme list) give no message', () => {
    expect(chromiumConsoleText({ corsError: 'InvalidLocalNetworkAccess', failedParameter: '', url: URL_, origin: PAGE, kind: 'fetch' })).toBeNull();
    expect(chromiumConsoleText({ corsError: 'CorsDisabledScheme', failedParameter: '', url: URL_, origin: PAGE, kind: 'fetch' })).toBeNull();
  });

  it('an exchange that was not blocked has no console message; nor one whose blocked leg passed every check', () => {
    expect(analyze(exchange(simple(200, { 'Access-Control-Allow-Origin': '*' }, { error: null })), RULES).exchanges[0]!.console).toBeNull();
    const unexplained = analyze(
      exchange(simple(200, { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true' }, { cookie: 's=1' })),
      RULES,
    ).exchanges[0]!;
    expect(unexplained.verdict).toBe('cors-blocked');
    expect(unexplained.console).toBeNull();
  });

  it('when only credentials explain the block (inferred), the message is built on that inference: medium confidence', () => {
    const ex = analyze(exchange(simple(200, { 'Access-Control-Allow-Origin': PAGE })), RULES).exchanges[0]!;
    expect(ex.credentials).toMatchObject({ value: true, basis: 'inferred' });
    expect(ex.console).toMatchObject({ code: 'InvalidAllowCredentials', basis: 'inferred', confidence: 'medium' });
  });
});
