/**
 * Own, enumerable properties computed on first read, for engine results built by the thousand.
 *
 * An object literal with `get x() {…}` over a closure gives every object its own getter functions,
 * so V8 cannot share a shape between them and stores each one as a dictionary: about 1.2 KB an
 * object where the same fields as plain data take 350 bytes (measured on Node 20). Here every
 * object with a lazy `key` gets the same getter and setter (one pair per key), so objects built
 * in the same field order keep one shared shape; the maker and the value live in non-enumerable,
 * symbol-keyed slots, which JSON.stringify, spreads and structuredClone all skip.
 */

interface Slots {
  make: symbol;
  value: symbol;
  descriptor: PropertyDescriptor;
}

const UNSET: unique symbol = Symbol('unset');
const byKey = new Map<string, Slots>();

function slotsFor(key: string): Slots {
  let s = byKey.get(key);
  if (!s) {
    const make = Symbol(`${key}: maker`);
    const value = Symbol(`${key}: value`);
    type Holder = Record<symbol, unknown>;
    s = {
      make,
      value,
      descriptor: {
        enumerable: true,
        configurable: true,
        get(this: Holder): unknown {
          let v = this[value];
          if (v === UNSET) {
            v = (this[make] as () => unknown)();
            this[value] = v;
            this[make] = null;
          }
          return v;
        },
        set(this: Holder, v: unknown): void {
          this[value] = v;
          this[make] = null;
        },
      },
    };
    byKey.set(key, s);
  }
  return s;
}

/**
 * Give `target` an own enumerable property `key` whose value is `make()`, built on first read
 * (and kept); assigning it stores the new value. Add the other fields in the same order on every
 * object of a kind: the shape is shared only along the same order.
 */
export function defineLazy<T extends object>(target: T, key: string, make: () => unknown): void {
  const s = slotsFor(key);
  Object.defineProperty(target, key, s.descriptor);
  // Not enumerable: spreads and deep equality see the fields, not the slots.
  Object.defineProperty(target, s.make, { value: make, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(target, s.value, { value: UNSET, writable: true, enumerable: false, configurable: true });
}
