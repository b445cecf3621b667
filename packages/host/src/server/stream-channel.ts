/**
 * `AsyncChannel` over Node sockets: the parent ends of a child's fds, or the host's own fds
 * 3–6 in `--server` mode. Incoming chunks are queued; a read that the queue can satisfy is
 * answered synchronously (no promise on the hot path), otherwise it waits for more data.
 * End-of-stream before the first byte of a read is a clean close (`null`); inside a read it is
 * a `ChannelClosedError` naming how many bytes arrived.
 */
import { Socket } from 'node:net';
import type { AsyncChannel } from '@faultline/preimage';
import { ChannelClosedError, ChannelIoError, ChunkQueue } from '@faultline/preimage';

export class StreamChannel implements AsyncChannel {
  private readonly queue = new ChunkQueue();
  private ended = false;
  private error: Error | undefined;
  private waiting: { n: number; resolve: (v: Uint8Array | null) => void; reject: (e: unknown) => void } | undefined;

  constructor(
    readonly name: string,
    private readonly input: NodeJS.ReadableStream & { destroy?: () => void },
    private readonly output: NodeJS.WritableStream & { destroy?: () => void },
  ) {
    input.on('data', (chunk: Uint8Array) => {
      this.queue.push(chunk);
      this.wake();
    });
    input.on('end', () => {
      this.ended = true;
      this.wake();
    });
    input.on('error', (e: Error) => {
      this.error = e;
      this.ended = true;
      this.wake();
    });
    // A write to a closed peer is reported by the next read; keep it from crashing the process.
    output.on('error', (e: Error) => {
      this.error ??= e;
    });
  }

  private wake(): void {
    const w = this.waiting;
    if (!w) return;
    if (this.queue.length >= w.n || this.ended) {
      this.waiting = undefined;
      try {
        w.resolve(this.take(w.n));
      } catch (e) {
        w.reject(e);
      }
    }
  }

  private take(n: number): Uint8Array | null {
    if (this.queue.length < n) {
      if (!this.ended) throw new Error('StreamChannel: take before data');
      if (this.queue.length === 0 && !this.error) return null;
      if (this.error && this.queue.length === 0) {
        const code = (this.error as { code?: string }).code;
        if (code === 'ECONNRESET' || code === 'EPIPE') return null;
        throw new ChannelIoError(this.name, 'read', this.error);
      }
      throw new ChannelClosedError(this.name, this.queue.length, n);
    }
    return this.queue.take(n);
  }

  read(n: number): Uint8Array | null | Promise<Uint8Array | null> {
    if (this.queue.length >= n || this.ended) return this.take(n);
    return new Promise((resolve, reject) => {
      this.waiting = { n, resolve, reject };
    });
  }

  write(bytes: Uint8Array): void {
    if (this.error) throw new ChannelIoError(this.name, 'write', this.error);
    this.output.write(bytes);
  }

  close(): void {
    this.input.destroy?.();
    if ((this.output as unknown) !== this.input) this.output.end();
  }
}

/** A channel over raw fds the process inherited (`--server` mode reads 3/5 and writes 4/6). */
export function fdStreamChannel(name: string, readFd: number, writeFd: number): StreamChannel {
  const input = new Socket({ fd: readFd, readable: true, writable: false });
  const output = new Socket({ fd: writeFd, readable: false, writable: true });
  return new StreamChannel(name, input, output);
}
