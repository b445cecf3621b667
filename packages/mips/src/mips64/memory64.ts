/**
 * Paged, merkleized 64-bit memory for cannon64 (spec "Memory": depth 59, 32-byte leaves, 4 KiB
 * pages). Pages are the same `Uint32Array`s of big-endian 32-bit words as the MIPS32 memory and
 * hash through the same tree (page-tree.ts, 52 bits of page index); a doubleword at an aligned
 * address is the pair (words[i], words[i + 1]). The address space is sparse (code near 0, Go's
 * arenas at 0xc0_0000_0000, mmap from 0x1000_0000_0000, the stack below 0x7fff_ffff_f000), so
 * pages live in a Map keyed by page index (< 2^52, exact as a double) with a direct-mapped
 * look-aside table in front that the interpreter reads inline.
 */
import { PAGE_SIZE, PAGE_WORDS } from '../constants.js';
import { PageMerkleTree, pageToBytes } from '../page-tree.js';
import { PAGE64_KEY_BITS } from './constants.js';

/** A page and what the memory needs to know about it without a Map lookup. */
export class Page64 {
  dirty = false;
  constructor(
    readonly index: number,
    readonly words: Uint32Array,
  ) {}
}

/** The page every absent index reads as; never written (the interpreter allocates first). */
export const ZERO_PAGE64 = new Page64(-1, new Uint32Array(PAGE_WORDS));

export const TLB_BITS = 9;
export const TLB_SIZE = 1 << TLB_BITS;
export const TLB_MASK = TLB_SIZE - 1;
const TWO32 = 0x1_0000_0000;
/** 2^20: a page index is hi·2^20 + (lo >>> 12) for the address (hi, lo). */
export const HI_PAGE_FACTOR = 0x10_0000;

/** Page index of the 64-bit address `addr`. */
export function pageIndexOf(addr: bigint): number {
  return Number(BigInt.asUintN(64, addr) >> 12n);
}

export class Memory64 {
  private readonly pages = new Map<number, Page64>();
  /**
   * Look-aside table, direct-mapped by the low bits of the page number: slot s caches the page
   * whose address has high word `tlbHi[s]` and bits 31..12 `tlbLo[s]` (−1 = none). Two int32
   * compares on a hit, where a page index above 2^32 would need a double.
   */
  readonly tlbHi = new Int32Array(TLB_SIZE);
  readonly tlbLo = new Int32Array(TLB_SIZE).fill(-1);
  readonly tlbPages: Page64[] = new Array<Page64>(TLB_SIZE).fill(ZERO_PAGE64);
  private dirtyList: Page64[] = [];
  private readonly tree = new PageMerkleTree(PAGE64_KEY_BITS, (index) => this.pages.get(index)!.words);

  get pageCount(): number {
    return this.pages.size;
  }

  /** Allocated page indices, ascending. */
  pageIndices(): number[] {
    return [...this.pages.keys()].sort((a, b) => a - b);
  }

  /** The page with index `pk` (ZERO_PAGE64 when absent), through the look-aside table. */
  page(pk: number): Page64 {
    return this.pageAt(Math.floor(pk / HI_PAGE_FACTOR) | 0, pk % HI_PAGE_FACTOR);
  }

  /** The page of addresses with high word `hi` and bits 31..12 equal to `lo` (the interpreter's miss path). */
  pageAt(hi: number, lo: number): Page64 {
    const slot = lo & TLB_MASK;
    if (this.tlbLo[slot] === lo && this.tlbHi[slot] === hi) return this.tlbPages[slot]!;
    const p = this.pages.get((hi >>> 0) * HI_PAGE_FACTOR + lo) ?? ZERO_PAGE64;
    this.tlbHi[slot] = hi;
    this.tlbLo[slot] = lo;
    this.tlbPages[slot] = p;
    return p;
  }

  /** Allocates page `pk` (zero-filled) if needed, marks it dirty and returns it. */
  alloc(pk: number): Page64 {
    let p = this.pages.get(pk);
    if (p === undefined) {
      p = new Page64(pk, new Uint32Array(PAGE_WORDS));
      this.pages.set(pk, p);
      this.tree.addPage(pk);
      const lo = pk % HI_PAGE_FACTOR;
      const slot = lo & TLB_MASK;
      this.tlbHi[slot] = Math.floor(pk / HI_PAGE_FACTOR) | 0;
      this.tlbLo[slot] = lo;
      this.tlbPages[slot] = p;
    }
    if (!p.dirty) this.markDirty(p);
    return p;
  }

  markDirty(p: Page64): void {
    p.dirty = true;
    this.dirtyList.push(p);
  }

