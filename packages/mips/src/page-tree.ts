/**
 * The Merkle tree over paged memory, shared by the MIPS32 memory (2^20 pages, depth 27) and the
 * MIPS64 memory (2^52 pages, depth 59): a page's 128 leaves hash to its subtree, and above the
 * pages a sparse binary tree indexed by generalized index (root 1, page p at 2^pageKeyBits + p,
 * which stays below 2^53 for 64-bit addresses). Hashes are computed on demand and cached: a page's
 * root until it is written (its internal nodes only for the most recently hashed pages), an upper
 * node until a page below it is. A root with many pages to hash shares them with a worker thread
 * (page-roots-worker.ts). Pages are the memories' own `Uint32Array`s of big-endian words; this
 * file never sees how they are found.
 */
import { keccak256MerkleNodes } from '@faultline/primitives';
import { PAGE_SIZE, PAGE_WORDS } from './constants.js';
import { hashPair, ZERO_HASHES } from './merkle.js';
import { PageRootWorker, WORKER_BATCH } from './page-roots-worker.js';

/** Height of a page's subtree: 4096 bytes = 128 leaves of 32 bytes. */
export const PAGE_TREE_HEIGHT = 7;
const PAGE_LEAVES = 1 << PAGE_TREE_HEIGHT;
/** Pages whose subtree nodes stay cached (1 MiB). */
const PAGE_NODES_CACHED = 256;
/**
 * Pages without a current root from which `root()` shares the hashing with a worker thread
 * (page-roots-worker.ts): below this the hand-off costs more than it saves.
 */
export const PARALLEL_MIN_PAGES = 4 * WORKER_BATCH;

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

const parent = (g: number): number => Math.floor(g / 2);
/** The other child of g's parent (g may exceed 2^32, so no `g ^ 1`). */
const sibling = (g: number): number => (g % 2 === 0 ? g + 1 : g - 1);

export class PageMerkleTree {
  /** Levels from the root to the leaves: pageKeyBits + 7. */
  readonly depth: number;
  private readonly base: number;
  /**
   * The internal nodes 1..127 (node i at 32i) of the pages hashed most recently, oldest first, at
   * most PAGE_NODES_CACHED of them. Only a page's root is kept for long (in `upper`): holding all
   * nodes of 200 MB of pages is another 200 MB of memory, and first-touching that much memory
   * cost more than the hashing itself here (~1.1 s of page faults per 200 MB on this machine).
   * A proof of a page out of the cache re-hashes its 127 nodes (~30 µs).
   */
  private readonly pageNodes = new Map<number, Uint8Array>();
  /** Buffers of pages dropped from `pageNodes`, for reuse. */
  private readonly freeNodes: Uint8Array[] = [];
  /** Upper nodes by generalized index, down to the page roots. */
  private readonly upper = new Map<number, Uint8Array>();
  /** Generalized indices with at least one allocated page below. */
  private readonly present = new Set<number>();
  /** Pages whose root is not in `upper` (added or written since it was computed). */
  private readonly pending = new Set<number>();
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

  /** A page now exists: its path becomes present and any hash cached on it is stale. */
  addPage(index: number): void {
    this.dropNodes(index);
    this.pending.add(index);
    for (let g = this.base + index; g >= 1; g = parent(g)) {
      this.present.add(g);
      this.upper.delete(g);
    }
  }

  /**
   * A page's contents changed. Hashes above it are dropped up to the first one not cached: a node
   * is only ever computed together with its present descendants, so nothing above an uncached node
   * on the path can be cached either.
   */
  invalidate(index: number): void {
    this.dropNodes(index);
    this.pending.add(index);
    for (let g = this.base + index; g >= 1 && this.upper.delete(g); g = parent(g));
  }

  root(): Uint8Array {
    if (this.pending.size >= this.parallelMin) this.pageRootsInParallel();
    return this.node(1, 0);
  }

  /**
   * Every pending page's root into `upper`, alternating batches: the worker hashes one while
   * this thread hashes the next. Caching a page root alone keeps `upper`'s rule (an uncached
   * node has no cached ancestor): addPage/invalidate dropped everything above it.
   */
  private pageRootsInParallel(): void {
    const worker = PageRootWorker.get();
    if (!worker) return;
    const list = [...this.pending];
    for (let i = 0; i < list.length; ) {
      const theirs = list.slice(i, i + WORKER_BATCH);
      i += theirs.length;
      for (let k = 0; k < theirs.length; k++)
        pageToBytes(this.pageOf(theirs[k]!), worker.pages.subarray(k * PAGE_SIZE, (k + 1) * PAGE_SIZE));
      worker.start(theirs.length);
      const mine = list.slice(i, i + WORKER_BATCH);
      i += mine.length;
      for (const p of mine) this.node(this.base + p, this.pageKeyBits);
      const roots = worker.finish();
      for (let k = 0; k < theirs.length; k++) {
        this.upper.set(this.base + theirs[k]!, roots.subarray(32 * k, 32 * k + 32));
        this.pending.delete(theirs[k]!);
      }
    }
  }

  /**
   * The proof for byte `offset` of page `index`: the 32-byte leaf holding it, then `depth`
   * siblings from the bottom up ((depth + 1) × 32 bytes).
   */
  proof(index: number, offset: number): Uint8Array {
    const out = new Uint8Array((this.depth + 1) * 32);
    const leaf = offset >>> 5;
    if (!this.present.has(this.base + index)) {
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
    let g = this.base + index;
    for (let d = this.pageKeyBits; d >= 1; d--, g = parent(g)) {
      out.set(this.node(sibling(g), d), 32 + (PAGE_TREE_HEIGHT + this.pageKeyBits - d) * 32);
    }
    return out;
  }

  /** Node at generalized index `g`, `depth` levels below the root. */
  private node(g: number, depth: number): Uint8Array {
    if (!this.present.has(g)) return ZERO_HASHES[this.depth - depth]!;
    const cached = this.upper.get(g);
    if (cached) return cached;
    let h: Uint8Array;
    if (depth === this.pageKeyBits) {
      h = this.pageTree(g - this.base).slice(32, 64);
      this.pending.delete(g - this.base);
    } else h = hashPair(this.node(2 * g, depth + 1), this.node(2 * g + 1, depth + 1));
    this.upper.set(g, h);
    return h;
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
    // Touched but zero pages are common (zero-filled bss, fresh stack and mmap pages): no hashing.
    if (isZero(page)) nodes.set(ZERO_PAGE_NODES);
    else keccak256MerkleNodes(pageToBytes(page, this.scratch), nodes);
    this.pageNodes.set(index, nodes);
    return nodes;
  }
}
