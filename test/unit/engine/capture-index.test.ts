import { describe, expect, it } from 'vitest';
import { CaptureIndex } from '../../../src/engine/capture-index';

describe('CaptureIndex', () => {
  it('finds the latest earlier preflight per page origin and URL, before and after its first question', () => {
    const c = new CaptureIndex();
    c.addPreflight('https://app.test', 'https://api.test/a', 100);
    c.addPreflight('https://app.test', 'https://api.test/a', 200);
    c.addPreflight('https://other.test', 'https://api.test/a', 150);
    c.addPreflight(null, 'https://api.test/b', 120);
    expect(c.lastPreflight('https://app.test', 'https://api.test/a', 100)).toBeNull();
    expect(c.lastPreflight('https://app.test', 'https://api.test/a', 150)).toBe(100);
    expect(c.lastPreflight('https://app.test', 'https://api.test/a', 1000)).toBe(200);
    expect(c.lastPreflight('https://other.test', 'https://api.test/a', 1000)).toBe(150);
    expect(c.lastPreflight(null, 'https://api.test/b', 121)).toBe(120);
    expect(c.lastPreflight('https://app.test', 'https://api.test/b', 1000)).toBeNull();
    // Recorded after the index was first asked: found too.
    c.addPreflight('https://app.test', 'https://api.test/a', 300);
    expect(c.lastPreflight('https://app.test', 'https://api.test/a', 1000)).toBe(300);
  });

  it('counts requests and 429s to an origin in a time window', () => {
    const c = new CaptureIndex();
    [0, 100, 200, 300, 900].forEach((t, i) => c.addRequest('https://api.test', t, i % 2 ? 429 : 200));
    expect(c.countRequests('https://api.test', 100, 300)).toBe(3);
    expect(c.count429('https://api.test', 0, 1000)).toBe(2);
    expect(c.count429('https://api.test', 150, 250)).toBe(0);
    expect(c.countRequests('https://none.test', 0, 1000)).toBe(0);
  });
});
