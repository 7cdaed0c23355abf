import { describe, it, expect } from 'vitest';
import { analyze as analyzeWith } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';
import type { RawEntry } from '../../../src/shared/messages';
import { counted, legCell, sharedValue } from '../../../panel/format';

const ORIGIN = 'https://app.example.com';
const analyze = (entries: RawEntry[]) => analyzeWith(entries, RULES);
const URL_ = 'https://api.example.com/r';

function preflightPair(preflightStatus: number, allowHeaders: string): RawEntry[] {
  const t = Date.parse('2026-01-01T00:00:00Z');
  return [
    {
      startedDateTime: new Date(t).toISOString(),
      time: 5,
      request: {
        method: 'OPTIONS',
        url: URL_,
        headers: [
          { name: 'Origin', value: ORIGIN },
          { name: 'Access-Control-Request-Method', value: 'GET' },
          { name: 'Access-Control-Request-Headers', value: 'authorization' },
        ],
      },
      response: {
        status: preflightStatus,
        headers: [
          { name: 'Access-Control-Allow-Origin', value: ORIGIN },
          { name: 'Access-Control-Allow-Methods', value: 'GET' },
          { name: 'Access-Control-Allow-Headers', value: allowHeaders },
        ],
      },
    },
    {
      startedDateTime: new Date(t + 10).toISOString(),
      time: 0,
      request: {
        method: 'GET',
        url: URL_,
        headers: [
          { name: 'Origin', value: ORIGIN },
          { name: 'Authorization', value: 'Bearer x' },
        ],
      },
      response: { status: 0, headers: [], _error: 'net::ERR_FAILED' },
    },
  ];
}

describe('panel format', () => {
  it('says "1 network error" and "2 network errors" (status bar)', () => {
    expect(counted(1, 'network error')).toBe('1 network error');
    expect(counted(0, 'network error')).toBe('0 network errors');
    expect(counted(2, 'network error')).toBe('2 network errors');
  });

  it('a 2xx preflight refused on Allow-Headers: the check failed, not the status', () => {
    const x = analyze(preflightPair(204, 'content-type')).exchanges.find((e) => e.preflight)!;
    expect(x.blockedLeg).toBe('preflight');
    expect(legCell(x, 'preflight')).toMatchObject({ text: '204', failed: 'check', check: 'Allow-Headers' });
    expect(legCell(x, 'actual').failed).toBe('');
  });

  it('a non-2xx preflight with a matching Allow-Origin: the status failed', () => {
    const x = analyze(preflightPair(403, 'authorization')).exchanges.find((e) => e.preflight)!;
    expect(x.blockedLeg).toBe('preflight');
    expect(legCell(x, 'preflight')).toMatchObject({ text: '403', failed: 'status', check: '' });
  });

  it('finds the value every row shares (one host, one initiator origin), else null', () => {
    expect(sharedValue(['a', 'a'], (s) => s)).toBe('a');
    expect(sharedValue(['a', 'b'], (s) => s)).toBeNull();
    expect(sharedValue([], (s: string) => s)).toBeNull();
    expect(sharedValue(['a', null], (s) => s)).toBeNull();
  });
});
