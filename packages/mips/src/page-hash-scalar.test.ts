/**
 * page-hash.ts where the engine has no WASM SIMD (KECCAK_X2_AVAILABLE false, mocked here): the
 * same batched calls run on the scalar keccak one message at a time, the tree never starts the
 * worker, and roots still equal noble's.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it, vi } from 'vitest';
import { referencePageRoot } from '../test-fixtures/reference-page-root.js';

vi.mock('@faultline/primitives', async (original) => ({
  ...(await original<typeof import('@faultline/primitives')>()),
  KECCAK_X2_AVAILABLE: false,
}));

const { area, hashMessages, MAX_MESSAGES } = await import('./page-hash.js');
const { PageRootWorker } = await import('./page-roots-worker.js');
const { PageMerkleTree } = await import('./page-tree.js');

describe('page-hash without SIMD', () => {
  it('hashMessages gives noble digests, and the worker is not offered', () => {
    const messages = Array.from({ length: 5 }, (_, i) => new Uint8Array(64).map((_, j) => i * 13 + j));
    for (let i = 0; i < messages.length; i++) area().set(messages[i]!, 64 * i);
    hashMessages(5);
    for (let i = 0; i < 5; i++) expect(area().slice(32 * i, 32 * i + 32)).toEqual(keccak_256(messages[i]!));
    expect(area().length).toBeGreaterThanOrEqual(MAX_MESSAGES * 64);
    expect(PageRootWorker.get()).toBeUndefined();
  });

  it('a tree of 40 pages (past the per-page path) has the reference root', () => {
    const KEY_BITS = 20;
    const pages = new Map<number, Uint32Array>();
    const tree = new PageMerkleTree(KEY_BITS, (i) => pages.get(i)!, 1);
    let x = 5;
    for (let k = 0; k < 40; k++) {
      const w = new Uint32Array(1024);
      for (let i = 0; i < 1024; i++) {
        x = (Math.imul(x, 1103515245) + 12345) | 0;
        w[i] = x >>> 0;
      }
      const index = k < 20 ? k : 0x80000 + k;
      pages.set(index, w);
      tree.addPage(index);
    }
    expect(tree.root()).toEqual(referencePageRoot(KEY_BITS, pages));
  });
});
