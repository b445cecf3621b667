/**
 * EVM memory: a byte array that grows in 32-byte words, charged `3·w + ⌊w²/512⌋` gas for the
 * total size `w` in words (Yellow Paper eq. 326), with only the difference to the previous cost
 * paid on each expansion. The backing buffer grows geometrically (at least 8 KiB at a time) so
 * that word-by-word growth does not copy on every MSTORE (ethereumjs PR #2405's lesson).
 */
import { bigWordAt, isSmallAt, storeWord, type Word } from './words.js';

const MIN_CAPACITY = 8192;
/**
 * Slots of the big-word cache, direct-mapped by offset / 32: one per word of memory, as a power
 * of two between these bounds, so a program working in 46 KB (weierstrudel) does not evict its
 * own words (256 slots missed 3,670 of 4,414 big loads per call there; one per word, 1,214).
 */
const MIN_CACHE_SLOTS = 256;
const MAX_CACHE_SLOTS = 4096;

function cacheSlotsFor(size: number): number {
  let n = MIN_CACHE_SLOTS;
  while (n < MAX_CACHE_SLOTS && n * 32 < size) n *= 2;
  return n;
}

/**
 * The last big word read from or written to memory per slot, with a snapshot of its 32 bytes.
 * Building a bigint from memory costs ~10 bigint operations (~110 ns) and code that keeps
 * 256-bit values in memory (hash states, curve points) loads the same words again and again.
 * A hit is validated by content — the tag matches and the eight 32-bit words in memory equal the
 * snapshot — so no writer (copies, MSTORE8, returns into memory, a reset) has to invalidate it:
 * the cached word is a pure function of those bytes.
 */
class BigWordCache {
  readonly mask: number;
  readonly tags: Int32Array;
  readonly words: bigint[];
  readonly snap: Int32Array;
  constructor(readonly slots: number) {
    this.mask = slots - 1;
    this.tags = new Int32Array(slots).fill(-1);
    this.words = new Array<bigint>(slots).fill(0n);
    this.snap = new Int32Array(slots * 8);
  }
}

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

  private cache: BigWordCache | undefined;

  /** MLOAD: the word at `o` (caller has expanded memory to cover it). */
  loadWord(o: number): Word {
    const dv = this.view;
    // Most words are small (pointers, lengths, counters): then no bigint and no cache.
    if (isSmallAt(dv, o)) return dv.getUint32(o + 28);
    const c = (this.cache ??= new BigWordCache(cacheSlotsFor(this.size)));
    const i = (o >>> 5) & c.mask;
    const s = 8 * i;
    const snap = c.snap;
    if (
      c.tags[i] === o &&
      snap[s] === dv.getInt32(o) &&
      snap[s + 1] === dv.getInt32(o + 4) &&
      snap[s + 2] === dv.getInt32(o + 8) &&
      snap[s + 3] === dv.getInt32(o + 12) &&
      snap[s + 4] === dv.getInt32(o + 16) &&
      snap[s + 5] === dv.getInt32(o + 20) &&
      snap[s + 6] === dv.getInt32(o + 24) &&
      snap[s + 7] === dv.getInt32(o + 28)
    ) {
      return c.words[i]!;
    }
    const w = bigWordAt(dv, o);
    this.remember(c, i, o, w);
    return w;
  }

  /** MSTORE: writes `w` at `o`; a big word is remembered for the loads that usually follow. */
  storeWord(o: number, w: Word): void {
    storeWord(this.view, o, w);
    if (typeof w === 'number') return;
    const c = (this.cache ??= new BigWordCache(cacheSlotsFor(this.size)));
    this.remember(c, (o >>> 5) & c.mask, o, w);
  }

  private remember(c: BigWordCache, i: number, o: number, w: bigint): void {
    const dv = this.view;
    const s = 8 * i;
    const snap = c.snap;
    c.tags[i] = o;
    c.words[i] = w;
    for (let k = 0; k < 8; k++) snap[s + k] = dv.getInt32(o + 4 * k);
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
    // Outgrown: a larger cache is made at the next big-word access.
    if (this.cache !== undefined && this.cache.slots < MAX_CACHE_SLOTS && this.cache.slots * 32 < newSize)
      this.cache = undefined;
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
