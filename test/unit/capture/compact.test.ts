import { describe, it, expect } from 'vitest';
import { compactEntry, INITIATOR_FRAMES, StringTable, TRIMMED_FIELD, trimInitiator } from '../../../src/capture/compact';
import { CaptureBuffer } from '../../../src/capture/buffer';
import { normaliseEntry } from '../../../src/model/normalise';
import { exportHar } from '../../../src/report/har';
import type { RawEntry } from '../../../src/shared/messages';

const frame = (i: number, url = '') => ({ functionName: `f${i}`, scriptId: '7', url, lineNumber: i, columnNumber: 3 });

function entry(stack: unknown, url = 'https://api.example.com/r'): RawEntry {
  return {
    startedDateTime: new Date(1_700_000_000_000).toISOString(),
    time: 5,
    request: { method: 'GET', url, headers: [] },
    response: { status: 200, headers: [] },
    _initiator: { type: 'script', stack },
  };
}

describe('trimInitiator', () => {
  it('leaves a short stack without async parents as it is, with no note', () => {
    const stack = { callFrames: [frame(0, 'https://app.example.com/a.js')] };
    const e = entry(stack);
    const before = JSON.stringify(e);
    trimInitiator(e);
    expect(JSON.stringify(e)).toBe(before);
  });

  it('drops the async parents and keeps the first frames, and says what it cut', () => {
    const e = entry({
      callFrames: Array.from({ length: 14 }, (_, i) => frame(i, `https://app.example.com/${i}.js`)),
      parent: { description: 'setTimeout', callFrames: [frame(20), frame(21)], parent: { description: 'Promise.then', callFrames: [frame(30)] } },
    });
    trimInitiator(e);
    const init = e._initiator as { stack: { callFrames: unknown[]; parent?: unknown }; [TRIMMED_FIELD]: string };
    expect(init.stack.callFrames).toHaveLength(INITIATOR_FRAMES);
    expect(init.stack.callFrames[0]).toEqual(frame(0, 'https://app.example.com/0.js'));
    expect(init.stack).not.toHaveProperty('parent');
    expect(init[TRIMMED_FIELD]).toBe(
      `CORS X-Ray kept ${INITIATOR_FRAMES} of the 14 call frames of this stack and dropped its 2 async parent stacks (3 call frames): the live capture keeps at most ${INITIATOR_FRAMES} frames of an initiator's stack, to bound its memory.`,
    );
  });

  it('keeps the frame the analysis reads (the first with a URL), however deep it lies', () => {
    const frames = [...Array.from({ length: 12 }, (_, i) => frame(i)), frame(12, 'https://app.example.com/app.js'), frame(13, 'https://x.example/')];
    const e = entry({ callFrames: frames });
    const before = normaliseEntry(structuredClone(e), 0).exchange!.initiator;
    trimInitiator(e);
    expect((e._initiator as { stack: { callFrames: unknown[] } }).stack.callFrames).toHaveLength(INITIATOR_FRAMES + 1);
    expect(normaliseEntry(e, 0).exchange!.initiator).toEqual(before);
    expect(before?.url).toBe('https://app.example.com/app.js');
  });

  it('counts a deeply nested parent chain only so far (hostile input)', () => {
    let parent: Record<string, unknown> = { callFrames: [frame(0)] };
    for (let i = 0; i < 10_000; i++) parent = { callFrames: [frame(i)], parent };
    const e = entry({ callFrames: [frame(0)], parent });
    trimInitiator(e);
    expect((e._initiator as Record<string, string>)[TRIMMED_FIELD]).toContain('dropped its 100 or more async parent stacks (100 or more call frames)');
  });

  it('ignores entries without an initiator stack, or with a malformed one', () => {
    for (const init of [
      undefined,
      null,
      'script',
      { type: 'preflight', url: 'https://a/', requestId: '1' },
      { type: 'script', stack: 'x' },
      { type: 'script', stack: { callFrames: 'x' } },
    ]) {
      const e: RawEntry = { request: { method: 'GET', url: 'https://a/' }, _initiator: init };
      const before = JSON.stringify(e);
      trimInitiator(e);
      expect(JSON.stringify(e)).toBe(before);
    }
  });

  it('is applied by the capture buffer, and the HAR export carries the note', () => {
    const b = new CaptureBuffer(10);
    b.add([entry({ callFrames: [frame(0, 'https://app.example.com/a.js')], parent: { description: 'setInterval', callFrames: [frame(1)] } })]);
    let held: RawEntry[] = [];
    b.subscribe((m) => {
      if (m.type === 'snapshot') held = m.entries;
    });
    const har = JSON.parse(exportHar(held, null, { redact: false })) as { log: { entries: Array<{ _initiator: Record<string, unknown> }> } };
    expect(har.log.entries[0]!._initiator[TRIMMED_FIELD]).toMatch(/dropped its 1 async parent stack \(1 call frame\)/);
    expect(har.log.entries[0]!._initiator.stack).toEqual({ callFrames: [frame(0, 'https://app.example.com/a.js')] });
  });
});

