import { describe, expect, it } from 'vitest';
import { hexToBytes } from './bytes.js';
import { IntegerRangeError, InvalidHexError, NotAnIntegerError } from './errors.js';
import {
  bigIntToBytes,
  bigIntToHex,
  bigIntToMinimalBytes,
  bytesToBigInt,
  bytesToHexQuantity,
  bytesToNumber,
  MAX_U64,
  MAX_U256,
  parseQuantity,
  toSigned256,
  toUnsigned256,
  u64ToBytes,
} from './ints.js';

describe('bytesToBigInt', () => {
  it('reads big-endian of every length around the 6-byte chunking', () => {
    expect(bytesToBigInt(new Uint8Array(0))).toBe(0n);
    for (let len = 1; len <= 33; len++) {
      const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 37 + 11) & 0xff);
      const expected = BigInt(`0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`);
      expect(bytesToBigInt(bytes)).toBe(expected);
    }
    expect(bytesToBigInt(new Uint8Array(32).fill(0xff))).toBe(MAX_U256);
  });
});

describe('bigIntToMinimalBytes', () => {
  it('encodes without leading zeros; zero is empty', () => {
    expect(bigIntToMinimalBytes(0n)).toEqual(new Uint8Array(0));
    expect(bigIntToMinimalBytes(1n)).toEqual(Uint8Array.of(1));
    expect(bigIntToMinimalBytes(0x100n)).toEqual(Uint8Array.of(1, 0));
    expect(bigIntToMinimalBytes(0xfffn)).toEqual(Uint8Array.of(0x0f, 0xff));
  });
  it('rejects negatives', () => {
    expect(() => bigIntToMinimalBytes(-1n)).toThrow(IntegerRangeError);
  });
});

describe('bigIntToBytes', () => {
  it('pads to the requested width', () => {
    expect(bigIntToBytes(1n, 4)).toEqual(Uint8Array.of(0, 0, 0, 1));
    expect(bigIntToBytes(MAX_U256)).toEqual(new Uint8Array(32).fill(0xff));
    expect(bigIntToBytes(0n).length).toBe(32);
  });
  it('rejects values that do not fit, and negatives', () => {
    expect(() => bigIntToBytes(256n, 1)).toThrow('u8: 256 is outside 0..255');
    expect(() => bigIntToBytes(MAX_U256 + 1n)).toThrow(IntegerRangeError);
    expect(() => bigIntToBytes(-1n, 8)).toThrow(IntegerRangeError);
  });
  it('round-trips with bytesToBigInt', () => {
    for (const v of [0n, 1n, 255n, 256n, MAX_U64, MAX_U64 + 1n, MAX_U256]) {
      expect(bytesToBigInt(bigIntToBytes(v))).toBe(v);
    }
  });
});

describe('bytesToNumber', () => {
  it('reads up to MAX_SAFE_INTEGER', () => {
    expect(bytesToNumber(new Uint8Array(0))).toBe(0);
    expect(bytesToNumber(Uint8Array.of(1, 0))).toBe(256);
    expect(bytesToNumber(hexToBytes('0x1fffffffffffff'))).toBe(Number.MAX_SAFE_INTEGER);
    expect(bytesToNumber(hexToBytes('0x00000000000000000001'))).toBe(1);
  });
  it('rejects larger values', () => {
    expect(() => bytesToNumber(hexToBytes('0x20000000000000'))).toThrow(IntegerRangeError);
  });
});

describe('parseQuantity', () => {
  it('accepts hex, decimal, number and bigint', () => {
    expect(parseQuantity('0x')).toBe(0n);
    expect(parseQuantity('0x0')).toBe(0n);
    expect(parseQuantity('0xff')).toBe(255n);
    expect(parseQuantity('0x00ff')).toBe(255n);
    expect(parseQuantity('1000')).toBe(1000n);
    expect(parseQuantity(7)).toBe(7n);
    expect(parseQuantity(9n)).toBe(9n);
  });
  it('rejects garbage with the field named', () => {
    expect(() => parseQuantity('0xzz', 'gasLimit')).toThrow(InvalidHexError);
    expect(() => parseQuantity('-1', 'gasLimit')).toThrow('gasLimit must be 0x-hex or decimal');
    expect(() => parseQuantity('1.5')).toThrow(InvalidHexError);
    expect(() => parseQuantity(-1)).toThrow(NotAnIntegerError);
    expect(() => parseQuantity(1.5)).toThrow('quantity: 1.5 is not a non-negative integer');
  });
});

describe('misc', () => {
  it('u64ToBytes is 8 bytes big-endian and bounded', () => {
    expect(u64ToBytes(258)).toEqual(Uint8Array.of(0, 0, 0, 0, 0, 0, 1, 2));
    expect(u64ToBytes(MAX_U64)).toEqual(new Uint8Array(8).fill(0xff));
    expect(() => u64ToBytes(MAX_U64 + 1n)).toThrow(IntegerRangeError);
  });
  it('signed views are two’s complement', () => {
    expect(toSigned256(MAX_U256)).toBe(-1n);
    expect(toSigned256(1n << 255n)).toBe(-(1n << 255n));
    expect(toSigned256((1n << 255n) - 1n)).toBe((1n << 255n) - 1n);
    expect(toUnsigned256(-1n)).toBe(MAX_U256);
    expect(toUnsigned256(5n)).toBe(5n);
  });
  it('hex quantities have no leading zeros', () => {
    expect(bigIntToHex(0n)).toBe('0x0');
    expect(bigIntToHex(255n)).toBe('0xff');
    expect(bytesToHexQuantity(Uint8Array.of(0, 0, 1))).toBe('0x1');
  });
});
