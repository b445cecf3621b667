/**
 * The Node binding of `SyncChannel` over file descriptors (the client's fds 3–6, op-program
 * `client/env.go`). This directory is the only part of the package that touches `node:*`.
 *
 * `fs.readSync` may return fewer bytes than asked (pipes deliver what is there), so reads loop.
 * A descriptor inherited in non-blocking mode answers EAGAIN instead of blocking; then we
 * back off with `Atomics.wait` (a real sleep, no busy loop) and retry. A read of 0 bytes is
 * end-of-file: the host is gone, which the client must report, not hang on.
 *
 * Reads go ahead into a slab and small frames are handed out as views of it, never copied:
 * the length prefix and the value of one answer usually arrive in one `read`, and allocating a
 * fresh `Uint8Array` of more than 64 bytes costs V8 an off-heap backing store (~0.4 µs, as much
 * as the `read` itself). A slab is never written twice: when it runs low the unread bytes move
 * to a new one and the old slab lives as long as a value cut from it (the trade Node's own
 * `Buffer` pool makes, with 8 KiB pools).
 */
import { closeSync, writeSync } from 'node:fs';
import { ChannelClosedError, ChannelIoError } from '../errors.js';
import type { SyncChannel } from '../sync-channel.js';
import { nonBlockingTwin, readAfterSpin } from './spin-read.js';

export { nonBlockingTwin, readAfterSpin } from './spin-read.js';

const SLEEP_CELL = new Int32Array(new SharedArrayBuffer(4));
const MAX_BACKOFF_MS = 8;
/** Slab size; frames longer than `SLAB_SIZE - MIN_READ` get an array of their own. */
const SLAB_SIZE = 16 * 1024;
/** A read is offered at least this much room, so a typical answer arrives in one syscall. */
const MIN_READ = 2 * 1024;

/** A non-blocking descriptor had nothing to read or no room to write (retry later). */
export function isAgain(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

/** The other end of a pipe or socket is gone. */
export function isClosed(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'EPIPE' || code === 'ECONNRESET';
}

export class FdChannel implements SyncChannel {
  private backoff = 0;
  /** A non-blocking second open of a pipe `readFd`, polled briefly before each read (spin-read.ts). */
  private readonly twin: number | undefined;
  constructor(
    readonly name: string,
    readonly readFd: number,
    readonly writeFd: number,
  ) {
    this.twin = nonBlockingTwin(readFd);
  }

  /** One read into `buf[off..off+len)`: the twin's poll first, then the descriptor itself. */
  private read(buf: Uint8Array, off: number, len: number): number {
    return readAfterSpin(this.readFd, this.twin, buf, off, len);
  }

  private wait(): void {
    // First retries are immediate (data is usually microseconds away), then sleep 1, 2, 4, 8 ms.
    if (this.backoff > 0) Atomics.wait(SLEEP_CELL, 0, 0, this.backoff);
    this.backoff = this.backoff === 0 ? 1 : Math.min(this.backoff * 2, MAX_BACKOFF_MS);
  }

  /** Bytes read ahead: `slab[start..end)` is received and not yet handed out. */
  private slab = new Uint8Array(SLAB_SIZE);
  private start = 0;
  private end = 0;

  private fill(wanted: number, got: number): void {
    for (;;) {
      let n: number;
      try {
        n = this.read(this.slab, this.end, this.slab.length - this.end);
      } catch (e) {
        if (isAgain(e)) {
          this.wait();
          continue;
        }
        if (isClosed(e)) throw new ChannelClosedError(this.name, got, wanted);
        throw new ChannelIoError(this.name, 'read', e);
      }
      if (n === 0) throw new ChannelClosedError(this.name, got, wanted);
      this.end += n;
      this.backoff = 0;
      return;
    }
  }

  /** Moves the unread bytes to a fresh slab (the old one stays with the views cut from it). */
  private roll(): void {
    const next = new Uint8Array(SLAB_SIZE);
    next.set(this.slab.subarray(this.start, this.end));
    this.end -= this.start;
    this.start = 0;
    this.slab = next;
  }

  readExact(n: number): Uint8Array {
    if (this.end - this.start < n) {
      if (n > SLAB_SIZE - MIN_READ) return this.readLarge(n);
      if (this.slab.length - this.start < n || this.slab.length - this.end < MIN_READ) this.roll();
      while (this.end - this.start < n) this.fill(n, this.end - this.start);
    }
    const view = new Uint8Array(this.slab.buffer, this.start, n);
    this.start += n;
    return view;
  }

  /** A frame too long for a slab: what was read ahead, then straight into its own array. */
  private readLarge(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let off = this.end - this.start;
    out.set(this.slab.subarray(this.start, this.end));
    this.start = this.end;
    while (off < n) off += this.readInto(out, off, n);
    return out;
  }

  private readInto(out: Uint8Array, off: number, n: number): number {
    for (;;) {
      let got: number;
      try {
        got = this.read(out, off, n - off);
      } catch (e) {
        if (isAgain(e)) {
          this.wait();
          continue;
        }
        if (isClosed(e)) throw new ChannelClosedError(this.name, off, n);
        throw new ChannelIoError(this.name, 'read', e);
      }
      if (got === 0) throw new ChannelClosedError(this.name, off, n);
      this.backoff = 0;
      return got;
    }
  }

  writeAll(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length) {
      let put: number;
      try {
        put = writeSync(this.writeFd, bytes, off, bytes.length - off);
      } catch (e) {
        if (isAgain(e)) {
          this.wait();
          continue;
        }
        if (isClosed(e)) throw new ChannelClosedError(this.name, 0, bytes.length);
        throw new ChannelIoError(this.name, 'write', e);
      }
      off += put;
      this.backoff = 0;
    }
  }

  close(): void {
    const fds = [this.readFd, this.writeFd];
    if (this.twin !== undefined) fds.push(this.twin);
    for (const fd of new Set(fds)) {
      try {
        closeSync(fd);
      } catch {
        // already closed: closing is best effort at shutdown
      }
    }
  }
}

/** The client's standard descriptors (op-program `client/env.go`). */
export const CLIENT_FDS = { hintRead: 3, hintWrite: 4, preimageRead: 5, preimageWrite: 6 } as const;

/** The hint and pre-image channels of a client started with fds 3–6. */
export function clientFdChannels(): { hints: FdChannel; preimages: FdChannel } {
  return {
    hints: new FdChannel('hint channel', CLIENT_FDS.hintRead, CLIENT_FDS.hintWrite),
    preimages: new FdChannel('pre-image channel', CLIENT_FDS.preimageRead, CLIENT_FDS.preimageWrite),
  };
}
