/**
 * Our keccak-256 module against an independent implementation (hash-wasm's) on every length
 * around the block size (136) and the chunk boundary of the streaming path, whole and in parts.
 */
import { createKeccak } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import { keccak256Into, keccak256Wasm, keccak256WasmParts } from './keccak-wasm.js';

const reference = await createKeccak(256);
const expected = (d: Uint8Array): Uint8Array => {
  reference.init();
  reference.update(d);
  return reference.digest('binary');
};

/** Deterministic bytes (xorshift), so a failure reproduces. */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const ONE_SHOT = 477 * 136;
const LENGTHS = [
  ...Array.from({ length: 420 }, (_, i) => i),
  ONE_SHOT - 1,
  ONE_SHOT,
  ONE_SHOT + 1,
  ONE_SHOT + 136,
  2 * ONE_SHOT,
  2 * ONE_SHOT + 77,
  300_000,
];

describe('keccak256Wasm', () => {
  it('matches hash-wasm on every length around the block and chunk boundaries', () => {
    for (const n of LENGTHS) {
      const d = bytes(n, n + 1);
      expect(keccak256Wasm(d), `length ${n}`).toEqual(expected(d));
    }
  });

  it('hashes parts as their concatenation, however they are cut', () => {
    for (const n of [0, 1, 135, 136, 137, 1000, ONE_SHOT + 5, 2 * ONE_SHOT + 300]) {
      const d = bytes(n, 7 * n + 3);
      const a = Math.floor(n / 3);
      const b = Math.floor((2 * n) / 3);
      expect(keccak256WasmParts([d.subarray(0, a), d.subarray(a, b), d.subarray(b)]), `length ${n}`).toEqual(
        expected(d),
      );
      expect(keccak256WasmParts([new Uint8Array(0), d, new Uint8Array(0)])).toEqual(expected(d));
    }
  });

  it('hashes a range of a buffer into a caller buffer (keccak256Into)', () => {
    const src = bytes(2 * ONE_SHOT + 500, 99);
    for (const [off, len] of [
      [0, 0],
      [5, 32],
      [17, 64],
      [3, 96],
      [1, 97],
      [100, 1000],
      [7, ONE_SHOT],
      [9, ONE_SHOT + 1],
      [0, 2 * ONE_SHOT + 500],
    ] as const) {
      const out = new Uint8Array(40).fill(0xee);
      keccak256Into(src, off, len, out, 4);
      expect(out.subarray(4, 36), `range ${off}+${len}`).toEqual(expected(src.subarray(off, off + len)));
      expect([...out.subarray(0, 4), ...out.subarray(36)]).toEqual(new Array(8).fill(0xee));
    }
  });

  it('returns a copy the next hash does not overwrite', () => {
    const first = keccak256Wasm(bytes(10, 1));
    const snapshot = Uint8Array.from(first);
    keccak256Wasm(bytes(10, 2));
    expect(first).toEqual(snapshot);
  });
});
