/**
 * In-memory store (op-program `mem.go`). The default when no `--datadir` is given, and the
 * store the pre-image benchmark measures: keys become 32-character latin-1 strings (one char
 * per byte), about 3× cheaper to build than hex on the serving path.
 */
function mapKey(key: Uint8Array): string {
  return String.fromCharCode.apply(null, key as unknown as number[]);
}

import type { KvStore } from './kv-store.js';

export class MemoryKv implements KvStore {
  private readonly map = new Map<string, Uint8Array>();

  get size(): number {
    return this.map.size;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.map.get(mapKey(key));
  }

  put(key: Uint8Array, value: Uint8Array): void {
    this.map.set(mapKey(key), value);
  }

  close(): void {}
}
