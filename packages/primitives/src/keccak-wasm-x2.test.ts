/**
 * The two-way SIMD kernel against an independent keccak (noble's): every node of Merkle trees of
 * heights 1..10 (the root level runs the kernel with a single message), over data whose lanes all
 * differ, so a wrong lane order, rotation, padding lane or a mix-up of the two states shows.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from './bytes.js';
import { KECCAK_X2_AVAILABLE, keccak256MerkleNodesX2 } from './keccak-wasm-x2.js';

describe('keccak-wasm-x2', () => {
  it('compiles under Node (V8 has WASM SIMD), so the memory trees use it', () => {
    expect(KECCAK_X2_AVAILABLE).toBe(true);
  });

  it('every node of trees of heights 1..10 equals keccak256(left ++ right) by noble', () => {
    for (let h = 1; h <= 10; h++) {
      const n = 1 << h;
      const leaves = new Uint8Array(32 * n);
      let x = h * 0x9e3779b9;
      for (let i = 0; i < leaves.length; i++) {
        x = (Math.imul(x, 1103515245) + 12345) | 0;
        leaves[i] = x >>> 24;
      }
      const ref: Uint8Array[] = [];
      const node = (i: number): Uint8Array => {
        if (i >= n) return leaves.subarray((i - n) * 32, (i - n) * 32 + 32);
        ref[i] ??= keccak_256(new Uint8Array([...node(2 * i), ...node(2 * i + 1)]));
        return ref[i]!;
      };
      const nodes = new Uint8Array(32 * n).fill(0xee);
      keccak256MerkleNodesX2(leaves, nodes);
      for (let i = 1; i < n; i++)
        expect(bytesToHex(nodes.subarray(32 * i, 32 * i + 32)), `h=${h} i=${i}`).toBe(bytesToHex(node(i)));
      expect(nodes.subarray(0, 32).every((b) => b === 0xee)).toBe(true);
    }
  });
});
