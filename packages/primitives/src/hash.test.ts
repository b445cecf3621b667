import { describe, expect, it } from 'vitest';
import { bytesToHex } from './bytes.js';
import { KECCAK256_EMPTY, KECCAK256_RLP_EMPTY, keccak256, keccak256Parts, sha256 } from './hash.js';
import { utf8ToBytes } from './utf8.js';

describe('hashes', () => {
  it('keccak256 known values', () => {
    expect(bytesToHex(KECCAK256_EMPTY)).toBe('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    expect(bytesToHex(KECCAK256_RLP_EMPTY)).toBe('0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421');
    expect(bytesToHex(keccak256(utf8ToBytes('abc')))).toBe(
      '0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45',
    );
  });
  it('keccak256Parts equals keccak256 of the concatenation', () => {
    expect(keccak256Parts(utf8ToBytes('a'), utf8ToBytes(''), utf8ToBytes('bc'))).toEqual(keccak256(utf8ToBytes('abc')));
  });
  it('returns a fresh array each call', () => {
    const a = keccak256(utf8ToBytes('x'));
    const b = keccak256(utf8ToBytes('y'));
    expect(a).not.toEqual(b);
    expect(bytesToHex(a)).toBe(bytesToHex(keccak256(utf8ToBytes('x'))));
  });
  it('sha256 known value (FIPS 180-2 "abc")', () => {
    expect(bytesToHex(sha256(utf8ToBytes('abc')))).toBe(
      '0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
