/**
 * A small least-recently-used map (op-program wraps its L1/L2 oracles in LRU caching oracles so
 * repeated header and node reads cost no round trip). A `Map` keeps insertion order, so the
 * first key is the least recently used one once hits are re-inserted.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!(capacity > 0)) throw new RangeError(`cache capacity ${capacity}: expected > 0`);
  }

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }

  get size(): number {
    return this.map.size;
  }
}
