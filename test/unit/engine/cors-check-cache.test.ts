import { describe, expect, it } from 'vitest';
import { corsCheck, preflightCheck } from '../../../src/engine/cors-check';
import { HeaderIndex } from '../../../src/engine/headers';

// The check outcomes are cached under numeric keys built from interned ids, which are all dropped
// when the id table is full. Outcomes must stay right across that, and for every value.
describe('cached CORS checks', () => {
  it('give each origin its own outcome across many more distinct values than the caches hold', () => {
    const allowA = new HeaderIndex([{ name: 'Access-Control-Allow-Origin', value: 'https://a.test' }]);
    for (let i = 0; i < 40_000; i++) {
      const origin = i % 7 === 0 ? 'https://a.test' : `https://o${i}.test`;
      const out = corsCheck('actual', allowA, origin, false);
      expect(out.ok, origin).toBe(origin === 'https://a.test');
      if (!out.ok) expect(out.failure).toBe('origin-mismatch');
    }
  });

  it('key preflight outcomes by status, method, requested headers and credentials', () => {
    const pf = new HeaderIndex([
      { name: 'Access-Control-Allow-Origin', value: 'https://a.test' },
      { name: 'Access-Control-Allow-Methods', value: 'GET,PUT' },
      { name: 'Access-Control-Allow-Headers', value: 'x-one' },
    ]);
    const run = (status: number, method: string, requestHeaders: string[], credentialed = false) =>
      preflightCheck({ status, headers: pf, origin: 'https://a.test', credentialed, method, requestHeaders });
    for (let round = 0; round < 3; round++) {
      expect(run(204, 'PUT', ['x-one']).ok).toBe(true);
      expect(run(204, 'DELETE', ['x-one']).failure).toBe('method-not-allowed');
      expect(run(204, 'PUT', ['x-two']).failure).toBe('header-not-allowed');
      expect(run(403, 'PUT', ['x-one']).failure).toBe('preflight-status');
      expect(run(204, 'PUT', ['x-one'], true).failure).toBe('credentials-not-allowed');
      expect(run(1234, 'PUT', ['x-one']).failure).toBe('preflight-status');
    }
  });
});
