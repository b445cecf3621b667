/**
 * A FIFO of received byte chunks from which exact-length reads are cut. Every channel end that
 * receives data in pieces (the in-memory pair, the host's socket ends) needs the same
 * bookkeeping; the protocol's frames rarely line up with the chunks they arrive in.
 */
export class ChunkQueue {
  private chunks: Uint8Array[] = [];
  private head = 0;
  /** Bytes queued and not yet taken. */
  length = 0;

  /** Queues `chunk` as is (callers that reuse their buffers pass a copy). */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /**
   * Removes and returns the next `n` bytes; the caller checks `length >= n` first. When one
   * chunk covers the read the result is a plain `Uint8Array` view of it (no copy on the hot path).
   */
  take(n: number): Uint8Array {
    if (n === 0) return new Uint8Array(0);
    const first = this.chunks[0]!;
    if (first.length - this.head >= n) {
      const out = new Uint8Array(first.buffer, first.byteOffset + this.head, n);
      this.advance(first, n);
      this.length -= n;
      return out;
    }
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      const c = this.chunks[0]!;
      const k = Math.min(n - off, c.length - this.head);
      out.set(c.subarray(this.head, this.head + k), off);
      off += k;
      this.advance(c, k);
    }
    this.length -= n;
    return out;
  }

  private advance(chunk: Uint8Array, k: number): void {
    this.head += k;
    if (this.head === chunk.length) {
      this.chunks.shift();
      this.head = 0;
    }
  }
}
