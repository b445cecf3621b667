import { describe, expect, it } from 'vitest';
import {
  assertSize,
  bytesToHex,
  bytesToUnprefixedHex,
  compareBytes,
  concatBytes,
  equalBytes,
  hexToBytes,
  isHex,
  looseHexToBytes,
  padLeft,
  stripLeadingZeros,
} from './bytes.js';
import { InvalidHexError, SizeError } from './errors.js';

describe('hexToBytes', () => {
  it('parses lower, upper and mixed case', () => {
    expect(hexToBytes('0x00ff7fAb')).toEqual(Uint8Array.of(0x00, 0xff, 0x7f, 0xab));
    expect(hexToBytes('0XABCDEF')).toEqual(Uint8Array.of(0xab, 0xcd, 0xef));
  });
  it('parses the empty string 0x', () => {
    expect(hexToBytes('0x')).toEqual(new Uint8Array(0));
  });
  it('requires the 0x prefix', () => {
    expect(() => hexToBytes('00')).toThrow(InvalidHexError);
    expect(() => hexToBytes('00')).toThrow('invalid hex "00": missing 0x prefix');
    expect(() => hexToBytes('')).toThrow(InvalidHexError);
    expect(() => hexToBytes('x0')).toThrow(InvalidHexError);
  });
  it('rejects an odd number of digits', () => {
    expect(() => hexToBytes('0x123')).toThrow('invalid hex "0x123": odd number of digits (3)');
    expect(() => hexToBytes('0x0')).toThrow(InvalidHexError);
  });
  it('rejects bad characters and names their position', () => {
    expect(() => hexToBytes('0x0g')).toThrow('bad character at position 3');
    expect(() => hexToBytes('0xg0')).toThrow('bad character at position 2');
    expect(() => hexToBytes('0x 0')).toThrow(InvalidHexError);
    // Non-ASCII characters (code points ≥ 128) are rejected, not mis-indexed.
    expect(() => hexToBytes('0x0é')).toThrow(InvalidHexError);
    expect(() => hexToBytes('0x0٣')).toThrow(InvalidHexError);
  });
  it('rejects non-strings', () => {
    expect(() => hexToBytes(12 as unknown as string)).toThrow('not a string');
  });
  it('checks the expected length exactly', () => {
    expect(hexToBytes('0x0102', 2)).toEqual(Uint8Array.of(1, 2));
    expect(() => hexToBytes('0x0102', 3)).toThrow(SizeError);
    expect(() => hexToBytes(`0x${'00'.repeat(31)}`, 32)).toThrow('hex: expected 32 bytes, got 31');
    expect(() => hexToBytes(`0x${'00'.repeat(33)}`, 32)).toThrow('hex: expected 32 bytes, got 33');
  });
  it('truncates very long values in the error message', () => {
    const long = `0x${'0'.repeat(200)}z`;
    try {
      hexToBytes(long);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidHexError);
      expect((e as InvalidHexError).shortMessage.length).toBeLessThan(140);
      expect((e as InvalidHexError).value).toBe(long);
    }
  });
});

describe('looseHexToBytes', () => {
  it('accepts both prefixed and unprefixed', () => {
    expect(looseHexToBytes('0a0b')).toEqual(Uint8Array.of(10, 11));
    expect(looseHexToBytes('0x0a0b')).toEqual(Uint8Array.of(10, 11));
    expect(looseHexToBytes('')).toEqual(new Uint8Array(0));
  });
  it('still rejects odd length, bad characters and wrong length', () => {
    expect(() => looseHexToBytes('abc')).toThrow(InvalidHexError);
    expect(() => looseHexToBytes('zz')).toThrow(InvalidHexError);
    expect(() => looseHexToBytes('0011', 1)).toThrow(SizeError);
  });
});

describe('bytesToHex', () => {
  it('formats every byte value as two lower-case digits', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const hex = bytesToHex(all);
    expect(hex.length).toBe(2 + 512);
    for (let i = 0; i < 256; i++) expect(hex.slice(2 + 2 * i, 4 + 2 * i)).toBe(i.toString(16).padStart(2, '0'));
    expect(hexToBytes(hex)).toEqual(all);
  });
  it('formats empty input as 0x and unprefixed without it', () => {
    expect(bytesToHex(new Uint8Array(0))).toBe('0x');
    expect(bytesToUnprefixedHex(Uint8Array.of(0xde, 0xad))).toBe('dead');
  });
});

describe('isHex', () => {
  it('accepts only 0x-prefixed hex strings', () => {
    expect(isHex('0x')).toBe(true);
    expect(isHex('0xAbC')).toBe(true);
    expect(isHex('abc')).toBe(false);
    expect(isHex('0xg')).toBe(false);
    expect(isHex(5)).toBe(false);
  });
});

describe('byte helpers', () => {
  it('concatBytes joins in order', () => {
    expect(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3))).toEqual(Uint8Array.of(1, 2, 3));
    expect(concatBytes()).toEqual(new Uint8Array(0));
  });
  it('equalBytes compares length and content', () => {
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(equalBytes(Uint8Array.of(1), Uint8Array.of(1, 0))).toBe(false);
  });
  it('compareBytes orders lexicographically, shorter first on a common prefix', () => {
    expect(compareBytes(Uint8Array.of(1), Uint8Array.of(2))).toBeLessThan(0);
    expect(compareBytes(Uint8Array.of(2), Uint8Array.of(1, 9))).toBeGreaterThan(0);
    expect(compareBytes(Uint8Array.of(1), Uint8Array.of(1, 0))).toBeLessThan(0);
    expect(compareBytes(Uint8Array.of(1, 0), Uint8Array.of(1, 0))).toBe(0);
  });
  it('assertSize passes through or throws a named SizeError', () => {
    const b = new Uint8Array(31);
    expect(assertSize('key', new Uint8Array(32), 32).length).toBe(32);
    expect(() => assertSize('key', b, 32)).toThrow('key: expected 32 bytes, got 31');
    try {
      assertSize('key', b, 32);
    } catch (e) {
      expect(e).toMatchObject({ name: 'SizeError', what: 'key', expected: 32, actual: 31 });
    }
  });
  it('padLeft pads with zeros and rejects longer input', () => {
    expect(padLeft(Uint8Array.of(1, 2), 4)).toEqual(Uint8Array.of(0, 0, 1, 2));
    expect(padLeft(Uint8Array.of(1, 2), 2)).toEqual(Uint8Array.of(1, 2));
    expect(() => padLeft(Uint8Array.of(1, 2, 3), 2)).toThrow('padLeft: expected 2 bytes, got 3');
  });
  it('stripLeadingZeros drops only leading zeros', () => {
    expect(stripLeadingZeros(Uint8Array.of(0, 0, 1, 0))).toEqual(Uint8Array.of(1, 0));
    expect(stripLeadingZeros(Uint8Array.of(0, 0))).toEqual(new Uint8Array(0));
    expect(stripLeadingZeros(Uint8Array.of(5))).toEqual(Uint8Array.of(5));
  });
});
