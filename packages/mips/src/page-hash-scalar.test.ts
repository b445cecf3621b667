/**
 * page-hash.ts where the engine has no WASM SIMD (KECCAK_X2_AVAILABLE false, mocked here): the
 * same batched calls run on the scalar keccak one message at a time, the tree never starts the
 * worker, and roots still equal noble's.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it, vi } from 'vitest';

vi.mock('@faultline/primitives', async (original) => ({
  ...(await original<typeof import('@faultline/primitives')>()),
  KECCAK_X2_AVAILABLE: false,
}));

const { area, hashMessages, MAX_MESSAGES } = await import('./page-hash.js');
const { PageRootWorker } = await import('./page-roots-worker.js');
const { PageMerkleTree } = await import('./page-tree.js');

const cat = (a: Uint8Array, b: Uint8Array): Uint8Array => keccak_256(new Uint8Array([...a, ...b]));

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
    const zero: Uint8Array[] = [new Uint8Array(32)];
    for (let h = 1; h <= KEY_BITS + 7; h++) zero.push(cat(zero[h - 1]!, zero[h - 1]!));
    let level = new Map<number, Uint8Array>();
    for (const [index, w] of pages) {
      const bytes = new Uint8Array(4096);
      const view = new DataView(bytes.buffer);
      for (let i = 0; i < 1024; i++) view.setUint32(4 * i, w[i]!, false);
      let nodes: Uint8Array[] = [];
      for (let i = 0; i < 128; i++) nodes.push(bytes.subarray(32 * i, 32 * i + 32));
      while (nodes.length > 1) nodes = nodes.filter((_, i) => i % 2 === 0).map((l, i) => cat(l, nodes[2 * i + 1]!));
      level.set(index, nodes[0]!);
    }
    for (let h = 7; h < KEY_BITS + 7; h++) {
      const up = new Map<number, Uint8Array>();
      for (const k of level.keys()) {
        const p = Math.floor(k / 2);
        if (!up.has(p)) up.set(p, cat(level.get(2 * p) ?? zero[h]!, level.get(2 * p + 1) ?? zero[h]!));
      }
      level = up;
    }
    expect(tree.root()).toEqual(level.get(0));
  });
});
