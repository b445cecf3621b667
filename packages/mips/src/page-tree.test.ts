/**
 * The page tree's roots and proofs when the worker thread hashes half of the pages
 * (page-roots-worker.ts) against the same tree hashing alone and against an independent reference
 * (test-fixtures/reference-page-root.ts, noble's keccak): 1,300 pages in three far-apart regions of the 64-bit page space (52 bits
 * of page index), some all zero, then ~600 of them rewritten.
 */
import { describe, expect, it } from 'vitest';
import { referencePageRoot } from '../test-fixtures/reference-page-root.js';
import { rootFromProofAt } from './merkle.js';
import { PageRootWorker } from './page-roots-worker.js';
import { PageMerkleTree } from './page-tree.js';

const KEY_BITS = 52;

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
      expect(Buffer.from(root).toString('hex')).toBe(Buffer.from(referencePageRoot(KEY_BITS, pages)).toString('hex'));
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
