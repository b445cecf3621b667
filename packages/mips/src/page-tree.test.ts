/**
 * The page tree's roots and proofs when the worker thread hashes half of the pages
 * (page-roots-worker.ts) against the same tree hashing alone and against a reference built here
 * with noble's keccak: 1,300 pages in three far-apart regions of the 64-bit page space (52 bits
 * of page index), some all zero, then ~600 of them rewritten.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { rootFromProofAt } from './merkle.js';
import { PageRootWorker } from './page-roots-worker.js';
import { PageMerkleTree } from './page-tree.js';

const KEY_BITS = 52;
const cat = (a: Uint8Array, b: Uint8Array): Uint8Array => keccak_256(new Uint8Array([...a, ...b]));

function pageBytes(words: Uint32Array): Uint8Array {
  const out = new Uint8Array(4096);
  const view = new DataView(out.buffer);
  for (let i = 0; i < words.length; i++) view.setUint32(4 * i, words[i]!, false);
  return out;
}

/** Root of the whole tree: page subtrees pair by pair, then the sparse levels above. */
function referenceRoot(pages: Map<number, Uint32Array>): Uint8Array {
  const zero: Uint8Array[] = [new Uint8Array(32)];
  for (let h = 1; h <= KEY_BITS + 7; h++) zero.push(cat(zero[h - 1]!, zero[h - 1]!));
  let level = new Map<number, Uint8Array>();
  for (const [index, words] of pages) {
    const bytes = pageBytes(words);
    let nodes: Uint8Array[] = [];
    for (let i = 0; i < 128; i++) nodes.push(bytes.subarray(32 * i, 32 * i + 32));
    while (nodes.length > 1) nodes = nodes.filter((_, i) => i % 2 === 0).map((l, i) => cat(l, nodes[2 * i + 1]!));
    level.set(index, nodes[0]!);
  }
  for (let h = 7; h < KEY_BITS + 7; h++) {
    const up = new Map<number, Uint8Array>();
    for (const k of level.keys()) {
      const p = Math.floor(k / 2);
      if (up.has(p)) continue;
      up.set(p, cat(level.get(2 * p) ?? zero[h]!, level.get(2 * p + 1) ?? zero[h]!));
    }
    level = up;
  }
  return level.get(0)!;
}

describe('page tree with the worker thread', () => {
  it('the worker starts under Node', () => {
    expect(PageRootWorker.get()).toBeDefined();
  });

  it('roots and proofs equal the single-threaded tree and the reference, also after rewriting ~600 pages', () => {
    const pages = new Map<number, Uint32Array>();
    const parallel = new PageMerkleTree(KEY_BITS, (i) => pages.get(i)!, 1);
    const alone = new PageMerkleTree(KEY_BITS, (i) => pages.get(i)!, Number.POSITIVE_INFINITY);
    const bases = [0x10, 0xc000000, 2 ** 51 - 600];
    let x = 1;
    for (let k = 0; k < 1300; k++) {
      const index = bases[k % 3]! + Math.floor(k / 3);
      const words = new Uint32Array(1024);
      if (k % 7 !== 0)
        for (let i = 0; i < 1024; i++) {
          x = (Math.imul(x, 1103515245) + 12345) | 0;
          words[i] = x >>> 0;
        }
      pages.set(index, words);
      parallel.addPage(index);
      alone.addPage(index);
    }
    const check = () => {
      const root = parallel.root();
      expect(Buffer.from(root).toString('hex')).toBe(Buffer.from(referenceRoot(pages)).toString('hex'));
      expect(alone.root()).toEqual(root);
      for (const index of [0x10, 0x10 + 433, 0xc000000 + 200, 2 ** 51 - 600 + 431]) {
        const proof = parallel.proof(index, 100);
        expect(proof).toEqual(alone.proof(index, 100));
        expect(rootFromProofAt(proof, KEY_BITS + 7, (BigInt(index) << 7n) + 3n)).toEqual(root);
      }
    };
    check();
    let k = 0;
    for (const [index, words] of pages) {
      if (k++ % 2 === 0) continue;
      words[k % 1024] ^= 0x80000001;
      parallel.invalidate(index);
      alone.invalidate(index);
    }
    check();
  });
});
