import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from './bytes.js';
import {
  KECCAK256_EMPTY,
  KECCAK256_RLP_EMPTY,
  keccak256,
  keccak256MerkleNodes,
  keccak256Parts,
  sha256,
} from './hash.js';
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
  it('keccak256MerkleNodes equals the tree built pair by pair with noble (heights 1..11; 11 is past the WASM area, the JS loop)', () => {
    for (let h = 1; h <= 11; h++) {
      const n = 1 << h;
      const leaves = new Uint8Array(32 * n);
      for (let i = 0; i < leaves.length; i++) leaves[i] = (i * 131 + h * 7) & 0xff;
      // Reference: node i = keccak(child 2i ++ child 2i+1), children ≥ n are the leaves.
      const ref: Uint8Array[] = [];
      const node = (i: number): Uint8Array => {
        if (i >= n) return leaves.subarray((i - n) * 32, (i - n) * 32 + 32);
        ref[i] ??= keccak_256(new Uint8Array([...node(2 * i), ...node(2 * i + 1)]));
        return ref[i]!;
      };
      const nodes = new Uint8Array(32 * n).fill(0xee);
      keccak256MerkleNodes(leaves, nodes);
      for (let i = 1; i < n; i++)
        expect(bytesToHex(nodes.subarray(32 * i, 32 * i + 32)), `h=${h} i=${i}`).toBe(bytesToHex(node(i)));
      expect(nodes.subarray(0, 32).every((b) => b === 0xee)).toBe(true);
    }
  });
  it('keccak256MerkleNodes refuses a leaf area that is not 2^h × 32 bytes', () => {
    expect(() => keccak256MerkleNodes(new Uint8Array(96), new Uint8Array(96))).toThrow(/expected 2\^h × 32 bytes/);
    expect(() => keccak256MerkleNodes(new Uint8Array(32), new Uint8Array(32))).toThrow(RangeError);
  });
});
