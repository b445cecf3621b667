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

/** 1 to `most` word writes: (word index ≤ `maxIndex`, value). */
const writes = (maxIndex: number, most: number) =>
  fc.array(fc.tuple(fc.integer({ min: 0, max: maxIndex }), fc.integer({ min: 0, max: 0xffffffff })), {
    minLength: 1,
    maxLength: most,
  });

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
        writes(0x3fffffff, 12),
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

  it('a clone has the same root and proofs, and writes to either leave the other alone', () => {
    fc.assert(
      fc.property(
        writes(0x3fffffff, 12),
        writes(0x3fffffff, 6),
        fc.boolean(),
        fc.integer({ min: 0, max: 20 }),
        (first, second, hashedFirst, junkPages) => {
          const m = new Memory();
          for (const [a, v] of first) m.setWord((a * 4) >>> 0, v);
          // With and without the tree current at the copy (stale paths are copied too).
          if (hashedFirst) m.merkleRoot();
          // A dropped memory's buffers, full of other words, may be reused by the copy.
          const junk = new Memory();
          for (let k = 0; k < junkPages; k++) junk.setRange(k * 0x3000, new Uint8Array(4096).fill(0xee));
          const c = m.clone(junkPages > 0 ? junk : undefined);
          expect(c.pageIndices()).toEqual(m.pageIndices());
          expect(c.merkleRoot()).toEqual(naiveRoot(m));
          const root1 = m.merkleRoot();
          for (const [a, v] of second) c.setWord((a * 4) >>> 0, v ^ 0x5a5a5a5a);
          expect(c.merkleRoot()).toEqual(naiveRoot(c));
          const probe = (second[0]![0] * 4) >>> 0;
          expect(rootFromProof(c.merkleProof(probe), probe)).toEqual(c.merkleRoot());
          expect(m.merkleRoot()).toEqual(root1);
          expect(m.merkleRoot()).toEqual(naiveRoot(m));
          for (const [a, v] of second) m.setWord((a * 4) >>> 0, v);
          expect(m.merkleRoot()).toEqual(naiveRoot(m));
          const inClone = new Map(second.map(([a, v]) => [a, (v ^ 0x5a5a5a5a) >>> 0]));
          const inOriginal = new Map(second.map(([a, v]) => [a, v]));
          for (const [a, v] of inClone) expect(c.getWord((a * 4) >>> 0)).toBe(v);
          for (const [a, v] of inOriginal) expect(m.getWord((a * 4) >>> 0)).toBe(v);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('restoreFrom copies another memory in place, forwards or back (pages it lacks read as unallocated)', () => {
    fc.assert(
      fc.property(writes(0x3fff, 12), writes(0x3fff, 6), (first, later) => {
        // `newer` is `older` moved on: the same writes, then more (pages are only ever added).
        const older = new Memory();
        for (const [a, v] of first) older.setWord(a * 0x1000 + 4 * (v & 3), v);
        const newer = older.clone();
        for (const [a, v] of later) newer.setWord(a * 0x1000 + 4 * (v & 7), v ^ 1);
        const olderRoot = older.merkleRoot();
        const newerRoot = newer.merkleRoot();
        const olderCopy = older.clone();
        const newerCopy = newer.clone();
        // Forwards: the older memory becomes the newer one, keeping its buffers.
        const w = older.clone();
        const pages = new Map(w.pageIndices().map((pi) => [pi, w.page(pi)]));
        w.restoreFrom(newerCopy);
        expect(w.pageIndices()).toEqual(newer.pageIndices());
        for (const pi of newer.pageIndices()) expect(w.pageBytes(pi)).toEqual(newer.pageBytes(pi));
        for (const [pi, page] of pages) expect(w.page(pi)).toBe(page);
        expect(w.merkleRoot()).toEqual(newerRoot);
        // Back: pages the older memory lacks are zero and unallocated (as in a clone or a file).
        w.restoreFrom(olderCopy);
        expect(w.pageIndices()).toEqual(older.pageIndices());
        expect(w.clone().pageIndices()).toEqual(older.pageIndices());
        for (const pi of newer.pageIndices()) expect(w.pageBytes(pi)).toEqual(older.pageBytes(pi));
        expect(w.merkleRoot()).toEqual(olderRoot);
        expect(w.merkleRoot()).toEqual(naiveRoot(w));
        const probe = later[0]![0] * 0x1000;
        expect(rootFromProof(w.merkleProof(probe), probe)).toEqual(olderRoot);
        // Written again (zeros too), such a page is allocated again and hashed.
        for (const [a, v] of later) w.setWord(a * 0x1000 + 4 * (v & 7), v & 1 ? 0 : v);
        for (const [a] of later) expect(w.pageIndices()).toContain(a);
        expect(w.merkleRoot()).toEqual(naiveRoot(w));
        // And forwards again.
        w.restoreFrom(newerCopy);
        expect(w.pageIndices()).toEqual(newer.pageIndices());
        expect(w.merkleRoot()).toEqual(newerRoot);
      }),
      { numRuns: 10 },
    );
  });

  it('a proof for an untouched address verifies against the root', () => {
    const m = new Memory();
    m.setWord(0x4000, 7);
    expect(rootFromProof(m.merkleProof(0x80000000), 0x80000000)).toEqual(m.merkleRoot());
  });
});
