import { bytesToHex, keccak256 } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { KeccakStore } from './keccak-store.js';

describe('KeccakStore', () => {
  it('finds values by hash, including two keys sharing the 4-byte bucket prefix', () => {
    const store = new KeccakStore();
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(32).fill(1);
    b[31] = 2;
    store.put(a, Uint8Array.of(0xaa));
    store.put(b, Uint8Array.of(0xbb));
    expect(store.get(Uint8Array.from(a))).toEqual(Uint8Array.of(0xaa));
    expect(store.get(b)).toEqual(Uint8Array.of(0xbb));
    expect(store.get(new Uint8Array(32))).toBeUndefined();
    store.put(a, Uint8Array.of(0xcc));
    expect(store.get(a)).toEqual(Uint8Array.of(0xcc));
    expect(store.size).toBe(2);
  });

  it('loads a kv.json-style object with or without 0x prefixes', () => {
    const v1 = Uint8Array.of(1, 2, 3);
    const v2 = Uint8Array.of(4, 5);
    const store = KeccakStore.fromHexObject({
      [bytesToHex(keccak256(v1)).slice(2)]: bytesToHex(v1).slice(2),
      [bytesToHex(keccak256(v2))]: bytesToHex(v2),
    });
    expect(store.get(keccak256(v1))).toEqual(v1);
    expect(store.get(keccak256(v2))).toEqual(v2);
  });
});
