/**
 * In-memory channels for tests and for running a client and server in one thread. A pair
 * shares two byte queues (one per direction). A synchronous read that finds too few bytes
 * first gives the peer's `onData` responder a chance to run (so a synchronous server can
 * answer inline), then fails as a closed channel: in one thread nothing else could ever
 * supply the bytes.
 */
import { ChunkQueue } from './chunk-queue.js';
import { ChannelClosedError } from './errors.js';
import type { AsyncChannel, SyncChannel } from './sync-channel.js';

class ByteQueue {
  private readonly queue = new ChunkQueue();
  closed = false;
  waiter: (() => void) | undefined;

  get length(): number {
    return this.queue.length;
  }

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.queue.push(bytes.slice());
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  take(n: number): Uint8Array {
    return this.queue.take(n);
  }

  close(): void {
    this.closed = true;
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
}

/** One end of an in-memory duplex channel; implements both the sync and the async interface. */
export class MemoryChannel implements SyncChannel, AsyncChannel {
  /** Called synchronously after the peer wrote; a synchronous server installs itself here. */
  onData: (() => void) | undefined;
  peer: MemoryChannel | undefined;

  constructor(
    readonly name: string,
    private readonly inbox: ByteQueue,
    private readonly outbox: ByteQueue,
  ) {}

  get available(): number {
    return this.inbox.length;
  }

  readExact(n: number): Uint8Array {
    if (this.inbox.length < n) this.onData?.();
    if (this.inbox.length < n) {
      // Nothing in this thread can deliver the rest: report it as the peer having gone away.
      throw new ChannelClosedError(this.name, this.inbox.length, n);
    }
    return this.inbox.take(n);
  }

  read(n: number): Uint8Array | null | Promise<Uint8Array | null> {
    if (this.inbox.length >= n) return this.inbox.take(n);
    if (this.inbox.closed) {
      if (this.inbox.length === 0) return null;
      throw new ChannelClosedError(this.name, this.inbox.length, n);
    }
    return new Promise((resolve, reject) => {
      this.inbox.waiter = () => {
        try {
          resolve(this.read(n));
        } catch (e) {
          reject(e);
        }
      };
    });
  }

  writeAll(bytes: Uint8Array): void {
    if (this.outbox.closed) throw new ChannelClosedError(this.name, 0, bytes.length);
    this.outbox.push(bytes);
    this.peer?.onData?.();
  }

  write(bytes: Uint8Array): void {
    this.writeAll(bytes);
  }

  close(): void {
    this.outbox.close();
    this.inbox.close();
  }
}

/** Two connected ends: what `a` writes, `b` reads, and the other way round. */
export function memoryChannelPair(name = 'memory'): [MemoryChannel, MemoryChannel] {
  const ab = new ByteQueue();
  const ba = new ByteQueue();
  const a = new MemoryChannel(`${name} (a)`, ba, ab);
  const b = new MemoryChannel(`${name} (b)`, ab, ba);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
