/**
 * A `SyncChannel` over shared memory, for running the synchronous client in a worker thread
 * while the asynchronous host serves it from the main thread ("in-process" mode, op-program's
 * default). Each direction is a single-producer single-consumer ring in a SharedArrayBuffer:
 * header words [written, read, closed] (byte counters that wrap at 2^32) and a power-of-two
 * data area. The synchronous ends block with `Atomics.wait`; the host side uses the async
 * counterpart in @faultline/host. Only JS builtins are used, so this stays environment-free.
 */
import { ChannelClosedError } from './errors.js';
import type { SyncChannel } from './sync-channel.js';

const WRITTEN = 0;
const READ = 1;
const CLOSED = 2;
const HEADER_BYTES = 16;
export const DEFAULT_RING_CAPACITY = 1 << 20;

/** One direction of a shared channel. Create it once and hand the buffer to both threads. */
export function createRing(capacity = DEFAULT_RING_CAPACITY): SharedArrayBuffer {
  if (capacity & (capacity - 1)) throw new RangeError(`ring capacity ${capacity} is not a power of two`);
  return new SharedArrayBuffer(HEADER_BYTES + capacity);
}

/** Index arithmetic shared by the sync ends here and the async ends in the host. */
export class Ring {
  readonly header: Int32Array;
  readonly data: Uint8Array;
  readonly mask: number;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(buffer, HEADER_BYTES);
    this.mask = this.data.length - 1;
  }

  get written(): number {
    return Atomics.load(this.header, WRITTEN);
  }
  get read(): number {
    return Atomics.load(this.header, READ);
  }
  get closed(): boolean {
    return Atomics.load(this.header, CLOSED) !== 0;
  }
  available(): number {
    return (this.written - this.read) >>> 0;
  }
  free(): number {
    return this.data.length - this.available();
  }

  /** Copies up to `n` available bytes into `out` at `off`; returns how many. */
  take(out: Uint8Array, off: number, n: number): number {
    const r = this.read;
    const k = Math.min(n, (this.written - r) >>> 0);
    for (let i = 0; i < k; ) {
      const at = (r + i) & this.mask;
      const run = Math.min(k - i, this.data.length - at);
      out.set(this.data.subarray(at, at + run), off + i);
      i += run;
    }
    Atomics.store(this.header, READ, (r + k) | 0);
    Atomics.notify(this.header, READ);
    return k;
  }

  /** Copies as much of `bytes[off..]` as fits; returns how many. */
  put(bytes: Uint8Array, off: number): number {
    const w = this.written;
    const k = Math.min(bytes.length - off, this.free());
    for (let i = 0; i < k; ) {
      const at = (w + i) & this.mask;
      const run = Math.min(k - i, this.data.length - at);
      this.data.set(bytes.subarray(off + i, off + i + run), at);
      i += run;
    }
    Atomics.store(this.header, WRITTEN, (w + k) | 0);
    Atomics.notify(this.header, WRITTEN);
    return k;
  }

  close(): void {
    Atomics.store(this.header, CLOSED, 1);
    Atomics.notify(this.header, WRITTEN);
    Atomics.notify(this.header, READ);
  }

  static readonly WRITTEN = WRITTEN;
  static readonly READ = READ;
}

/** The blocking end: reads from `input`, writes to `output`. */
export class SharedSyncChannel implements SyncChannel {
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

  readExact(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      const seen = this.input.written;
      if ((seen - this.input.read) >>> 0 === 0) {
        if (this.input.closed) throw new ChannelClosedError(this.name, off, n);
        Atomics.wait(this.input.header, Ring.WRITTEN, seen);
        continue;
      }
      off += this.input.take(out, off, n - off);
    }
    return out;
  }

  writeAll(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length) {
      if (this.output.closed || this.input.closed) throw new ChannelClosedError(this.name, 0, bytes.length);
      const seenRead = this.output.read;
      if (this.output.free() === 0) {
        Atomics.wait(this.output.header, Ring.READ, seenRead);
        continue;
      }
      off += this.output.put(bytes, off);
    }
  }

  close(): void {
    this.output.close();
  }
}
