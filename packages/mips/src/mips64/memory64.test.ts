/**
 * The 64-bit memory against a naive sparse Merkle tree of depth 59 built leaf by leaf with noble's
 * keccak (spec "Memory": 32-byte leaves, zero subtrees, node = keccak(left ++ right)), including
 * addresses above 2^32 and near 2^64, and after further writes (cache invalidation).
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rootFromProofAt, ZERO_HASHES } from '../merkle.js';
import { MEM64_PROOF_SIZE, MEM64_TREE_DEPTH } from './constants.js';
import { Memory64 } from './memory64.js';

function naiveRoot(leaves: Map<bigint, Uint8Array>): Uint8Array {
  let level = new Map(leaves);
  for (let h = 0; h < MEM64_TREE_DEPTH; h++) {
    const next = new Map<bigint, Uint8Array>();
    for (const idx of level.keys()) {
      const p = idx >> 1n;
      if (next.has(p)) continue;
      const l = level.get(2n * p) ?? ZERO_HASHES[h]!;
      const r = level.get(2n * p + 1n) ?? ZERO_HASHES[h]!;
      next.set(p, keccak_256(new Uint8Array([...l, ...r])));
    }
    level = next;
  }
  return level.get(0n) ?? ZERO_HASHES[MEM64_TREE_DEPTH]!;
}

/** Every 32-byte leaf of every allocated page (zero leaves included: they hash the same). */
function leavesOf(m: Memory64): Map<bigint, Uint8Array> {
  const out = new Map<bigint, Uint8Array>();
  for (const pi of m.pageIndices()) {
    const bytes = m.pageBytes(pi);
    for (let l = 0; l < 128; l++) out.set(BigInt(pi) * 128n + BigInt(l), bytes.slice(l * 32, l * 32 + 32));
  }
  return out;
}

const addr64 = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 20n) - 1n }),
  fc.bigInt({ min: 0x0000_1000_0000_0000n, max: 0x0000_1000_0010_0000n }),
  fc.bigInt({ min: 0xffff_ffff_ffff_0000n, max: 0xffff_ffff_ffff_fff8n }),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 8n }),
);

describe('Memory64', () => {
  it('doublewords are big-endian word pairs; bytes read across pages and wrap at 2^64', () => {
    const m = new Memory64();
    m.setDoubleword(0x1000n, 0x1122334455667788n);
    expect(m.getByte(0x1000n)).toBe(0x11);
    expect(m.getByte(0x1007n)).toBe(0x88);
    m.setRange(0xffff_ffff_ffff_fffen, Uint8Array.of(1, 2, 3, 4));
    expect(m.readRange(0xffff_ffff_ffff_fffen, 4)).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect(m.getDoubleword(0n)).toBe(0x0304000000000000n);
    expect(() => m.getDoubleword(4n)).toThrow(/unaligned memory read at 0x4/);
    expect(() => m.setDoubleword(0x1001n, 0n)).toThrow(/unaligned/);
  });

  it('writing zero still allocates the page (Cannon SetWord), reading does not', () => {
    const m = new Memory64();
    expect(m.getDoubleword(0x7000_0000_0000n)).toBe(0n);
    expect(m.pageCount).toBe(0);
    m.setDoubleword(0x7000_0000_0000n, 0n);
    expect(m.pageIndices()).toEqual([0x7_0000_0000]);
    expect(m.merkleRoot()).toEqual(ZERO_HASHES[59]);
    // A touched zero page is not hashed (page-tree.ts) but proves like any other.
    m.setDoubleword(0x4000n, 1n);
    const root = m.merkleRoot();
    expect(root).toEqual(naiveRoot(leavesOf(m)));
    const a = 0x7000_0000_0fe8n;
    const p = m.merkleProof(a);
    expect(p.subarray(32, 64)).toEqual(ZERO_HASHES[0]);
    expect(p.subarray(32 * 7, 32 * 8)).toEqual(ZERO_HASHES[6]);
    expect(rootFromProofAt(p, MEM64_TREE_DEPTH, a >> 5n)).toEqual(root);
  });

  it('root and 60×32-byte proofs match the naive tree, also after further writes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(addr64, fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(addr64, fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })), { maxLength: 3 }),
        (first, second) => {
          const m = new Memory64();
          for (const [a, v] of first) m.setDoubleword(a & ~7n, v);
          const root1 = m.merkleRoot();
          expect(root1).toEqual(naiveRoot(leavesOf(m)));
          for (const [a] of first) {
            const p = m.merkleProof(a);
            expect(p.length).toBe(MEM64_PROOF_SIZE);
            expect(rootFromProofAt(p, MEM64_TREE_DEPTH, a >> 5n)).toEqual(root1);
          }
          for (const [a, v] of second) m.setDoubleword(a & ~7n, v);
          const root2 = m.merkleRoot();
          expect(root2).toEqual(naiveRoot(leavesOf(m)));
          const probe = second[0]?.[0] ?? 0x4000_0000n;
          expect(rootFromProofAt(m.merkleProof(probe), MEM64_TREE_DEPTH, probe >> 5n)).toEqual(root2);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('a proof for an untouched address verifies against the root', () => {
    const m = new Memory64();
    m.setDoubleword(0x4000n, 7n);
    const a = 0x0000_7fff_ffff_f000n;
    expect(rootFromProofAt(m.merkleProof(a), MEM64_TREE_DEPTH, a >> 5n)).toEqual(m.merkleRoot());
  });
});
