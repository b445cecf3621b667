/**
 * The Merkle tree over paged memory, shared by the MIPS32 memory (2^20 pages, depth 27) and the
 * MIPS64 memory (2^52 pages, depth 59): a page's 128 leaves hash to its subtree, and above the
 * pages a sparse binary tree indexed by generalized index (root 1, page p at 2^pageKeyBits + p,
 * which stays below 2^53 for 64-bit addresses). Every node with a page below it has a slot: 32
 * bytes in one pool and a stale flag. Writing a page marks its path stale up to the first node
 * already stale (so a stale node's ancestors are all stale, and the stale nodes are exactly the
 * paths of the pages written since the last root); `root()` re-hashes only those paths, level by
 * level, every level's sibling pairs in batched kernel calls (page-hash.ts), and many pages'
 * subtrees shared with a worker thread (page-roots-worker.ts). A page's internal nodes are kept
 * only for the most recently proven pages. Pages are the memories' own `Uint32Array`s of
 * big-endian words; this file never sees how they are found.
 */
import { keccak256MerkleNodes } from '@faultline/primitives';
import { PAGE_SIZE, PAGE_WORDS } from './constants.js';
import { ZERO_HASHES } from './merkle.js';
import { area, areaWords, copyPage, hashMessages, hashPagesInArea, MAX_MESSAGES, PAGE_BATCH } from './page-hash.js';
import { PageRootWorker } from './page-roots-worker.js';

/** Height of a page's subtree: 4096 bytes = 128 leaves of 32 bytes. */
export const PAGE_TREE_HEIGHT = 7;
const PAGE_LEAVES = 1 << PAGE_TREE_HEIGHT;
/** Pages whose subtree nodes stay cached (1 MiB). */
const PAGE_NODES_CACHED = 256;
/**
 * Pages without a current root from which `root()` shares the hashing with a worker thread
 * (page-roots-worker.ts): below this the hand-off costs more than it saves.
 */
export const PARALLEL_MIN_PAGES = 32 * PAGE_BATCH;

/** Big-endian bytes of a page of word values, written into `out`. */
export function pageToBytes(p: Uint32Array, out: Uint8Array): Uint8Array {
  for (let w = 0, o = 0; w < PAGE_WORDS; w++, o += 4) {
    const v = p[w]!;
    out[o] = v >>> 24;
    out[o + 1] = (v >>> 16) & 0xff;
    out[o + 2] = (v >>> 8) & 0xff;
    out[o + 3] = v & 0xff;
  }
  return out;
}

/** The internal nodes of an all-zero page: node i at height h is ZERO_HASHES[h]. */
const ZERO_PAGE_NODES: Uint8Array = (() => {
  const nodes = new Uint8Array(PAGE_SIZE);
  for (let i = 1; i < PAGE_LEAVES; i++) nodes.set(ZERO_HASHES[PAGE_TREE_HEIGHT - (31 - Math.clz32(i))]!, 32 * i);
  return nodes;
})();

function isZero(p: Uint32Array): boolean {
  for (let i = 0; i < p.length; i++) if (p[i] !== 0) return false;
  return true;
}

/** ZERO_HASHES as native-order words, for copies into the kernel's message area. */
const ZERO_WORDS: readonly Uint32Array[] = ZERO_HASHES.map((z) => new Uint32Array(z.slice().buffer));
/** Pages per root up to which page roots come from `pageTree` (keeping the nodes for a proof that may follow). */
const FEW_PAGES = 16;

export class PageMerkleTree {
  /** Levels from the root to the leaves: pageKeyBits + 7. */
  readonly depth: number;
  private readonly base: number;
  /** The slot of every node with at least one allocated page below it, by generalized index. */
  private readonly slots = new Map<number, number>();
  /** Node hashes, 32 bytes per slot; current unless the slot is stale. */
  private pool = new Uint8Array(32 * 1024);
  private poolWords = new Uint32Array(this.pool.buffer);
  /** 1 while a slot's hash is out of date. */
  private stale = new Uint8Array(1024);
  private used = 0;
  /** Pages whose root is stale, each once (a page is listed exactly while its slot is stale). */
  private pending: number[] = [];
  /**
   * The internal nodes 1..127 (node i at 32i) of the pages proven most recently, oldest first, at
   * most PAGE_NODES_CACHED of them. Only a page's root is kept for long (in the pool): holding all
   * nodes of 200 MB of pages is another 200 MB of memory, and first-touching that much memory
   * cost more than the hashing itself here (~1.1 s of page faults per 200 MB on this machine).
   * A proof of a page out of the cache re-hashes its 127 nodes (~30 µs).
   */
  private readonly pageNodes = new Map<number, Uint8Array>();
  /** Buffers of pages dropped from `pageNodes`, for reuse. */
  private readonly freeNodes: Uint8Array[] = [];
  private readonly scratch = new Uint8Array(PAGE_SIZE);

