/**
 * Paged, merkleized 32-bit memory (Cannon `memory.go`). Pages are 4 KiB `Uint32Array`s whose
 * elements hold big-endian word values, so the interpreter reads and writes whole words with
 * one indexed access and no DataView. Every page slot starts as one shared all-zero page;
 * writing allocates. Merkle roots are computed only on demand by the tree shared with the
 * 64-bit memory (page-tree.ts): a write marks its page dirty, and `merkleRoot()` hands the
 * dirty pages to the tree before asking it for the root.
 */
import { PAGE_ADDR_SIZE, PAGE_COUNT, PAGE_SIZE, PAGE_WORDS } from './constants.js';
import { hex32 } from './errors.js';
import { PageMerkleTree, pageToBytes } from './page-tree.js';

/** Bits of a page index: the tree of pages above the page subtrees is 20 levels deep. */
const PAGE_KEY_BITS = 32 - PAGE_ADDR_SIZE;

/** The shared, never-written page every unallocated slot points at. */
export const ZERO_PAGE: Uint32Array = new Uint32Array(PAGE_WORDS);
function isZeroPage(p: Uint32Array): boolean {
  for (let i = 0; i < p.length; i++) if (p[i] !== 0) return false;
  return true;
}

/** Pages are found through 1024 directories of 1024 pages; this one is never written. */
export const DIR_SIZE = 1024;
export const DIR_SHIFT = 22;
export const ZERO_DIR: Uint32Array[] = new Array<Uint32Array>(DIR_SIZE).fill(ZERO_PAGE);

export class Memory {
  /**
   * Two-level page table: `dirs[addr >>> 22][(addr >>> 12) & 1023]` is the page holding addr
   * (`ZERO_PAGE` until written). Two levels keep a fresh memory cheap to create (a flat
   * 2^20-slot table costs ~15 ms) and the table small enough to stay in cache.
   */
  readonly dirs: Uint32Array[][] = new Array<Uint32Array[]>(DIR_SIZE).fill(ZERO_DIR);
  /** 1 while a page's cached hashes are stale. */
  readonly dirty = new Uint8Array(PAGE_COUNT);
  /** 1 for pages the block compiler translated code from; a write there bumps `codeEpoch`. */
  readonly code = new Uint8Array(PAGE_COUNT);
  /** Changes whenever a page holding translated code is written (translations are then dropped). */
  codeEpoch = 0;
  private dirtyList: number[] = [];
  private allocated: number[] = [];
  /**
   * Pages that hold zeros only because `restoreFrom` went back to a memory without them: they
   * keep their buffer (a translator may have it mapped) but count as unallocated — not listed,
   * not copied, not in the Merkle tree (an absent page hashes as a zero one) — until written.
   */
  private readonly zeroed = new Set<number>();
  private tree = new PageMerkleTree(PAGE_KEY_BITS, (index) => this.page(index));

  /**
   * An independent copy: every allocated page copied, the Merkle tree's hashes and stale paths
   * with it (so the copy's root costs what this memory's would). Translation marks (`code`) are
   * not copied: they belong to the translator of this memory, and the copy gets its own.
   * `reuse`, a memory nobody uses any more, gives its page buffers to the copy: touching fresh
   * memory (page faults) costs more here than copying into buffers already touched.
   */
  clone(reuse?: Memory): Memory {
    const m = new Memory();
    const spare = reuse ? reuse.allocated.map((pi) => reuse.page(pi)) : [];
    for (const pi of this.allocated) {
      let dir = m.dirs[pi >>> 10]!;
      if (dir === ZERO_DIR) {
        dir = new Array<Uint32Array>(DIR_SIZE).fill(ZERO_PAGE);
        m.dirs[pi >>> 10] = dir;
      }
      const p = this.page(pi);
      const q = spare.pop();
      if (q) q.set(p);
      // A page may be a view into the translator's shared memory: slice() copies it out.
      dir[pi & (DIR_SIZE - 1)] = q ?? p.slice();
    }
    m.allocated = this.allocated.slice();
    m.dirtyList = this.dirtyList.slice();
    for (const pi of m.dirtyList) m.dirty[pi] = 1;
    m.tree = this.tree.clone((index) => m.page(index));
    return m;
  }

  /**
   * Makes this memory's contents `src`'s, in place: pages keep their identity, so a translator
   * working on this memory keeps its mapped pages and its translations; pages `src` lacks are
   * zero-filled and count as unallocated (`zeroed`); the Merkle tree becomes a copy of `src`'s.
   * A page holding translated code whose words change bumps `codeEpoch` (translations dropped).
   */
  restoreFrom(src: Memory): void {
    const keep: number[] = [];
    for (const pi of this.allocated) {
      if (src.isAllocated(pi)) {
        keep.push(pi);
        continue;
      }
      const to = this.page(pi);
      if (this.code[pi] !== 0 && !isZeroPage(to)) this.codeEpoch++;
      to.fill(0);
      this.zeroed.add(pi);
    }
    this.allocated = keep;
    for (const pi of src.allocated) {
      const from = src.page(pi);
      let to = this.page(pi);
      if (to === ZERO_PAGE) to = this.allocPage(pi);
      else {
        if (this.zeroed.delete(pi)) this.allocated.push(pi);
        if (this.code[pi] !== 0) {
          let same = true;
          for (let w = 0; w < PAGE_WORDS && same; w++) same = to[w] === from[w];
          if (!same) this.codeEpoch++;
        }
      }
      to.set(from);
    }
    // src's tree holds the hashes of exactly these words: nothing here is stale any more.
    for (const pi of this.dirtyList) this.dirty[pi] = 0;
    this.dirtyList = src.dirtyList.slice();
    for (const pi of this.dirtyList) this.dirty[pi] = 1;
    this.tree = src.tree.clone((index) => this.page(index));
  }

