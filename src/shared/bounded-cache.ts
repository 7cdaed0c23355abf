/**
 * The caches of the engine, the model and the reports all follow one policy: a plain Map that is
 * emptied when it reaches its limit, so a long DevTools session or a huge HAR cannot grow it, and
 * a value is simply computed again after a clear. This is that policy, in one place.
 */
export function setBounded<K, V>(cache: Map<K, V>, limit: number, key: K, value: V): V {
  if (cache.size >= limit) cache.clear();
  cache.set(key, value);
  return value;
}
