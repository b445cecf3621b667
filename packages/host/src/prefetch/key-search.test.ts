import { keccak256, u64ToBytes } from '@faultline/primitives';
import { bytesToNibbles } from '@faultline/trie';
import { describe, expect, it } from 'vitest';
import { keyUnderPath, MAX_SEARCH_NIBBLES } from './key-search.js';

describe('keyUnderPath', () => {
  it('finds an address and a slot whose keccak256 starts with the path, the same one every run', async () => {
    const path = Uint8Array.of(0xa, 0x3, 0xf);
    const address = (await keyUnderPath(path, 20))!;
    expect(address).toHaveLength(20);
    expect(bytesToNibbles(keccak256(address)).subarray(0, 3)).toEqual(path);
    expect(await keyUnderPath(path, 20)).toEqual(address);
    const slot = (await keyUnderPath(path, 32))!;
    expect(slot).toHaveLength(32);
    expect(bytesToNibbles(keccak256(slot)).subarray(0, 3)).toEqual(path);
  });

  it('the empty path (a trie root) is under every key: the first candidate, zero', async () => {
    expect(await keyUnderPath(new Uint8Array(0), 32)).toEqual(new Uint8Array(32));
  });

  it('a path deeper than the search bound is refused at once, not searched', async () => {
    // The nibbles of a real hash, so a key exists; only the bound refuses it.
    const deep = bytesToNibbles(keccak256(u64ToBytes(1))).subarray(0, MAX_SEARCH_NIBBLES + 1);
    const started = performance.now();
    expect(await keyUnderPath(deep, 20)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(100);
  });
});
