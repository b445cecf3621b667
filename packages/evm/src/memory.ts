/**
 * EVM memory: a byte array that grows in 32-byte words, charged `3·w + ⌊w²/512⌋` gas for the
 * total size `w` in words (Yellow Paper eq. 326), with only the difference to the previous cost
 * paid on each expansion. The backing buffer grows geometrically (at least 8 KiB at a time) so
 * that word-by-word growth does not copy on every MSTORE (ethereumjs PR #2405's lesson).
 */
const MIN_CAPACITY = 8192;

/** Memory gas for `words` 32-byte words. Exact for any size reachable with 2^53 gas. */
export function memoryGasCost(words: number): number {
  return 3 * words + Math.floor((words * words) / 512);
}

const NO_BYTES = new Uint8Array(0);

export class Memory {
  buf: Uint8Array = NO_BYTES;
  /** Over `buf`; 64-bit loads/stores make MLOAD/MSTORE four operations instead of 32. */
  view: DataView = new DataView(NO_BYTES.buffer);
  /** Current size in bytes (always a multiple of 32). */
  size = 0;

  constructor() {
    // Written a second time here on purpose: V8 treats a field stored only once as a constant
    // and compiles it into the interpreter; the first `grow` past the initial capacity would
    // then throw that code away (a "code dependencies" deoptimisation).
    this.buf = new Uint8Array(MIN_CAPACITY);
    this.view = new DataView(this.buf.buffer);
  }

  /** Grows the active size to `newSize` bytes (a multiple of 32), zero-filled. */
  grow(newSize: number): void {
    if (newSize > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < newSize) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.buf.subarray(0, this.size));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    this.size = newSize;
  }

  reset(): void {
    if (this.size > 0) this.buf.fill(0, 0, this.size);
    this.size = 0;
  }

  /** Copy of `len` bytes at `offset` (caller has expanded memory to cover it). */
  read(offset: number, len: number): Uint8Array {
    return this.buf.slice(offset, offset + len);
  }

  /** Writes `data[srcOffset .. srcOffset+len)` at `offset`, zero-filling past the end of `data`. */
  writePadded(offset: number, data: Uint8Array, srcOffset: number, len: number): void {
    const avail = srcOffset >= data.length ? 0 : Math.min(len, data.length - srcOffset);
    if (avail > 0) this.buf.set(data.subarray(srcOffset, srcOffset + avail), offset);
    if (avail < len) this.buf.fill(0, offset + avail, offset + len);
  }
}
