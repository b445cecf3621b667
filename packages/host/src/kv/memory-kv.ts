/**
 * In-memory store (op-program `mem.go`): a Map keyed by the key's hex. The default when no
 * `--datadir` is given, and the store the pre-image benchmark measures.
 */
import { bytesToHex } from '@faultline/primitives';
import type { KvStore } from './kv-store.js';

export class MemoryKv implements KvStore {
  private readonly map = new Map<string, Uint8Array>();

  get size(): number {
    return this.map.size;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.map.get(bytesToHex(key));
  }

  put(key: Uint8Array, value: Uint8Array): void {
    this.map.set(bytesToHex(key), value);
  }

  close(): void {}
}
