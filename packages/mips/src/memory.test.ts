import { keccak256 } from '@faultline/primitives';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Memory } from './memory.js';
import { rootFromProof, ZERO_HASHES } from './merkle.js';

/** Naive root over a sparse set of 32-byte leaves: hash level by level, zero ladder elsewhere. */
function naiveRoot(mem: Memory): Uint8Array {
  let level = new Map<number, Uint8Array>();
  for (const pi of mem.pageIndices()) {
    const bytes = mem.pageBytes(pi);
    for (let l = 0; l < 128; l++) level.set(pi * 128 + l, bytes.slice(l * 32, l * 32 + 32));
  }
  for (let h = 0; h < 27; h++) {
    const next = new Map<number, Uint8Array>();
    for (const idx of level.keys()) {
      const p = idx >>> 1;
      if (next.has(p)) continue;
      const l = level.get(2 * p) ?? ZERO_HASHES[h]!;
      const r = level.get(2 * p + 1) ?? ZERO_HASHES[h]!;
      const buf = new Uint8Array(64);
      buf.set(l, 0);
      buf.set(r, 32);
      next.set(p, keccak256(buf));
    }
    level = next;
  }
  return level.get(0) ?? ZERO_HASHES[27]!;
}

describe('Memory', () => {
  it('big-endian words and bytes', () => {
    const m = new Memory();
    m.setWord(0x1000, 0x11223344);
    expect(m.getByte(0x1000)).toBe(0x11);
    expect(m.getByte(0x1003)).toBe(0x44);
    m.setRange(0x1ffe, Uint8Array.of(1, 2, 3, 4));
    expect(m.getWord(0x1ffc)).toBe(0x00000102);
    expect(m.getWord(0x2000)).toBe(0x03040000);
    expect(m.readRange(0x1ffe, 4)).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect(() => m.getWord(2)).toThrow(/unaligned/);
  });

  it('root and proofs match a naive tree, also after further writes (cache invalidation)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 0x3fffffff }), fc.integer({ min: 0, max: 0xffffffff })), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 0x3fffffff }), fc.integer({ min: 0, max: 0xffffffff })), {
          maxLength: 4,
        }),
        (first, second) => {
          const m = new Memory();
          for (const [a, v] of first) m.setWord((a * 4) >>> 0, v);
          const root1 = m.merkleRoot();
          expect(root1).toEqual(naiveRoot(m));
          for (const [a] of first) expect(rootFromProof(m.merkleProof((a * 4) >>> 0), (a * 4) >>> 0)).toEqual(root1);
          for (const [a, v] of second) m.setWord((a * 4) >>> 0, v);
          const root2 = m.merkleRoot();
          expect(root2).toEqual(naiveRoot(m));
          const probe = ((second[0]?.[0] ?? 7) * 4) >>> 0;
          expect(rootFromProof(m.merkleProof(probe), probe)).toEqual(root2);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('a proof for an untouched address verifies against the root', () => {
    const m = new Memory();
    m.setWord(0x4000, 7);
    expect(rootFromProof(m.merkleProof(0x80000000), 0x80000000)).toEqual(m.merkleRoot());
  });
});
