/**
 * The Node binding of `SyncChannel` over file descriptors (the client's fds 3–6, op-program
 * `client/env.go`). This is the only file of the package that touches `node:*`.
 *
 * `fs.readSync` may return fewer bytes than asked (pipes deliver what is there), so reads loop.
 * A descriptor inherited in non-blocking mode answers EAGAIN instead of blocking; then we
 * back off with `Atomics.wait` (a real sleep, no busy loop) and retry. Small frames are read
 * ahead into one buffer. A read of 0 bytes is
 * end-of-file: the host is gone, which the client must report, not hang on.
 */
import { closeSync, readSync, writeSync } from 'node:fs';
import { ChannelClosedError, ChannelIoError } from '../errors.js';
import type { SyncChannel } from '../sync-channel.js';

const SLEEP_CELL = new Int32Array(new SharedArrayBuffer(4));
const MAX_BACKOFF_MS = 8;
const READ_AHEAD = 64 * 1024;

function isAgain(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

function isClosed(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'EPIPE' || code === 'ECONNRESET';
}

export class FdChannel implements SyncChannel {
  private backoff = 0;
  constructor(
    readonly name: string,
    readonly readFd: number,
    readonly writeFd: number,
  ) {}

  private wait(): void {
    // First retries are immediate (data is usually microseconds away), then sleep 1, 2, 4, 8 ms.
    if (this.backoff > 0) Atomics.wait(SLEEP_CELL, 0, 0, this.backoff);
    this.backoff = this.backoff === 0 ? 1 : Math.min(this.backoff * 2, MAX_BACKOFF_MS);
  }

  /**
   * Bytes read ahead of the current frame. The protocol is strictly request/response, so one
   * read usually returns a whole answer (length prefix + value): buffering turns the client's
   * two reads per pre-image into one syscall.
   */
  private buf = new Uint8Array(READ_AHEAD);
  private start = 0;
  private end = 0;

  private fill(wanted: number, got: number): void {
    for (;;) {
      let n: number;
      try {
        n = readSync(this.readFd, this.buf, this.end, this.buf.length - this.end, null);
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

  readExact(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      if (this.start === this.end) {
        this.start = this.end = 0;
        // Large values are read straight into the result, small ones through the buffer.
        if (n - off >= this.buf.length) {
          const got = this.readInto(out, off, n);
          off += got;
          continue;
        }
        this.fill(n, off);
      }
      const k = Math.min(n - off, this.end - this.start);
      out.set(this.buf.subarray(this.start, this.start + k), off);
      this.start += k;
      off += k;
    }
    return out;
  }

  private readInto(out: Uint8Array, off: number, n: number): number {
    for (;;) {
      let got: number;
      try {
        got = readSync(this.readFd, out, off, n - off, null);
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
    for (const fd of new Set([this.readFd, this.writeFd])) {
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