  /** The page for a write at page index `pk`: allocated if absent, marked dirty. */
  writable(pk: number): Page64 {
    const p = this.page(pk);
    if (p === ZERO_PAGE64) return this.alloc(pk);
    if (!p.dirty) this.markDirty(p);
    return p;
  }

  /** Aligned 64-bit read (`GetWord`); `addr` must be a multiple of 8. */
  getDoubleword(addr: bigint): bigint {
    const a = BigInt.asUintN(64, addr);
    if ((a & 7n) !== 0n) throw new RangeError(`unaligned memory read at 0x${a.toString(16)}`);
    const p = this.page(Number(a >> 12n));
    const wi = Number(a & 0xfffn) >>> 2;
    return (BigInt(p.words[wi]!) << 32n) | BigInt(p.words[wi + 1]!);
  }

  /** Aligned 64-bit write (`SetWord`): allocates the page even when writing zero, like Cannon. */
  setDoubleword(addr: bigint, value: bigint): void {
    const a = BigInt.asUintN(64, addr);
    if ((a & 7n) !== 0n) throw new RangeError(`unaligned memory write at 0x${a.toString(16)}`);
    const p = this.writable(Number(a >> 12n));
    const wi = Number(a & 0xfffn) >>> 2;
    const v = BigInt.asUintN(64, value);
    p.words[wi] = Number(v >> 32n);
    p.words[wi + 1] = Number(v & 0xffffffffn);
  }

  getByte(addr: bigint): number {
    const a = BigInt.asUintN(64, addr);
    const off = Number(a & 0xfffn);
    const w = this.page(Number(a >> 12n)).words[off >>> 2]!;
    return (w >>> (24 - (off & 3) * 8)) & 0xff;
  }

  /** Copies `data` to `addr` (any alignment, may span pages, wraps at 2^64); allocates pages even for zeros. */
  setRange(addr: bigint, data: Uint8Array): void {
    let i = 0;
    while (i < data.length) {
      const a = BigInt.asUintN(64, addr + BigInt(i));
      const p = this.writable(Number(a >> 12n)).words;
      const off = Number(a & 0xfffn);
      const end = Math.min(data.length, i + PAGE_SIZE - off);
      for (let o = off; i < end; i++, o++) {
        const wi = o >>> 2;
        const shift = 24 - (o & 3) * 8;
        p[wi] = ((p[wi]! & ~(0xff << shift)) | (data[i]! << shift)) >>> 0;
      }
    }
  }

  /** Reads `length` bytes from `addr` (wrapping at 2^64 like Cannon's memory reader). */
  readRange(addr: bigint, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.getByte(addr + BigInt(i));
    return out;
  }

  /** Big-endian bytes of a page (for serialization). */
  pageBytes(index: number, out: Uint8Array = new Uint8Array(PAGE_SIZE)): Uint8Array {
    return pageToBytes(this.page(index).words, out);
  }

  /** Installs a whole page from its 4096 big-endian bytes. */
  setPageBytes(index: number, data: Uint8Array): void {
    if (data.length !== PAGE_SIZE)
      throw new RangeError(`page ${index}: expected ${PAGE_SIZE} bytes, got ${data.length}`);
    const p = this.alloc(index).words;
    for (let w = 0, o = 0; w < PAGE_WORDS; w++, o += 4) {
      p[w] = ((data[o]! << 24) | (data[o + 1]! << 16) | (data[o + 2]! << 8) | data[o + 3]!) >>> 0;
    }
  }

  merkleRoot(): Uint8Array {
    this.flushDirty();
    return this.tree.root();
  }

  /** 60×32 bytes: the leaf holding `addr`, then 59 siblings from the bottom up. */
  merkleProof(addr: bigint): Uint8Array {
    this.flushDirty();
    const a = BigInt.asUintN(64, addr);
    return this.tree.proof(Number(a >> 12n), Number(a & 0xfffn));
  }

  /** The 32-byte leaf holding `addr`. */
  leaf(addr: bigint): Uint8Array {
    return this.readRange(BigInt.asUintN(64, addr) & ~31n, 32);
  }

  private flushDirty(): void {
    for (const p of this.dirtyList) {
      p.dirty = false;
      this.tree.invalidate(p.index);
    }
    this.dirtyList.length = 0;
  }
}

/** hi·2^32 + lo as an unsigned 64-bit bigint (for values held as two int32 halves). */
export function pairToBigInt(hi: number, lo: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** Exact double of a pair when it is below 2^53 (addresses, counts); otherwise undefined. */
export function pairToNumber(hi: number, lo: number): number | undefined {
  const h = hi >>> 0;
  return h < 0x20_0000 ? h * TWO32 + (lo >>> 0) : undefined;
}
