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