  /** Whether page `index` is allocated (written since the memory was made or restored). */
  isAllocated(index: number): boolean {
    return this.page(index) !== ZERO_PAGE && !this.zeroed.has(index);
  }

  /** The page with index `index` (ZERO_PAGE when unallocated). */
  page(index: number): Uint32Array {
    return this.dirs[index >>> 10]![index & (DIR_SIZE - 1)]!;
  }

  get pageCount(): number {
    return this.allocated.length;
  }

  /** Allocated page indices, ascending. */
  pageIndices(): number[] {
    return this.allocated.slice().sort((a, b) => a - b);
  }

  /** Allocates page `index` (zero-filled) if needed and marks it dirty; returns it. */
  allocPage(index: number): Uint32Array {
    let dir = this.dirs[index >>> 10]!;
    if (dir === ZERO_DIR) {
      dir = new Array<Uint32Array>(DIR_SIZE).fill(ZERO_PAGE);
      this.dirs[index >>> 10] = dir;
    }
    let p = dir[index & (DIR_SIZE - 1)]!;
    if (p === ZERO_PAGE) {
      p = new Uint32Array(PAGE_WORDS);
      dir[index & (DIR_SIZE - 1)] = p;
      this.allocated.push(index);
      this.tree.addPage(index);
    }
    this.markDirty(index);
    return p;
  }

  markDirty(index: number): void {
    if (this.code[index] !== 0) this.codeEpoch++;
    // A zeroed page written is allocated again (its path in the tree is made on the next root).
    if (this.zeroed.size !== 0 && this.zeroed.delete(index)) this.allocated.push(index);
    if (this.dirty[index] === 0) {
      this.dirty[index] = 1;
      this.dirtyList.push(index);
    }
  }

  /** Aligned 32-bit read (unsigned). */
  getWord(addr: number): number {
    if ((addr & 3) !== 0) throw new RangeError(`unaligned memory read at ${hex32(addr)}`);
    return this.page(addr >>> PAGE_ADDR_SIZE)[(addr >>> 2) & (PAGE_WORDS - 1)]!;
  }

  /** Aligned 32-bit write. */
  setWord(addr: number, value: number): void {
    if ((addr & 3) !== 0) throw new RangeError(`unaligned memory write at ${hex32(addr)}`);
    const pi = addr >>> PAGE_ADDR_SIZE;
    let p = this.page(pi);
    if (p === ZERO_PAGE) p = this.allocPage(pi);
    else this.markDirty(pi);
    p[(addr >>> 2) & (PAGE_WORDS - 1)] = value;
  }

  getByte(addr: number): number {
    const w = this.page(addr >>> PAGE_ADDR_SIZE)[(addr >>> 2) & (PAGE_WORDS - 1)]!;
    return (w >>> (24 - (addr & 3) * 8)) & 0xff;
  }

  /** Copies `data` to `addr` (any alignment, may span pages); allocates pages even for zeros. */
  setRange(addr: number, data: Uint8Array): void {
    let i = 0;
    while (i < data.length) {
      const a = (addr + i) >>> 0;
      const pi = a >>> PAGE_ADDR_SIZE;
      const p = this.allocPage(pi);
      const end = Math.min(data.length, i + PAGE_SIZE - (a & (PAGE_SIZE - 1)));
      for (; i < end; i++) {
        const b = (addr + i) >>> 0;
        const wi = (b >>> 2) & (PAGE_WORDS - 1);
        const shift = 24 - (b & 3) * 8;
        p[wi] = ((p[wi]! & ~(0xff << shift)) | (data[i]! << shift)) >>> 0;
      }
    }
  }

  /** Reads `length` bytes from `addr` (wrapping at 2^32 like the Go VM's reader). */
  readRange(addr: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.getByte((addr + i) >>> 0);
    return out;
  }

  /** Big-endian bytes of a page (for hashing and serialization). */
  pageBytes(index: number, out: Uint8Array = new Uint8Array(PAGE_SIZE)): Uint8Array {
    return pageToBytes(this.page(index), out);
  }

  /** Installs a whole page from its 4096 big-endian bytes. */
  setPageBytes(index: number, data: Uint8Array): void {
    if (data.length !== PAGE_SIZE)
      throw new RangeError(`page ${index}: expected ${PAGE_SIZE} bytes, got ${data.length}`);
    const p = this.allocPage(index);
    for (let w = 0, o = 0; w < PAGE_WORDS; w++, o += 4) {
      p[w] = ((data[o]! << 24) | (data[o + 1]! << 16) | (data[o + 2]! << 8) | data[o + 3]!) >>> 0;
    }
  }

  /** Re-hashes dirty pages, then returns the root (cached nodes reused elsewhere). */
  merkleRoot(): Uint8Array {
    this.flushDirty();
    return this.tree.root();
  }

  /** 28×32 bytes: the leaf holding `addr`, then 27 siblings from the bottom up. */
  merkleProof(addr: number): Uint8Array {
    this.flushDirty();
    return this.tree.proof((addr >>> 0) >>> PAGE_ADDR_SIZE, (addr >>> 0) & (PAGE_SIZE - 1));
  }

  private flushDirty(): void {
    if (this.dirtyList.length === 0) return;
    for (const pi of this.dirtyList) {
      this.dirty[pi] = 0;
      this.tree.invalidate(pi);
    }
    this.dirtyList.length = 0;
  }
}