  constructor(
    readonly pageKeyBits: number,
    /** The page with this index; called only for pages that were added. */
    private readonly pageOf: (index: number) => Uint32Array,
    /** From how many pending pages `root()` uses the worker thread (Infinity: never). */
    private readonly parallelMin = PARALLEL_MIN_PAGES,
  ) {
    this.depth = pageKeyBits + PAGE_TREE_HEIGHT;
    this.base = 2 ** pageKeyBits;
  }

  /**
   * A copy of this tree for a copy of its memory (`pageOf` finds the copy's pages, which must
   * hold the same words): node hashes, slots and stale paths are copied, so the copy's next root
   * re-hashes only what this tree would have. The page-node cache is not copied (it is rebuilt
   * on demand).
   */
  clone(pageOf: (index: number) => Uint32Array): PageMerkleTree {
    const t = new PageMerkleTree(this.pageKeyBits, pageOf, this.parallelMin);
    for (const [g, s] of this.slots) t.slots.set(g, s);
    t.pool = this.pool.slice();
    t.poolWords = new Uint32Array(t.pool.buffer);
    t.stale = this.stale.slice();
    t.used = this.used;
    t.pending = this.pending.slice();
    return t;
  }

  /** A page now exists: its path gets slots and goes stale. */
  addPage(index: number): void {
    this.dropNodes(index);
    this.markStale(index);
  }

  /** A page's contents changed: its path goes stale. */
  invalidate(index: number): void {
    this.dropNodes(index);
    this.markStale(index);
  }

  root(): Uint8Array {
    if (this.pending.length > 0) this.update();
    const s = this.slots.get(1);
    return s === undefined ? ZERO_HASHES[this.depth]!.slice() : this.pool.slice(32 * s, 32 * s + 32);
  }

  /**
   * The proof for byte `offset` of page `index`: the 32-byte leaf holding it, then `depth`
   * siblings from the bottom up ((depth + 1) × 32 bytes).
   */
  proof(index: number, offset: number): Uint8Array {
    if (this.pending.length > 0) this.update();
    const out = new Uint8Array((this.depth + 1) * 32);
    const leaf = offset >>> 5;
    if (!this.slots.has(this.base + index)) {
      for (let h = 0; h < PAGE_TREE_HEIGHT; h++) out.set(ZERO_HASHES[h]!, 32 + h * 32);
    } else {
      const bytes = pageToBytes(this.pageOf(index), this.scratch);
      out.set(bytes.subarray(leaf * 32, leaf * 32 + 32), 0);
      const nodes = this.pageTree(index);
      let g = PAGE_LEAVES + leaf;
      for (let h = 0; h < PAGE_TREE_HEIGHT; h++, g >>>= 1) {
        const s = g ^ 1;
        const v =
          s >= PAGE_LEAVES
            ? bytes.subarray((s - PAGE_LEAVES) * 32, (s - PAGE_LEAVES) * 32 + 32)
            : nodes.subarray(s * 32, s * 32 + 32);
        out.set(v, 32 + h * 32);
      }
    }
    // g may exceed 2^32: no `g ^ 1` or `g >>> 1` above the pages.
    let g = this.base + index;
    for (let h = PAGE_TREE_HEIGHT; h < this.depth; h++, g = Math.floor(g / 2)) {
      const s = this.slots.get(g % 2 === 0 ? g + 1 : g - 1);
      out.set(s === undefined ? ZERO_HASHES[h]! : this.pool.subarray(32 * s, 32 * s + 32), 32 + h * 32);
    }
    return out;
  }

  /** Marks page `index`'s path stale up to the first node already stale, giving missing nodes a slot. */
  private markStale(index: number): void {
    let g = this.base + index;
    let s = this.slots.get(g);
    if (s !== undefined && this.stale[s] === 1) return;
    this.pending.push(index);
    for (;;) {
      if (s === undefined) {
        s = this.newSlot();
        this.slots.set(g, s);
      } else if (this.stale[s] === 1) return;
      this.stale[s] = 1;
      if (g === 1) return;
      g = Math.floor(g / 2);
      s = this.slots.get(g);
    }
  }

  private newSlot(): number {
    const s = this.used++;
    if (s === this.stale.length) {
      const pool = new Uint8Array(2 * this.pool.length);
      pool.set(this.pool);
      this.pool = pool;
      this.poolWords = new Uint32Array(pool.buffer);
      const stale = new Uint8Array(2 * this.stale.length);
      stale.set(this.stale);
      this.stale = stale;
    }
    return s;
  }

