import { describe, expect, it } from 'vitest';
import { InvalidNodeError } from './errors.js';
import {
  bytesToNibbles,
  commonPrefixLength,
  concatNibbles,
  hexPrefixDecode,
  hexPrefixEncode,
  nibblesToBytes,
} from './nibbles.js';

describe('nibbles', () => {
  it('splits bytes high nibble first and packs them back', () => {
    expect(bytesToNibbles(Uint8Array.of(0x12, 0xab))).toEqual(Uint8Array.of(1, 2, 10, 11));
    expect(nibblesToBytes(Uint8Array.of(1, 2, 10, 11))).toEqual(Uint8Array.of(0x12, 0xab));
  });
  it('commonPrefixLength compares against an offset', () => {
    expect(commonPrefixLength(Uint8Array.of(1, 2, 3), Uint8Array.of(9, 1, 2, 4), 1)).toBe(2);
    expect(commonPrefixLength(Uint8Array.of(1, 2), Uint8Array.of(1), 0)).toBe(1);
    expect(commonPrefixLength(new Uint8Array(0), Uint8Array.of(1), 0)).toBe(0);
  });
  it('concatNibbles', () => {
    expect(concatNibbles(Uint8Array.of(1), Uint8Array.of(2, 3))).toEqual(Uint8Array.of(1, 2, 3));
  });
});

describe('hex-prefix encoding (Yellow Paper appendix C)', () => {
  // The four flag cases: even/odd length × extension/leaf.
  const cases: [number[], boolean, number[]][] = [
    [[1, 2, 3, 4, 5], false, [0x11, 0x23, 0x45]],
    [[0, 1, 2, 3, 4, 5], false, [0x00, 0x01, 0x23, 0x45]],
    [[0, 15, 1, 12, 11, 8], true, [0x20, 0x0f, 0x1c, 0xb8]],
    [[15, 1, 12, 11, 8], true, [0x3f, 0x1c, 0xb8]],
    [[], true, [0x20]],
    [[], false, [0x00]],
  ];
  it.each(cases)('%j leaf=%s', (nibbles, leaf, encoded) => {
    expect(hexPrefixEncode(Uint8Array.from(nibbles), leaf)).toEqual(Uint8Array.from(encoded));
    expect(hexPrefixDecode(Uint8Array.from(encoded))).toEqual({ nibbles: Uint8Array.from(nibbles), leaf });
  });
  it('rejects malformed prefixes', () => {
    expect(() => hexPrefixDecode(new Uint8Array(0))).toThrow(InvalidNodeError);
    expect(() => hexPrefixDecode(Uint8Array.of(0x40))).toThrow('hex-prefix flag 4 is not 0..3');
    expect(() => hexPrefixDecode(Uint8Array.of(0x21))).toThrow('padding nibble is not zero');
  });
});
