import { bytesToHex, hexToBytes, keccak256, sha256, utf8ToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { UnknownKeyTypeError } from './errors.js';
import {
  blobKey,
  KEY_TYPES,
  keccakKeyOf,
  keyTypeOf,
  localKey,
  localKeyIndex,
  precompileKey,
  sha256KeyOf,
} from './key-type.js';

describe('key types', () => {
  it('local keys are 0x01 ++ 23 zero bytes ++ uint64 BE index', () => {
    expect(bytesToHex(localKey(1))).toBe(`0x01${'00'.repeat(30)}01`);
    expect(bytesToHex(localKey(0x0102030405060708n))).toBe(`0x01${'00'.repeat(23)}0102030405060708`);
    expect(localKeyIndex(localKey(7))).toBe(7n);
  });

  it('keccak keys replace byte 0 of keccak256(data) with 0x02', () => {
    // keccak256("") is the well-known c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470
    expect(bytesToHex(keccakKeyOf(new Uint8Array(0)))).toBe(
      '0x02d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
  });

  it('sha256 keys replace byte 0 of sha256(data) with 0x04', () => {
    // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad (FIPS 180-2)
    expect(bytesToHex(sha256KeyOf(utf8ToBytes('abc')))).toBe(
      '0x047816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('precompile keys hash address ++ uint64 gas ++ input', () => {
    const addr = hexToBytes('0x000000000000000000000000000000000000000a');
    const input = utf8ToBytes('hello');
    const manual = keccak256(new Uint8Array([...addr, 0, 0, 0, 0, 0, 0, 0xc3, 0x50, ...input]));
    const key = precompileKey(addr, 50_000, input);
    expect(key[0]).toBe(6);
    expect(bytesToHex(key.subarray(1))).toBe(bytesToHex(manual.subarray(1)));
  });

  it('blob keys hash commitment ++ z', () => {
    const commitment = new Uint8Array(48).fill(0xc0);
    const z = new Uint8Array(32).fill(0x11);
    const key = blobKey(commitment, z);
    expect(key[0]).toBe(5);
    expect(key.subarray(1)).toEqual(keccak256(new Uint8Array([...commitment, ...z])).subarray(1));
    expect(() => blobKey(new Uint8Array(47), z)).toThrow('commitment: expected 48 bytes, got 47');
  });

  it('classifies keys by byte 0 and rejects unknown types', () => {
    for (const [name, t] of Object.entries(KEY_TYPES)) {
      const key = new Uint8Array(32);
      key[0] = t.byte;
      expect(keyTypeOf(key)).toBe(name);
    }
    const bad = new Uint8Array(32);
    bad[0] = 9;
    expect(() => keyTypeOf(bad)).toThrow(UnknownKeyTypeError);
    expect(() => keyTypeOf(new Uint8Array(31))).toThrow('key: expected 32 bytes, got 31');
    expect(sha256(new Uint8Array(0)).length).toBe(32);
  });
});