  /**
   * Re-hashes the stale nodes: the pending pages' roots, then level by level their parents (the
   * stale nodes of a level are exactly the parents of the stale nodes below), as many sibling
   * pairs per kernel call as the message area holds.
   */
  private update(): void {
    const pages = Float64Array.from(this.pending).sort();
    this.pending = [];
    let curSlots = this.pageRoots(pages);
    const w = areaWords();
    let cur = pages;
    let levelBase = this.base;
    for (let h = PAGE_TREE_HEIGHT; h < this.depth; h++) {
      const up = new Float64Array(cur.length);
      const upSlots = new Int32Array(cur.length);
      const parentBase = levelBase / 2;
      const zero = ZERO_WORDS[h]!;
      const pw = this.poolWords;
      let m = 0;
      for (let i = 0; i < cur.length; ) {
        const first = m;
        for (let o = 0; i < cur.length && m - first < MAX_MESSAGES; o += 16) {
          const a = cur[i]!;
          const left = a % 2 === 0 ? a : a - 1;
          if (a === left && cur[i + 1] === a + 1) {
            for (let k = 0, p = 8 * curSlots[i]!, q = 8 * curSlots[i + 1]!; k < 8; k++) {
              w[o + k] = pw[p + k]!;
              w[o + 8 + k] = pw[q + k]!;
            }
            i += 2;
          } else {
            const sib = this.slots.get(levelBase + (a === left ? a + 1 : left));
            const at = a === left ? o : o + 8;
            const other = a === left ? o + 8 : o;
            for (let k = 0, p = 8 * curSlots[i]!; k < 8; k++) w[at + k] = pw[p + k]!;
            if (sib === undefined) for (let k = 0; k < 8; k++) w[other + k] = zero[k]!;
            else for (let k = 0, p = 8 * sib; k < 8; k++) w[other + k] = pw[p + k]!;
            i += 1;
          }
          up[m++] = left / 2;
        }
        hashMessages(m - first);
        for (let k = first; k < m; k++) {
          const s = this.slots.get(parentBase + up[k]!)!;
          upSlots[k] = s;
          this.stale[s] = 0;
          for (let j = 0, o = 8 * (k - first), p = 8 * s; j < 8; j++) pw[p + j] = w[o + j]!;
        }
      }
      cur = up.subarray(0, m);
      curSlots = upSlots.subarray(0, m);
      levelBase = parentBase;
    }
  }

  /**
   * The roots of `pages` into their slots (returned, in the same order): zero pages by table,
   * few by `pageTree`, many in batches.
   */
  private pageRoots(pages: Float64Array): Int32Array {
    const todo: Uint32Array[] = [];
    const todoSlots: number[] = [];
    const pool = this.pool;
    const slots = new Int32Array(pages.length);
    for (let i = 0; i < pages.length; i++) {
      const p = pages[i]!;
      const s = this.slots.get(this.base + p)!;
      slots[i] = s;
      this.stale[s] = 0;
      const page = this.pageOf(p);
      // Touched but zero pages are common (zero-filled bss, fresh stack and mmap pages): no hashing.
      if (isZero(page)) pool.set(ZERO_HASHES[PAGE_TREE_HEIGHT]!, 32 * s);
      else if (pages.length <= FEW_PAGES) pool.set(this.pageTree(p).subarray(32, 64), 32 * s);
      else {
        todo.push(page);
        todoSlots.push(s);
      }
    }
    const sink = (first: number, count: number, roots: Uint8Array): void => {
      for (let k = 0; k < count; k++) {
        const d = 32 * todoSlots[first + k]!;
        for (let b = 0; b < 32; b++) pool[d + b] = roots[32 * k + b]!;
      }
    };
    const worker = todo.length >= this.parallelMin ? PageRootWorker.get() : undefined;
    if (worker) worker.hashAll(todo, sink);
    else
      for (let i = 0; i < todo.length; i += PAGE_BATCH) {
        const count = Math.min(PAGE_BATCH, todo.length - i);
        for (let k = 0; k < count; k++) copyPage(todo[i + k]!, k * PAGE_WORDS);
        hashPagesInArea(count);
        sink(i, count, area());
      }
    return slots;
  }

  private dropNodes(index: number): void {
    const nodes = this.pageNodes.get(index);
    if (nodes) {
      this.pageNodes.delete(index);
      this.freeNodes.push(nodes);
    }
  }

  /**
   * Internal nodes of a page's subtree (cached until the page changes or PAGE_NODES_CACHED
   * newer pages are hashed). The buffer is only good until the next call.
   */
  private pageTree(index: number): Uint8Array {
    let nodes = this.pageNodes.get(index);
    if (nodes) return nodes;
    if (this.freeNodes.length > 0) nodes = this.freeNodes.pop()!;
    else if (this.pageNodes.size >= PAGE_NODES_CACHED) {
      // Evict the oldest: Map iteration follows insertion order.
      const [oldest, buffer] = this.pageNodes.entries().next().value as [number, Uint8Array];
      this.pageNodes.delete(oldest);
      nodes = buffer;
    } else nodes = new Uint8Array(PAGE_SIZE);
    const page = this.pageOf(index);
    if (isZero(page)) nodes.set(ZERO_PAGE_NODES);
    else keccak256MerkleNodes(pageToBytes(page, this.scratch), nodes);
    this.pageNodes.set(index, nodes);
    return nodes;
  }
}
