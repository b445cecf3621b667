import { describe, expect, it } from 'vitest';
import { Memory, memoryGasCost } from './memory.js';

describe('memoryGasCost', () => {
  it('is 3w + floor(w^2/512) (Yellow Paper C_mem)', () => {
    expect(memoryGasCost(0)).toBe(0);
    expect(memoryGasCost(1)).toBe(3);
    expect(memoryGasCost(32)).toBe(96 + 2);
    expect(memoryGasCost(1024)).toBe(3072 + 2048);
    // 2^32 bytes = 2^27 words: still an exact safe integer.
    const w = 2 ** 27;
    expect(memoryGasCost(w)).toBe(3 * w + 2 ** 45);
  });
});

describe('Memory', () => {
  it('grows zero-filled and keeps contents across buffer reallocation', () => {
    const m = new Memory();
    m.grow(32);
    m.buf[5] = 7;
    m.grow(100_000);
    expect(m.size).toBe(100_000);
    expect(m.buf[5]).toBe(7);
    expect(m.buf[99_999]).toBe(0);
  });
  it('writePadded zero-fills past the end of the source', () => {
    const m = new Memory();
    m.grow(64);
    m.buf.fill(0xff, 0, 64);
    m.writePadded(0, Uint8Array.of(1, 2, 3), 1, 6);
    expect([...m.buf.subarray(0, 7)]).toEqual([2, 3, 0, 0, 0, 0, 0xff]);
    m.writePadded(10, Uint8Array.of(1), 5, 2);
    expect([...m.buf.subarray(10, 12)]).toEqual([0, 0]);
  });
  it('reset clears the used region', () => {
    const m = new Memory();
    m.grow(32);
    m.buf[0] = 1;
    m.reset();
    expect(m.size).toBe(0);
    expect(m.buf[0]).toBe(0);
  });
});

describe('Memory words and the big-word cache', () => {
  const BIG = (1n << 255n) | 0x1234n;
  const read = (m: Memory, o: number): bigint => {
    let v = 0n;
    for (let i = 0; i < 32; i++) v = (v << 8n) | BigInt(m.buf[o + i]!);
    return v;
  };

  it('loads what any writer left in memory, not a stale cached word', () => {
    const m = new Memory();
    m.grow(64 * 1024);
    m.storeWord(64, BIG);
    expect(m.loadWord(64)).toBe(BIG);
    // Writers that bypass storeWord: a byte poke (MSTORE8), a copy, a reset.
    m.buf[64 + 31] = 0x35;
    expect(m.loadWord(64)).toBe((BIG & ~0xffn) | 0x35n);
    m.writePadded(64, new Uint8Array(32).fill(0xab), 0, 32);
    expect(m.loadWord(64)).toBe(read(m, 64));
    m.storeWord(64, BIG);
    m.reset();
    m.grow(128);
    expect(m.loadWord(64)).toBe(0);
  });

  it('keeps colliding and unaligned offsets apart', () => {
    const m = new Memory();
    m.grow(256 * 1024);
    const a = 32;
    const b = 32 + 4096 * 32; // same cache slot as a (the cache has at most 4096)
    m.storeWord(a, BIG);
    m.storeWord(b, BIG + 1n);
    expect(m.loadWord(a)).toBe(BIG);
    expect(m.loadWord(b)).toBe(BIG + 1n);
    expect(m.loadWord(a)).toBe(BIG);
    m.storeWord(a + 1, BIG + 2n); // overlaps a
    expect(m.loadWord(a + 1)).toBe(BIG + 2n);
    expect(m.loadWord(a)).toBe(read(m, a));
    expect(m.loadWord(a)).not.toBe(BIG);
  });

  it('loads every word right while the cache is replaced by larger ones as memory grows', () => {
    const m = new Memory();
    const at = (k: number): bigint => BIG ^ (BigInt(k) << 100n);
    for (let size = 1024; size <= 256 * 1024; size *= 2) {
      m.grow(size);
      for (let o = 0; o < size; o += 32) m.storeWord(o, at(o));
      for (let o = 0; o < size; o += 32) expect(m.loadWord(o)).toBe(at(o));
      m.buf[size - 1]! ^= 1;
      expect(m.loadWord(size - 32)).toBe(at(size - 32) ^ 1n);
    }
  });

  it('returns small words as numbers', () => {
    const m = new Memory();
    m.grow(64);
    m.storeWord(0, 0xdeadbeef);
    expect(m.loadWord(0)).toBe(0xdeadbeef);
    m.storeWord(0, BIG);
    m.storeWord(0, 7);
    expect(m.loadWord(0)).toBe(7);
  });
});
