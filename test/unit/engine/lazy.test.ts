import { describe, expect, it } from 'vitest';
import { defineLazy } from '../../../src/engine/lazy';

describe('defineLazy', () => {
  it('builds the value once, on first read, and keeps it', () => {
    let calls = 0;
    const o = { a: 1 } as { a: number; list?: number[] };
    defineLazy(o, 'list', () => (calls++, [1, 2]));
    expect(calls).toBe(0);
    const first = o.list;
    expect(first).toEqual([1, 2]);
    expect(o.list).toBe(first);
    expect(calls).toBe(1);
  });

  it('is seen as a plain field, in its place, by JSON, keys, spreads, deep equality and structuredClone', () => {
    const o = { a: 1 } as Record<string, unknown>;
    defineLazy(o, 'list', () => ['x']);
    o.z = 2;
    expect(Object.keys(o)).toEqual(['a', 'list', 'z']);
    expect(JSON.stringify(o)).toBe('{"a":1,"list":["x"],"z":2}');
    expect({ ...o }).toEqual({ a: 1, list: ['x'], z: 2 });
    expect(o).toEqual({ a: 1, list: ['x'], z: 2 });
    expect(structuredClone(o)).toEqual({ a: 1, list: ['x'], z: 2 });
  });

  it('takes an assigned value instead of building one', () => {
    let calls = 0;
    const o = {} as { list?: string[] };
    defineLazy(o, 'list', () => (calls++, ['built']));
    o.list = ['given'];
    expect(o.list).toEqual(['given']);
    expect(calls).toBe(0);
  });

  it('keeps each object its own value when many share the key', () => {
    const objs = [0, 1, 2].map((i) => {
      const o = { i } as { i: number; v?: number };
      defineLazy(o, 'v', () => i * 10);
      return o;
    });
    expect(objs.map((o) => o.v)).toEqual([0, 10, 20]);
  });
});
