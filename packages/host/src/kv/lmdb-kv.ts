/**
 * lmdb store: the fast persistent backend (environment-notes §4: synchronous reads at ~160–250 k/s,
 * stays fast at 1e6 keys). Raw 32-byte keys map to raw value bytes. Writes use `putSync` so a
 * value is readable the moment it is stored; `noSync` skips the per-write fsync (the OS still
 * persists the mmap when the process exits) because a pre-image cache can always be refetched.
 */
import { open } from 'lmdb';
import type { KvStore } from './kv-store.js';

type LmdbDatabase = ReturnType<typeof open<Uint8Array, Uint8Array>>;

export class LmdbKv implements KvStore {
  private readonly db: LmdbDatabase;

  constructor(readonly path: string) {
    this.db = open<Uint8Array, Uint8Array>({
      path,
      keyEncoding: 'binary',
      encoding: 'binary',
      compression: false,
      noSync: true,
    });
  }

  get(key: Uint8Array): Uint8Array | undefined {
    // getBinaryFast answers in lmdb's shared read buffer (`isGlobal`, value length in the
    // database's `lastSize`) or, for large values, in a buffer of their own; either way it is
    // copied out at once into a plain Uint8Array. getBinary would copy into a Buffer that then
    // needs a second copy: 1.4 µs per 100-byte read against 0.6 µs here.
    const v = this.db.getBinaryFast(key) as (Uint8Array & { isGlobal?: boolean }) | undefined;
    if (v === undefined) return undefined;
    const bytes = v.isGlobal ? v.subarray(0, (this.db as unknown as { lastSize: number }).lastSize) : v;
    const out = new Uint8Array(bytes.length);
    out.set(bytes);
    return out;
  }

  put(key: Uint8Array, value: Uint8Array): void {
    this.db.putSync(key, value);
  }

  close(): void {
    // lmdb closes asynchronously; a failure at shutdown has nothing left to corrupt.
    this.db.close().catch(() => {});
  }
}