describe('compactEntry', () => {
  const full = (i: number): RawEntry => ({
    startedDateTime: new Date(1_700_000_000_000 + i).toISOString(),
    time: 5,
    request: {
      method: 'POST',
      url: `https://api.example.com/r?i=${i}`,
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'User-Agent', value: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36' },
        { name: 'X-Request-Id', value: `id-${i}` },
        { name: 'X-Long', value: 'v'.repeat(300 + i) },
      ],
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: [{ name: 'Vary', value: 'Origin' }],
      content: { mimeType: 'application/json' },
    },
    serverIPAddress: '127.0.0.1',
    _priority: 'High',
    _resourceType: 'fetch',
    _initiator: { type: 'script', stack: { callFrames: [frame(0, 'https://app.example.com/a.js')] } },
  });

  it('changes nothing a reader can see: same JSON, same normalised exchange', () => {
    const t = new StringTable();
    for (let i = 0; i < 3; i++) {
      const e = full(i);
      const json = JSON.stringify(e);
      const before = normaliseEntry(structuredClone(e), i).exchange;
      compactEntry(e, t);
      expect(JSON.stringify(e)).toBe(json);
      expect(normaliseEntry(e, i).exchange).toEqual(before);
    }
  });

  it('shares equal short strings between entries, and leaves long ones alone', () => {
    const t = new StringTable();
    // Distinct copies of equal strings, as structured clones deliver them.
    const a = structuredClone(full(1));
    const b = structuredClone(full(1));
    compactEntry(a, t);
    compactEntry(b, t);
    const ha = (a.request as { headers: Array<{ name: string; value: string }> }).headers;
    const hb = (b.request as { headers: Array<{ name: string; value: string }> }).headers;
    expect(t.size).toBeGreaterThan(5);
    // Identity of strings is not observable in JS; the table's size shows what is shared.
    const sizeAfterTwo = t.size;
    compactEntry(structuredClone(full(1)), t);
    expect(t.size).toBe(sizeAfterTwo);
    expect(ha[2]!.value).toBe(hb[2]!.value);
    expect(ha[2]!.value.length).toBeGreaterThan(256);
  });

  it('is bounded: past its limit the table starts again', () => {
    const t = new StringTable(10);
    for (let i = 0; i < 100; i++) t.share(`s${i}`);
    expect(t.size).toBeLessThanOrEqual(10);
    expect(t.share(42)).toBe(42);
    expect(t.share(null)).toBe(null);
  });

  it('survives malformed entries', () => {
    const t = new StringTable();
    for (const e of [
      {},
      { request: 'x' },
      { request: { headers: 'x' }, response: { headers: [null, 3, { name: 1 }] } },
      { _initiator: { stack: { callFrames: [null, 'x'] } } },
    ]) {
      const json = JSON.stringify(e);
      compactEntry(e, t);
      expect(JSON.stringify(e)).toBe(json);
    }
  });
});
