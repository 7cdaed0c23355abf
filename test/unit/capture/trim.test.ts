import { describe, it, expect } from 'vitest';
import { INITIATOR_FRAMES, TRIMMED_FIELD, trimInitiator } from '../../../src/capture/trim';
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
