import { keccak256 } from '@faultline/primitives';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keccakWordMemo, MEMO_MAX_LEN } from './keccak-memo.js';
import { big, wordFromBytes } from './words.js';

function expected(data: Uint8Array): bigint {
  return wordFromBytes(keccak256(data), 0, 32);
}

describe('keccakWordMemo', () => {
  it('is keccak-256 of the bytes, on first sight and when seen again', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: MEMO_MAX_LEN }), fc.nat(40), (data, pad) => {
        const buf = new Uint8Array(pad + data.length + 7).fill(0xaa);
        buf.set(data, pad);
        expect(big(keccakWordMemo(buf, pad, data.length))).toBe(expected(data));
        expect(big(keccakWordMemo(buf, pad, data.length))).toBe(expected(data));
      }),
      { numRuns: 500 },
    );
  });

  it('tells apart inputs that differ only in length (trailing zeros) or in one byte', () => {
    const buf = new Uint8Array(64);
    buf[0] = 1;
    for (let len = 1; len <= 64; len++) expect(big(keccakWordMemo(buf, 0, len))).toBe(expected(buf.slice(0, len)));
    for (let len = 64; len >= 1; len--) expect(big(keccakWordMemo(buf, 0, len))).toBe(expected(buf.slice(0, len)));
    for (let i = 0; i < 64; i++) {
      const b = buf.slice();
      b[i]! ^= 0x80;
      expect(big(keccakWordMemo(b, 0, 64))).toBe(expected(b));
      expect(big(keccakWordMemo(buf, 0, 64))).toBe(expected(buf));
    }
  });

  it('stays exact when thousands of distinct inputs evict each other', () => {
    const buf = new Uint8Array(64);
    const view = new DataView(buf.buffer);
    for (let round = 0; round < 2; round++)
      for (let i = 0; i < 3000; i++) {
        view.setUint32(28, i);
        view.setUint32(60, i * 7);
        expect(big(keccakWordMemo(buf, 0, 64))).toBe(expected(buf));
      }
  });
});
