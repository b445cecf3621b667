/**
 * The server end of the pre-image oracle (op-preimage `OracleServer`): read a 32-byte key,
 * answer `uint64 BE length ++ value`. A clean end-of-file before a key is the normal end of a
 * session; end-of-file inside a key is the client dying mid-request and is reported as such.
 */
import { encodePreimageResponse } from './framing.js';
import { KEY_SIZE } from './key-type.js';
import type { AsyncChannel } from './sync-channel.js';

/** Looks a key up (fetching if needed); throws when the value cannot be produced. */
export type PreimageGetter = (key: Uint8Array) => Uint8Array | Promise<Uint8Array>;

export class OracleServer {
  requests = 0;
  bytesServed = 0;

  constructor(readonly channel: AsyncChannel) {}

  /** Serves one request; `false` when the client closed the channel cleanly. */
  async next(get: PreimageGetter): Promise<boolean> {
    let key = this.channel.read(KEY_SIZE);
    if (key instanceof Promise) key = await key;
    if (key === null) return false;
    await this.answer(key, get);
    return true;
  }

  private answer(key: Uint8Array, get: PreimageGetter): void | Promise<void> {
    const value = get(key);
    if (value instanceof Promise) return value.then((v) => this.respond(v));
    return this.respond(value);
  }

  private respond(value: Uint8Array): void | Promise<void> {
    this.requests++;
    this.bytesServed += value.length;
    return this.channel.write(encodePreimageResponse(value));
  }

  /**
   * Serves until the client closes the channel. Written as one loop that awaits only when it
   * must (no data yet, a fetch, a slow write), so a request whose key is already buffered and
   * whose value is at hand costs no promise at all.
   */
  async serve(get: PreimageGetter): Promise<void> {
    for (;;) {
      let key = this.channel.read(KEY_SIZE);
      if (key instanceof Promise) key = await key;
      if (key === null) return;
      const done = this.answer(key, get);
      if (done instanceof Promise) await done;
    }
  }
}
