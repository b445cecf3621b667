/**
 * The host's end of a shared-memory channel (see @faultline/preimage `shared-channel.ts`): the
 * same rings, but waiting with `Atomics.waitAsync` so the event loop keeps serving (and
 * fetching) while the client thread blocks.
 */

import type { AsyncChannel } from '@faultline/preimage';
import { ChannelClosedError, Ring } from '@faultline/preimage';

type WaitAsync = (
  arr: Int32Array,
  index: number,
  value: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

export class SharedAsyncChannel implements AsyncChannel {
  private readonly input: Ring;
  private readonly output: Ring;

  constructor(
    readonly name: string,
    input: SharedArrayBuffer,
    output: SharedArrayBuffer,
  ) {
    this.input = new Ring(input);
    this.output = new Ring(output);
  }

  read(n: number): Uint8Array | null | Promise<Uint8Array | null> {
    if (this.input.available() >= n) {
      const out = new Uint8Array(n);
      this.input.take(out, 0, n);
      return out;
    }
    return this.readSlow(n);
  }

  private async readSlow(n: number): Promise<Uint8Array | null> {
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      const seen = this.input.written;
      if ((seen - this.input.read) >>> 0 === 0) {
        if (this.input.closed) {
          if (off === 0) return null;
          throw new ChannelClosedError(this.name, off, n);
        }
        const w = waitAsync(this.input.header, Ring.WRITTEN, seen);
        if (w.async) await w.value;
        continue;
      }
      off += this.input.take(out, off, n - off);
    }
    return out;
  }

  write(bytes: Uint8Array): void | Promise<void> {
    const k = this.output.put(bytes, 0);
    if (k < bytes.length) return this.writeSlow(bytes, k);
  }

  private async writeSlow(bytes: Uint8Array, off: number): Promise<void> {
    while (off < bytes.length) {
      if (this.input.closed) throw new ChannelClosedError(this.name, 0, bytes.length);
      const seen = this.output.read;
      if (this.output.free() === 0) {
        const w = waitAsync(this.output.header, Ring.READ, seen);
        if (w.async) await w.value;
        continue;
      }
      off += this.output.put(bytes, off);
    }
  }

  close(): void {
    this.output.close();
    this.input.close();
  }
}
