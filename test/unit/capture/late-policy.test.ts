import { describe, it, expect } from 'vitest';
import { PreflightMemory, lateVerdict, preflightClearlyFailed } from '../../../src/capture/late-policy';
import type { RawEntry } from '../../../src/shared/messages';

const START = '2026-12-01T12:00:00.000Z';

function request(url: string, method = 'PUT', start = START, time = 20): RawEntry {
  return { startedDateTime: start, time, request: { method, url, headers: [] }, response: { status: 0, headers: [], _error: 'net::ERR_FAILED' } };
}

function preflight(
  opts: { url?: string; status?: number; method?: string; asked?: string; headers?: Record<string, string>; start?: string; error?: string } = {},
): RawEntry {
  const reqHeaders = [
    { name: 'Origin', value: 'https://app.example' },
    { name: 'Access-Control-Request-Method', value: opts.method ?? 'PUT' },
    ...(opts.asked ? [{ name: 'Access-Control-Request-Headers', value: opts.asked }] : []),
  ];
  return {
    startedDateTime: opts.start ?? '2026-12-01T12:00:00.003Z',
    time: 4,
    _resourceType: 'preflight',
    _initiator: { type: 'preflight', requestId: '7.1' },
    request: { method: 'OPTIONS', url: opts.url ?? 'https://api.example/x', headers: reqHeaders },
    response: {
      status: opts.status ?? 204,
      headers: Object.entries(opts.headers ?? { 'Access-Control-Allow-Origin': 'https://app.example', 'Access-Control-Allow-Methods': 'PUT' }).map(
        ([name, value]) => ({ name, value }),
      ),
      ...(opts.error ? { _error: opts.error } : {}),
    },
  };
}

describe('preflightClearlyFailed', () => {
  it('is true only where the Fetch preflight check certainly fails', () => {
    expect(preflightClearlyFailed(preflight())).toBe(false);
    expect(preflightClearlyFailed(preflight({ status: 403 }))).toBe(true);
    expect(preflightClearlyFailed(preflight({ status: 301, error: 'net::ERR_INVALID_REDIRECT' }))).toBe(true);
    expect(preflightClearlyFailed(preflight({ headers: { 'Access-Control-Allow-Methods': 'PUT' } }))).toBe(true);
    expect(
      preflightClearlyFailed(preflight({ headers: { 'Access-Control-Allow-Origin': 'https://other.example', 'Access-Control-Allow-Methods': 'PUT' } })),
    ).toBe(true);
    expect(preflightClearlyFailed(preflight({ headers: { 'Access-Control-Allow-Origin': '*' } }))).toBe(true);
    expect(preflightClearlyFailed(preflight({ headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': '*' } }))).toBe(false);
    expect(
      preflightClearlyFailed(
        preflight({
          asked: 'authorization',
          headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'content-type' },
        }),
      ),
    ).toBe(true);
    expect(
      preflightClearlyFailed(
        preflight({
          asked: 'authorization',
          headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'Content-Type, Authorization' },
        }),
      ),
    ).toBe(false);
    // A simple method needs no Allow-Methods.
    expect(preflightClearlyFailed(preflight({ method: 'POST', headers: { 'Access-Control-Allow-Origin': '*' } }))).toBe(false);
  });

  it('is not sure about a preflight without a status, unless it failed before any response', () => {
    expect(preflightClearlyFailed(preflight({ status: 0, headers: {}, error: 'net::ERR_FAILED' }))).toBe(false);
    expect(preflightClearlyFailed(preflight({ status: 0, headers: {}, error: 'net::ERR_CONNECTION_REFUSED' }))).toBe(true);
  });
});

describe('lateVerdict', () => {
  it('pairs a request with its preflight by URL, method and timing', () => {
    const mem = new PreflightMemory();
    mem.note(preflight({ status: 403 }));
    expect(lateVerdict(request('https://api.example/x'), mem)).toBe('final');
    // Another method, another URL, or a preflight outside the request's time: not its preflight.
    expect(lateVerdict(request('https://api.example/x', 'DELETE'), mem)).toBe('candidate');
    expect(lateVerdict(request('https://api.example/y'), mem)).toBe('candidate');
    expect(lateVerdict(request('https://api.example/x', 'PUT', '2026-12-01T12:00:01.000Z'), mem)).toBe('candidate');
  });

  it('is final for entries with a status or a failure before any response', () => {
    const mem = new PreflightMemory();
    expect(lateVerdict({ ...request('https://a/'), response: { status: 500, headers: [], _error: 'net::ERR_FAILED' } }, mem)).toBe('final');
    expect(lateVerdict({ ...request('https://a/'), response: { status: 0, headers: [], _error: 'net::ERR_NAME_NOT_RESOLVED' } }, mem)).toBe('final');
    expect(lateVerdict({ ...request('https://a/'), response: { status: 0, headers: [] } }, mem)).toBe('final');
  });
});

describe('PreflightMemory', () => {
  it('forgets the oldest preflights beyond its limit', () => {
    const mem = new PreflightMemory(5);
    for (let i = 0; i < 20; i++) mem.note(preflight({ url: `https://api.example/${i}`, status: 403 }));
    expect(mem.size).toBe(5);
    expect(lateVerdict(request('https://api.example/0'), mem)).toBe('candidate');
    expect(lateVerdict(request('https://api.example/19'), mem)).toBe('final');
    // Requests are not remembered: constant work for them.
    mem.note(request('https://api.example/z'));
    expect(mem.size).toBe(5);
  });
});
