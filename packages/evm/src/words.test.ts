import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressFromWord,
  big,
  canon,
  hashWord,
  loadWord,
  readWordPadded,
  storeWord,
  type Word,
  word,
  writeWord,
} from './words.js';

const u256 = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
/** Values clustered around the number/bigint boundary as well as spread over the range. */
const anyValue = fc.oneof(u256, fc.bigInt({ min: 0n, max: 1n << 40n }), fc.constantFrom(0n, 0xffffffffn, 1n << 32n));

function isCanonical(w: Word): boolean {
  return typeof w === 'number' ? Number.isInteger(w) && w >= 0 && w < 2 ** 32 : w >= 2n ** 32n && w < 2n ** 256n;
}

describe('words', () => {
  it('canon keeps values below 2^32 as numbers and larger ones as bigints; big undoes it', () => {
    expect(canon(0n)).toBe(0);
    expect(canon(0xffffffffn)).toBe(0xffffffff);
    expect(canon(1n << 32n)).toBe(1n << 32n);
    expect(word(2 ** 40)).toBe(1n << 40n);
    expect(word(7)).toBe(7);
    fc.assert(
      fc.property(anyValue, (v) => {
        const w = canon(v);
        expect(isCanonical(w)).toBe(true);
        expect(big(w)).toBe(v);
      }),
    );
  });

  it('memory words round-trip through storeWord / loadWord, canonical either way in', () => {
    const dv = new DataView(new ArrayBuffer(64));
    fc.assert(
      fc.property(anyValue, fc.boolean(), fc.integer({ min: 0, max: 32 }), (v, asBig, off) => {
        storeWord(dv, off, asBig ? v : canon(v));
        const back = loadWord(dv, off);
        expect(isCanonical(back)).toBe(true);
        expect(big(back)).toBe(v);
        const bytes = new Uint8Array(40);
        writeWord(bytes, 8, v);
        expect(big(hashWord(bytes.subarray(8)))).toBe(v);
      }),
    );
  });

  it('stores the bytes of each value when a few values repeat and many others evict them', () => {
    const buf = new Uint8Array(96);
    const dv = new DataView(buf.buffer);
    const hex = (o: number): bigint => BigInt(`0x${Buffer.from(buf.subarray(o, o + 32)).toString('hex')}`);
    const values = Array.from({ length: 20 }, (_, i) => (0xabcdefn << BigInt(40 + 9 * i)) | BigInt(i));
    for (let round = 0; round < 3; round++)
      for (let i = 0; i < 60; i++) {
        // Three values over and over, interleaved with a stream of others.
        const v = i % 2 === 0 ? values[i % 3]! : values[3 + ((i * 7 + round) % 17)]!;
        const o = (i * 13) % 64;
        storeWord(dv, o, v);
        expect(hex(o)).toBe(v);
        storeWord(dv, o, 5n);
        expect(hex(o)).toBe(5n);
      }
  });

  it('reads calldata words zero-padded past the end, at any offset including huge ones', () => {
    const data = Uint8Array.from({ length: 40 }, (_, i) => i + 1);
    expect(readWordPadded(data, 0)).toBe(canon(BigInt(`0x${Buffer.from(data.subarray(0, 32)).toString('hex')}`)));
    expect(readWordPadded(data, 39)).toBe(40n << 248n);
    expect(readWordPadded(data, 40)).toBe(0);
    expect(readWordPadded(data, 1n << 200n)).toBe(0);
  });

  it('takes the low 160 bits of a word as an address, from either representation', () => {
    expect(addressFromWord(1)).toBe('0x0000000000000000000000000000000000000001');
    expect(addressFromWord((1n << 200n) | 0xabn)).toBe('0x00000000000000000000000000000000000000ab');
  });
});
